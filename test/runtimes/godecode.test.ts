// Reading entries as Go does: whether JSON text repeats a key, told cheaply, agrees with the full reading.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readJsonPairs, repeatsAKey } from '../../src/runtimes/godecode.js';
import { checkProperty } from '../helpers/property.js';

/** JSON text whose objects may repeat keys, with colons, quotes and backslashes inside the strings. */
const KEY = fc.constantFrom('a', 'b', 'a:b', '"q":', '\\', ':', 'x\\":y', '__proto__');
const { json } = fc.letrec<{ json: string }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(KEY, fc.string()).map((s) => JSON.stringify(s)),
    fc.constantFrom('1', '-0.5e3', 'null', 'true'),
    fc.array(tie('json'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      .array(fc.tuple(KEY, tie('json')), { maxLength: 4 })
      .map((members) => `{${members.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(',')}}`),
  ),
}));

describe('runtimes/godecode', () => {
  it('repeatsAKey says what readJsonPairs finds: whether an object of the text repeats a key', function () {
    checkProperty(
      this,
      [json],
      (text) => {
        const repeated = readJsonPairs(text).repeated;
        assert.equal(repeatsAKey(text, JSON.parse(text)), repeated, text);
        return [repeated ? 'repeated' : 'not repeated'];
      },
      { runs: 1000, floor: 1000, floors: { repeated: 40, 'not repeated': 500 } },
    );
  });

  it('repeatsAKey reads text nested deeper than a stack goes', () => {
    const deep = `{"x":${'['.repeat(200_000)}${']'.repeat(200_000)},"x":1}`;
    assert.equal(repeatsAKey(deep, JSON.parse(deep)), true);
    assert.equal(repeatsAKey(deep.replace(',"x":1', ''), JSON.parse(deep.replace(',"x":1', ''))), false);
  });
});
