// The kinds table owns where a kind keeps its pod template and its runtimes: a kind registered by the
// tests alone (TEST_KIND of test/helpers/arbitraries.ts, which the property tests generate too), at
// other paths, is expanded there, and every result's message and field, and the status record's base,
// name its paths (none says spec.template or spec.runtimes, which it does not have).
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Result } from '../../src/base/results.js';
import { STATUS_ANNOTATION } from '../../src/provenance/status.js';
import { TEST_KINDS as kinds } from '../helpers/arbitraries.js';
import { runAsProcess } from '../helpers/process.js';

const resource = (runtimes: string[], containers = '[{name: main, image: app}]', name = 'p') =>
  `apiVersion: agents.kruise.io/v1alpha1
kind: SandboxTestPool
metadata:
  name: ${name}
spec:
  declared:
${runtimes.map((r) => `  - name: ${r}`).join('\n')}
  pod:
    template:
      spec:
        containers: ${containers}
`;
const config = (data: Record<string, string>) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fn\ndata: ${JSON.stringify({ regionId: 'cn-hangzhou', ...data })}\n`;
const run = (text: string, data: Record<string, string> = {}) =>
  runAsProcess(text, { kinds, configText: config(data), verbose: true });

/** Every result about the resource says its own paths, and never the Sandbox's. */
function assertOwnPaths(results: readonly Result[]): void {
  for (const r of results) {
    assert.doesNotMatch(r.message, /spec\.template\b|spec\.runtimes\b/, r.message);
    if (r.field) assert.match(r.field.path, /^(spec\.pod\.template|spec\.declared|metadata)\b/, r.field.path);
  }
}

const find = (results: readonly Result[], pattern: RegExp): Result => {
  const found = results.find((r) => pattern.test(r.message));
  assert.ok(found, `no result says ${pattern}: ${JSON.stringify(results.map((r) => r.message))}`);
  return found;
};

describe('base/kinds: a kind at other paths', () => {
  it('is expanded at its own template, said at its paths, with the status record based there', () => {
    const first = run(resource(['agent-runtime', 'traffic-proxy']), { keepRuntimes: 'false' });
    assert.equal(first.exitCode, 0, first.stderr);
    const output = parse(first.stdout);
    assert.deepEqual(
      output.spec.pod.template.spec.initContainers.map((c: { name: string }) => c.name),
      ['init'],
    );
    assert.deepEqual(output.spec.declared, [{ name: 'traffic-proxy' }]);
    assert.equal(output.spec.template, undefined);
    const record = String(output.metadata.annotations[STATUS_ANNOTATION]).split('\n')[0];
    assert.deepEqual(JSON.parse(record!), { version: 3, base: '/spec/pod/template/spec', main: 'main' });
    assert.equal(
      find(first.results, /^expanded runtimes agent-runtime into spec\.pod\.template$/).field?.path,
      'spec.pod.template',
    );
    assert.equal(find(first.results, /^removed agent-runtime from spec\.declared: /).field?.path, 'spec.declared');
    find(first.results, /^runtime "agent-runtime" leaves spec\.declared \(keepRuntimes: false\)/);
    assert.equal(
      find(first.results, /^runtime "traffic-proxy" is left for the controller/).field?.path,
      'spec.declared[1]',
    );
    assertOwnPaths(first.results);

    const again = run(first.stdout, { keepRuntimes: 'false' });
    assert.equal(again.stdout, first.stdout);
    assert.equal(find(again.results, /^injection up to date$/).field?.path, 'spec.pod.template');
    assertOwnPaths(again.results);

    const uninjected = runAsProcess(first.stdout, { kinds, configText: config({ mode: 'uninject' }) });
    assert.equal(uninjected.stdout, resource(['agent-runtime', 'traffic-proxy']));
  });

  it('names its paths where it cannot be expanded, is checked, or was edited by hand', () => {
    // (The template's parent must be a mapping, as a Sandbox's spec must.)
    const noTemplate = run(resource(['agent-runtime']).replace(/  pod:[^]*$/, '  pod: {}\n'));
    find(noTemplate.results, /^spec\.declared not expanded: it has no spec\.pod\.template to inject into/);
    assertOwnPaths(noTemplate.results);

    const unchecked = run(resource(['agent-runtime']), { mode: 'check' });
    find(unchecked.results, /not expanded in spec\.pod\.template \(missing injection\)/);

    const conflict = run(resource(['logger'], '[{name: main, image: app}, {name: logger, image: mine}]'), {
      logger: JSON.stringify({ containers: [{ name: 'logger', image: 'theirs' }] }),
    });
    assert.equal(
      find(conflict.results, /inject conflicting with container: logger/).field?.path,
      'spec.pod.template.spec.containers',
    );

    const sidecarless = run(resource(['agent-runtime']), {
      'agent-runtime': JSON.stringify({ mainContainer: { env: [{ name: 'A', value: '1' }] } }),
    });
    find(sidecarless.results, /removed from spec\.declared; it stays declared/);
    assertOwnPaths(sidecarless.results);

    const injected = run(resource(['agent-runtime']));
    const edited = run(injected.stdout.replace('value: /mnt/envd', 'value: /mnt/elsewhere'));
    assert.equal(find(edited.results, /its injection was edited by hand/).field?.path, 'spec.pod.template');
    assertOwnPaths(edited.results);
  });

  it('is unknown to a run with the built-in table, whose kinds say their own paths', () => {
    const outcome = runAsProcess(resource(['agent-runtime']), { configText: config({}) });
    assert.deepEqual(outcome.results, []);
    assert.equal(outcome.stdout, resource(['agent-runtime']));
  });
});
