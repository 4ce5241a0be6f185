// Where a change lands: the node at its path, the deepest mapping to create its keys in, or the alias
// to write out on the way.
import assert from 'node:assert/strict';
import { isAlias, isMap, parseDocument } from 'yaml';
import { contextOf } from '../../src/apply/aliases.js';
import { locate } from '../../src/apply/locate.js';
import type { Path } from '../../src/base/data.js';

function target(text: string, path: Path, data?: unknown) {
  const root = parseDocument(text).contents!;
  return locate(contextOf(text, root, data), path, 'set');
}

describe('apply/locate', () => {
  it('finds an existing node, with its pair and parent', () => {
    const found = target('a:\n  b: [1, 2]\n', ['a', 'b', 1]);
    assert.ok(found.ok && found.value.kind === 'node');
    assert.equal(found.value.pair, undefined);
    assert.deepEqual(found.value.parentPath, ['a', 'b']);
  });

  it('gives the deepest existing mapping and the keys still to create', () => {
    const found = target('a:\n  b: 1\n', ['a', 'c', 'd']);
    assert.ok(found.ok && found.value.kind === 'create');
    assert.ok(isMap(found.value.map));
    assert.deepEqual([found.value.mapPath, found.value.key, found.value.rest], [['a'], 'c', ['d']]);
  });

  it('takes an empty value as absent: the new value replaces its pair', () => {
    const found = target('a:\n  b:\n', ['a', 'b', 'c']);
    assert.ok(found.ok && found.value.kind === 'create');
    assert.equal(found.value.replace?.key?.toString(), 'b');
  });

  it('writes out an alias that the path goes through, given the data', () => {
    const found = target('x: &x {k: 1}\ny: *x\n', ['y', 'k'], { x: { k: 1 }, y: { k: 1 } });
    assert.ok(found.ok && found.value.kind === 'expand');
    assert.ok(isAlias(found.value.expansion.site.alias));
    assert.deepEqual([found.value.expansion.value, found.value.rest], [{ k: 1 }, ['k']]);
  });

  it('says which step of the path is missing or of the wrong kind', () => {
    assert.deepEqual(target('a: [1]\n', ['a', 3]), { ok: false, error: { message: 'a[3] does not exist' } });
    assert.deepEqual(target('a: 1\n', ['a', 'b']), { ok: false, error: { message: 'a is not a mapping' } });
  });
});
