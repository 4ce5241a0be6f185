// npm run docs:generate: writes what is made from the option declarations (src/config/options.ts) into
// the files that show it: the spec schema in krm-function.yaml, and the option tables between marker
// comments in README.md and docs/config.md. test/config/reference.test.ts fails while one is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isScalar, isSeq, parseDocument, Scalar, visit } from 'yaml';
import { OPTIONS } from '../src/config/options.js';
import { optionTable, specSchema } from '../src/config/reference.js';

const ROOT = new URL('..', import.meta.url).pathname;
export const TABLE_START = '<!-- options: made from src/config/options.ts by npm run docs:generate -->';
export const TABLE_END = '<!-- end of options -->';
const SCHEMA_PATH = ['spec', 'versions', 0, 'schema', 'openAPIV3Schema', 'properties', 'spec'];

function withTable(path: string, text: string): string {
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start === -1 || end < start) throw new Error(`${path} has no ${TABLE_START} ... ${TABLE_END}`);
  return `${text.slice(0, start + TABLE_START.length)}\n\n${optionTable(OPTIONS)}\n\n${text.slice(end)}`;
}

/** The file's own style: short lists in flow style, descriptions folded. */
function withSchema(text: string): string {
  const doc = parseDocument(text);
  const schema = doc.createNode(specSchema(OPTIONS));
  visit(schema, {
    Seq: (_key, seq) => {
      if (isSeq(seq) && seq.items.every(isScalar)) seq.flow = true;
    },
    Pair: (_key, pair) => {
      if (isScalar(pair.key) && pair.key.value === 'description' && isScalar(pair.value))
        pair.value.type = Scalar.BLOCK_FOLDED;
    },
  });
  doc.setIn(SCHEMA_PATH, schema);
  return doc.toString({ indentSeq: false, lineWidth: 100, flowCollectionPadding: false });
}

/** Each file that shows the options, as it should read. */
export function surfaces(): { path: string; text: string }[] {
  const made = [
    { path: 'README.md', make: (text: string) => withTable('README.md', text) },
    { path: 'docs/config.md', make: (text: string) => withTable('docs/config.md', text) },
    { path: 'krm-function.yaml', make: withSchema },
  ];
  return made.map(({ path, make }) => ({ path, text: make(readFileSync(join(ROOT, path), 'utf8')) }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const { path, text } of surfaces()) {
    if (readFileSync(join(ROOT, path), 'utf8') === text) continue;
    writeFileSync(join(ROOT, path), text);
    console.log(`wrote ${path}`);
  }
}
