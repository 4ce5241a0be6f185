// npm run docs:generate: writes what is made from the declarations into the files that show it: from
// the options (src/config/options.ts), the spec schema in krm-function.yaml and the option table of
// docs/config.md; from the runtime units and the entry's fields (src/runtimes/), the entry-field table
// of docs/config.md. Tables go between marker comments. test/config/options.test.ts fails while one
// is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isScalar, isSeq, parseDocument, Scalar, visit } from 'yaml';
import { OPTIONS } from '../src/config/options.js';
import { entryFieldTable, optionTable, specSchema } from '../src/config/reference.js';
import { generic } from '../src/runtimes/generic.js';
import { RUNTIMES } from '../src/runtimes/table.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SCHEMA_PATH = ['spec', 'versions', 0, 'schema', 'openAPIV3Schema', 'properties', 'spec'];

/** The tables made here, each between its two marker comments. */
const TABLES = [
  {
    start: '<!-- options: made from src/config/options.ts by npm run docs:generate -->',
    end: '<!-- end of options -->',
    make: () => optionTable(OPTIONS),
  },
  {
    start: '<!-- entry fields: made from src/runtimes/ by npm run docs:generate -->',
    end: '<!-- end of entry fields -->',
    make: () => entryFieldTable(RUNTIMES, generic),
  },
];

function withTables(path: string, text: string): string {
  for (const { start: startMarker, end: endMarker, make } of TABLES) {
    const start = text.indexOf(startMarker);
    const end = text.indexOf(endMarker);
    if (start === -1 || end < start) throw new Error(`${path} has no ${startMarker} ... ${endMarker}`);
    text = `${text.slice(0, start + startMarker.length)}\n\n${make()}\n\n${text.slice(end)}`;
  }
  return text;
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
    { path: 'docs/config.md', make: (text: string) => withTables('docs/config.md', text) },
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
