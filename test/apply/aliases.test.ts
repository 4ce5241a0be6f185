// Anchors, aliases and merge keys: what is shared is written out before it is edited, or the edit is
// refused, naming the anchor.
import assert from 'node:assert/strict';
import type { ApplyFailure } from '../../src/apply/nodes.js';
import { apply, edit } from '../helpers/apply.js';

describe('apply/aliases', () => {
  it('refuses to edit through an alias, which would change what else points there', () => {
    const text = 'base: &b {x: 1}\nuse: *b\n';
    const planned = edit(text, [{ op: 'set', path: ['use', 'y'], value: 1 }]);
    assert.ok(!planned.ok);
    const refused: ApplyFailure = planned.error;
    assert.match(refused.message, /^use is the alias \*b: editing through it would change the anchor &b/);
    assert.equal(refused.offset, text.indexOf('*b'));
  });

  it('writes out the other aliases of an anchored value that is edited, given the data', () => {
    const text = 'base: &b {x: 1}\nuse: *b\n';
    const data = { base: { x: 1 }, use: { x: 1 } };
    assert.equal(apply(text, [{ op: 'set', path: ['base', 'x'], value: 2 }], data), 'base: &b {x: 2}\nuse:\n  x: 1\n');
  });

  it('replaces an alias that a change sets whole, in whichever order its anchor is set too', () => {
    // (The health-probe rewrite sets each container's postStart, where two share one through an alias.)
    const text = 'base: &b {x: 1}\nuse: *b\n';
    const data = { base: { x: 1 }, use: { x: 1 } };
    const anchor = { op: 'set' as const, path: ['base'], value: { x: 2 } };
    const alias = { op: 'set' as const, path: ['use'], value: { x: 3 } };
    for (const changes of [
      [anchor, alias],
      [alias, anchor],
    ])
      assert.equal(apply(text, changes, data), 'base:\n  x: 2\nuse:\n  x: 3\n');
  });

  it('writes out a key that a merge key gives, with the merged value, before adding to it', () => {
    const text = 'd: &d\n  env: [a]\nc:\n  <<: *d\n  name: c\n';
    const data = { d: { env: ['a'] }, c: { env: ['a'], name: 'c' } };
    assert.equal(
      apply(text, [{ op: 'append', path: ['c', 'env'], values: ['b'] }], data),
      'd: &d\n  env: [a]\nc:\n  <<: *d\n  name: c\n  env:\n  - a\n  - b\n',
    );
  });
});
