// A cache keeps what it made, and starts over past its bound instead of growing without end.
import assert from 'node:assert/strict';
import { remembered } from '../../src/base/memo.js';

describe('memo', () => {
  it('makes a value once per key, and clears itself once it holds the bound', () => {
    const cache = new Map<number, number>();
    let made = 0;
    const get = (k: number) => remembered(cache, k, () => (made++, k * 2));
    assert.equal(get(1), 2);
    assert.equal(get(1), 2);
    assert.equal(made, 1);
    for (let k = 0; k < 50_000; k++) get(k);
    assert.ok(cache.size <= 20_000, `the cache holds ${cache.size}`);
  });
});
