// The text applier: each kind of change lands where a person would put it, and nothing else moves.
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { planEdits, splice, type ApplyFailure } from '../../src/apply/edit.js';
import { Renderer } from '../../src/apply/render.js';
import { detectStyle } from '../../src/apply/style.js';
import type { Change } from '../../src/plan/changes.js';

function edit(text: string, changes: Change[]) {
  const doc = parseDocument(text);
  const root = doc.contents!;
  return planEdits(text, root, changes, detectStyle(text, root), new Renderer());
}

function apply(text: string, changes: Change[]): string {
  const planned = edit(text, changes);
  assert.ok(planned.ok, JSON.stringify(planned));
  return splice(text, planned.value.edits);
}

describe('apply/edit', () => {
  it('appends to a block list after its last item, keeping comments', () => {
    const text = 'a:\n- x # one\n- y\n# after\nb: 1\n';
    assert.equal(
      apply(text, [{ op: 'append', path: ['a'], values: ['z'] }]),
      'a:\n- x # one\n- y\n- z\n# after\nb: 1\n',
    );
  });

  it('appends after a last item that is a block scalar or a nested map', () => {
    const text = 'a:\n- |\n  line\n- k:\n    deep: 1\nb: 1\n';
    assert.equal(
      apply(text, [{ op: 'append', path: ['a'], values: [{ m: 1 }] }]),
      'a:\n- |\n  line\n- k:\n    deep: 1\n- m: 1\nb: 1\n',
    );
  });

  it('appends into flow lists, empty or not', () => {
    assert.equal(apply('a: []\n', [{ op: 'append', path: ['a'], values: [{ m: 1 }, 'on'] }]), 'a: [{m: 1}, "on"]\n');
    assert.equal(apply('a: [x, "y"]\n', [{ op: 'append', path: ['a'], values: ['z'] }]), 'a: [x, "y", z]\n');
  });

  it('creates a missing key at the end of its mapping, at the mapping column', () => {
    const text = 'spec:\n  containers:\n  - name: main\n    image: x\nother: 1\n';
    assert.equal(
      apply(text, [{ op: 'append', path: ['spec', 'containers', 0, 'env'], values: [{ name: 'A', value: 'b' }] }]),
      'spec:\n  containers:\n  - name: main\n    image: x\n    env:\n    - name: A\n      value: b\nother: 1\n',
    );
  });

  it('merges changes that create keys under one missing parent', () => {
    const text = 'template:\n  spec: {}\n';
    const out = apply(text, [
      { op: 'set', path: ['template', 'metadata', 'labels', 'a'], value: '1' },
      { op: 'set', path: ['template', 'metadata', 'annotations', 'b'], value: 'yes' },
      { op: 'append', path: ['template', 'metadata', 'labels2'], values: [1] },
      { op: 'append', path: ['template', 'metadata', 'labels2'], values: [2] },
    ]);
    assert.equal(
      out,
      'template:\n  spec: {}\n  metadata:\n    labels:\n      a: "1"\n    annotations:\n      b: "yes"\n    labels2:\n    - 1\n    - 2\n',
    );
  });

  it('puts deeper insertions first where two land at one offset', () => {
    const text = 'spec:\n  containers:\n  - name: main\n';
    const out = apply(text, [
      { op: 'append', path: ['spec', 'containers'], values: [{ name: 'side' }] },
      { op: 'append', path: ['spec', 'containers', 0, 'env'], values: [{ name: 'A' }] },
      { op: 'append', path: ['spec', 'volumes'], values: [{ name: 'v' }] },
    ]);
    assert.equal(
      out,
      'spec:\n  containers:\n  - name: main\n    env:\n    - name: A\n  - name: side\n  volumes:\n  - name: v\n',
    );
  });

  it('replaces an empty or null value, in block and flow mappings', () => {
    assert.equal(apply('a:\nb: 1\n', [{ op: 'append', path: ['a'], values: [1] }]), 'a:\n- 1\nb: 1\n');
    assert.equal(apply('a: ~\n', [{ op: 'set', path: ['a', 'b'], value: 'c' }]), 'a:\n  b: c\n');
    assert.equal(apply('m: {a: null, b: 2}\n', [{ op: 'set', path: ['m', 'a'], value: [1] }]), 'm: {a: [1], b: 2}\n');
    assert.equal(
      apply('m: {x: 1}\n', [{ op: 'set', path: ['m', 'w'], value: { z: 'on' } }]),
      'm: {x: 1, w: {z: "on"}}\n',
    );
  });

  it('replaces a whole pair with set, keeping its neighbours', () => {
    const text = 'lifecycle:\n  postStart: {} # empty\n  preStop:\n    exec: {}\n';
    assert.equal(
      apply(text, [{ op: 'set', path: ['lifecycle', 'postStart'], value: { exec: { command: ['a'] } } }]),
      'lifecycle:\n  postStart:\n    exec:\n      command:\n      - a\n  preStop:\n    exec: {}\n',
    );
  });

  it('prepends to block and flow lists', () => {
    assert.equal(
      apply('c:\n  - "echo"\n  - old\n', [{ op: 'prepend', path: ['c'], values: ['bash', '--'] }]),
      'c:\n  - bash\n  - --\n  - "echo"\n  - old\n',
    );
    assert.equal(
      apply('c: [echo]\n', [{ op: 'prepend', path: ['c'], values: ['bash', '--'] }]),
      'c: [bash, --, echo]\n',
    );
  });

  it('removes list items and keys, block and flow', () => {
    const text = 'r:\n- name: a # first\n- name: b\n- name: c\nx: 1\n';
    assert.equal(
      apply(text, [
        { op: 'remove', path: ['r', 0] },
        { op: 'remove', path: ['r', 2] },
      ]),
      'r:\n- name: b\nx: 1\n',
    );
    assert.equal(apply(text, [{ op: 'remove', path: ['r'] }]), 'x: 1\n');
    assert.equal(
      apply('r: [{name: a}, {name: b}, {name: c}]\n', [{ op: 'remove', path: ['r', 1] }]),
      'r: [{name: a}, {name: c}]\n',
    );
    assert.equal(apply('r: [{name: a}, {name: b}]\n', [{ op: 'remove', path: ['r', 1] }]), 'r: [{name: a}]\n');
  });

  it('ends inserted lines with a newline even at the end of a text without one', () => {
    assert.equal(apply('a:\n- x', [{ op: 'append', path: ['a'], values: ['z'] }]), 'a:\n- x\n- z\n');
  });

  it('follows the wide list style and indent of the document', () => {
    const text = 'spec:\n    list:\n        - a\n    m:\n        k: v\n';
    assert.equal(
      apply(text, [{ op: 'set', path: ['spec', 'w'], value: { l: ['x'] } }]),
      text + '    w:\n        l:\n            - x\n',
    );
  });

  it('refuses to edit through an alias, which would change what else points there', () => {
    const text = 'base: &b {x: 1}\nuse: *b\n';
    const planned = edit(text, [{ op: 'set', path: ['use', 'y'], value: 1 }]);
    assert.ok(!planned.ok);
    const refused: ApplyFailure = planned.error;
    assert.match(refused.message, /^use is the alias \*b: editing through it would change the anchor &b/);
    assert.equal(refused.offset, text.indexOf('*b'));
  });
});
