// Output fidelity (docs/io.md), line by line: untouched items come out byte-identical, and in a
// changed item the only lines that differ are injected ones.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { runAsProcess as run } from './helpers/process.js';
import { ROOT } from './helpers/bundle.js';

const input = (name: string) => readFileSync(join(ROOT, 'test/golden', name, 'input.yaml'), 'utf8');

/** Lines of `before` missing from `after`, by a longest common subsequence of lines. */
function removedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const removed: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length) {
    if (j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && lcs[i]![j + 1]! >= lcs[i + 1]![j]!) j++;
    else removed.push(a[i++]!);
  }
  return removed;
}

describe('fidelity', () => {
  it('untouched items are byte-identical: comments, flow maps, block scalars, quoting, 0755, anchors', () => {
    const text = input('other-items-untouched');
    const output = run(text).stdout;
    const items = parseDocument(text).get('items', true) as {
      items: { range: number[]; toJSON(): { kind: string } }[];
    };
    const untouched = items.items.filter((item) => item.toJSON().kind !== 'Sandbox');
    assert.equal(untouched.length, 3);
    for (const item of untouched) assert.ok(output.includes(text.slice(item.range[0], item.range[2])));
    assert.deepEqual(removedLines(text, output), []);
  });

  it('in a changed item, only injected lines differ', () => {
    const text = input('fidelity-changed-item');
    const output = run(text).stdout;
    // Every input line is still there, but for the flow list that got an entry appended in place.
    assert.deepEqual(removedLines(text, output), ['                        env: [{name: MODE, value: "on"}]']);
    assert.ok(
      output.includes('                        env: [{name: MODE, value: "on"}, {name: ENVD_DIR, value: /mnt/envd}]'),
    );
  });
});
