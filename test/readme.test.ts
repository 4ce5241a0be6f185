// The README's error table is true: each message fragment appears in the output of the golden cases
// it names. The README opens with the two commands that CI and a new user run, and quotes the
// benchmark's latest results.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/bundle.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('opens with the set-up-and-run command and the test command', () => {
    const first = /```sh\n(.*)\n(.*)\n```/.exec(readme);
    assert.ok(first && readme.indexOf(first[0]) < readme.indexOf('\n## '));
    assert.match(first[1]!, /^npm ci && npm run example\b/);
    assert.match(first[2]!, /^npm test\b/);
    assert.match(readFileSync(join(ROOT, '.ci/run'), 'utf8'), /\nnpm test /);
  });

  it('the error table matches what the function prints', () => {
    const section = readme.slice(readme.indexOf('## Errors and what they mean'), readme.indexOf('## Container image'));
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    assert.ok(rows.length >= 20);
    for (const row of rows) {
      const [message, , cases] = row.split(' | ').map((cell) => cell.replace(/^\| /, '').replace(/ \|$/, ''));
      const fragments = [...message!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      const names = [...cases!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      for (const name of names) {
        // A message only the command prints is pinned by the test that names it.
        if (name.endsWith('.test.ts')) {
          const test = readFileSync(join(ROOT, 'test', name), 'utf8');
          assert.ok(
            fragments.some((f) => test.includes(f)),
            `${name} checks one of ${fragments.join(' / ')}`,
          );
          continue;
        }
        const dir = join(ROOT, 'test/golden', name);
        assert.ok(existsSync(dir), `${name} is a golden case`);
        const printed = ['stderr.txt', 'results.yaml']
          .filter((f) => existsSync(join(dir, f)))
          .map((f) => readFileSync(join(dir, f), 'utf8'))
          .join('\n');
        assert.ok(
          fragments.some((f) => printed.includes(f)),
          `${name} prints one of ${fragments.join(' / ')}`,
        );
      }
    }
  });

  it('quotes the benchmark results as bench/RESULTS.md has them', () => {
    const results = readFileSync(join(ROOT, 'bench/RESULTS.md'), 'utf8');
    // The tables npm run bench writes; the paired figures after them are quoted in words.
    const paired = results.indexOf('\n## Before and after');
    const tables = results.slice(results.indexOf('| workload'), paired < 0 ? undefined : paired).trim();
    assert.ok(readme.includes(tables), 'npm run bench, then copy its tables into the Performance section');
  });
});
