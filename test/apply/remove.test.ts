// Text taken out goes with its comments and separators, and leaves its neighbours as they were.
import assert from 'node:assert/strict';
import { apply, edit } from '../helpers/apply.js';

describe('apply/remove', () => {
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

  it('refuses to take out an entry that shares its line with another', () => {
    const planned = edit('r:\n- - x\n  - y\n', [{ op: 'remove', path: ['r', 0, 0] }]);
    assert.deepEqual(planned, {
      ok: false,
      error: { message: 'cannot remove an entry that shares its line with another' },
    });
  });
});
