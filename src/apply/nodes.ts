// What the applier reads of the yaml nodes of an item, and how it says that a change cannot be made.
import { isPair, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Path } from '../base/data.js';
import { joinPath } from '../base/decode.js';

/** Why changes cannot be made to a text as edits. */
export interface ApplyFailure {
  message: string;
  /** Where in the text edited the problem is, when it is at one place: for the line in the message. */
  offset?: number;
}

export const refused = (message: string, offset?: number): ApplyFailure =>
  offset === undefined ? { message } : { message, offset };

export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item;
  }
  return undefined;
}

export const isEmptyScalar = (node: Node | null): boolean => node === null || (isScalar(node) && node.value === null);
export const keyOf = (pair: Pair): string => String((pair.key as { value: unknown }).value);
export const pathText = (path: Path): string => joinPath(path) || '(the item)';
