// New text in an item: list items and pairs added, values replaced, and text a strip puts back, each
// placed where a person would write it, in the item's layout.
import { isPair, type Alias, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { afterLine, columnOf, contentEnd, lineStart, propsStart } from '../read/text.js';
import { isEmptyScalar, keyOf } from './nodes.js';
import type { Renderer, Style } from './render.js';
import type { TextEdit } from './splice.js';

/** How new text is written in an item: its layout, and the run's renderer. */
export interface Writing {
  style: Style;
  renderer: Renderer;
}

/** Inserted lines always end with a newline; at the end of a text without one, they start with it. */
function linesAt(text: string, at: number, body: string): string {
  return (at === text.length && text.length > 0 && !text.endsWith('\n') ? '\n' : '') + body + '\n';
}

export function insertIntoSeq(
  text: string,
  seq: YAMLSeq,
  index: number,
  values: readonly unknown[],
  { style, renderer }: Writing,
): TextEdit {
  if (seq.flow) {
    const items = values.map((v) => renderer.flow(v, style)).join(', ');
    if (seq.items.length === 0) {
      const close = seq.range![1] - 1;
      return { start: close, end: close, text: items, depth: 0 };
    }
    if (index === 0) {
      const at = (seq.items[0] as Node).range![0];
      return { start: at, end: at, text: items + ', ', depth: 0 };
    }
    const at = (seq.items[seq.items.length - 1] as Node).range![1];
    return { start: at, end: at, text: ', ' + items, depth: 0 };
  }
  const dashColumn = columnOf(text, seq.range![0]);
  const body = renderer.place(renderer.block([...values], style), dashColumn);
  if (index === 0) {
    const at = seq.range![0];
    return { start: at, end: at, text: body + '\n' + ' '.repeat(dashColumn), depth: dashColumn };
  }
  const at = afterLine(text, contentEnd(seq));
  return { start: at, end: at, text: linesAt(text, at, ' '.repeat(dashColumn) + body), depth: dashColumn };
}

export function addPairs(
  text: string,
  map: YAMLMap,
  pairs: Record<string, unknown>,
  { style, renderer }: Writing,
): TextEdit {
  if (map.flow) {
    const inner = renderer.flow(pairs, style).slice(1, -1);
    const at = map.items.length ? contentEnd(map.items[map.items.length - 1]!) : map.range![1] - 1;
    return { start: at, end: at, text: map.items.length ? ', ' + inner : inner, depth: 0 };
  }
  const firstKey = map.items[0]!.key as Node;
  const column = columnOf(text, propsStart(text, firstKey.range![0]));
  const at = afterLine(text, contentEnd(map));
  return {
    start: at,
    end: at,
    text: linesAt(text, at, ' '.repeat(column) + renderer.place(renderer.block(pairs, style), column)),
    depth: column,
  };
}

/** The text a pair's value (flow) or the pair itself (block, whole lines from the key) takes. */
export function pairRegion(text: string, map: YAMLMap, pair: Pair): { start: number; end: number } {
  const key = pair.key as Node;
  const valueNode = pair.value as Node | null;
  if (map.flow) {
    if (valueNode && valueNode.range) return { start: valueNode.range[0], end: valueNode.range[1] };
    return { start: key.range![2], end: key.range![2] };
  }
  return { start: key.range![0], end: afterLine(text, contentEnd(pair)) };
}

export function replacePair(
  text: string,
  map: YAMLMap,
  pair: Pair,
  value: unknown,
  { style, renderer }: Writing,
): TextEdit {
  const region = pairRegion(text, map, pair);
  if (map.flow) {
    const hasValue = (pair.value as Node | null)?.range !== undefined;
    return { ...region, text: (hasValue ? '' : ' ') + renderer.flow(value, style), depth: 0 };
  }
  const column = columnOf(text, propsStart(text, (pair.key as Node).range![0]));
  const body = renderer.place(renderer.block({ [keyOf(pair)]: value }, style), column);
  return { ...region, text: keepKeyComment(text, pair, body) + '\n', depth: column };
}

/** A list item written out in place of an alias (`- *main`): the value at the alias's column. */
export function replaceItem(
  text: string,
  seq: YAMLSeq,
  alias: Alias,
  value: unknown,
  { style, renderer }: Writing,
): TextEdit {
  const [start, end] = alias.range!;
  if (seq.flow) return { start, end, text: renderer.flow(value), depth: 0 };
  const column = columnOf(text, start);
  return { start, end, text: renderer.place(renderer.block(value, style), column), depth: column };
}

/**
 * A comment on the line of a key with no value (`env: # none yet`) stays on the key's line when the
 * key gets a value in block style below it: it says something about the key, and would be lost.
 */
function keepKeyComment(text: string, pair: Pair, body: string): string {
  const key = pair.key as Node;
  const lineEnd = text.indexOf('\n', key.range![1]);
  const rest = text.slice(key.range![1], lineEnd === -1 ? text.length : lineEnd);
  const comment = /^\s*:(?:\s+(?:~|null|Null|NULL))?(\s+#[^\r]*)\r?$/.exec(rest)?.[1];
  const firstLineEnd = body.indexOf('\n');
  if (comment === undefined || !isEmptyScalar(pair.value as Node | null) || firstLineEnd === -1) return body;
  if (!body.slice(0, firstLineEnd).endsWith(':')) return body;
  return body.slice(0, firstLineEnd) + comment + body.slice(firstLineEnd);
}

/**
 * Where a block entry's text starts: after the previous entry's last line, or for the first entry
 * right after its parent's key line. Comment lines between entries thus go with the entry below them,
 * so that an entry taken out and put back at the same index comes back exactly in place.
 */
export function blockEntryStart(text: string, items: readonly (Node | Pair)[], index: number): number {
  if (index > 0) return afterLine(text, contentEnd(items[index - 1]!));
  const first = items[0]!;
  let start = lineStart(text, (isPair(first) ? (first.key as Node) : first).range![0]);
  while (start > 0) {
    const above = lineStart(text, start - 1);
    if (!/^\s*(#.*)?$/.test(text.slice(above, start - 1))) break;
    start = above;
  }
  return start;
}

/** Text of list items put back before item `index` (or after the last); the text carries its separators. */
export function insertSeqText(text: string, seq: YAMLSeq, index: number, insert: string): TextEdit {
  const items = seq.items as Node[];
  if (index < items.length) {
    const at = seq.flow ? items[index]!.range![0] : blockEntryStart(text, items, index);
    return { start: at, end: at, text: insert, depth: 0 };
  }
  const at = seq.flow
    ? items.length
      ? items[items.length - 1]!.range![1]
      : seq.range![1] - 1
    : afterLine(text, contentEnd(seq));
  return { start: at, end: at, text: insert, depth: 0 };
}

/** List items put back under a key whose value is now empty (`key:` in block style). */
export function insertAfterKey(text: string, pair: Pair, insert: string): TextEdit {
  const at = afterLine(text, (pair.key as Node).range![2]);
  return { start: at, end: at, text: insert, depth: 0 };
}

/** A whole pair put back after the pair `after` (or first); the text carries its lines or separators. */
export function insertPair(text: string, map: YAMLMap, after: string | null, insert: string): TextEdit {
  const items = map.items as Pair[];
  const index = after === null ? -1 : items.findIndex((p) => keyOf(p) === after);
  if (map.flow) {
    const at =
      index >= 0 ? contentEnd(items[index]!) : items.length ? (items[0]!.key as Node).range![0] : map.range![1] - 1;
    return { start: at, end: at, text: insert, depth: 0 };
  }
  const at = blockEntryStart(text, items, index + 1);
  return { start: at, end: at, text: insert, depth: 0 };
}
