// check on one item (src/modes/check.ts): it never writes, and says why an item is not as inject would
// write it, most specific reason first.
import assert from 'node:assert/strict';
import type { Result } from '../../src/base/results.js';
import { check } from '../../src/modes/check.js';
import { inject } from '../../src/modes/inject.js';
import { CONFIG, itemOf, itemRun, sandbox } from '../helpers/modes.js';

const run = itemRun('check');
/** What check says of the item (it never writes one). */
function checked(text: string, runWith = run): string[] {
  const outcome = check(itemOf(text, runWith));
  assert.ok(outcome.ok, JSON.stringify(outcome));
  assert.equal(outcome.value.text, undefined, 'check writes nothing');
  return outcome.value.results.map((r: Result) => `${r.severity}: ${r.message}`);
}
function injected(text: string): string {
  const made = inject(itemOf(text, itemRun('inject')));
  assert.ok(made.ok && made.value.text);
  return made.value.text;
}
const FIX = 'run the function (mode: inject) and commit the result';

describe('modes/check', () => {
  const output = injected(sandbox(['csi', 'logger']));

  it('passes what inject wrote', () => {
    assert.deepEqual(checked(output), ['info: check: the injection is up to date']);
  });

  it('says nothing of an item that declares and records nothing', () => {
    assert.deepEqual(checked(sandbox([])), []);
  });

  it('fails an item whose declared runtimes are not expanded', () => {
    assert.deepEqual(checked(sandbox(['csi'])), [
      `error: check: the declared runtimes are not expanded in spec.template (missing injection); ${FIX}`,
    ]);
  });

  it('fails an injection edited by hand, naming the runtime and the part', () => {
    const said = checked(output.replace('value: "on"', 'value: "off"'));
    assert.match(
      said.at(-1)!,
      /^error: check: the injection was edited by hand \(runtime csi: its injection was edited by hand \(/,
    );
  });

  it('fails an injection whose entry changed since', () => {
    const changed = itemRun('check', CONFIG.replace('logger:v1', 'logger:v2'));
    assert.deepEqual(checked(output, changed), [
      `error: check: the injection is stale (runtime logger: its injection config changed since it was injected); ${FIX}`,
    ]);
  });

  it('fails an injection that misses a runtime declared since', () => {
    const added = injected(sandbox(['csi'])).replace('  - name: csi\n', '  - name: csi\n  - name: logger\n');
    assert.deepEqual(checked(added), [
      `error: check: the injection is stale (runtime logger: declared but not injected); ${FIX}`,
    ]);
  });
});
