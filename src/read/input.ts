// Reads stdin into items. The text is kept: items are located by their ranges in it, so that output can be
// the input text with edits, and untouched items come out byte-for-byte.
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type YAMLMap } from 'yaml';

export type Shape = 'ResourceList' | 'List' | 'stream';

export interface Item {
  /** Position among the items, from 0. */
  index: number;
  node: Node;
  doc: Document;
}

export interface Input {
  text: string;
  shape: Shape;
  items: Item[];
  /** The ResourceList or List document, whose other fields are kept as they came. */
  envelope?: { doc: Document; root: YAMLMap };
  functionConfig?: unknown;
}

export class ReadError extends Error {}

/** Bounds the expansion of aliases, so an alias bomb costs little (the yaml package's own guard). */
export const MAX_ALIAS_COUNT = 1000;

export function readInput(text: string): Input {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  if (!Array.isArray(docs)) return { text, shape: 'stream', items: [] };
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      const where = at ? `line ${at.line}, column ${at.col}` : `offset ${error.pos[0]}`;
      const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new ReadError(`cannot read the input as YAML: ${message} (at ${where})`);
    }
  }
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
        const found = items === undefined ? 'no items field' : 'an items field that is not a list';
        throw new ReadError(`cannot read the input: the ${kind} has ${found}; a ${kind} needs items: [...] (an empty list is fine)`);
      }
      const input: Input = {
        text,
        shape: isResourceList ? 'ResourceList' : 'List',
        items: items.items.map((node, index) => ({ index, node: node as Node, doc: only })),
        envelope: { doc: only, root },
      };
      if (isResourceList && root.has('functionConfig')) {
        input.functionConfig = (root.get('functionConfig', true) as Node | null)?.toJS(only, { maxAliasCount: MAX_ALIAS_COUNT }) ?? null;
      }
      return input;
    }
  }
  const items = docs.filter((doc) => doc.contents !== null).map((doc, index) => ({ index, node: doc.contents as Node, doc }));
  return { text, shape: 'stream', items };
}

export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** The item as plain data, with aliases expanded under a bound. */
export function itemValue(item: Item): unknown {
  return item.node.toJS(item.doc, { maxAliasCount: MAX_ALIAS_COUNT });
}
