// The recipe of docs/runtimes.md, proven: a runtime registered by this test alone, in one unit, is
// expanded in the controller's order, its entry is checked against core/v1 and for unused fields, and
// the messages that list runtimes name it, with no change anywhere else. Its rules are the controller's
// for a runtime it does not know by name (applyInjectionTemplate, as far as its entry goes): the live-pod
// law judges every expansion by the reference model of the controller, which has no other.
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { runAsProcess } from '../helpers/process.js';
import { genericConflict } from '../../src/runtimes/generic.js';
import { INIT_CONTAINERS, VOLUMES } from '../../src/runtimes/pod.js';
import { RUNTIMES, RuntimeTable } from '../../src/runtimes/table.js';
import type { RuntimeUnit } from '../../src/runtimes/unit.js';
import { run } from '../../src/pipeline.js';

const logShipper: RuntimeUnit = {
  name: 'log-shipper',
  order: 'declared',
  fields: ['initContainers', 'volume'],
  conflict: genericConflict,
  writes: [
    { op: 'append', path: INIT_CONTAINERS },
    { op: 'append', path: VOLUMES },
  ],
  expand(pod, entry) {
    pod.append(INIT_CONTAINERS, entry.initContainers);
    pod.append(VOLUMES, entry.volume);
  },
};
const runtimes = new RuntimeTable([...RUNTIMES.units, logShipper]);
// Its entry is the user's: no vendor ships one, so no profile has it (docs/runtimes.md).
const ENTRY = JSON.stringify({
  initContainers: [{ name: 'log-shipper', image: 'registry.example/log-shipper:1', restartPolicy: 'Always' }],
  volume: [{ name: 'logs', emptyDir: {} }],
});

const sandbox = (runtimesDeclared: string[]) => `apiVersion: agents.kruise.io/v1alpha1
kind: Sandbox
metadata:
  name: s
spec:
  runtimes:
${runtimesDeclared.map((name) => `  - name: ${name}`).join('\n')}
  template:
    spec:
      containers:
      - name: main
        image: app
`;
const config = (data: Record<string, string>) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fn\ndata:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: '${v}'`)
    .join('\n')}\n`;

describe('runtimes: adding a runtime (docs/runtimes.md)', () => {
  it('expands the new runtime after the built-ins, whatever the declared order, and re-runs to a fixed point', () => {
    const first = runAsProcess(sandbox(['log-shipper', 'agent-runtime']), {
      runtimes,
      configText: config({ regionId: 'cn-hangzhou', 'log-shipper': ENTRY }),
      verbose: true,
    });
    assert.equal(first.exitCode, 0, first.stderr);
    const pod = parse(first.stdout).spec.template.spec;
    assert.deepEqual(
      pod.initContainers.map((c: { name: string }) => c.name),
      ['init', 'log-shipper'],
    );
    assert.deepEqual(pod.volumes.at(-1), { name: 'logs', emptyDir: {} });
    assert.match(first.stderr, /expanded runtimes agent-runtime, log-shipper into spec\.template/);
    const again = runAsProcess(first.stdout, {
      runtimes,
      configText: config({ regionId: 'cn-hangzhou', 'log-shipper': ENTRY }),
      verbose: true,
    });
    assert.equal(again.stdout, first.stdout);
    assert.match(again.stderr, /injection up to date/);
  });

  it('checks its entry against core/v1, only in the fields it declares, and warns of the others', () => {
    const entry = JSON.stringify({ initContainers: [{ name: 'log-shipper', image: 5 }], labels: { a: 'b' } });
    const output = runAsProcess(sandbox(['log-shipper']), { runtimes, configText: config({ 'log-shipper': entry }) });
    assert.equal(output.exitCode, 1);
    assert.match(
      output.stderr,
      /runtime "log-shipper": its injection config .* is invalid: initContainers\[0\]\.image/,
    );
    const unused = JSON.stringify({ initContainers: [{ name: 'log-shipper', image: 'x' }], labels: { a: 'b' } });
    const warned = runAsProcess(sandbox(['log-shipper']), { runtimes, configText: config({ 'log-shipper': unused }) });
    // A declared-order runtime is one of "the others" in words, as to the controller.
    assert.match(warned.stderr, /labels is set but a runtime other than agent-runtime and csi does not use it/);
    // The controller would set the label (it has no rules of log-shipper's own): the law leaves it to it.
    assert.match(
      warned.stderr,
      /"log-shipper" is left for the controller: .* labels\.a would be nothing instead of "b"/,
    );
  });

  it('is named where messages list the runtimes', () => {
    const output = runAsProcess(sandbox(['something-else']), { runtimes });
    // (Built-in defaults are a vendor's: the new runtime has none, so it is not among them.)
    assert.match(output.stderr, /only agent-runtime and csi have built-in defaults/);
    const misspelt = runAsProcess(sandbox(['log-shiper']), { runtimes });
    assert.match(misspelt.stderr, /runtime "log-shiper": no injection config: did you mean log-shipper\?/);
  });

  it('is unknown to a run with the built-in table', () => {
    const outcome = run(sandbox(['log-shipper']));
    assert.ok(outcome.ok);
    assert.ok(outcome.results.some((r) => r.severity === 'error' && r.message.includes('runtime "log-shipper"')));
  });
});
