// "Did you mean" closeness (docs/config.md): case, - and _ ignored, then at most two edits.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { closest, NameIndex } from '../../src/base/names.js';
import { checkProperty } from '../helpers/property.js';

describe('base/names', () => {
  const options = ['regionId', 'keepRuntimes', 'mode', 'defaults'];
  it('finds the option a misspelt key meant', () => {
    for (const [typo, meant] of [
      ['regionID', 'regionId'],
      ['region-id', 'regionId'],
      ['region_id', 'regionId'],
      ['region', 'regionId'],
      ['keepRuntime', 'keepRuntimes'],
      ['keep-runtimes', 'keepRuntimes'],
      ['Mode', 'mode'],
      ['default', 'defaults'],
    ])
      assert.equal(closest(typo!, options), meant, typo);
  });

  it('suggests nothing for an exact name or one more than two edits away', () => {
    assert.equal(closest('mode', options), undefined);
    assert.equal(closest('agent-runtime', options), undefined);
    assert.equal(closest('reg', options), undefined);
    assert.equal(closest('CSI', ['agent-runtime', 'csi', 'traffic-proxy']), 'csi');
    assert.equal(closest('agent-runtim', ['agent-runtime', 'csi']), 'agent-runtime');
  });
});

describe('base/names: the index', () => {
  // The edit distance as the textbook table has it, whole: what the banded one must give.
  const reference = (a: string, b: string): number => {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++)
        current.push(
          Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)),
        );
      previous = current;
    }
    return previous[b.length]!;
  };
  const normal = (name: string) => name.toLowerCase().replace(/[-_]/g, '');
  const referenceClosest = (name: string, candidates: string[]): string | undefined => {
    if (candidates.includes(name)) return undefined;
    let best: string | undefined;
    let bestDistance = 3;
    for (const c of candidates) {
      const d = reference(normal(name), normal(c));
      if (d < bestDistance) [best, bestDistance] = [c, d];
    }
    return best;
  };

  it('finds what the whole table finds: the first closest candidate within two edits', function () {
    const name = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', 'A'), maxLength: 9 });
    const names = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_', 'B'), maxLength: 9 }), {
      maxLength: 8,
    });
    checkProperty(
      this,
      [name, names],
      (n, candidates) => {
        const expected = referenceClosest(n, candidates);
        assert.equal(closest(n, candidates), expected);
        // A case with a hint exercised the search; one without, only its bound.
        return [expected === undefined ? 'no hint' : 'a hint'];
      },
      { runs: 5000, floor: 5000, floors: { 'a hint': 500, 'no hint': 500 } },
    );
  });

  it('asks little of many names against many: thousands of each in well under a second', () => {
    const index = new NameIndex(Array.from({ length: 3000 }, (_, i) => `entry-${i}`));
    const started = process.hrtime.bigint();
    const hints = Array.from({ length: 3000 }, (_, i) => index.closest(`runtime-${i}`));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    assert.ok(seconds < 1, `${seconds} s`);
    assert.deepEqual(new Set(hints), new Set([undefined]));
    // Once its work is spent, an index gives no more hints rather than more time.
    assert.equal(index.closest('entry-1x'), undefined);
    assert.equal(new NameIndex(['entry-1']).closest('entry-1x'), 'entry-1');
  });
});
