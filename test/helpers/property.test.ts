// The property harness: counts of the cases that exercised a law, in all and for each label, held to
// their floors.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkProperty } from './property.js';

describe('helpers/property', () => {
  const digit = fc.integer({ min: 0, max: 9 });
  const parity = (n: number) => (n === 0 ? false : [n % 2 ? 'odd' : 'even']);

  it('counts the cases that exercised the law for each label, and says so in the title', function () {
    checkProperty(this, [digit], parity, { runs: 200, floor: 100, floors: { odd: 50, even: 50 } });
    assert.match(
      this.test!.title,
      /: \d+ of 200 cases exercised it, floor 100; by label, count\/floor: odd \d+\/50, even \d+\/50\)$/,
    );
  });

  it('fails when fewer cases than its floor exercised the law for a label, naming the label', function () {
    assert.throws(
      () => checkProperty(this, [digit], parity, { runs: 50, floor: 1, floors: { odd: 1, prime: 1 } }),
      /too few of 50 generated cases exercised the law for prime \(0, fewer than its floor of 1\)/,
    );
  });
});
