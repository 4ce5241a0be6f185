// Changes into edits: changes that land together are made as one edit, in an order that closes first
// what is deepest.
import assert from 'node:assert/strict';
import { apply } from '../helpers/apply.js';

describe('apply/edit', () => {
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
});
