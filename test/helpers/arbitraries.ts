// Generators for property tests: resources of every kind in the kinds table, and of a test-only kind at
// other paths, with random runtimes, containers, env, mounts and postStart forms, mostly valid, other
// items beside them, all written in random YAML styles.
import fc from 'fast-check';
import { Document, isCollection, isMap, isSeq, visit } from 'yaml';
import { PlainEditor, valueAt } from '../../src/base/data.js';
import { KINDS, kindOf, type Kind } from '../../src/base/kinds.js';

const containerName = fc.constantFrom('main', 'app', 'web', 'worker', 'shell');
const envVar = fc.record({
  name: fc.constantFrom('ENVD_DIR', 'MODE', 'PORT', 'CSI_MODE'),
  value: fc.constantFrom('/x', 'on', '0755', 'a b'),
});
const mount = fc.record({
  name: fc.constantFrom('envd-volume', 'data', 'mount-root'),
  mountPath: fc.constantFrom('/mnt/envd', '/data', '/x'),
});
const postStart = fc.oneof(
  fc.constant(undefined),
  fc.constant({ exec: { command: ['echo', 'old'] } }),
  fc.constant({ exec: {} }),
  fc.constant({ httpGet: { path: '/', port: 80 } }),
  fc.constant({ sleep: { seconds: 1 } }),
  fc.constant({}),
);
export const container = fc
  .record(
    {
      name: containerName,
      image: fc.constantFrom('busybox', 'nginx:1.25', '"quoted"'),
      env: fc.array(envVar, { maxLength: 3 }),
      volumeMounts: fc.array(mount, { maxLength: 2 }),
      postStart,
    },
    { requiredKeys: ['name', 'image'] },
  )
  .map(({ postStart: hook, ...rest }) => (hook === undefined ? rest : { ...rest, lifecycle: { postStart: hook } }));

export const RUNTIMES = ['agent-runtime', 'csi', 'logger', 'traffic-proxy'] as const;

/** A typed functionConfig with an entry for each of RUNTIMES. */
export const CONFIG = `apiVersion: fn.sandbox-inject.dev/v1alpha1
kind: SandboxRuntimeInjection
metadata: {name: inject}
spec:
  injectionConfig:
    agent-runtime:
      mainContainer:
        env: [{name: ENVD_DIR, value: /mnt/envd}]
        volumeMounts: [{name: envd-volume, mountPath: /mnt/envd}]
        lifecycle: {postStart: {exec: {command: [bash, /mnt/envd/envd-run.sh]}}}
      csiSidecar: [{name: runtime, image: agent-runtime:v1, restartPolicy: Always}]
      volume: [{name: envd-volume, emptyDir: {}}]
    csi:
      mainContainer:
        env: [{name: CSI_MODE, value: "yes"}]
        volumeMounts: [{name: mount-root, mountPath: /run/csi/mount-root}]
      csiSidecar: [{name: csi-sidecar, image: csi:v1}]
      volume: [{name: mount-root, emptyDir: {}}]
    logger:
      labels: {logging: "on"}
      containers: [{name: logger, image: logger:v1}]
      volume: [{name: logs, emptyDir: {}}]
    traffic-proxy: {containers: [{name: istio-proxy, image: proxy:v1}]}
`;

/**
 * A kind registered by the tests alone (through RunOptions.kinds), whose pod template, runtimes, claim
 * templates and template reference are at other paths than any built-in kind's: generated beside the
 * built-in kinds, it shows that the function follows the kinds table, not Sandbox's paths.
 */
export const TEST_KIND: Kind = {
  ...KINDS.find((k) => k.kind === 'Sandbox')!,
  kind: 'SandboxTestPool',
  podTemplate: ['spec', 'pod', 'template'],
  runtimes: ['spec', 'declared'],
  templateRef: ['spec', 'pod', 'templateRef'],
  claimTemplates: ['spec', 'claims'],
};

/** The kinds that property tests generate, and run with (RunOptions.kinds): the built-in ones and TEST_KIND. */
export const TEST_KINDS: readonly Kind[] = [...KINDS, TEST_KIND];

/** The kind of a generated resource, from TEST_KINDS; undefined for any other item. */
export const testKindOf = (value: unknown): Kind | undefined => {
  const { apiVersion, kind } = (value ?? {}) as Record<string, unknown>;
  return kindOf(apiVersion, kind, TEST_KINDS);
};

/**
 * The kind a generated resource exercised a law for, if it did (a property's evidence): an expanded
 * kind when the run changed the resource; a reported kind when it declares runtimes, which the run must
 * leave as they are.
 */
export function kindExercised(resource: unknown, changed: boolean): string[] {
  const kind = testKindOf(resource);
  if (!kind) return [];
  const declared = valueAt(resource, kind.runtimes);
  const exercised = kind.role === 'expand' ? changed : Array.isArray(declared) && declared.length > 0;
  return exercised ? [kind.kind] : [];
}

/** A floor for each kind of TEST_KINDS: the floors of a property whose check returns the kinds it exercised. */
export const floorPerKind = (expanded: number, reported = expanded): Record<string, number> =>
  Object.fromEntries(TEST_KINDS.map((k) => [k.kind, k.role === 'expand' ? expanded : reported]));

/** One of TEST_KINDS; those whose runtimes are expanded come more often: most laws are about the expansion. */
export const testKind = fc.oneof(
  ...TEST_KINDS.map((k) => ({ weight: k.role === 'expand' ? 3 : 1, arbitrary: fc.constant(k) })),
);

/** A resource of the kind, with its runtimes, pod template and claim templates at the kind's paths. */
export function resourceOf(
  kind: Kind,
  name: string,
  parts: { runtimes: readonly string[]; template: unknown; claims: readonly string[] },
): Record<string, unknown> {
  const resource = {
    apiVersion: 'agents.kruise.io/v1alpha1',
    kind: kind.kind,
    metadata: { name, namespace: 'default' },
  };
  const editor = new PlainEditor(resource);
  if (parts.runtimes.length)
    editor.set(
      kind.runtimes,
      parts.runtimes.map((r) => ({ name: r })),
    );
  if (kind.kind === 'SandboxSet') editor.set(['spec', 'replicas'], 1);
  editor.set(kind.podTemplate, parts.template);
  if (parts.claims.length)
    editor.set(
      kind.claimTemplates,
      parts.claims.map((c) => ({ metadata: { name: c } })),
    );
  return resource;
}

const weighted = <T>(...choices: [T, number][]) =>
  fc.oneof(...choices.map(([value, weight]) => ({ weight, arbitrary: fc.constant(value) })));

/**
 * Ways to make a pod template the API server refuses, one at a time: the function must say so and leave
 * the resource as it was. The golden cases (validate-*) hold each message.
 */
const FLAWS = ['duplicate volume', 'duplicate container', 'mount without volume', 'mount path twice'] as const;
type Flaw = (typeof FLAWS)[number];

/**
 * The parts of a pod template that the API server takes most of the time (unique names, mounts of
 * volumes or claim templates that are there, once each), so that most cases get as far as the
 * expansion; one in `1 + valid` has one of FLAWS. Volumes and claim templates are of the names given.
 */
const podParts = (valid: number, names: { volumes: fc.Arbitrary<string>; claims: fc.Arbitrary<string> }) =>
  fc
    .record({
      initContainers: fc.uniqueArray(
        fc.record({ name: weighted(['setup', 4], ['init-db', 4], ['runtime', 1]), image: fc.constant('busybox') }),
        { maxLength: 2, selector: (c) => c.name },
      ),
      containers: fc.uniqueArray(container, { minLength: 1, maxLength: 3, selector: (c) => c.name }),
      volumes: fc.uniqueArray(fc.record({ name: names.volumes, emptyDir: fc.constant({}) }), {
        maxLength: 2,
        selector: (v) => v.name,
      }),
      claims: fc.uniqueArray(names.claims, { maxLength: 2 }),
      labels: fc.option(fc.dictionary(fc.constantFrom('app', 'team'), fc.constantFrom('a', 'yes')), { nil: undefined }),
      flaw: fc.oneof(
        { weight: valid, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...FLAWS) },
      ),
    })
    .map(({ flaw, ...p }) => {
      // A claim template and a volume of one name are a flaw of their own (the pod gets the name twice).
      const claims = p.claims.filter((c) => !p.volumes.some((v) => v.name === c));
      const there = new Set([...p.volumes.map((v) => v.name), ...claims]);
      const containers: Record<string, unknown>[] = structuredClone(p.containers).map(({ volumeMounts, ...c }) => {
        const mounts = (volumeMounts ?? []).filter(
          (m, i, all) =>
            there.has(m.name) && all.findIndex((o) => o.name === m.name || o.mountPath === m.mountPath) === i,
        );
        return mounts.length ? { ...c, volumeMounts: mounts } : c;
      });
      const pod = { ...p, claims, containers: containers as [Record<string, unknown>, ...Record<string, unknown>[]] };
      if (flaw) addFlaw(pod, flaw);
      return pod;
    });

function addFlaw(
  pod: {
    initContainers: Record<string, unknown>[];
    containers: [Record<string, unknown>, ...Record<string, unknown>[]];
    volumes: Record<string, unknown>[];
  },
  flaw: Flaw,
): void {
  const main = pod.containers[0];
  const mounts = (main.volumeMounts ??= []) as Record<string, unknown>[];
  switch (flaw) {
    case 'duplicate volume':
      pod.volumes.push({ name: 'scratch', emptyDir: {} }, { name: 'scratch', emptyDir: {} });
      return;
    case 'duplicate container':
      pod.initContainers.push({ name: main.name, image: 'busybox' });
      return;
    case 'mount without volume':
      mounts.push({ name: 'missing', mountPath: '/missing' });
      return;
    case 'mount path twice':
      pod.volumes.push({ name: 'twice', emptyDir: {} });
      mounts.push({ name: 'twice', mountPath: '/twice' }, { name: 'other', mountPath: '/twice' });
      pod.volumes.push({ name: 'other', emptyDir: {} });
      return;
  }
}

/** The pod template of pod parts: labels, if any, and the pod spec. */
function templateOf(
  pod: { initContainers: unknown[]; containers: unknown[]; volumes: unknown[]; labels?: unknown },
  annotations?: Record<string, string>,
): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (pod.initContainers.length) spec.initContainers = pod.initContainers;
  spec.containers = pod.containers;
  if (pod.volumes.length) spec.volumes = pod.volumes;
  const metadata: Record<string, unknown> = {};
  if (pod.labels) metadata.labels = pod.labels;
  if (annotations) metadata.annotations = annotations;
  return Object.keys(metadata).length ? { metadata, spec } : { spec };
}

// Declared most of the time, and traffic-proxy (which the function leaves for the controller, with what
// comes after it) less often than the runtimes it expands.
const declared = fc.oneof(
  { weight: 1, arbitrary: fc.constant([]) },
  {
    weight: 6,
    arbitrary: fc.array(
      weighted<(typeof RUNTIMES)[number]>(['agent-runtime', 3], ['csi', 3], ['logger', 3], ['traffic-proxy', 1]),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
  },
);

/**
 * A resource of any of TEST_KINDS, with runtimes of RUNTIMES (most of the time), and a pod template
 * that the API server takes most of the time, each part at its kind's paths.
 */
export const sandbox = fc
  .record({
    kind: testKind,
    name: fc.string({ minLength: 1, maxLength: 6 }).map((s) => 'sbx-' + Buffer.from(s).toString('hex')),
    runtimes: declared,
    // (Not the names of the volumes that CONFIG's entries add: the controller would add them twice.)
    pod: podParts(7, { volumes: fc.constantFrom('data', 'cache'), claims: fc.constantFrom('www', 'mount-root') }),
  })
  .map((s) => resourceOf(s.kind, s.name, { runtimes: s.runtimes, template: templateOf(s.pod), claims: s.pod.claims }));

const other = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 6 }).map((s) => 'cm-' + Buffer.from(s).toString('hex')),
    data: fc.dictionary(
      fc.constantFrom('a', 'mode', 'flag', 'script'),
      fc.constantFrom('0755', 'yes', 'line1\nline2\n', 'plain', ''),
    ),
  })
  .map((c) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: c.name }, data: c.data }));

export const item = fc.oneof({ weight: 3, arbitrary: sandbox }, { weight: 1, arbitrary: other });

/** The runtimes the live-pod law is tested with: the two fixed-order ones, traffic-proxy and two custom ones. */
export const LIVE_RUNTIMES = ['agent-runtime', 'csi', 'logger', 'metrics', 'traffic-proxy'] as const;

/**
 * A resource of any of TEST_KINDS for the live-pod law (test/plan/live-pod.test.ts), its parts at its
 * kind's paths: any of LIVE_RUNTIMES at any position, claim templates, names that entries also use, and
 * sometimes the health-probe rewrite asked for, with a proxy container of the user's own and probes
 * for it to take over. Its pod template is one the API server takes, most of the time (podParts): its
 * checks are the golden cases' business, and here they would only leave the resource unchanged.
 */
export const liveSandbox = fc
  .record({
    kind: testKind,
    runtimes: fc.array(fc.constantFrom(...LIVE_RUNTIMES), { minLength: 1, maxLength: 5 }),
    // Sometimes names that the entries' volumes have too: the controller adds them twice, or fails on a
    // conflict.
    pod: podParts(7, {
      volumes: weighted(['data', 6], ['envd-volume', 1], ['logs', 1]),
      claims: weighted(['www', 6], ['mount-root', 1], ['logs', 1]),
    }),
    // (In place of the pod's own: `logging` is a label that logger's entries set too.)
    labels: fc.option(fc.dictionary(fc.constantFrom('app', 'logging'), fc.constantFrom('a', 'off')), {
      nil: undefined,
    }),
    rewrite: fc.constantFrom('none', 'annotation', 'annotation-and-proxy'),
    probe: fc.constantFrom('none', 'port', 'named-port'),
  })
  .map((s) => {
    const containers = s.pod.containers;
    if (s.probe !== 'none') {
      const main = containers[0];
      if (s.probe === 'named-port') main.ports = [{ name: 'http', containerPort: 8080 }];
      main.readinessProbe = { httpGet: { path: '/healthz', port: s.probe === 'port' ? 8080 : 'http' } };
    }
    // The user's own proxy container, which the rewrite hands the probes to (istio-proxy by default).
    if (s.rewrite === 'annotation-and-proxy') containers.push({ name: 'istio-proxy', image: 'proxy:own' });
    const annotations =
      s.rewrite === 'none' ? undefined : { 'networking.agents.kruise.io/health-probe-rewrite': 'true' };
    const template = templateOf({ ...s.pod, labels: s.labels }, annotations);
    const claims = s.pod.claims;
    const { spec } = resourceOf(s.kind, '', { runtimes: s.runtimes, template, claims }) as { spec: unknown };
    return { kind: s.kind, spec, runtimes: s.runtimes, rewrite: s.rewrite, probe: s.probe, claims };
  });

/** How one item is written: indent, list style, and which collections are flow, with comments. */
export interface Format {
  indent: number;
  indentSeq: boolean;
  flowSeed: number;
  flowRate: number;
  comments: boolean;
}

export const format: fc.Arbitrary<Format> = fc.record({
  indent: fc.constantFrom(2, 4),
  indentSeq: fc.boolean(),
  flowSeed: fc.integer({ min: 0, max: 1000 }),
  flowRate: fc.constantFrom(0, 0.2, 0.5),
  comments: fc.boolean(),
});

export function writeItem(value: unknown, f: Format): string {
  const doc = new Document(value);
  let seed = f.flowSeed;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  visit(doc, {
    Node(_key, node) {
      if (isCollection(node) && node !== doc.contents && random() < f.flowRate) node.flow = true;
      if (f.comments && (isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0 && random() < 0.3)
        node.commentBefore = ' a comment';
    },
  });
  return doc.toString({ indent: f.indent, indentSeq: f.indentSeq, lineWidth: 0 });
}
