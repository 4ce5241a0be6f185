// Generators for property tests: Sandboxes and SandboxSets with random runtimes, containers, env,
// mounts and postStart forms, other kinds beside them, all written in random YAML styles.
import fc from 'fast-check';
import { Document, isCollection, isMap, isSeq, visit } from 'yaml';

const name = fc.constantFrom('main', 'app', 'web', 'worker', 'shell');
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
      name,
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

export const sandbox = fc
  .record({
    kind: fc.constantFrom('Sandbox', 'SandboxSet'),
    name: fc.string({ minLength: 1, maxLength: 6 }).map((s) => 'sbx-' + Buffer.from(s).toString('hex')),
    runtimes: fc.array(fc.constantFrom(...RUNTIMES), { maxLength: 5 }),
    initContainers: fc.array(fc.record({ name: fc.constantFrom('setup', 'runtime'), image: fc.constant('busybox') }), {
      maxLength: 2,
    }),
    // A template without containers is no valid pod; the golden cases cover it. Here it would let a
    // runtime that found no main container on the first run find one added by a later runtime on a re-run.
    containers: fc.uniqueArray(container, { minLength: 1, maxLength: 3, selector: (c) => c.name }),
    volumes: fc.array(fc.record({ name: fc.constantFrom('data', 'envd-volume'), emptyDir: fc.constant({}) }), {
      maxLength: 2,
    }),
    claims: fc.array(fc.constantFrom('www', 'mount-root'), { maxLength: 1 }),
    labels: fc.option(fc.dictionary(fc.constantFrom('app', 'team'), fc.constantFrom('a', 'yes')), { nil: undefined }),
  })
  .map((s) => {
    const spec: Record<string, unknown> = {};
    if (s.runtimes.length) spec.runtimes = s.runtimes.map((r) => ({ name: r }));
    if (s.kind === 'SandboxSet') spec.replicas = 1;
    const pod: Record<string, unknown> = {};
    if (s.initContainers.length) pod.initContainers = s.initContainers;
    pod.containers = s.containers;
    if (s.volumes.length) pod.volumes = s.volumes;
    spec.template = s.labels ? { metadata: { labels: s.labels }, spec: pod } : { spec: pod };
    if (s.claims.length) spec.volumeClaimTemplates = s.claims.map((c) => ({ metadata: { name: c } }));
    return {
      apiVersion: 'agents.kruise.io/v1alpha1',
      kind: s.kind,
      metadata: { name: s.name, namespace: 'default' },
      spec,
    };
  });

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
 * A Sandbox or SandboxSet for the live-pod law (test/plan/live-pod.test.ts): any of LIVE_RUNTIMES at any
 * position, claim templates, names that entries also use, and sometimes the health-probe rewrite asked
 * for, with a proxy container of the user's own and probes for it to take over.
 */
export const liveSandbox = fc
  .record({
    kind: fc.constantFrom('Sandbox', 'SandboxSet'),
    runtimes: fc.array(fc.constantFrom(...LIVE_RUNTIMES), { maxLength: 5 }),
    initContainers: fc.array(fc.record({ name: fc.constantFrom('setup', 'runtime'), image: fc.constant('busybox') }), {
      maxLength: 2,
    }),
    containers: fc.uniqueArray(container, { minLength: 1, maxLength: 3, selector: (c) => c.name }),
    volumes: fc.uniqueArray(
      fc.record({ name: fc.constantFrom('data', 'envd-volume', 'logs'), emptyDir: fc.constant({}) }),
      { maxLength: 2, selector: (v) => v.name },
    ),
    claims: fc.uniqueArray(fc.constantFrom('www', 'mount-root', 'logs'), { maxLength: 2 }),
    labels: fc.option(fc.dictionary(fc.constantFrom('app', 'logging'), fc.constantFrom('a', 'off')), {
      nil: undefined,
    }),
    rewrite: fc.constantFrom('none', 'annotation', 'annotation-and-proxy'),
    probe: fc.constantFrom('none', 'port', 'named-port'),
  })
  .map((s) => {
    const spec: Record<string, unknown> = {};
    if (s.runtimes.length) spec.runtimes = s.runtimes.map((r) => ({ name: r }));
    if (s.kind === 'SandboxSet') spec.replicas = 1;
    // Mounts name a volume or claim template that is there, once each: the API server's checks of those
    // are the golden cases' business, and here they would only leave the resource unchanged.
    const there = new Set([...s.volumes.map((v) => v.name), ...s.claims]);
    const containers: Record<string, unknown>[] = structuredClone(s.containers).map(({ volumeMounts, ...c }) => {
      const mounts = (volumeMounts ?? []).filter(
        (m, i, all) =>
          there.has(m.name) && all.findIndex((o) => o.name === m.name || o.mountPath === m.mountPath) === i,
      );
      return mounts.length ? { ...c, volumeMounts: mounts } : c;
    });
    if (s.probe !== 'none') {
      const main = containers[0]!;
      if (s.probe === 'named-port') main.ports = [{ name: 'http', containerPort: 8080 }];
      main.readinessProbe = { httpGet: { path: '/healthz', port: s.probe === 'port' ? 8080 : 'http' } };
    }
    // The user's own proxy container, which the rewrite hands the probes to (istio-proxy by default).
    if (s.rewrite === 'annotation-and-proxy') containers.push({ name: 'istio-proxy', image: 'proxy:own' });
    const pod: Record<string, unknown> = {};
    if (s.initContainers.length) pod.initContainers = s.initContainers;
    pod.containers = containers;
    if (s.volumes.length) pod.volumes = s.volumes;
    const metadata: Record<string, unknown> = {};
    if (s.labels) metadata.labels = s.labels;
    if (s.rewrite !== 'none') metadata.annotations = { 'networking.agents.kruise.io/health-probe-rewrite': 'true' };
    spec.template = Object.keys(metadata).length ? { metadata, spec: pod } : { spec: pod };
    if (s.claims.length) spec.volumeClaimTemplates = s.claims.map((c) => ({ metadata: { name: c } }));
    return { kind: s.kind, spec, runtimes: s.runtimes, rewrite: s.rewrite, probe: s.probe, claims: s.claims };
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
