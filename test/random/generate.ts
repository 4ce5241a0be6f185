// The cases of the random differential test: one Sandbox or SandboxSet, a ConfigMap source or none, and a
// functionConfig with options and inline entries, drawn from the space issue 20 names: names that collide
// (containers, sidecars, volumes, env, mounts, across the template and the entries), numbers in every JSON
// spelling, nulls, keys in other case, unknown keys, probes and hooks of every kind with and without their
// defaults spelt out, claim templates, every option, and runtimes agent-runtime, csi, traffic-proxy and
// generic ones in any order, repeated.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { NO_ODDITIES, plainOf, Spelt, writeJson, type Oddities, type Plain } from './json.js';

export const RUNTIME_POOL = ['agent-runtime', 'csi', 'traffic-proxy', 'logger', 'metrics'] as const;
export type Runtime = (typeof RUNTIME_POOL)[number];

export const SOURCE_NAME = 'sandbox-injection-config';
export const SOURCE_NAMESPACE = 'sandbox-system';
export const REWRITE_ANNOTATION = 'networking.agents.kruise.io/health-probe-rewrite';

type Obj = { [key: string]: Plain };

/**
 * Names: each side mostly has its own, and now and then takes one the other side has, so that containers,
 * sidecars and volumes collide across the template and the entries, as often as is interesting and no more.
 */
const names = (own: readonly string[], shared: readonly string[]) =>
  fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...shared) });
const SHARED_CONTAINERS = ['main', 'app', 'runtime', 'istio-proxy', 'logger'];
const SHARED_INIT = ['setup', 'csi-sidecar', 'agent-runtime'];
const SHARED_VOLUMES = ['data', 'www', 'logs', 'envd-volume'];
/** Each runtime's own names: its containers, its init containers (or sidecars), its volumes. */
const OWN: Record<Runtime | 'template', { containers: string[]; init: string[]; volumes: string[] }> = {
  template: { containers: ['main', 'app', 'web'], init: ['setup'], volumes: ['data', 'cache'] },
  'agent-runtime': { containers: ['runtime-helper'], init: ['runtime', 'agent-runtime'], volumes: ['envd-volume'] },
  csi: { containers: ['csi-helper'], init: ['csi-sidecar'], volumes: ['mount-root'] },
  'traffic-proxy': { containers: ['istio-proxy', 'envoy'], init: ['proxy-init'], volumes: ['proxy-certs'] },
  logger: { containers: ['logger'], init: ['logger-init'], volumes: ['logs'] },
  metrics: { containers: ['metrics'], init: ['metrics-init'], volumes: ['metrics-data'] },
};
const containerNames = (side: Runtime | 'template') => names(OWN[side].containers, SHARED_CONTAINERS);
const initNames = (side: Runtime | 'template') => names(OWN[side].init, SHARED_INIT);
const volumeNames = (side: Runtime | 'template') => names(OWN[side].volumes, SHARED_VOLUMES);
const envName = fc.constantFrom('A', 'B', 'ENVD_DIR', 'MODE');
const mountPath = fc.constantFrom('/data', '/mnt/envd', '/logs', '/x', '/y', '/cache', '/run/a', '/run/b');
const portName = fc.constantFrom('http', 'grpc', 'metrics');

/** An int32 field: mostly plain; in an entry's text also out of range, fractional, or past float64. */
const int32 = (small: readonly number[], odd: boolean): fc.Arbitrary<Plain> =>
  odd
    ? fc.oneof(
        { weight: 150, arbitrary: fc.constantFrom(...small) },
        { weight: 1, arbitrary: fc.constantFrom(new Spelt('2147483648'), new Spelt('1e400'), new Spelt('80.5')) },
      )
    : fc.constantFrom(...small);

const quantity = (odd: boolean): fc.Arbitrary<Plain> => {
  const plain = fc.constantFrom<Plain>('1000m', '1', '500m', '0.5', '1Gi', '1024Mi', '1e3', '1k', 1, 0.5, '0.0001');
  return odd
    ? fc.oneof(
        { weight: 25, arbitrary: plain },
        { weight: 1, arbitrary: fc.constantFrom<Plain>(new Spelt('5e-1'), new Spelt('1E3'), ' 2 ', '1Qi', '1000E') },
      )
    : plain;
};

const port = (odd: boolean) =>
  fc.oneof({ weight: 3, arbitrary: int32([8080, 9090, 15020, 80], odd) }, { weight: 1, arbitrary: portName });

/** A probe of any kind, its defaults spelt out, some of them, or none. */
const probe = (odd: boolean): fc.Arbitrary<Plain> =>
  fc
    .record({
      kind: fc.constantFrom('exec', 'httpGet', 'tcpSocket', 'grpc'),
      port: port(odd),
      grpcPort: int32([9090, 50051], odd),
      defaults: fc.constantFrom('none', 'none', 'all', 'some'),
      timeout: int32([1, 2, 5], odd),
    })
    .map(({ kind, port: p, grpcPort, defaults, timeout }) => {
      const handler: Obj =
        kind === 'exec'
          ? { exec: { command: ['true'] } }
          : kind === 'httpGet'
            ? { httpGet: defaults === 'all' ? { path: '/', port: p, scheme: 'HTTP' } : { path: '/ready', port: p } }
            : kind === 'tcpSocket'
              ? { tcpSocket: { port: p } }
              : { grpc: { port: grpcPort } };
      if (defaults === 'all')
        return { ...handler, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
      if (defaults === 'some') return { ...handler, timeoutSeconds: timeout };
      return handler;
    });

/** A lifecycle hook of any kind. */
const hook = (odd: boolean): fc.Arbitrary<Plain> =>
  fc.oneof(
    fc.constant<Plain>({ exec: { command: ['sh', '-c', 'echo hi'] } }),
    port(odd).map((p): Plain => ({ httpGet: { path: '/hook', port: p } })),
    port(odd).map((p): Plain => ({ tcpSocket: { port: p } })),
    int32([1, 5], odd).map((s): Plain => ({ sleep: { seconds: s } })),
  );

const env = fc.oneof(
  { weight: 4, arbitrary: fc.record({ name: envName, value: fc.constantFrom('1', 'on', '/mnt/envd') }) },
  { weight: 1, arbitrary: envName.map((name) => ({ name, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } })) },
);
/** Another side's volumes: a mount that names one works only where that side's entry is injected too. */
const foreign = (side: Runtime | 'template') =>
  Object.entries(OWN)
    .filter(([other]) => other !== side && other !== 'template')
    .flatMap(([, own]) => own.volumes);
const mount = (side: Runtime | 'template', own = 80) =>
  fc.record({
    name: fc.oneof(
      { weight: own, arbitrary: volumeNames(side) },
      { weight: 1, arbitrary: fc.constantFrom(...foreign(side)) },
    ),
    mountPath,
  });
const volume = (side: Runtime | 'template') =>
  fc.oneof(
    { weight: 4, arbitrary: volumeNames(side).map((name): Plain => ({ name, emptyDir: {} })) },
    { weight: 1, arbitrary: volumeNames(side).map((name): Plain => ({ name })) },
    { weight: 1, arbitrary: volumeNames(side).map((name): Plain => ({ name, configMap: { name: 'settings' } })) },
  );

const image = (odd: boolean) =>
  odd
    ? fc.oneof(
        { weight: 30, arbitrary: fc.constantFrom('busybox', 'nginx:1.27') },
        { weight: 1, arbitrary: fc.constant('registry-<region-id>.example.com/agent:v1') },
      )
    : fc.constantFrom('busybox', 'nginx:1.27');

/**
 * A container: the parts the controller and the API server look at, any of them left out; a sidecar (an init
 * container that keeps running) has restartPolicy Always.
 */
const container = (
  side: Runtime | 'template',
  names: fc.Arbitrary<string>,
  odd: boolean,
  sidecar = false,
): fc.Arbitrary<Plain> =>
  fc
    .record(
      {
        name: names,
        image: image(odd),
        ports: fc.array(fc.record({ name: portName, containerPort: int32([8080, 9090, 15020], odd) }), {
          maxLength: 1,
        }),
        env: fc.array(env, { maxLength: 2 }),
        volumeMounts: fc.array(mount(side), { maxLength: 2 }),
        readinessProbe: probe(odd),
        livenessProbe: probe(odd),
        lifecycle: fc.record({ postStart: hook(odd), preStop: hook(odd) }, { requiredKeys: [] }),
        resources: fc.record({ limits: fc.record({ cpu: quantity(odd) }) }),
        restartPolicy: fc.constant(sidecar ? 'Always' : undefined),
      },
      { requiredKeys: ['name', 'image'] },
    )
    .map(
      (c) =>
        Object.fromEntries(
          Object.entries(c).filter(([, v]) => v !== undefined && (!Array.isArray(v) || v.length)),
        ) as Obj,
    );

/** An entry in the shape one kind of runtime reads, with now and then a field another kind reads. */
const entry = (runtime: Runtime, odd: boolean): fc.Arbitrary<Plain> => {
  const main = fc.record(
    {
      env: fc.array(env, { minLength: 1, maxLength: 2 }),
      // The main container's mounts name a later runtime's volume more often: what a partial expansion breaks.
      // Now and then one has no path: the API server rejects it only where it reaches the Pod (csi skips a
      // mount whose name the main container has, the guard a whole runtime).
      volumeMounts: fc.array(
        odd
          ? fc.oneof(
              { weight: 12, arbitrary: mount(runtime, 24) },
              { weight: 1, arbitrary: mount(runtime, 24).map(({ name }) => ({ name })) },
            )
          : mount(runtime, 24),
        { minLength: 1, maxLength: 2 },
      ),
      lifecycle: fc.record({ postStart: hook(odd) }),
    },
    { requiredKeys: [] },
  );
  const sidecars = fc.array(container(runtime, initNames(runtime), odd, true), {
    maxLength: 1,
  });
  const volumes = fc.uniqueArray(volume(runtime), { maxLength: 2, selector: (v) => (v as Obj).name });
  const labels = fc.dictionary(
    fc.constantFrom('app', 'mesh', 'logging', 'empty'),
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom<Plain>('on', '') }, { weight: 1, arbitrary: fc.constant(null) }),
    {
      maxKeys: 2,
    },
  );
  const annotations = fc.oneof(
    fc.constant<Plain>({}),
    fc.constant<Plain>({ [REWRITE_ANNOTATION]: 'true' }),
    fc.constant<Plain>({ metrics: 'on' }),
  );
  const shape =
    runtime === 'agent-runtime' || runtime === 'csi'
      ? fc.record({ mainContainer: main, csiSidecar: sidecars, volume: volumes }, { requiredKeys: [] })
      : fc.record(
          {
            containers: fc.array(container(runtime, containerNames(runtime), odd), {
              maxLength: 1,
            }),
            initContainers: fc.array(container(runtime, initNames(runtime), odd, true), { maxLength: 1 }),
            volume: volumes,
            labels,
            annotations,
          },
          { requiredKeys: [] },
        );
  // The other kind's fields now and then: the controller ignores what a runtime does not read.
  const stray = fc.option(
    fc.record({ containers: fc.array(container(runtime, containerNames(runtime), odd), { maxLength: 1 }) }),
    {
      freq: 8,
      nil: undefined,
    },
  );
  return fc.tuple(shape, stray).map(([e, s]) => soundMounts({ ...(s ?? {}), ...e } as Obj, runtime));
};

/** An entry whose mounts name its own volumes, or another runtime's on purpose (never a name nobody has). */
function soundMounts(entry: Obj, runtime: Runtime): Obj {
  const volumes = new Set(((entry.volume ?? []) as Obj[]).map((v) => v.name));
  const others = new Set(foreign(runtime));
  const keep = (c: Obj): Obj => {
    if (!Array.isArray(c.volumeMounts)) return c;
    const { volumeMounts, ...rest } = c;
    const kept = (volumeMounts as Obj[]).filter((m) => volumes.has(m.name!) || others.has(m.name as string));
    return kept.length ? { ...rest, volumeMounts: kept } : rest;
  };
  const out: Obj = { ...entry };
  if (out.mainContainer) out.mainContainer = keep(out.mainContainer as Obj);
  for (const key of ['csiSidecar', 'containers', 'initContainers'])
    if (Array.isArray(out[key])) out[key] = (out[key] as Obj[]).map(keep);
  return out;
}

const oddities: fc.Arbitrary<Oddities> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(NO_ODDITIES) },
  {
    weight: 3,
    arbitrary: fc.record({
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      numbers: fc.constantFrom(0, 0.01, 0.03),
      keyCase: fc.constantFrom(0, 0.1, 0.4),
      unknownKeys: fc.constantFrom(0, 0.2),
      nulls: fc.constantFrom(0, 0, 0.02, 0.05),
      repeats: fc.constantFrom(0, 0.1),
    }),
  },
);

/** Where a runtime's entry is in the ConfigMap source: there, missing, an empty value. */
const inSource = fc.oneof(
  { weight: 40, arbitrary: fc.constant('entry') },
  { weight: 1, arbitrary: fc.constantFrom('missing', 'empty') },
);
/** An inline entry: none, the source's own text, or another entry. */
const inline = fc.oneof(
  { weight: 8, arbitrary: fc.constant('none') },
  { weight: 2, arbitrary: fc.constant('same') },
  { weight: 1, arbitrary: fc.constant('other') },
);

/**
 * A pod template. Its own names are mostly sound (each container and volume once, mounts naming a volume or a
 * claim template): a template the API server rejects anyway says little about the injection. `sloppy` lets
 * them collide.
 */
const template = (claims: readonly string[]) =>
  fc
    .record({
      containers: fc.array(container('template', containerNames('template'), false), { minLength: 1, maxLength: 3 }),
      initContainers: fc.array(container('template', initNames('template'), false, true), { maxLength: 2 }),
      volumes: fc.array(volume('template'), { maxLength: 2 }),
      sloppy: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      // A sidecar of an entry's name, already in the template: what the controller's guard looks for.
      borrowed: fc.option(fc.constantFrom('runtime', 'agent-runtime', 'csi-sidecar'), { freq: 3, nil: undefined }),
      rewrite: fc.constantFrom('none', 'none', 'true', 'true-own-proxy'),
      sidecarProxy: fc.constantFrom(undefined, undefined, 'envoy', ''),
      labels: fc.option(fc.dictionary(fc.constantFrom('app', 'mesh'), fc.constantFrom('a', 'off'), { maxKeys: 2 }), {
        nil: undefined,
      }),
    })
    .map(
      ({
        containers: written,
        initContainers: writtenInit,
        volumes: writtenVolumes,
        sloppy,
        borrowed,
        rewrite,
        sidecarProxy,
        labels,
      }) => {
        const once = <T extends Plain>(items: T[]) =>
          sloppy
            ? items
            : items.filter((item, i) => items.findIndex((o) => (o as Obj).name === (item as Obj).name) === i);
        // A claim template's volume is added after the template's: one of the same name is the user's mistake.
        const volumes = sloppy
          ? writtenVolumes
          : once(writtenVolumes).filter((v) => !claims.includes((v as Obj).name as string));
        const there = new Set([...volumes.map((v) => (v as Obj).name), ...claims]);
        const sound = (c: Plain): Plain => {
          if (sloppy) return c;
          const { volumeMounts, ...rest } = c as Obj;
          const mounts = ((volumeMounts ?? []) as Obj[]).filter(
            (m, i, all) => there.has(m.name!) && all.findIndex((o) => o.mountPath === m.mountPath) === i,
          );
          return mounts.length ? { ...rest, volumeMounts: mounts } : rest;
        };
        const containers = once(written).map(sound);
        const names = new Set(containers.map((c) => (c as Obj).name));
        const initContainers = sloppy
          ? writtenInit
          : once(writtenInit)
              .filter((c) => !names.has((c as Obj).name))
              .map(sound);
        const spec: Obj = {
          containers:
            rewrite === 'true-own-proxy' && !names.has('istio-proxy')
              ? [...containers, { name: 'istio-proxy', image: 'proxy:own' }]
              : containers,
        };
        if (borrowed && !initContainers.some((c) => (c as Obj).name === borrowed) && !names.has(borrowed))
          initContainers.push({ name: borrowed, image: 'busybox', restartPolicy: 'Always' });
        if (initContainers.length) spec.initContainers = initContainers;
        if (volumes.length) spec.volumes = volumes;
        const annotations: Obj = {};
        if (rewrite !== 'none') annotations[REWRITE_ANNOTATION] = 'true';
        if (sidecarProxy !== undefined) annotations['networking.agents.kruise.io/sidecar-proxy'] = sidecarProxy;
        const metadata: Obj = {};
        if (labels && Object.keys(labels).length) metadata.labels = labels;
        if (Object.keys(annotations).length) metadata.annotations = annotations;
        return Object.keys(metadata).length ? { metadata, spec } : { spec };
      },
    );

const options = fc.record(
  {
    keepRuntimes: fc.boolean(),
    expandTrafficProxy: fc.oneof(
      { weight: 2, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    defaults: fc.constantFrom('ack', 'openkruise', 'none'),
    regionId: fc.constantFrom('cn-hangzhou', ''),
  },
  { requiredKeys: [] },
);

const perRuntime = <T>(arb: (runtime: Runtime) => fc.Arbitrary<T>) =>
  fc.record(Object.fromEntries(RUNTIME_POOL.map((r) => [r, arb(r)])) as { [R in Runtime]: fc.Arbitrary<T> });

const claims = fc.uniqueArray(names(['www', 'claim-data'], SHARED_VOLUMES), { maxLength: 2 });

export const caseArbitrary = fc.record({
  kind: fc.constantFrom('Sandbox', 'SandboxSet'),
  runtimes: fc.array(fc.constantFrom(...RUNTIME_POOL), { minLength: 1, maxLength: 4 }),
  pod: claims.chain((names) => fc.record({ claims: fc.constant(names), template: template(names) })),
  source: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  /** The source also holds entries of runtimes the sandbox does not declare. */
  otherKeys: fc.boolean(),
  sourceEntries: perRuntime((r) => fc.record({ where: inSource, entry: entry(r, true), odd: oddities })),
  inlineEntries: perRuntime((r) =>
    fc.record({ how: inline, other: entry(r, false), odd: oddities, asText: fc.boolean(), sourceless: entry(r, true) }),
  ),
  form: fc.constantFrom('none', 'configmap', 'typed', 'typed'),
  options,
  typo: fc.oneof(
    { weight: 30, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('keepRuntime', 'expandTrafficproxy') },
  ),
});

export type CaseSpec = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** A case as the function gets it, and what the evaluation needs to know of it. */
export interface Case {
  /** The ResourceList, as YAML. */
  text: string;
  kind: 'Sandbox' | 'SandboxSet';
  /** The ConfigMap source's data, if there is one. */
  source?: Record<string, string>;
  /** Each runtime's inline entry as JSON text (with no source, these are taken as the cluster's). */
  inline: Record<string, string>;
  options: { keepRuntimes?: boolean; expandTrafficProxy?: boolean; defaults?: string; regionId?: string };
}

/** The ResourceList of a generated case: the sandbox first, then the ConfigMap source. */
export function caseOf(spec: CaseSpec): Case {
  const declared = new Set(spec.runtimes);
  const source: Record<string, string> | undefined = spec.source ? {} : undefined;
  const inlineText: Record<string, string> = {};
  const inlineValue: Record<string, unknown> = {};
  for (const runtime of RUNTIME_POOL) {
    const s = spec.sourceEntries[runtime];
    const text = writeJson(s.entry, s.odd);
    if (source && s.where !== 'missing' && (declared.has(runtime) || (spec.otherKeys && s.where === 'entry')))
      source[runtime] = s.where === 'empty' ? '' : text;
    const i = spec.inlineEntries[runtime];
    if (!declared.has(runtime) || spec.form === 'none') continue;
    if (!source) {
      // Without a source, an inline entry stands for the cluster's, oddities and all.
      if (i.how === 'none') continue;
      const written = writeJson(i.sourceless, i.odd);
      inlineText[runtime] = written;
      inlineValue[runtime] =
        spec.form === 'typed' && !i.asText && i.odd === NO_ODDITIES && !hasSpelt(i.sourceless)
          ? plainOf(i.sourceless)
          : written;
    } else if (i.how === 'same' && source[runtime]) {
      inlineText[runtime] = source[runtime];
      inlineValue[runtime] = source[runtime];
    } else if (i.how === 'other') {
      const written = writeJson(i.other, NO_ODDITIES);
      inlineText[runtime] = written;
      inlineValue[runtime] = spec.form === 'typed' && !i.asText ? plainOf(i.other) : written;
    }
  }
  const options: Case['options'] = { ...spec.options };
  const sandbox = {
    apiVersion: 'agents.kruise.io/v1alpha1',
    kind: spec.kind,
    metadata: { name: 'box', namespace: 'default' },
    spec: {
      ...(spec.kind === 'SandboxSet' ? { replicas: 1 } : {}),
      runtimes: spec.runtimes.map((name) => ({ name })),
      template: spec.pod.template,
      ...(spec.pod.claims.length
        ? { volumeClaimTemplates: spec.pod.claims.map((name) => ({ metadata: { name } })) }
        : {}),
    },
  };
  const items: unknown[] = [sandbox];
  if (source)
    items.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: SOURCE_NAME, namespace: SOURCE_NAMESPACE },
      data: source,
    });
  const functionConfig = functionConfigOf(spec, options, inlineValue);
  const text = stringify(
    {
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items,
      ...(functionConfig ? { functionConfig } : {}),
    },
    { lineWidth: 0 },
  );
  return {
    text,
    kind: spec.kind as Case['kind'],
    ...(source ? { source } : {}),
    inline: inlineText,
    options: spec.form === 'none' ? {} : options,
  };
}

/** Whether a value has a number spelt on purpose, which a YAML mapping could not keep. */
const hasSpelt = (value: Plain): boolean =>
  value instanceof Spelt ||
  (Array.isArray(value)
    ? value.some(hasSpelt)
    : value !== null && typeof value === 'object' && Object.values(value).some(hasSpelt));

function functionConfigOf(spec: CaseSpec, options: Case['options'], inline: Record<string, unknown>): unknown {
  if (spec.form === 'none') return undefined;
  const typo = spec.typo ? { [spec.typo]: true } : {};
  if (spec.form === 'configmap') {
    const data: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...options, ...typo })) data[key] = String(value);
    for (const [runtime, value] of Object.entries(inline))
      data[runtime] = typeof value === 'string' ? value : JSON.stringify(value);
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data };
  }
  return {
    apiVersion: 'fn.sandbox-inject.dev/v1alpha1',
    kind: 'SandboxRuntimeInjection',
    metadata: { name: 'inject' },
    spec: { ...options, ...typo, ...(Object.keys(inline).length ? { injectionConfig: inline } : {}) },
  };
}
