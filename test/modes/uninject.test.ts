// uninject on one item (src/modes/uninject.ts): the recorded injection taken out, and nothing else.
import assert from 'node:assert/strict';
import type { Result } from '../../src/base/results.js';
import { inject } from '../../src/modes/inject.js';
import { uninject } from '../../src/modes/uninject.js';
import { CONFIG, itemOf, itemRun, sandbox } from '../helpers/modes.js';

const run = itemRun('uninject');
/** What uninject makes of the item, which it must be able to rewrite. */
function uninjected(text: string): { text?: string; results: Result[] } {
  const outcome = uninject(itemOf(text, run));
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return outcome.value;
}

describe('modes/uninject', () => {
  const input = sandbox(['csi', 'logger']);
  const made = inject(itemOf(input, itemRun('inject')));
  assert.ok(made.ok && made.value.text);
  const output = made.value.text;

  it('gives the input back, byte for byte, and says what it took out', () => {
    const back = uninjected(output);
    assert.equal(back.text, input);
    assert.deepEqual(
      back.results.map((r) => [r.severity, r.message, r.field?.path]),
      [['info', 'took out the recorded injection of csi, logger (sandbox-inject.dev/status)', 'metadata.annotations']],
    );
  });

  it('leaves an item that records no injection as it is, saying nothing', () => {
    assert.deepEqual(uninjected(input), { results: [] });
  });

  it('refuses a runtime whose injection was edited by hand since, unless handEdits: adopt takes the edit out too', () => {
    const edited = output.replace('image: logger:v1', 'image: logger:v2');
    const refused = uninject(itemOf(edited, run));
    assert.ok(!refused.ok, 'the resource is left as it is');
    assert.match(refused.error.message, /^runtime logger: its injection was edited by hand \("logger" in /);
    const adopting = itemRun('uninject', `${CONFIG}  handEdits: adopt\n`);
    const back = uninject(itemOf(edited, adopting));
    assert.ok(back.ok, JSON.stringify(back));
    assert.equal(back.value.text, input, 'the adopted edit goes with the injection');
  });
});
