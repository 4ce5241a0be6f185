// The yaml package as the reader uses it, with the bounds that make hostile input cheap to refuse
// (docs/io.md, "Limits"): duplicate keys found in linear time, nesting and alias expansion bounded
// before any data is made, and every failure a sentence that says what was found and the fix.
import {
  Composer,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  Parser,
  YAMLParseError,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';
import { failure, success, type Outcome } from '../base/outcome.js';

/**
 * How every resource is read: with YAML 1.1 merge keys (`<<: *defaults`), which Kubernetes applies
 * (its YAML reader is YAML 1.1), so that what is planned is what the API server would see.
 */
export const READ_OPTIONS = { prettyErrors: true, logLevel: 'error', merge: true } as const;

/**
 * READ_OPTIONS as the reader gives them to yaml: duplicate keys are found by `duplicateKeys` below, as
 * yaml finds them, since yaml's own check compares each key with every key before it, quadratic in a
 * mapping's size (a minified JSON object of 20,000 keys took seconds).
 */
const COMPOSE_OPTIONS = { ...READ_OPTIONS, uniqueKeys: false } as const;

/**
 * How deep collections may nest in what is read as data, aliases expanded. Real manifests stay under
 * 30 levels (a CRD's schema under 100); the parser itself fails at about a thousand.
 */
export const MAX_DEPTH = 256;

/** Bounds the expansion of aliases, so an alias bomb costs little (the yaml package's own guard). */
export const MAX_ALIAS_COUNT = 1000;

/**
 * How large an item's data may grow by its aliases, in characters of its JSON. The API server takes
 * objects of at most 3 MiB; this bound keeps a few large anchors, aliased many times, from filling
 * memory (600 KB aliased 990 times once made 600 MB) before anything is copied.
 */
export const MAX_EXPANDED_SIZE = 16 * 2 ** 20;

/**
 * The documents of a stream; a document's errors are in its `errors`, each with its line. Nesting
 * deeper than the parser can follow is a failure naming the document.
 */
export function parseStream(text: string, options: object = COMPOSE_OPTIONS): Outcome<Document.Parsed[], string> {
  return compose(text, options, false);
}

/** One document (the text of one item, or of a config file). */
export function parseOne(text: string, options: object = COMPOSE_OPTIONS): Outcome<Document.Parsed, string> {
  const docs = compose(text, options, true);
  return docs.ok ? success(docs.value[0]!) : docs;
}

function compose(text: string, options: object, single: boolean): Outcome<Document.Parsed[], string> {
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer(options);
  const docs: Document.Parsed[] = [];
  // Where the parser runs out of stack depends on how deep the caller's stack is, so no line is given:
  // only the document, which holds that place wherever it is.
  const tooDeepAt = (offset: number) => tooDeep(single ? '' : `document ${documentAt(text, offset)}`);
  try {
    for (const doc of composer.compose(parser.parse(text), single, single ? text.length : -1)) {
      if (single && docs.length) {
        const message = 'Source contains multiple documents; please use YAML.parseAllDocuments()';
        docs[0]!.errors.push(new YAMLParseError(doc.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', message));
        break;
      }
      docs.push(doc);
    }
  } catch (e) {
    // The parser recurses once per level of nesting, and runs out of stack at about a thousand.
    if (isStackOverflow(e)) return failure(tooDeepAt(parser.offset));
    throw e;
  }
  for (const doc of docs) {
    // (The composer, which recurses too, keeps its overflow as an error of the document.)
    const overflow = doc.errors.find((error) => /call stack/i.test(error.message));
    if (overflow) return failure(tooDeepAt(overflow.pos[0]));
    if ((options as { uniqueKeys?: unknown }).uniqueKeys === false) doc.errors.push(...duplicateKeys(doc));
    doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
    for (const error of doc.errors) error.linePos = [lines.linePos(error.pos[0]), lines.linePos(error.pos[1])];
  }
  return success(docs);
}

/**
 * Which document of a stream an offset is in, from its start: a line that starts with `---` starts a
 * document wherever it stands (no scalar may hold one), and text before the first such line is a
 * document of its own if it holds more than comments and directives.
 */
function documentAt(text: string, offset: number): number {
  const marker = /^---(?:[ \t\r\n]|$)/gm;
  let count = 0;
  let first = -1;
  for (let m = marker.exec(text); m && m.index < offset; m = marker.exec(text)) {
    if (first === -1) first = m.index;
    count++;
  }
  const before = first === -1 ? text.slice(0, offset) : text.slice(0, first);
  return count + (/^[ \t]*[^\s#%]/m.test(before) ? 1 : 0);
}

const isStackOverflow = (e: unknown): boolean => e instanceof RangeError && /call stack/i.test(e.message);

const tooDeep = (where: string): string =>
  `it nests collections more than ${MAX_DEPTH} levels deep${where ? ` (${where})` : ''}, which no manifest ` +
  'needs; flatten the deepest value';

/**
 * A DUPLICATE_KEY error for each key equal to an earlier one of its mapping, as yaml's own check has
 * it (equal scalar values; NaN equals nothing), in one pass over the document.
 */
function duplicateKeys(doc: Document): YAMLError[] {
  const errors: YAMLError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isPair(node)) stack.push(node.key, node.value);
    if (!isCollection(node)) continue;
    for (const item of node.items) stack.push(item);
    if (!isMap(node)) continue;
    const seen = new Set<unknown>();
    for (const { key } of node.items) {
      if (!isScalar(key) || Number.isNaN(key.value)) continue;
      if (seen.has(key.value))
        errors.push(new YAMLParseError(key.range!.slice(0, 2) as [number, number], 'DUPLICATE_KEY', DUPLICATE));
      seen.add(key.value);
    }
  }
  return errors;
}

const DUPLICATE = 'Map keys must be unique';

/**
 * YAML as plain data, aliases expanded, within the bounds above: nesting deeper than MAX_DEPTH, aliases
 * that would grow the data past MAX_EXPANDED_SIZE, an alias inside its own anchor, or an alias bomb, is
 * a failure that says so, found before any data is made.
 */
export function toData(node: Node | null, doc: Document): Outcome<unknown, string> {
  if (node === null) return success(null);
  const measured = measure(node, doc);
  if (!measured.ok) return failure(`the alias *${measured.error} is inside its own anchor, a cycle`);
  if (measured.value.depth > MAX_DEPTH) return failure(tooDeep(''));
  // Without aliases the data is no larger than its text, which is bounded on its own (src/stdin.ts).
  const { size, aliased } = measured.value;
  if (aliased && size > MAX_EXPANDED_SIZE) {
    const expanded = size < 2 ** 50 ? `${(size / 2 ** 20).toFixed(1)} MiB` : 'more than a PiB';
    return failure(
      `its aliases expand it to ${expanded} of data, over the ${MAX_EXPANDED_SIZE / 2 ** 20} MiB allowed: ` +
        'write the values out, or alias smaller ones',
    );
  }
  try {
    return success(node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }));
  } catch (e) {
    const unresolved = e instanceof ReferenceError && /^Unresolved alias [^:]*: (.*)$/.exec(e.message)?.[1];
    if (unresolved) {
      return failure(
        `the alias *${unresolved} has no anchor before it here (an alias cannot reach into another item ` +
          'or document): write the value out',
      );
    }
    if (e instanceof ReferenceError || e instanceof RangeError) {
      return failure(
        `its aliases expand too much to read (more than ${MAX_ALIAS_COUNT} references): write the values out`,
      );
    }
    // What else yaml's toJS throws is about the text: a merge key whose source is no mapping.
    if (e instanceof Error && /^Merge sources must be maps/.test(e.message)) {
      return failure(
        'a merge key (<<) takes a mapping, or a list of mappings, and here it is given something else: ' +
          'write the keys out, or merge a mapping',
      );
    }
    throw e;
  }
}

interface Measure {
  /** Characters of the data as JSON, about. */
  size: number;
  depth: number;
  /** Whether an alias is in it. */
  aliased: boolean;
  /** An alias in it inside its own anchor, by name. */
  cycle?: string;
}

/**
 * The size and depth of a node's data with its aliases expanded: one walk of its document in order,
 * each alias counting as the last anchor of its name before it (as yaml resolves it), measured once.
 * (Recursive: the parser has already followed every level.) An alias inside its own anchor fails, by name.
 */
function measure(root: Node, doc: Document): Outcome<Measure, string> {
  const anchors = new Map<string, Measure | 'open'>();
  let found: Measure | undefined;
  const walk = (node: unknown): Measure => {
    let m: Measure;
    if (isAlias(node)) {
      const anchored = anchors.get(node.source);
      const known = anchored === 'open' ? undefined : anchored;
      m = { size: known?.size ?? 0, depth: known?.depth ?? 0, aliased: true };
      if (anchored === 'open') m.cycle = node.source;
    } else if (isPair(node)) {
      const [key, value] = [walk(node.key), walk(node.value)];
      m = {
        size: key.size + value.size + 1,
        depth: Math.max(key.depth, value.depth),
        aliased: key.aliased || value.aliased,
      };
      const cycle = key.cycle ?? value.cycle;
      if (cycle !== undefined) m.cycle = cycle;
    } else if (isCollection(node)) {
      if (node.anchor) anchors.set(node.anchor, 'open');
      m = { size: 2, depth: 0, aliased: false };
      for (const item of node.items) {
        const inner = walk(item);
        m.size += inner.size + 1;
        m.depth = Math.max(m.depth, inner.depth);
        m.aliased ||= inner.aliased;
        if (inner.cycle !== undefined) m.cycle ??= inner.cycle;
      }
      m.depth += 1;
    } else {
      const value = isScalar(node) ? node.value : null;
      m = { size: 2 + (typeof value === 'string' ? value.length : 8), depth: 0, aliased: false };
    }
    if ((isScalar(node) || isCollection(node)) && node.anchor) anchors.set(node.anchor, m);
    if (node === root) found = m;
    return m;
  };
  walk(doc.contents);
  const measured = found ?? walk(root);
  return measured.cycle === undefined ? success(measured) : failure(measured.cycle);
}
