// The live-pod law, judged by the reference model (src/reference/) instead of the function's own model: the
// function runs on a ResourceList (src/pipeline.ts), and for each Sandbox it changed, the Pod the controller
// builds from the output must be the Pod it builds from the input, with the ConfigMap source's entries as
// the cluster's. The reference shares no rule with the function, so a wrong rule shows here (issue 19's
// trials: an entry field the controller does not have, a built-in runtime whose rules it does not know).
import assert from 'node:assert/strict';
import { parse, stringify } from 'yaml';
import { run } from '../../src/pipeline.js';
import { ControllerModel, podDifference } from '../../src/reference/model.js';

interface Item {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: {
    runtimes?: { name: string }[];
    template?: unknown;
    volumeClaimTemplates?: { metadata?: { name?: string } }[];
  };
  data?: Record<string, string>;
}

/** The live-pod differences the reference model finds between the input and the function's output. */
export function referenceLaw(input: string): string[] {
  const outcome = run(input);
  assert.ok(outcome.ok, 'the input reads');
  const errors = outcome.results.filter((r) => r.severity === 'error');
  assert.deepEqual(errors, [], 'no error');
  const before = (parse(input) as { items: Item[] }).items;
  const after = (parse(outcome.output) as { items: Item[] }).items;
  const configMap = before.find(
    (i) =>
      i.kind === 'ConfigMap' &&
      i.metadata.name === 'sandbox-injection-config' &&
      i.metadata.namespace === 'sandbox-system',
  );
  const model = new ControllerModel(configMap?.data);
  const differences: string[] = [];
  let changed = 0;
  for (const [i, item] of before.entries()) {
    if (item.kind !== 'Sandbox' && item.kind !== 'SandboxSet') continue;
    if (JSON.stringify(item.spec) === JSON.stringify(after[i]!.spec)) continue;
    changed++;
    const podOf = (sandbox: Item) =>
      model.podFor({
        template: sandbox.spec?.template,
        runtimes: (sandbox.spec?.runtimes ?? []).map((r) => r.name),
        claimNames: (sandbox.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata?.name ?? ''),
        defaulting: sandbox.kind === 'SandboxSet' ? 'sandboxset' : 'none',
      });
    const fromInput = podOf(item);
    const fromOutput = podOf(after[i]!);
    if (!fromInput.ok || !fromOutput.ok) {
      if (JSON.stringify(fromInput) !== JSON.stringify(fromOutput))
        differences.push(`${item.metadata.name}: ${JSON.stringify([fromInput, fromOutput]).slice(0, 300)}`);
      continue;
    }
    const difference = podDifference(fromInput.value.pod, fromOutput.value.pod);
    if (difference) differences.push(`${item.metadata.name}: ${difference}`);
  }
  // A law over nothing expanded could not fail; the function leaves a runtime whose rules are not the
  // controller's, and says why.
  const warnings = outcome.results.filter((r) => r.severity === 'warning').map((r) => r.message);
  assert.ok(changed > 0, `the function changed no sandbox: ${warnings.join('; ') || 'no warning'}`);
  return differences;
}

/** A ResourceList of one Sandbox and the cluster's ConfigMap source. */
function resourceList(runtimes: string[], data: Record<string, unknown>, template: unknown): string {
  const entries = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, JSON.stringify(v)]));
  return stringify({
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items: [
      {
        apiVersion: 'agents.kruise.io/v1alpha1',
        kind: 'Sandbox',
        metadata: { name: 'box', namespace: 'default' },
        spec: { runtimes: runtimes.map((name) => ({ name })), template },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'sandbox-injection-config', namespace: 'sandbox-system' },
        data: entries,
      },
    ],
  });
}

const MAIN = { name: 'main', image: 'nginx:1.27' };

describe('reference/live-pod: the law, judged by the reference model', () => {
  it('holds for an agent-runtime entry whose postStart merges, with a key the controller drops (trial C)', () => {
    const entry = {
      mainContainer: {
        env: [{ name: 'ENVD_DIR', value: '/mnt/envd' }],
        lifecycle: { postStart: { exec: { command: ['bash', '-c', '/mnt/envd/envd-run.sh'] } } },
      },
      csiSidecar: [{ name: 'agent-runtime', image: 'runtime:v1', restartPolicy: 'Always' }],
      volume: [{ name: 'envd-volume', emptyDir: {} }],
      // Not a field of the controller's SidecarInjectConfig: Go drops it, so it cannot change the Pod.
      postStartShell: 'sh',
    };
    const template = {
      spec: { containers: [{ ...MAIN, lifecycle: { postStart: { exec: { command: ['echo', 'hi'] } } } }] },
    };
    assert.deepEqual(referenceLaw(resourceList(['agent-runtime'], { 'agent-runtime': entry }, template)), []);
  });

  it('holds for a runtime the controller treats as generic, whose entry also has a mainContainer (trial A)', () => {
    const entry = {
      mainContainer: { volumeMounts: [{ name: 'logs', mountPath: '/var/log/app' }] },
      containers: [
        { name: 'log-shipper', image: 'fluent-bit:3', volumeMounts: [{ name: 'logs', mountPath: '/var/log/app' }] },
      ],
      volume: [{ name: 'logs', emptyDir: {} }],
    };
    const template = { spec: { containers: [MAIN] } };
    assert.deepEqual(referenceLaw(resourceList(['log-shipper'], { 'log-shipper': entry }, template)), []);
  });

  it('holds for csi, agent-runtime and traffic-proxy together, with the probe rewrite', () => {
    const data = {
      'agent-runtime': {
        mainContainer: { env: [{ name: 'A', value: '1' }] },
        csiSidecar: [{ name: 'agent-runtime', image: 'runtime:v1' }],
      },
      csi: {
        mainContainer: { env: [{ name: 'A', value: '2' }] },
        csiSidecar: [{ name: 'csi-sidecar', image: 'csi:v1' }],
      },
      'traffic-proxy': { containers: [{ name: 'istio-proxy', image: 'proxy:v1' }], labels: { mesh: 'on' } },
    };
    const template = {
      metadata: { annotations: { 'networking.agents.kruise.io/health-probe-rewrite': 'true' } },
      spec: { containers: [{ ...MAIN, readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }] },
    };
    assert.deepEqual(referenceLaw(resourceList(['csi', 'agent-runtime', 'traffic-proxy'], data, template)), []);
  });
});
