// The refusals by design are listed where people read them: docs/refusals.md has a row for each tag of
// REFUSAL_REASONS and no other, and each golden case a row names prints that tag on an error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REFUSAL_REASONS } from '../src/base/results.js';
import type { Result } from '../src/base/results.js';
import { GOLDEN_DIR } from './helpers/golden.js';
import { ROOT } from './helpers/bundle.js';

const page = readFileSync(join(ROOT, 'docs/refusals.md'), 'utf8');
/** The table's rows: the tag, and the golden cases in its last cell. */
const rows = page
  .split('\n')
  .filter((line) => /^\| `[a-z-]+` \|/.test(line))
  .map((line) => {
    const cells = line.split(' | ');
    return {
      tag: /`([a-z-]+)`/.exec(cells[0]!)![1]!,
      cases: [...cells[cells.length - 1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
    };
  });

describe('docs/refusals.md', () => {
  it('has a row for each refusal reason, and for no other', () => {
    assert.deepEqual(
      rows.map((r) => r.tag),
      [...REFUSAL_REASONS],
    );
  });

  for (const { tag, cases } of rows)
    it(`names golden cases that refuse with the tag ${tag}`, () => {
      assert.ok(cases.length > 0, 'at least one');
      for (const name of cases) {
        const results = parse(readFileSync(join(GOLDEN_DIR, name, 'results.yaml'), 'utf8')) as Result[];
        assert.ok(
          results.some((r) => r.severity === 'error' && r.tags?.reason === tag),
          `${name} has an error tagged ${tag}`,
        );
      }
    });
});
