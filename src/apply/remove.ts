// Text taken out of an item: list items and pairs, with their comments and separators, logged so
// that they can be put back where they were.
import { isMap, isPair, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { failure, success, type Outcome } from '../base/outcome.js';
import { afterLine, contentEnd, lineStart } from '../read/text.js';
import { blockEntryStart } from './insert.js';
import { keyOf, refused, type ApplyFailure } from './nodes.js';
import type { TextEdit } from './splice.js';

/** Removes list items or mapping pairs of one parent; neighbours removed together share their separators. */
export function removeEntries(
  text: string,
  parent: YAMLMap | YAMLSeq,
  removed: readonly (Node | Pair)[],
): Outcome<{ edit: TextEdit; index: number; after?: string | null }[], ApplyFailure> {
  const items = parent.items as (Node | Pair)[];
  const gone = new Set(removed);
  const startOf = (e: Node | Pair) => (isPair(e) ? (e.key as Node) : e).range![0];
  // A removed pair is put back after the pair that preceded it.
  const afterOf = (i: number) => (isMap(parent) ? (i > 0 ? keyOf(items[i - 1] as Pair) : null) : undefined);
  const out: { edit: TextEdit; index: number; after?: string | null }[] = [];
  const push = (edit: TextEdit, index: number) => {
    const after = afterOf(index);
    out.push({ edit, index, ...(after !== undefined ? { after } : {}) });
  };
  if (!parent.flow) {
    for (const [index, entry] of items.entries()) {
      if (!gone.has(entry)) continue;
      const line = lineStart(text, startOf(entry));
      if (text.slice(line, startOf(entry)).trim() !== (isPair(entry) ? '' : '-')) {
        return failure(refused('cannot remove an entry that shares its line with another'));
      }
      // Comment lines between entries go with the entry below them, so that it comes back in place.
      push(
        { start: blockEntryStart(text, items, index), end: afterLine(text, contentEnd(entry)), text: '', depth: 0 },
        index,
      );
    }
    return success(out);
  }
  // In a flow collection, an entry goes with the separator after it, up to the next kept entry; the
  // entries after the last kept one go with the separator before them.
  const lastKept = items.reduce((last, e, i) => (gone.has(e) ? last : i), -1);
  items.forEach((entry, i) => {
    if (!gone.has(entry) || i > lastKept) return;
    push({ start: startOf(entry), end: startOf(items[i + 1]!), text: '', depth: 0 }, i);
  });
  if (lastKept < items.length - 1) {
    const start = lastKept === -1 ? startOf(items[lastKept + 1]!) : contentEnd(items[lastKept]!);
    push({ start, end: contentEnd(items[items.length - 1]!), text: '', depth: 0 }, lastKept + 1);
  }
  return success(out);
}
