// Reads stdin into items. The text is kept: items are located by their ranges in it, so that output can be
// the input text with edits, and untouched items come out byte-for-byte.
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type YAMLMap } from 'yaml';

export type Shape = 'ResourceList' | 'List' | 'stream';

export interface Item {
  /** Position among the items, from 0. */
  index: number;
  node: Node;
  doc: Document;
  /** Why the item cannot be read as data (a duplicate key); it is then passed through untouched. */
  problem?: string;
}

export interface Input {
  text: string;
  shape: Shape;
  items: Item[];
  /** The ResourceList or List document, whose other fields are kept as they came. */
  envelope?: { doc: Document; root: YAMLMap };
  /** The ResourceList's functionConfig, still as YAML: turning it into data can fail (an alias bomb). */
  functionConfig?: { node: Node | null; doc: Document };
}

export class ReadError extends Error {}

/** Bounds the expansion of aliases, so an alias bomb costs little (the yaml package's own guard). */
export const MAX_ALIAS_COUNT = 1000;

/** The input bytes as text; anything but UTF-8 is refused, since re-encoding would change bytes. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
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
      `cannot read the input: it is not UTF-8 (byte ${low}, 0x${bytes[low]?.toString(16).padStart(2, '0')}, on line ${line}); YAML for Kubernetes must be UTF-8, so convert the file (e.g. iconv -t UTF-8)`,
    );
  }
}

export function readInput(text: string): Input {
  if (text.trim() === '') {
    throw new ReadError('the input is empty: expected a ResourceList on stdin (kpt, KRM functions in kustomize) or YAML manifests (legacy kustomize plugins, Argo CD)');
  }
  const docs = parseAllDocuments(text, { prettyErrors: true, logLevel: 'error' });
  if (!Array.isArray(docs)) return { text, shape: 'stream', items: [] };
  const duplicates: { pos: number; message: string }[] = [];
  for (const doc of docs) {
    for (const error of doc.errors) {
      const at = error.linePos?.[0];
      const where = at ? `line ${at.line}, column ${at.col}` : `offset ${error.pos[0]}`;
      const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      // A duplicate key spoils one item, not the input: that item is passed through untouched.
      if (error.code === 'DUPLICATE_KEY') duplicates.push({ pos: error.pos[0], message: `${message} (at ${where})` });
      // Where the parser runs out of stack depends on the caller's stack, so no position is given.
      else if (/call stack/i.test(message)) throw new ReadError('cannot read the input: it nests collections deeper than the parser can follow; flatten the deepest value');
      else throw new ReadError(`cannot read the input as YAML: ${message} (at ${where})`);
    }
  }
  const input = shape(text, docs);
  for (const duplicate of duplicates) {
    const item = input.items.find((i) => i.node?.range && i.node.range[0] <= duplicate.pos && duplicate.pos < i.node.range[2]);
    if (!item) throw new ReadError(`cannot read the input: ${duplicate.message}`);
    item.problem ??= duplicate.message;
  }
  return input;
}

function shape(text: string, docs: Document[]): Input {
  const only = docs.length === 1 ? docs[0]! : undefined;
  const root = only?.contents;
  if (only && isMap(root)) {
    const kind = scalarValue(root.get('kind', true));
    const apiVersion = scalarValue(root.get('apiVersion', true));
    const isResourceList = kind === 'ResourceList' && typeof apiVersion === 'string' && apiVersion.startsWith('config.kubernetes.io/');
    const isList = kind === 'List' && root.has('items');
    if (isResourceList || isList) {
      const items = root.get('items', true) as Node | undefined;
      if (!isSeq(items)) {
        const found = items === undefined || isScalar(items) && items.value === null ? 'no items' : 'an items field that is not a list';
        throw new ReadError(`cannot read the input: the ${kind} has ${found}; a ${kind} needs items: [...] (an empty list is fine)`);
      }
      const input: Input = {
        text,
        shape: isResourceList ? 'ResourceList' : 'List',
        items: items.items.map((node, index) => ({ index, node: node as Node, doc: only })),
        envelope: { doc: only, root },
      };
      if (isResourceList && root.has('functionConfig')) input.functionConfig = { node: (root.get('functionConfig', true) as Node | null) ?? null, doc: only };
      return input;
    }
  }
  // Documents with only comments (or nothing) are not items: they pass through as text.
  const items = docs
    .filter((doc) => doc.contents !== null && !(isScalar(doc.contents) && doc.contents.value === null))
    .map((doc, index) => ({ index, node: doc.contents as Node, doc }));
  return { text, shape: 'stream', items };
}

export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** YAML as plain data, with aliases expanded under a bound; an alias bomb is a ReadError. */
export function toData(node: Node | null, doc: Document): unknown {
  if (node === null) return null;
  try {
    return node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError || e instanceof RangeError) {
      throw new ReadError(`its aliases expand too much to read (more than ${MAX_ALIAS_COUNT} references): write the values out`);
    }
    throw e;
  }
}

export const itemValue = (item: Item): unknown => toData(item.node, item.doc);
