// Reads stdin into items. The text is kept: items are located by their ranges in it, so that output can be
// the input text with edits, and untouched items come out byte-for-byte.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type YAMLError, type YAMLMap } from 'yaml';
import { SANDBOX_GROUP } from '../base/kinds.js';
import { failure, success, type Outcome } from '../base/outcome.js';
import { DISGUISED, inSandboxGroup, listKind } from './classify.js';
import { scan } from './scan.js';
import { parseSubset } from './subset.js';
import { afterLine, columnOf, contentEnd, propsStart } from './text.js';
import { parseOne, parseStream, toData } from './yaml.js';

export { READ_OPTIONS, toData } from './yaml.js';

export type Shape = 'ResourceList' | 'List' | 'stream';

export interface Item {
  /** Position among the items, from 0. */
  index: number;
  /** Where it is, for messages: `document 2`, `items[3]`, `items[3].items[0]`. */
  where: string;
  /**
   * The item's own text: from its first key to the end of its last line, its first key at `column`; in
   * a flow list, from its first character to its last, at column 0 (its text reads as a document as it is).
   */
  start: number;
  end: number;
  column: number;
  /** With a full parse, the item's node; with a scan, none (an item is parsed only when it may matter). */
  node?: Node;
  /** The document the node is in, when its ranges are the input's (its aliases resolve there). */
  doc?: Document;
  /**
   * Why the item cannot be processed, when it is known on reading (a sentence about "it"): it passes
   * through, with this as an error.
   */
  problem?: string;
}

export interface Input {
  text: string;
  shape: Shape;
  items: Item[];
  /** The ResourceList or List document, whose other fields are kept as they came. */
  envelope?: { root: YAMLMap; text: string };
  /** The ResourceList's functionConfig as data, or why it cannot be read (an alias bomb). */
  functionConfig?: () => Outcome<unknown, string>;
  /** The items whose text may hide a value (mayHide): a Sandbox kind may be among them, unspelt. */
  hiding: Set<Item>;
}

/** The input as its shape gives it, before Lists are flattened. */
type Shaped = Omit<Input, 'hiding'>;

/**
 * An item as found by a parse, its node's ranges `offset` before the input's. In a flow list an item
 * ends where its node does: another may follow on its line.
 */
function parsedItem(text: string, where: string, node: Node, inFlow = false, offset = 0): Item {
  // From the anchor or tag of its first key, if any (`&sb apiVersion: ...`), or of the item itself
  // (`--- !!map` above it): the item's text has them.
  const collectionProps = (isMap(node) || isSeq(node)) && (node.tag !== undefined || node.anchor !== undefined);
  const start = node?.range ? propsStart(text, node.range[0] + offset, collectionProps) : 0;
  const end = !node?.range ? start : inFlow ? node.range[1] + offset : afterLine(text, contentEnd(node) + offset);
  return { index: 0, where, start, end, column: inFlow ? 0 : columnOf(text, start), node };
}

/**
 * The input bytes as text; anything but UTF-8 is refused, since re-encoding would change bytes. A
 * byte order mark stays in the text (yaml reads past it): offsets in the text then count every input
 * character, which the output, copied from the input's bytes by those offsets, depends on.
 */
export function decodeUtf8(bytes: Uint8Array): Outcome<string, string> {
  try {
    return success(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
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
    return failure(
      `cannot read the input: it is not UTF-8 (byte ${low}, 0x${bytes[low]?.toString(16).padStart(2, '0')}, ` +
        `on line ${line}); YAML for Kubernetes must be UTF-8, so convert the file (e.g. iconv -t UTF-8)`,
    );
  }
}

/** The input's items, Lists among them flattened, or why the input cannot be read at all. */
export function readInput(text: string): Outcome<Input, string> {
  const shaped = readShape(text);
  return shaped.ok ? success(flattened(shaped.value)) : shaped;
}

function readShape(text: string): Outcome<Shaped, string> {
  if (text.trim() === '') {
    return failure(
      'the input is empty: expected a ResourceList on stdin (kpt, KRM functions in kustomize) or YAML ' +
        'manifests (legacy kustomize plugins, Argo CD)',
    );
  }
  const scanned = scan(text);
  if (scanned) {
    const items: Item[] = scanned.chunks.map((c) => ({
      index: c.index,
      where: `items[${c.index}]`,
      start: c.start,
      end: c.end,
      column: c.column,
    }));
    const read = readEnvelope(scanned.envelope);
    if (!read.ok) return read;
    const envelope = read.value;
    if (envelope && isResourceList(envelope.root)) {
      const results = checkResults(envelope.root);
      if (!results.ok) return results;
      const input: Shaped = {
        text,
        shape: 'ResourceList',
        items,
        envelope: { root: envelope.root, text: scanned.envelope },
      };
      if (envelope.root.has('functionConfig')) input.functionConfig = envelope.functionConfig;
      return success(input);
    }
  }
  // One document in the subset (a small ResourceList, or one resource) needs no yaml at all.
  const subset = parseSubset(text);
  if (subset) return shape(text, subset.root, () => success(subset.value.functionConfig ?? null));
  return parseInput(text);
}

type Envelope = { root: YAMLMap; functionConfig: () => Outcome<unknown, string> } | undefined;

/** The ResourceList without its items: by the subset reader when it can, else by yaml. */
function readEnvelope(text: string): Outcome<Envelope, string> {
  const subset = parseSubset(text);
  if (subset) return success({ root: subset.root, functionConfig: () => success(subset.value.functionConfig ?? null) });
  const parsed = parseOne(text);
  if (!parsed.ok) return failure(`cannot read the input: ${parsed.error}`);
  const doc = parsed.value;
  const root = doc.contents;
  if (doc.errors.length || !isMap(root)) return success(undefined);
  return success({
    root,
    functionConfig: () => toData((root.get('functionConfig', true) as Node | null) ?? null, doc),
  });
}

/** The full parse, for every layout the scanner does not take. */
function parseInput(text: string): Outcome<Shaped, string> {
  const parsed = parseStream(text);
  if (!parsed.ok) return failure(`cannot read the input: ${parsed.error}`);
  const docs = parsed.value;
  const duplicates: { pos: number; message: string }[] = [];
  for (const doc of docs) {
    for (const error of doc.errors) {
      // A duplicate key spoils one item, not the input: that item is passed through untouched.
      if (error.code === 'DUPLICATE_KEY') duplicates.push({ pos: error.pos[0], message: describeYamlError(error) });
      else return failure(`cannot read the input as YAML: ${describeYamlError(error)}`);
    }
  }
  const only = docs.length === 1 ? docs[0]! : undefined;
  const root = only?.contents;
  const read =
    only && isMap(root)
      ? shape(text, root, () => toData((root.get('functionConfig', true) as Node | null) ?? null, only), only)
      : success(stream(text, docs));
  if (!read.ok) return read;
  for (const duplicate of duplicates) {
    // Within an item it spoils that item only, which is read again on its own if it may matter.
    const inItem = read.value.items.some(
      (i) => i.node?.range && i.node.range[0] <= duplicate.pos && duplicate.pos < i.node.range[2],
    );
    if (!inItem) return failure(`cannot read the input: ${duplicate.message}`);
  }
  return read;
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
function checkResults(root: YAMLMap): Outcome<void, string> {
  const results = root.get('results', true) as Node | undefined;
  if (results === undefined || isSeq(results)) return success(undefined);
  return failure(
    `cannot read the input: the ResourceList's results is ${describeNode(results)}, not a list; the run's ` +
      'results are added to it, so give a list (results: [...]) or leave it out',
  );
}

/** A single document (from `doc`, or the subset reader): a ResourceList or List of items, or else one item. */
function shape(
  text: string,
  root: YAMLMap,
  functionConfig: () => Outcome<unknown, string>,
  doc?: Document,
): Outcome<Shaped, string> {
  const withDoc = (item: Item): Item => (doc ? { ...item, doc } : item);
  const kind = scalarValue(root.get('kind', true));
  const resourceList = isResourceList(root);
  const isList = kind === 'List' && root.has('items');
  if (!resourceList && !isList)
    return success({ text, shape: 'stream', items: [withDoc(parsedItem(text, 'document 1', root))] });
  const items = root.get('items', true) as Node | undefined;
  if (!isSeq(items)) {
    const found =
      items === undefined || (isScalar(items) && items.value === null)
        ? 'no items'
        : 'an items field that is not a list';
    return failure(
      `cannot read the input: the ${kind} has ${found}; a ${kind} needs items: [...] (an empty list is fine)`,
    );
  }
  const results = resourceList ? checkResults(root) : success(undefined);
  if (!results.ok) return results;
  const input: Shaped = {
    text,
    shape: resourceList ? 'ResourceList' : 'List',
    items: items.items.map((node, index) => ({
      ...withDoc(parsedItem(text, `items[${index}]`, node as Node, items.flow)),
      index,
    })),
    envelope: { root, text },
  };
  if (resourceList && root.has('functionConfig')) input.functionConfig = functionConfig;
  return success(input);
}

/** Documents of a stream, each an item; those with only comments (or nothing) pass through as text. */
function stream(text: string, docs: Document[]): Shaped {
  const items = docs
    .filter((doc) => doc.contents !== null && !(isScalar(doc.contents) && doc.contents.value === null))
    .map((doc, index) => ({ ...parsedItem(text, `document ${index + 1}`, doc.contents as Node), index, doc }));
  return { text, shape: 'stream', items };
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/**
 * Lists among the items give way to their items, at any depth, as kubectl's kustomize reads them (issue
 * 17 item 1): a kind that ends in List, with `items`, in a stream as in a List or ResourceList. Only an
 * item whose text may say List is read for it: its kind's text has the word, unless an escape, an
 * alias, a merge key or a tag hides it (`mayHide`).
 */
function flattened(input: Shaped): Input {
  const hiding = hidingItems(input);
  const suspects = new Set([...itemsContaining(input, 'List'), ...hiding]);
  if (suspects.size === 0) return { ...input, hiding };
  const items = input.items.flatMap((item) => (suspects.has(item) ? leaves(input.text, item) : [item]));
  if (items.length === input.items.length && items.every((item, i) => item === input.items[i]))
    return { ...input, hiding };
  items.forEach((item, index) => (item.index = index));
  return { ...input, items, hiding: hidingItems({ ...input, items }) };
}

/** An item, or the items of the List it is, each flattened in turn. */
function leaves(text: string, item: Item): Item[] {
  const read = readItem(text, item);
  if (!read || !isPlainObject(read.value)) return [item];
  const list = listKind(read.value);
  if (list === undefined) return [item];
  if (list === 'disguised') return [{ ...item, problem: DISGUISED }];
  const values = read.value.items;
  if (!Array.isArray(values)) return [item];
  const seq = isMap(read.root) ? read.root.get('items', true) : undefined;
  // Items that come through an alias or a merge key stand elsewhere in the text (in another item, maybe):
  // rewriting them there would change what else uses them.
  if (!isSeq(seq)) return values.some(holdsSandbox) ? [{ ...item, problem: ITEMS_ELSEWHERE }] : [item];
  const prefix = item.where.startsWith('document') ? `${item.where}, ` : `${item.where}.`;
  return seq.items.flatMap((node, i) => {
    const child: Item = {
      ...parsedItem(text, `${prefix}items[${i}]`, node as Node, seq.flow, read.offset),
      ...(read.doc ? { doc: read.doc } : {}),
    };
    if (isAlias(node)) return holdsSandbox(values[i]) ? [{ ...child, problem: ALIASED_ITEM }] : [child];
    const childText = text.slice(child.start, child.end);
    return childText.includes('List') || mayHide(childText) ? leaves(text, child) : [child];
  });
}

const ITEMS_ELSEWHERE =
  'it is a List whose items come through an alias or a merge key, and hold a Sandbox kind; write the items out ' +
  'in the List, so that each can be expanded where it stands';
const ALIASED_ITEM =
  'it is an alias of a Sandbox kind (or of a List of them), which can only be expanded where its anchor is; ' +
  'write the resource out in the List';

/** Whether data is of the Sandbox API group, or a List that holds such, as any reader may take it. */
function holdsSandbox(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  if (inSandboxGroup(value)) return true;
  return listKind(value) !== undefined && Array.isArray(value.items) && value.items.some(holdsSandbox);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An item's node and data: its own, in the document it is in, after a full parse; else its text parsed
 * on its own, whose ranges are then `offset` before the input's. Undefined when it cannot be read.
 */
function readItem(
  text: string,
  item: Item,
): { root: Node; value: unknown; offset: number; doc?: Document } | undefined {
  // One that cannot be read is read again on its own when it may be a Sandbox kind, and its error said then.
  if (item.node && item.doc) {
    const value = toData(item.node, item.doc);
    return value.ok ? { root: item.node, value: value.value, offset: 0, doc: item.doc } : undefined;
  }
  const pad = ' '.repeat(item.column);
  const alone = parseAlone(pad + text.slice(item.start, item.end));
  return alone.ok ? { root: alone.value.root, value: alone.value.value, offset: item.start - pad.length } : undefined;
}

/**
 * Whether text may hold a value its characters do not show: an escape (in a double-quoted scalar), an
 * alias, a merge key, or a tag (`!!binary`). Without one of these, a value can only be what its text
 * spells, but for line folding, which joins the lines of a scalar with a space.
 */
export const mayHide = (text: string): boolean =>
  text.includes('<<') ||
  (text.includes('\\') && text.includes('"')) ||
  ['!', '*'].some((indicator) => {
    for (let at = text.indexOf(indicator); at !== -1; at = text.indexOf(indicator, at + 1))
      if (startsNode(text, at)) return true;
    return false;
  });

/**
 * Whether a tag or an alias may start at an offset: at the start, or after a space, a line break, a flow
 * indicator or a colon (a JSON-like key's value needs no space). `#!/bin/sh` starts none.
 */
export const startsNode = (text: string, at: number): boolean =>
  at === 0 || ' \t\n\r[{,:\ufeff'.includes(text[at - 1]!);

/** The items whose text may hide a value (mayHide), found by searching the whole text, as itemsContaining. */
function hidingItems(input: Pick<Input, 'text' | 'items'>): Set<Item> {
  const node = (at: number) => startsNode(input.text, at);
  const found = new Set([
    ...itemsContaining(input, '<<'),
    ...itemsContaining(input, '!', node),
    ...itemsContaining(input, '*', node),
  ]);
  for (const item of itemsContaining(input, '\\'))
    if (input.text.slice(item.start, item.end).includes('"')) found.add(item);
  return found;
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
export function parseAlone(text: string, firstLine = 1): Outcome<Alone, string> {
  const subset = parseSubset(text);
  if (subset) return success(subset);
  const parsed = parseOne(text);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const error = doc.errors[0];
  if (error) return failure(describeYamlError(error, firstLine));
  const value = toData(doc.contents, doc);
  if (!value.ok) return value;
  return success({ root: doc.contents as Node, value: value.value as Record<string, unknown> });
}

/** An item parsed on its own: its root node, and its data. */
export interface Alone {
  root: Node;
  value: Record<string, unknown>;
}

/** An item's data, or undefined when its text cannot be read. */
export const readAlone = (text: string): Record<string, unknown> | undefined => {
  const parsed = parseAlone(text);
  return parsed.ok ? parsed.value.value : undefined;
};

/**
 * The items whose text contains a string (where `accept` takes it, if given), found by searching the
 * whole text rather than each item: a large render has thousands of items, and the few that matter
 * are told apart by a word in them.
 */
export function itemsContaining(
  input: Pick<Input, 'text' | 'items'>,
  needle: string,
  accept?: (at: number) => boolean,
): Item[] {
  const found: Item[] = [];
  const { items, text } = input;
  const next = (from: number): number => {
    let at = text.indexOf(needle, from);
    while (accept && at !== -1 && !accept(at)) at = text.indexOf(needle, at + 1);
    return at;
  };
  for (let at = next(0); at !== -1;) {
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
      // On to the next item.
      at = low + 1 < items.length ? next(Math.max(at + 1, items[low + 1]!.start)) : -1;
    } else at = next(at + 1);
  }
  return found;
}

/** The mark of a Sandbox kind (its API group), the only items rewritten; the others are never parsed. */
export const SANDBOX_GROUP_MARK = SANDBOX_GROUP + '/';

/** An item's text that says `kind: ConfigMap` (at any indentation: items are read as they stand). */
export const CONFIGMAP_KIND = /^[ \t]*kind:[ \t]*["']?ConfigMap\b/m;
