// The planner's working copy: copyData must copy what structuredClone copies, as deeply and as exactly.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { copyData } from '../../src/base/data.js';
import { checkProperty } from '../helpers/property.js';

describe('plan/changes', () => {
  it('copyData equals structuredClone on YAML data, and shares nothing with the original', function () {
    checkProperty(
      this,
      [fc.jsonValue()],
      (value) => {
        const copy = copyData(value);
        assert.deepStrictEqual(copy, structuredClone(value));
        const collection = typeof value === 'object' && value !== null;
        if (collection) assert.notEqual(copy, value);
        // Evidence: a collection, which a copy must not share (a scalar is copied by any assignment).
        return collection;
      },
      { runs: 1000, floor: 590 },
    );
  });

  it('keeps an own __proto__ key as data, and clones what is not plain (a YAML 1.1 timestamp)', () => {
    const data = parseDocument('%YAML 1.1\n---\n__proto__: {polluted: true}\nat: 2001-12-14\n').toJS() as Record<
      string,
      unknown
    >;
    const copy = copyData(data);
    assert.deepStrictEqual(copy, structuredClone(data));
    assert.ok(Object.hasOwn(copy, '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(copy.at instanceof Date && copy.at !== data.at);
  });
});
