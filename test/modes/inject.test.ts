// inject on one item (src/modes/inject.ts): what it writes and what it says, decision by decision.
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Result } from '../../src/base/results.js';
import { inject } from '../../src/modes/inject.js';
import { readStatus } from '../../src/provenance/status.js';
import { CONFIG, itemOf, itemRun, sandbox } from '../helpers/modes.js';

const run = itemRun('inject');
/** What inject makes of the item, which it must be able to rewrite. */
function injected(text: string): { text?: string; results: Result[] } {
  const outcome = inject(itemOf(text, run));
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return outcome.value;
}
const said = (results: readonly Result[]) => results.map((r) => `${r.severity}: ${r.message}`);

describe('modes/inject', () => {
  const input = sandbox(['csi', 'logger']);
  const first = injected(input);
  const output = first.text!;

  it('expands the declared runtimes, records what it did, and says so', () => {
    const value = parse(output);
    assert.deepEqual(value.spec.template.spec.containers[0].env, [{ name: 'CSI_MODE', value: 'on' }]);
    assert.equal(value.spec.template.spec.containers[1].name, 'logger');
    const status = readStatus(value);
    assert.ok(status?.ok);
    assert.deepEqual(
      status.value.runtimes.map((r) => r.name),
      ['csi', 'logger'],
    );
    assert.deepEqual(said(first.results), [
      'info: expanded runtimes csi, logger into spec.template',
      'info: removed logger from spec.runtimes: they are expanded here, and the controller would inject them ' +
        'again and fail on the conflict',
    ]);
  });

  it('leaves its own output as it is, and says only that it is up to date', () => {
    const again = injected(output);
    assert.equal(again.text, undefined);
    assert.deepEqual(said(again.results), ['info: injection up to date']);
    assert.equal(again.results[0]!.field?.path, 'spec.template');
  });

  it('says nothing of an item that declares and records nothing', () => {
    assert.deepEqual(injected(sandbox([])), { results: [] });
  });

  it('leaves an item whose plan fails as it is, with the errors', () => {
    const failed = injected(sandbox(['metrics']));
    assert.equal(failed.text, undefined);
    assert.match(said(failed.results).join('\n'), /^error: runtime "metrics": no injection config: /);
  });

  it('takes out the injection of a runtime that is no longer declared, and keeps the others', () => {
    const rerun = injected(output.replace('  - name: csi\n', ''));
    const value = parse(rerun.text!);
    assert.equal(value.spec.template.spec.containers[0].env, undefined);
    assert.deepEqual(
      value.spec.template.spec.containers.map((c: { name: string }) => c.name),
      ['main', 'logger'],
    );
  });

  it('refuses an injection edited by hand, naming the edit and both fixes (handEdits: refuse)', () => {
    const outcome = inject(itemOf(output.replace('value: "on"', 'value: "off"'), run));
    assert.ok(!outcome.ok, 'the resource is left as it is');
    assert.match(outcome.error.message, /^runtime csi: its injection was edited by hand /);
    assert.match(outcome.error.message, /undo the edit, .* or set handEdits: adopt to keep it as it is, in the record/);
  });

  it('adopts an injection edited by hand into the record, with a warning (handEdits: adopt)', () => {
    const adopting = itemRun('inject', `${CONFIG}  handEdits: adopt\n`);
    const outcome = inject(itemOf(output.replace('value: "on"', 'value: "off"'), adopting));
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.match(outcome.value.text!, /value: "off"/);
    const status = readStatus(parse(outcome.value.text!));
    assert.ok(status?.ok);
    const csi = status.value.runtimes.find((r) => r.name === 'csi');
    assert.ok(csi?.adopted, 'csi stays in the record, its edit adopted');
    assert.match(said(outcome.value.results).join('\n'), /^warning: .*csi/m);
  });

  it('refuses an item whose edit would change what a merge key shares, saying where', () => {
    const shared = sandbox(['csi'], '      - <<: *main\n        name: side\n').replace(
      '      - name: main',
      '      - &main\n        name: main',
    );
    const outcome = inject(itemOf(shared, run));
    assert.ok(!outcome.ok);
    assert.match(
      outcome.error.message,
      /^spec\.template\.spec\.containers\[0\] has the anchor &main, and the merge key/,
    );
    assert.ok(shared.slice(outcome.error.at).startsWith('name: main'), 'at the anchored container');
  });
});
