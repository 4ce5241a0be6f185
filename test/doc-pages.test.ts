// The docs' pages say what is true: the README opens with the two commands that CI and a new user run,
// and stays a landing page that links every page of docs/; the error table of docs/errors.md matches
// what the function prints (each message fragment appears in the output of the golden cases it names);
// docs/performance.md quotes the benchmark's latest results; and every relative link leads to a file,
// and a heading, that exist.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from './helpers/bundle.js';
import { docPages } from './helpers/pages.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const readme = read('README.md');

/** GitHub's anchor of a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`. */
const anchorOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** The text of a page outside its fenced code blocks. */
const prose = (text: string) => text.replace(/^ *(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ *\1[^\n]*$/gm, '');

describe('docs: pages', () => {
  it('the README opens with the set-up-and-run command and the test command', () => {
    const first = /```sh\n(.*)\n(.*)\n```/.exec(readme);
    assert.ok(first && readme.indexOf(first[0]) < readme.indexOf('\n## '));
    assert.match(first[1]!, /^npm ci && npm run example\b/);
    assert.match(first[2]!, /^npm test\b/);
    assert.match(read('.ci/run'), /\nnpm test /);
  });

  it('the README is a landing page: the manual is in docs/', () => {
    const lines = readme.split('\n').length;
    assert.ok(lines <= 180, `README.md has ${lines} lines: move what is not a first step into docs/`);
  });

  it('the README links every page of docs/, and says how to build the single executable', () => {
    const unlinked = docPages()
      .filter((page) => page.startsWith('docs/'))
      .filter((page) => !prose(readme).includes(`](${page}`));
    assert.deepEqual(unlinked, [], "link each page from the README's Documentation list");
    for (const named of ['npm run build:binary', 'scripts/binary-e2e.sh']) assert.ok(readme.includes(named), named);
  });

  it('every relative link leads to a file, and a heading of it, that exist', () => {
    const broken: string[] = [];
    for (const page of docPages()) {
      const text = prose(read(page));
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const file = path === '' ? join(ROOT, page) : join(ROOT, dirname(page), path);
        const shown = `${page}: (${target})`;
        if (!existsSync(file)) {
          broken.push(`${shown}: no file ${relative(ROOT, file)}`);
          continue;
        }
        if (anchor === undefined) continue;
        const headings = [...prose(readFileSync(file, 'utf8')).matchAll(/^#+ (.*)$/gm)].map((m) => anchorOf(m[1]!));
        if (!headings.includes(anchor)) broken.push(`${shown}: no heading #${anchor} in ${relative(ROOT, file)}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('every file the docs name in code exists', () => {
    const missing: string[] = [];
    for (const page of docPages().filter((p) => p !== 'CHANGELOG.md')) {
      for (const [, path] of read(page).matchAll(/`((?:src|test|scripts|bench|examples|docs|\.ci)\/[^`\s:]*)`/g)) {
        // A pattern (`test/golden/<case>/`, `test/golden/live-pod-*`, `src/...`) names no one file.
        if (/[<*…]|\.\.\./.test(path!)) continue;
        if (!existsSync(join(ROOT, path!))) missing.push(`${page}: ${path}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('the error table matches what the function prints', () => {
    const errors = read('docs/errors.md');
    const section = errors.slice(errors.indexOf('## Errors and what they mean'));
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    assert.ok(rows.length >= 20);
    for (const row of rows) {
      const [message, , cases] = row.split(' | ').map((cell) => cell.replace(/^\| /, '').replace(/ \|$/, ''));
      const fragments = [...message!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      const names = [...cases!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      for (const name of names) {
        // A message only the command prints is pinned by the test that names it.
        if (name.endsWith('.test.ts')) {
          const test = read(join('test', name));
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

  it('docs/performance.md quotes the benchmark results as bench/RESULTS.md has them', () => {
    const results = read('bench/RESULTS.md');
    // The tables npm run bench writes; the paired figures after them are quoted in words.
    const paired = results.indexOf('\n## Before and after');
    const tables = results.slice(results.indexOf('| workload'), paired < 0 ? undefined : paired).trim();
    assert.ok(
      read('docs/performance.md').includes(tables),
      'npm run bench, then copy its tables into docs/performance.md',
    );
  });
});
