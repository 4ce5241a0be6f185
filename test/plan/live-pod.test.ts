// Issue 10's law, per resource: the Pod the controller builds from the function's output is the Pod it
// builds from the function's input (docs/live-pod.md), judged by the reference model (src/reference/,
// which shares no rule with the function's runtime units). Checked over
// generated Sandboxes and configs: sidecar-less and mismatched entries, traffic-proxy at any position
// with and without an entry, custom runtimes, entries from a ConfigMap source, inline or built in
// (mixed), claim templates; and that what the function reports expanded is not applied again.
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { valueAt } from '../../src/base/data.js';
import { INJECTION_CONFIGMAP } from '../../src/config/functionConfig.js';
import { ControllerModel, podDifference } from '../../src/reference/model.js';
import { decodeSandbox } from '../../src/plan/sandbox.js';
import { readStatus } from '../../src/provenance/status.js';
import { RUNTIMES } from '../../src/runtimes/table.js';
import {
  floorPerKind,
  kindExercised,
  LIVE_RUNTIMES,
  liveSandbox,
  TEST_KINDS,
  testKindOf,
} from '../helpers/arbitraries.js';
import { runAsProcess as run } from '../helpers/process.js';
import { checkProperty } from '../helpers/property.js';

type Runtime = (typeof LIVE_RUNTIMES)[number];
type Obj = Record<string, unknown>;

/** Each runtime's entry variants: a and b differ in what the guard or the Pod sees. */
const ENTRIES: Record<Runtime, Record<string, Obj>> = {
  'agent-runtime': {
    sidecar: agentRuntime([{ name: 'runtime', image: 'agent-runtime:v1', restartPolicy: 'Always' }]),
    sidecarless: agentRuntime([]),
    'other-sidecar': agentRuntime([{ name: 'runtime-v2', image: 'agent-runtime:v2', restartPolicy: 'Always' }]),
  },
  csi: {
    sidecar: csi([{ name: 'csi-sidecar', image: 'csi:v1' }]),
    sidecarless: csi([]),
    'other-sidecar': csi([{ name: 'csi-sidecar-v2', image: 'csi:v2' }]),
  },
  logger: {
    v1: { labels: { logging: 'on' }, containers: [{ name: 'logger', image: 'logger:v1' }], volume: [vol('logs')] },
    v2: { labels: { logging: 'on' }, containers: [{ name: 'logger', image: 'logger:v2' }], volume: [vol('logs')] },
  },
  metrics: {
    v1: { annotations: { metrics: 'on' }, initContainers: [{ name: 'metrics-init', image: 'metrics:v1' }] },
    v2: { annotations: { metrics: 'off' }, initContainers: [{ name: 'metrics-init', image: 'metrics:v1' }] },
  },
  'traffic-proxy': {
    v1: { containers: [{ name: 'istio-proxy', image: 'proxy:v1' }] },
    v2: { labels: { mesh: 'on' }, containers: [{ name: 'envoy', image: 'proxy:v2' }] },
  },
};

function agentRuntime(csiSidecar: Obj[]): Obj {
  return {
    mainContainer: {
      env: [{ name: 'ENVD_DIR', value: '/mnt/envd' }],
      volumeMounts: [{ name: 'envd-volume', mountPath: '/mnt/envd' }],
      lifecycle: { postStart: { exec: { command: ['bash', '/mnt/envd/envd-run.sh'] } } },
    },
    ...(csiSidecar.length ? { csiSidecar } : {}),
    volume: [vol('envd-volume')],
  };
}

function csi(csiSidecar: Obj[]): Obj {
  return {
    mainContainer: {
      env: [{ name: 'CSI_MODE', value: 'yes' }],
      volumeMounts: [{ name: 'mount-root', mountPath: '/run/csi/mount-root' }],
    },
    ...(csiSidecar.length ? { csiSidecar } : {}),
    volume: [vol('mount-root')],
  };
}

function vol(name: string): Obj {
  return { name, emptyDir: {} };
}

/**
 * Where a runtime's entry is: inline only, the ConfigMap source only, both (the same, or different), or
 * neither (the built-in default, or none). Without a ConfigMap source, the ConfigMap ones are inline.
 */
const SOURCES = ['inline', 'configmap', 'both-same', 'both-different', 'neither'] as const;
type Source = (typeof SOURCES)[number];

const runtimeConfig = (runtime: Runtime) => {
  const variants = Object.keys(ENTRIES[runtime]);
  return fc.record({
    // With a ConfigMap source, an inline entry alone is a missing key, and a different one is refused
    // (docs/config.md): both are errors, so they come less often than the sources that expand.
    source: fc.oneof(
      ...(
        [
          ['inline', 2],
          ['configmap', 3],
          ['both-same', 3],
          ['both-different', 1],
          ['neither', 1],
        ] as const
      ).map(([source, weight]) => ({ weight, arbitrary: fc.constant<Source>(source) })),
    ),
    variant: fc.constantFrom(...variants),
    other: fc.constantFrom(...variants),
  });
};

const setup = fc.record({
  sandboxes: fc.array(liveSandbox, { minLength: 1, maxLength: 2 }),
  configMap: fc.constantFrom('none', 'sandbox-system', 'kruise-system'),
  keepRuntimes: fc.boolean(),
  expandTrafficProxy: fc.oneof(
    { weight: 3, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
  defaults: fc.constantFrom('ack', 'openkruise', 'none'),
  entries: fc.record(
    Object.fromEntries(LIVE_RUNTIMES.map((r) => [r, runtimeConfig(r)])) as {
      [R in Runtime]: fc.Arbitrary<{ source: Source; variant: string; other: string }>;
    },
  ),
});

type Setup = typeof setup extends fc.Arbitrary<infer T> ? T : never;

/** The ResourceList a setup stands for, with its function config and ConfigMap source (if any). */
function resourceList(s: Setup): { text: string; sandboxes: Obj[]; functionConfig: Obj; configMap?: Obj } {
  const inline: Obj = {};
  const cluster: Obj = {};
  for (const runtime of LIVE_RUNTIMES) {
    let { source } = s.entries[runtime];
    const { variant, other } = s.entries[runtime];
    if (s.configMap === 'none' && source !== 'neither') source = 'inline';
    const json = (v: string) => JSON.stringify(ENTRIES[runtime][v]);
    if (source === 'inline' || source.startsWith('both')) inline[runtime] = json(variant);
    if (source === 'configmap' || source === 'both-same') cluster[runtime] = json(variant);
    if (source === 'both-different') cluster[runtime] = json(other);
  }
  const functionConfig = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'function-input' },
    data: {
      keepRuntimes: String(s.keepRuntimes),
      expandTrafficProxy: String(s.expandTrafficProxy),
      defaults: s.defaults,
      ...(s.defaults === 'ack' ? { regionId: 'cn-hangzhou' } : {}),
      ...inline,
    },
  };
  // Each its own copy: objects shared within one are written as an anchor and aliases, but none across
  // items, which the function cannot read as an item alone (it says so, and leaves the item unchanged).
  const sandboxes = s.sandboxes.map((sb, i) =>
    structuredClone({
      apiVersion: 'agents.kruise.io/v1alpha1',
      kind: sb.kind.kind,
      metadata: { name: `sbx-${i}`, namespace: 'default' },
      spec: sb.spec,
    }),
  );
  const configMap =
    s.configMap === 'none'
      ? undefined
      : {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: INJECTION_CONFIGMAP, namespace: s.configMap },
          data: cluster,
        };
  const items = configMap ? [...sandboxes, configMap] : sandboxes;
  const text = stringify(
    { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig },
    // Equal objects written once, with an anchor and aliases: the expansion must edit only where it means to.
    { lineWidth: 0 },
  );
  return { text, sandboxes, functionConfig, ...(configMap ? { configMap } : {}) };
}

/**
 * The cluster's entries as the controller reads them, JSON text by key: the ConfigMap source's data where
 * there is one (the one in sandbox-system; kruise-system's is passed over); else the entries the run assumes
 * the cluster holds, the function's own (inline, or built in with the region put in), and for a runtime it
 * has none for, a stand-in that shows where the controller applies it.
 */
function clusterOf(list: ReturnType<typeof resourceList>, s: Setup): ControllerModel {
  const source = list.configMap?.metadata as { namespace: string } | undefined;
  if (source?.namespace === 'sandbox-system')
    return new ControllerModel(list.configMap!.data as Record<string, string>);
  const inline = (list.functionConfig as { data: Record<string, string> }).data;
  return new ControllerModel((runtime) => {
    if (Object.hasOwn(inline, runtime) && (LIVE_RUNTIMES as readonly string[]).includes(runtime))
      return inline[runtime];
    const builtIn = s.defaults === 'none' ? undefined : RUNTIMES.defaultEntry(runtime, s.defaults);
    if (builtIn === undefined) return JSON.stringify({ labels: { 'stand-in': runtime } });
    return JSON.stringify(builtIn)
      .split('<region-id>')
      .join(inline.regionId ?? '<region-id>');
  });
}

const tally = new Map<string, number>();
const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);

describe('plan/live-pod: the law', () => {
  after(() => {
    if (process.env.LIVE_POD_STATS)
      console.log(
        [...tally]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${v}\t${k}`)
          .join('\n'),
      );
  });

  it('the controller builds the same Pod from the output as from the input, and applies nothing expanded again', function () {
    checkProperty(
      this,
      [setup],
      (s) => {
        const list = resourceList(s);
        tallySetup(s);
        const output = run(list.text, { kinds: TEST_KINDS });
        assert.ok(output.exitCode === 0 || output.exitCode === 1, output.stderr);
        if (output.results.some((r) => r.severity === 'error' && !r.resourceRef)) {
          count('run: an error about the config');
          return false;
        }
        const items = (parse(output.stdout) as { items: Obj[] }).items;
        const model = clusterOf(list, s);
        const checked: string[] = [];
        list.sandboxes.forEach((input, i) => {
          const name = (input.metadata as Obj).name;
          const about = output.results.filter((r) => r.resourceRef?.name === name);
          const error = about.find((r) => r.severity === 'error');
          if (error) {
            count('sandbox: an error (left unchanged)');
            count(`error: ${errorClass(error.message)}`);
            return;
          }
          checked.push(...checkLaw(input, items[i]!, model));
        });
        return checked;
      },
      { runs: 1000, floor: 400, floors: floorPerKind(70) },
    );
    // Each branch the law is meant to see, seen often enough (about a third of the usual count).
    const seen: [string, number][] = [
      ['sandbox: law checked', 300],
      ['sandbox: an error (left unchanged)', 100],
      ['sandbox: some runtime left declared for the controller', 100],
      ['expanded: no longer declared', 100],
      ['expanded: kept, guarded', 20],
      ['expanded: kept, applied again but adds nothing', 5],
      ['entry: agent-runtime sidecarless, kept', 40],
      ['source: both-different', 100],
      ['error: its entry given inline', 5],
      ['traffic-proxy: at position 3', 10],
      ['traffic-proxy: without an entry (built-in defaults)', 5],
      ['traffic-proxy: expandTrafficProxy', 80],
      ['rewrite: annotation and own proxy', 150],
      ['claims: some', 300],
    ];
    for (const [what, least] of seen) {
      assert.ok((tally.get(what) ?? 0) >= least, `"${what}" occurs ${tally.get(what) ?? 0} times, not ${least}`);
    }
  });
});

/** Checks the law for a resource, and says which kind it exercised the law for, if it did (kindExercised). */
function checkLaw(input: Obj, output: Obj, model: ControllerModel): string[] {
  const kind = testKindOf(input)!;
  if (kind.role === 'report') {
    // The controller builds no Pod from it here: the function must leave it as it is.
    assert.deepEqual(output, JSON.parse(JSON.stringify(input)), `${kind.kind} is left as it is`);
    count('sandbox: a reported kind left as it is');
    return kindExercised(input, false);
  }
  const [before, after] = [decodeSandbox(input, kind), decodeSandbox(output, kind)];
  assert.ok(before.ok && after.ok, 'input and output decode');
  const podOf = (object: Obj, runtimes: readonly string[], claimNames: readonly string[]) =>
    model.podFor({
      template: valueAt(object, kind.podTemplate),
      runtimes,
      claimNames,
      defaulting: kind.probeDefaults ? 'sandboxset' : 'none',
    });
  const fromInput = podOf(input, before.value.runtimes, before.value.claimNames);
  const fromOutput = podOf(output, after.value.runtimes, after.value.claimNames);
  // (a) the law, and no failure the function did not report.
  assert.ok(fromInput.ok, `a failure at pod creation is an error at build time: ${JSON.stringify(fromInput)}`);
  assert.ok(fromOutput.ok, `the output fails at pod creation: ${JSON.stringify(fromOutput)}`);
  const difference = podDifference(fromInput.value.pod, fromOutput.value.pod);
  assert.equal(difference, undefined, 'the controller builds the same Pod');
  count('sandbox: law checked');
  // (b) what the function expanded (its status record), the controller does not apply again.
  const applied = fromOutput.value.injection.applied;
  const read = readStatus(output);
  const expanded = read?.ok ? read.value.runtimes : [];
  if (after.value.runtimes.length && expanded.length < new Set(before.value.runtimes).size)
    count('sandbox: some runtime left declared for the controller');
  for (const { name } of expanded) {
    if (!after.value.runtimes.includes(name)) {
      assert.ok(!applied.includes(name));
      count('expanded: no longer declared');
    } else if (!applied.includes(name)) {
      count('expanded: kept, guarded');
    } else {
      // Kept without a sidecar for the guard to find (csi): applying it again must add nothing.
      const without = podOf(
        output,
        after.value.runtimes.filter((r) => r !== name),
        after.value.claimNames,
      );
      assert.ok(without.ok);
      const added = podDifference(without.value.pod, fromOutput.value.pod);
      // Else the planner would have left it for the controller (plan/live-pod.ts addedToAgain).
      assert.equal(added, undefined, `${name} applied again adds something: ${added}`);
      count('expanded: kept, applied again but adds nothing');
    }
  }
  // Evidence: a resource the function changed (the law holds trivially for one left as it was).
  return kindExercised(input, !isDeepStrictEqual(output, JSON.parse(JSON.stringify(input))));
}

function tallySetup(s: Setup): void {
  count(`configMap: ${s.configMap}`);
  count(`defaults: ${s.defaults}`);
  if (s.expandTrafficProxy) count('traffic-proxy: expandTrafficProxy');
  for (const runtime of LIVE_RUNTIMES) {
    const { source, variant } = s.entries[runtime];
    const effective = s.configMap === 'none' && source !== 'neither' ? 'inline' : source;
    count(`source: ${effective}`);
    if (runtime === 'agent-runtime' && variant === 'sidecarless' && s.keepRuntimes && effective !== 'neither')
      count('entry: agent-runtime sidecarless, kept');
  }
  for (const sb of s.sandboxes) {
    count(`runtimes declared: ${sb.runtimes.length}`);
    for (const r of new Set(sb.runtimes)) count(`declares: ${r}`);
    const tp = sb.runtimes.indexOf('traffic-proxy');
    if (tp >= 0) {
      count(`traffic-proxy: at position ${tp}`);
      if (s.entries['traffic-proxy'].source === 'neither' && s.configMap === 'none' && s.defaults !== 'openkruise')
        count('traffic-proxy: without an entry (built-in defaults)');
    }
    if (sb.rewrite === 'annotation-and-proxy') count('rewrite: annotation and own proxy');
    if (sb.rewrite === 'annotation') count('rewrite: annotation only');
    if (sb.probe !== 'none') count(`probe: ${sb.probe}`);
    if (sb.claims.length) count('claims: some');
  }
}

/** What kind of error left a Sandbox unchanged, for the tally. */
function errorClass(message: string): string {
  const known = [
    'inject conflicting with',
    'no injection config',
    'has no entry for it',
    'names no volume or volumeClaimTemplate',
    'is used by both',
    'is used twice in container',
    'has the placeholder <region-id>',
    'even unexpanded',
    'its entry given inline',
  ];
  return known.find((k) => message.includes(k)) ?? message.slice(0, 60);
}
