// Aliases that reach into an item from outside it (issue 17 item 2: nothing outside a Sandbox changes).
// In a List or ResourceList, one YAML document holds every item, and an alias in one may use an anchor
// in another: a Deployment's pod spec may be `*podspec`, the anchor on a Sandbox's template. Rewriting
// the Sandbox would then change the Deployment, while its text stays byte for byte. So the pipeline
// asks, for each item it rewrites, which anchors in it are used from outside, and refuses a rewrite
// that changes what one of them holds (`changedAnchors`).
import { isDeepStrictEqual } from 'node:util';
import { isAlias, isCollection, isPair, isScalar, type Node } from 'yaml';
import { startsNode, type Input, type Item } from './input.js';
import { parseOne, toData } from './yaml.js';

/** An alias in another item that uses an anchor of an item. */
export interface OutsideAlias {
  name: string;
  /** Where the anchor is: the offset of its `&` in the input. */
  anchorAt: number;
  /** The item the alias is in, and the offset of its `*`. */
  item: Item;
  aliasAt: number;
}

/**
 * For each item, the aliases in later items of its document that use one of its anchors (the last of
 * that name before them, as YAML resolves an alias). Found by the items' text: `&` and `*` where a node
 * may start, as `mayHide` looks for them; an alias is only taken for one once its item, read, holds
 * an alias node of that name (`*` also stands in globs and scripts).
 */
export function aliasesFromOutside(input: Input): Map<Item, OutsideAlias[]> {
  const found = new Map<Item, OutsideAlias[]>();
  if (!input.items.some((item) => input.hiding.has(item))) return found;
  // Every `&` and `*` where a node may start, in one pass over the text each: an item's are a range of them.
  const [anchors, aliases] = [marks(input.text, '&'), marks(input.text, '*')];
  if (aliases.length === 0) return found;
  const tokens = (item: Item, indicator: '&' | '*') => {
    const all = indicator === '&' ? anchors : aliases;
    const within = [];
    for (let i = firstAtOrAfter(all, item.start); i < all.length && all[i]! < item.end; i++) {
      const at = all[i]!;
      let end = at + 1;
      while (end < item.end && !NAME_END.includes(input.text[end]!)) end++;
      if (end > at + 1) within.push({ indicator, name: input.text.slice(at + 1, end), at });
    }
    return within;
  };
  // The anchor of each name last seen, in each document.
  const definers = new Map<unknown, Map<string, { item: Item; at: number }>>();
  for (const item of input.items) {
    const document = item.doc ?? input;
    const named = definers.get(document) ?? new Map<string, { item: Item; at: number }>();
    definers.set(document, named);
    const marked = [...tokens(item, '&'), ...tokens(item, '*')].sort((a, b) => a.at - b.at);
    let real: Set<string> | undefined;
    for (const mark of marked) {
      if (mark.indicator === '&') {
        named.set(mark.name, { item, at: mark.at });
        continue;
      }
      const anchor = named.get(mark.name);
      if (!anchor || anchor.item === item) continue;
      real ??= aliasNames(input, item);
      if (!real.has(mark.name)) continue;
      const list = found.get(anchor.item) ?? [];
      list.push({ name: mark.name, anchorAt: anchor.at, item, aliasAt: mark.at });
      found.set(anchor.item, list);
    }
  }
  return found;
}

/** The offsets of an indicator where a node may start, in order. */
function marks(text: string, indicator: string): number[] {
  const found = [];
  for (let at = text.indexOf(indicator); at !== -1; at = text.indexOf(indicator, at + 1))
    if (startsNode(text, at)) found.push(at);
  return found;
}

/** The index of the first offset at or after `offset` in a sorted list. */
function firstAtOrAfter(offsets: readonly number[], offset: number): number {
  let [low, high] = [0, offsets.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** What ends an anchor's or alias's name: white space, or a flow indicator. */
const NAME_END = ' \t\r\n,[]{}';

/** The names of the alias nodes in an item, read on its own (its aliases of outside anchors unresolved). */
function aliasNames(input: Input, item: Item): Set<string> {
  const names = new Set<string>();
  const root = item.node ?? readRoot(' '.repeat(item.column) + input.text.slice(item.start, item.end));
  walk(root, (node) => {
    if (isAlias(node)) names.add(node.source);
  });
  return names;
}

const readRoot = (text: string): Node | null => {
  const parsed = parseOne(text);
  return parsed.ok ? parsed.value.contents : null;
};

/** Each node below a node, in document order, keys before their values. */
function walk(node: unknown, visit: (node: Node) => void): void {
  if (isPair(node)) {
    walk(node.key, visit);
    walk(node.value, visit);
    return;
  }
  if (isAlias(node) || isScalar(node) || isCollection(node)) visit(node);
  if (isCollection(node)) for (const item of node.items) walk(item, visit);
}

/**
 * The anchors, of those named, whose values differ between an item's text and its rewritten text (or
 * that the rewriting took away): what an alias outside the item would read differently.
 */
export function changedAnchors(before: string, after: string, names: readonly string[]): string[] {
  const [was, now] = [anchored(before, names), anchored(after, names)];
  return names.filter((name) => !now.has(name) || !isDeepStrictEqual(was.get(name), now.get(name)));
}

/** The value of the last node of each name's anchor in a text, as an alias after it reads it. */
function anchored(text: string, names: readonly string[]): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const parsed = parseOne(text);
  if (!parsed.ok) return values;
  const doc = parsed.value;
  walk(doc.contents, (node) => {
    if ((isScalar(node) || isCollection(node)) && node.anchor && names.includes(node.anchor)) {
      const data = toData(node, doc);
      values.set(node.anchor, data.ok ? data.value : data.error);
    }
  });
  return values;
}
