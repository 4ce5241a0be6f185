// Finding the items that mention a word, by one search of the whole text.
import assert from 'node:assert/strict';
import { itemsContaining, readInput } from '../../src/read/input.js';

describe('read/input', () => {
  it('finds each item that contains a string once, in order, also in a one-line flow list', () => {
    for (const text of [
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- kind: A # x x\n  b: x\n- kind: B\n- kind: C\n  c: x\n',
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [{kind: A, b: x}, {kind: B}, {kind: C, c: x x}]\n',
      'kind: A\nb: x\n---\nkind: B\n---\nx: 1\nkind: C\n',
    ]) {
      const read = readInput(text);
      assert.ok(read.ok, text);
      const input = read.value;
      const expected = input.items.filter((i) =>
        text.slice(i.node?.range?.[0] ?? i.start, i.node?.range?.[1] ?? i.end).includes('x'),
      );
      assert.deepEqual(
        itemsContaining(input, 'x').map((i) => i.index),
        expected.map((i) => i.index),
        text,
      );
    }
  });
});
