// New text lands where a person would put it, in the layout of the item, and nothing else moves.
import assert from 'node:assert/strict';
import { apply } from '../helpers/apply.js';

describe('apply/insert', () => {
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
});
