// Reads stdin into items. The text is kept: items are located by their ranges in it, so that output can be
// the input text with edits, and untouched items come out byte-for-byte.
import { isMap, isScalar, isSeq, type Document, type Node, type YAMLError, type YAMLMap } from 'yaml';
import { SANDBOX_GROUP } from '../base/kinds.js';
import { scan } from './scan.js';
import { parseSubset } from './subset.js';
import { afterLine, columnOf, contentEnd, propsStart } from './text.js';
import { parseOne, parseStream, ReadError, toData } from './yaml.js';

export { READ_OPTIONS, ReadError, toData } from './yaml.js';

export type Shape = 'ResourceList' | 'List' | 'stream';

export interface Item {
  /** Position among the items, from 0. */
  index: number;
  /** The item's own text: from its first key to the end of its last line, its first key at `column`. */
  start: number;
  end: number;
  column: number;
  /** With a full parse, the item's node; with a scan, none (an item is parsed only when it may matter). */
  node?: Node;
}

export interface Input {
  text: string;
  shape: Shape;
  items: Item[];
  /** The ResourceList or List document, whose other fields are kept as they came. */
  envelope?: { root: YAMLMap; text: string };
  /** The ResourceList's functionConfig as data; reading it can fail (an alias bomb), with a ReadError. */
  functionConfig?: () => unknown;
}

/** An item as found by a full parse. */
function parsedItem(text: string, index: number, node: Node): Item {
  // From the anchor or tag of its first key, if any (`&sb apiVersion: ...`), or of the item itself
  // (`--- !!map` above it): the item's text has them.
  const collectionProps = (isMap(node) || isSeq(node)) && (node.tag !== undefined || node.anchor !== undefined);
  const start = node?.range ? propsStart(text, node.range[0], collectionProps) : 0;
  return {
    index,
    start,
    end: node?.range ? afterLine(text, contentEnd(node)) : start,
    column: columnOf(text, start),
    node,
  };
}

/**
 * The input bytes as text; anything but UTF-8 is refused, since re-encoding would change bytes. A
 * byte order mark stays in the text (yaml reads past it): offsets in the text then count every input
 * character, which the output, copied from the input's bytes by those offsets, depends on.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Find the first bad byte: the longest prefix that still decodes (a cut sequence may continue).
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        low = mid;
      } catch {
        high = mid - 1;
      }
    }
    // The longest good prefix may end inside the bad sequence (a lead byte waiting for more): back up to it.
    for (let back = 1; back <= 3 && low - back >= 0 && bytes[low - back]! >= 0x80; back++) {
      if (bytes[low - back]! >= 0xc0) {
        low -= back;
        break;
      }
    }
    const before = bytes.subarray(0, low);
    const line = before.filter((b) => b === 0x0a).length + 1;
    throw new ReadError(
      `cannot read the input: it is not UTF-8 (byte ${low}, 0x${bytes[low]?.toString(16).padStart(2, '0')}, ` +
        `on line ${line}); YAML for Kubernetes must be UTF-8, so convert the file (e.g. iconv -t UTF-8)`,
    );
  }
}

export function readInput(text: string): Input {
  if (text.trim() === '') {
    throw new ReadError(
      'the input is empty: expected a ResourceList on stdin (kpt, KRM functions in kustomize) or YAML ' +
        'manifests (legacy kustomize plugins, Argo CD)',
    );
  }
  const scanned = scan(text);
  if (scanned) {
    const items: Item[] = scanned.chunks.map((c) => ({ index: c.index, start: c.start, end: c.end, column: c.column }));
    const envelope = readEnvelope(scanned.envelope);
    if (envelope && isResourceList(envelope.root)) {
      checkResults(envelope.root);
      const input: Input = {
        text,
        shape: 'ResourceList',
        items,
        envelope: { root: envelope.root, text: scanned.envelope },
      };
      if (envelope.root.has('functionConfig')) input.functionConfig = envelope.functionConfig;
      return input;
    }
  }
  // One document in the subset (a small ResourceList, or one resource) needs no yaml at all.
  const subset = parseSubset(text);
  if (subset) return shape(text, subset.root, () => subset.value.functionConfig ?? null);
  return parseInput(text);
}

/** The ResourceList without its items: by the subset reader when it can, else by yaml. */
function readEnvelope(text: string): { root: YAMLMap; functionConfig: () => unknown } | undefined {
  const subset = parseSubset(text);
  if (subset) return { root: subset.root, functionConfig: () => subset.value.functionConfig ?? null };
  const doc = unreadable(() => parseOne(text));
  const root = doc.contents;
  if (doc.errors.length || !isMap(root)) return undefined;
  return { root, functionConfig: () => toData((root.get('functionConfig', true) as Node | null) ?? null, doc) };
}

/** The full parse, for every layout the scanner does not take. */
function parseInput(text: string): Input {
  const docs = unreadable(() => parseStream(text));
  const duplicates: { pos: number; message: string }[] = [];
  for (const doc of docs) {
    for (const error of doc.errors) {
      // A duplicate key spoils one item, not the input: that item is passed through untouched.
      if (error.code === 'DUPLICATE_KEY') duplicates.push({ pos: error.pos[0], message: describeYamlError(error) });
      else throw new ReadError(`cannot read the input as YAML: ${describeYamlError(error)}`);
    }
  }
  const only = docs.length === 1 ? docs[0]! : undefined;
  const root = only?.contents;
  const input =
    only && isMap(root)
      ? shape(text, root, () => toData((root.get('functionConfig', true) as Node | null) ?? null, only))
      : stream(text, docs);
  for (const duplicate of duplicates) {
    // Within an item it spoils that item only, which is read again on its own if it may matter.
    const inItem = input.items.some(
      (i) => i.node?.range && i.node.range[0] <= duplicate.pos && duplicate.pos < i.node.range[2],
    );
    if (!inItem) throw new ReadError(`cannot read the input: ${duplicate.message}`);
  }
  return input;
}

/** A parse of the whole input that fails is a ReadError for the input. */
function unreadable<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ReadError) throw new ReadError(`cannot read the input: ${e.message}`);
    throw e;
  }
}

function isResourceList(root: YAMLMap): boolean {
  const apiVersion = scalarValue(root.get('apiVersion', true));
  return (
    scalarValue(root.get('kind', true)) === 'ResourceList' &&
    typeof apiVersion === 'string' &&
    apiVersion.startsWith('config.kubernetes.io/')
  );
}

/** How a node that is no mapping reads, for the warning that passes such an item through. */
export function describeNode(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node) && node.value !== null) return `the scalar ${JSON.stringify(String(node.value)).slice(0, 40)}`;
  return 'empty';
}

/** A ResourceList's results, which the run's results are appended to, must be a list if given. */
function checkResults(root: YAMLMap): void {
  const results = root.get('results', true) as Node | undefined;
  if (results === undefined || isSeq(results)) return;
  throw new ReadError(
    `cannot read the input: the ResourceList's results is ${describeNode(results)}, not a list; the run's ` +
      'results are added to it, so give a list (results: [...]) or leave it out',
  );
}

/** A single document: a ResourceList or List of items, or else one item. */
function shape(text: string, root: YAMLMap, functionConfig: () => unknown): Input {
  const kind = scalarValue(root.get('kind', true));
  const resourceList = isResourceList(root);
  const isList = kind === 'List' && root.has('items');
  if (!resourceList && !isList) return { text, shape: 'stream', items: [parsedItem(text, 0, root)] };
  const items = root.get('items', true) as Node | undefined;
  if (!isSeq(items)) {
    const found =
      items === undefined || (isScalar(items) && items.value === null)
        ? 'no items'
        : 'an items field that is not a list';
    throw new ReadError(
      `cannot read the input: the ${kind} has ${found}; a ${kind} needs items: [...] (an empty list is fine)`,
    );
  }
  if (resourceList) checkResults(root);
  const input: Input = {
    text,
    shape: resourceList ? 'ResourceList' : 'List',
    items: items.items.map((node, index) => parsedItem(text, index, node as Node)),
    envelope: { root, text },
  };
  if (resourceList && root.has('functionConfig')) input.functionConfig = functionConfig;
  return input;
}

/** Documents of a stream, each an item; those with only comments (or nothing) pass through as text. */
function stream(text: string, docs: Document[]): Input {
  const items = docs
    .filter((doc) => doc.contents !== null && !(isScalar(doc.contents) && doc.contents.value === null))
    .map((doc, index) => parsedItem(text, index, doc.contents as Node));
  return { text, shape: 'stream', items };
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** A parse error in a person's words: the first line of yaml's message, and where (lines from `firstLine`). */
export function describeYamlError(error: YAMLError, firstLine = 1): string {
  const at = error.linePos?.[0];
  const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return `${message} (at ${at ? `line ${at.line + firstLine - 1}, column ${at.col}` : `offset ${error.pos[0]}`})`;
}

/**
 * One item's text (indented as in the input) parsed on its own, as data with its root node: by the
 * subset reader when the text is in its subset (nearly every manifest), else by `yaml`.
 */
export function parseAlone(text: string, firstLine = 1): { root: Node; value: Record<string, unknown> } {
  const subset = parseSubset(text);
  if (subset) return subset;
  const doc = parseOne(text);
  const error = doc.errors[0];
  if (error) throw new ReadError(describeYamlError(error, firstLine));
  return { root: doc.contents as Node, value: toData(doc.contents, doc) as Record<string, unknown> };
}

export const readAlone = (text: string): Record<string, unknown> => parseAlone(text).value;

/**
 * The items whose text contains a string, found by searching the whole text rather than each item:
 * a large render has thousands of items, and the few that matter are told apart by a word in them.
 */
export function itemsContaining(input: Input, needle: string): Item[] {
  const found: Item[] = [];
  const { items, text } = input;
  for (let at = text.indexOf(needle); at !== -1;) {
    // The last item starting at or before the match holds it, if the match ends within it.
    let low = 0;
    let high = items.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (items[mid]!.start <= at) low = mid;
      else high = mid - 1;
    }
    const item = items[low];
    if (item && item.start <= at && at + needle.length <= item.end) {
      found.push(item);
      // On to the next item (items in one flow list share their last line).
      at = low + 1 < items.length ? text.indexOf(needle, Math.max(at + 1, items[low + 1]!.start)) : -1;
    } else at = text.indexOf(needle, at + 1);
  }
  return found;
}

/** The mark of a Sandbox kind (its API group), the only items rewritten; the others are never parsed. */
export const SANDBOX_GROUP_MARK = SANDBOX_GROUP + '/';

/** An item's text that says `kind: ConfigMap` (at any indentation: items are read as they stand). */
export const CONFIGMAP_KIND = /^[ \t]*kind:[ \t]*["']?ConfigMap\b/m;
