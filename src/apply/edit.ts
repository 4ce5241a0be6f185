// Turns planned changes into text edits of the original YAML, so that everything not injected keeps its
// bytes: comments, key order, quoting, scalar styles, anchors and indentation. The `yaml` package finds
// where each node is (its ranges); this module decides where new text goes. No library edits YAML text
// in place this way (the Document API re-serialises whole documents), hence the hand-written part.
import {
  isAlias,
  type Alias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { copyData, valueAt, type Path } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import type { Change } from '../plan/changes.js';
import type { ApplyLog } from '../provenance/status.js';
import { afterLine, columnOf, contentEnd, lineStart, propsStart } from '../read/text.js';
import type { Renderer, Style } from './render.js';

/** How new text is written in an item: its layout, and the run's renderer. */
interface Writing {
  style: Style;
  renderer: Renderer;
}

export interface Edit<T> {
  start: number;
  end: number;
  text: T;
  /** Column of the inserted content: at one offset, deeper content goes first (it closes first). */
  depth: number;
}

export type TextEdit = Edit<string>;

export class ApplyError extends Error {
  /** The text edited, once planEdits has seen the error: `offset` is into it. */
  text?: string;
  /** Where in the text the problem is, when it is at one place: for the line in the message. */
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

/** Where one change lands: an existing node, or the deepest existing mapping and the keys to create. */
type Target =
  | { kind: 'node'; node: Node; pair?: Pair; parent: YAMLMap | YAMLSeq; parentPath: Path }
  | { kind: 'create'; map: YAMLMap; mapPath: Path; key: string; rest: Path; replace?: Pair; merged?: unknown }
  | { kind: 'expand'; expansion: Expansion; rest: Path };

/** Where an alias is written: its path, and the mapping pair or list it is the value or item of. */
interface AliasSite {
  alias: Alias;
  path: Path;
  parent: YAMLMap | YAMLSeq;
  pair?: Pair;
  /** A merge key's source (`<<: *defaults`), which cannot be written out as a value. */
  inMerge: boolean;
}

/** An alias written out in place: the value it gives, with the changes made through it. */
interface Expansion {
  site: AliasSite;
  value: unknown;
}

/** What the edits of one resource share: its nodes, its data (aliases and merges resolved), expansions. */
interface Context {
  root: Node;
  data: unknown;
  expansions: Map<Alias, Expansion>;
  sites?: AliasSite[];
  /** Whether the text can hold an anchor (so aliases), or a merge key: most items have neither. */
  anchors: boolean;
  merges: boolean;
}

/**
 * The edits for the changes. With `data` (the resource as Kubernetes reads it: aliases and merge keys
 * resolved), a value shared through an alias or given by a merge key is written out where it is
 * edited, and the text it replaces is logged, so that a strip can put it back; without, such an edit
 * is an ApplyError.
 */
export function planEdits(
  text: string,
  root: Node,
  changes: readonly Change[],
  style: Style,
  renderer: Renderer,
  data?: unknown,
): { edits: TextEdit[]; log: ApplyLog } {
  const writing: Writing = { style, renderer };
  const edits: TextEdit[] = [];
  const log: ApplyLog = { created: [], replaced: [], removed: [] };
  // Without an `&` there is no anchor and so no alias, and without `<<` no merge key: the checks for
  // them, which walk what an edit replaces, are then skipped.
  const context: Context = {
    root,
    data,
    expansions: new Map(),
    anchors: text.includes('&'),
    merges: text.includes('<<'),
  };
  const removals = new Map<YAMLMap | YAMLSeq, { path: Path; entries: (Node | Pair)[] }>();
  const appends = new Map<YAMLSeq, unknown[]>();
  const creations = new Map<
    YAMLMap,
    { path: Path; entries: { key: string; value: unknown; replace?: Pair; merged?: true }[] }
  >();
  const create = (target: Extract<Target, { kind: 'create' }>, change: Change) => {
    const group = creations.get(target.map) ?? { path: target.mapPath, entries: [] };
    creations.set(target.map, group);
    let entry = group.entries.find((c) => c.key === target.key);
    if (!entry) {
      entry = {
        key: target.key,
        // A key a merge key gives starts from the merged value (written out, it overrides the merge).
        value: 'merged' in target ? copyData(target.merged) : undefined,
        ...(target.replace ? { replace: target.replace } : {}),
        ...('merged' in target ? { merged: true as const } : {}),
      };
      group.entries.push(entry);
    }
    entry.value = applyToPlain(entry.value, target.rest, change);
  };

  for (const change of changes) {
    const problem = renderer.unwritable(change);
    if (problem) throw new ApplyError(problem);
    let target: Target;
    try {
      target = locate(context, change.path, change.op);
    } catch (e) {
      if (e instanceof ApplyError) e.text ??= text;
      throw e;
    }
    if (target.kind === 'expand') {
      if (change.op !== 'append' && change.op !== 'prepend' && change.op !== 'set')
        throw new ApplyError(`${pathText(change.path)} is inside the alias *${target.expansion.site.alias.source}`);
      target.expansion.value = applyToPlain(target.expansion.value, target.rest, change);
      continue;
    }
    if (target.kind === 'create') {
      if (change.op === 'insertPair') edits.push(insertPair(text, target.map, change.after, change.text));
      else if (change.op === 'insertText' && target.replace) {
        edits.push(insertAfterKey(text, target.replace, change.text));
      } else if (change.op === 'append' || change.op === 'prepend' || change.op === 'set') create(target, change);
      continue;
    }
    const { node, pair, parent, parentPath } = target;
    switch (change.op) {
      case 'append':
        // Appends to one list from several runtimes become one insertion, so flow lists get separators.
        if (isSeq(node)) appends.set(node, [...(appends.get(node) ?? []), ...change.values]);
        else throw new ApplyError(`${pathText(change.path)} is not a list, so nothing can be appended to it`);
        break;
      case 'prepend':
        if (!isSeq(node)) throw new ApplyError(`${pathText(change.path)} is not a list`);
        edits.push(insertIntoSeq(text, node, 0, change.values, writing));
        break;
      case 'set':
        if (!pair || !isMap(parent)) throw new ApplyError(`${pathText(change.path)} is not a mapping key`);
        if (context.anchors) shareAnchorsWithin(context, node, change.path);
        create({ kind: 'create', map: parent, mapPath: parentPath, key: keyOf(pair), rest: [], replace: pair }, change);
        break;
      case 'remove': {
        if (context.anchors) refuseAnchors(node, change.path);
        const group = removals.get(parent) ?? { path: parentPath, entries: [] };
        removals.set(parent, group);
        group.entries.push(pair ?? node);
        break;
      }
      case 'restore':
        // A list item written out in place of an alias gets its alias back.
        if (!pair && isSeq(parent)) {
          edits.push({ start: node.range![0], end: contentEnd(node), text: change.text, depth: 0 });
          break;
        }
        if (!pair || !isMap(parent)) throw new ApplyError(`${pathText(change.path)} is not a mapping key`);
        // No text (a key written out over a merge key): its whole lines go.
        if (change.text === '' && !parent.flow) {
          const { end } = pairRegion(text, parent, pair);
          edits.push({ start: lineStart(text, (pair.key as Node).range![0]), end, text: '', depth: 0 });
        } else edits.push({ ...pairRegion(text, parent, pair), text: change.text, depth: 0 });
        break;
      case 'insertText':
        if (!isSeq(node)) throw new ApplyError(`${pathText(change.path)} is not a list`);
        edits.push(insertSeqText(text, node, change.index, change.text));
        break;
      case 'insertPair':
        throw new ApplyError(`${pathText(change.path)} exists already`);
      case 'removeFirst': {
        // Exactly the text a prepend inserted: from the first item up to the item that was first.
        if (!isSeq(node) || node.items.length <= change.count)
          throw new ApplyError(`${pathText(change.path)} has no ${change.count} items to take out`);
        const items = node.items as Node[];
        edits.push({ start: items[0]!.range![0], end: items[change.count]!.range![0], text: '', depth: 0 });
        break;
      }
    }
  }
  for (const [seq, values] of appends) edits.push(insertIntoSeq(text, seq, seq.items.length, values, writing));
  for (const [parent, { path, entries }] of removals) {
    for (const removed of removeEntries(text, parent, entries)) {
      edits.push(removed.edit);
      log.removed.push({
        path,
        index: removed.index,
        text: text.slice(removed.edit.start, removed.edit.end),
        ...(removed.after !== undefined ? { after: removed.after } : {}),
      });
    }
  }
  for (const [map, { path, entries }] of creations) {
    for (const entry of entries.filter((e) => e.replace)) {
      const edit = replacePair(text, map, entry.replace!, entry.value, writing);
      edits.push(edit);
      log.replaced.push({ path: [...path, entry.key], text: text.slice(edit.start, edit.end) });
    }
    const added = entries.filter((e) => !e.replace);
    if (added.length) edits.push(addPairs(text, map, Object.fromEntries(added.map((e) => [e.key, e.value])), writing));
    // A key written out over a merge key is recorded as replaced, with no text of its own: taking it
    // out gives the merged value back.
    for (const entry of added) {
      if (!entry.merged) log.created.push([...path, entry.key]);
      else {
        log.replaced.push({ path: [...path, entry.key], text: '' });
        (log.written ??= []).push({ path: [...path, entry.key], over: '<<' });
      }
    }
  }
  for (const { site, value } of context.expansions.values()) {
    const edit = site.pair
      ? replacePair(text, site.parent as YAMLMap, site.pair, value, writing)
      : replaceItem(text, site.parent as YAMLSeq, site.alias, value, writing);
    edits.push(edit);
    log.replaced.push({ path: site.path, text: text.slice(edit.start, edit.end) });
    (log.written ??= []).push({ path: site.path, over: `*${site.alias.source}` });
  }
  return { edits: inLineBreaksOf(text, edits), log };
}

/**
 * The text of the pair at a path of mappings when its value is empty (`key:`, `key: null`, `key: {}`),
 * as a restore puts it back; else undefined.
 */
export function emptyPairText(text: string, root: Node, path: Path): string | undefined {
  let node: Node | null = root;
  let parent: YAMLMap | undefined;
  let pair: Pair | undefined;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    parent = node;
    pair = pairOf(node, String(key));
    if (!pair) return undefined;
    node = pair.value as Node | null;
  }
  if (!parent || !pair) return undefined;
  if (!isEmptyScalar(node) && !(isMap(node) && node.flow && node.items.length === 0)) return undefined;
  const region = pairRegion(text, parent, pair);
  return text.slice(region.start, region.end);
}

/** Whether a text breaks its lines with CRLF (as its first line does). */
export function usesCrlf(text: string): boolean {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r';
}

/** New text with the line breaks of the text it goes into: yaml renders LF, a CRLF file keeps CRLF. */
export function inLineBreaksOf<E extends TextEdit>(text: string, edits: E[]): E[] {
  if (!usesCrlf(text)) return edits;
  return edits.map((edit) => ({ ...edit, text: edit.text.replace(/\r?\n/g, '\r\n') }));
}

/** Applies edits to a text; edits must not overlap. */
export function splice(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of ordered(edits)) {
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** Edits in the order they apply: by offset, deeper insertions first at one offset, else as given. */
export function ordered<E extends Edit<unknown>>(edits: readonly E[]): E[] {
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.start - b.edit.start || b.edit.depth - a.edit.depth || a.order - b.order)
    .map((e) => e.edit);
  sorted.forEach((edit, i) => {
    if (i > 0 && edit.start < sorted[i - 1]!.end) throw new ApplyError('internal error: overlapping edits');
  });
  return sorted;
}

function locate(context: Context, path: Path, op: Change['op']): Target {
  const { root } = context;
  let node: Node = root;
  let pair: Pair | undefined;
  let parent: YAMLMap | YAMLSeq | undefined;
  // The parent's path is path.slice(0, parentDepth), cut once at the end.
  let parentDepth = 0;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (isAlias(node))
      return { kind: 'expand', expansion: expand(context, node, path.slice(0, i)), rest: path.slice(i) };
    shareAnchor(context, node, path.slice(0, i), pair);
    if (typeof key === 'number') {
      if (!isSeq(node) || !node.items[key]) throw new ApplyError(`${pathText(path.slice(0, i + 1))} does not exist`);
      parent = node;
      parentDepth = i;
      pair = undefined;
      node = node.items[key] as Node;
      continue;
    }
    if (!isMap(node)) throw new ApplyError(`${pathText(path.slice(0, i))} is not a mapping`);
    const found = pairOf(node, key);
    if (!found) {
      const target: Target = { kind: 'create', map: node, mapPath: path.slice(0, i), key, rest: path.slice(i + 1) };
      return mergedKey(context, node, path.slice(0, i + 1))
        ? { ...target, merged: valueAt(context.data, path.slice(0, i + 1)) }
        : target;
    }
    // `key:` or `key: null` is treated as absent: the new value replaces the pair.
    if (isEmptyScalar(found.value as Node | null))
      return { kind: 'create', map: node, mapPath: path.slice(0, i), key, rest: path.slice(i + 1), replace: found };
    parent = node;
    parentDepth = i;
    pair = found;
    node = found.value as Node;
  }
  if (!parent) throw new ApplyError('internal error: an empty path');
  // An alias that is set or taken out as a whole goes as a whole (its text is logged or restored).
  if (isAlias(node) && op !== 'set' && op !== 'remove' && op !== 'restore')
    return { kind: 'expand', expansion: expand(context, node, path), rest: [] };
  if (!isAlias(node)) shareAnchor(context, node, path, pair);
  return { kind: 'node', node, parent, parentPath: path.slice(0, parentDepth), ...(pair ? { pair } : {}) };
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item;
  }
  return undefined;
}

/** A plain-JS value with one change applied below it, for keys that do not exist yet. */
function applyToPlain(base: unknown, rest: Path, change: Change): unknown {
  if (rest.length === 0) {
    if (change.op === 'set') return change.value;
    if (change.op !== 'append' && change.op !== 'prepend') return base;
    const existing = Array.isArray(base) ? base : [];
    return change.op === 'append' ? [...existing, ...change.values] : [...change.values, ...existing];
  }
  if (Array.isArray(base) && typeof rest[0] === 'number') {
    const copy = [...base];
    copy[rest[0]] = applyToPlain(copy[rest[0]], rest.slice(1), change);
    return copy;
  }
  const object = (typeof base === 'object' && base !== null && !Array.isArray(base) ? base : {}) as Record<
    string,
    unknown
  >;
  const key = String(rest[0]);
  return { ...object, [key]: applyToPlain(object[key], rest.slice(1), change) };
}

const isEmptyScalar = (node: Node | null): boolean => node === null || (isScalar(node) && node.value === null);
const keyOf = (pair: Pair): string => String((pair.key as { value: unknown }).value);
const pathText = (path: Path): string => joinPath(path) || '(the item)';

/** Inserted lines always end with a newline; at the end of a text without one, they start with it. */
function linesAt(text: string, at: number, body: string): string {
  return (at === text.length && text.length > 0 && !text.endsWith('\n') ? '\n' : '') + body + '\n';
}

function insertIntoSeq(
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

function addPairs(text: string, map: YAMLMap, pairs: Record<string, unknown>, { style, renderer }: Writing): TextEdit {
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
function pairRegion(text: string, map: YAMLMap, pair: Pair): { start: number; end: number } {
  const key = pair.key as Node;
  const valueNode = pair.value as Node | null;
  if (map.flow) {
    if (valueNode && valueNode.range) return { start: valueNode.range[0], end: valueNode.range[1] };
    return { start: key.range![2], end: key.range![2] };
  }
  return { start: key.range![0], end: afterLine(text, contentEnd(pair)) };
}

function replacePair(text: string, map: YAMLMap, pair: Pair, value: unknown, { style, renderer }: Writing): TextEdit {
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
function replaceItem(text: string, seq: YAMLSeq, alias: Alias, value: unknown, { style, renderer }: Writing): TextEdit {
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
function blockEntryStart(text: string, items: readonly (Node | Pair)[], index: number): number {
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
function insertSeqText(text: string, seq: YAMLSeq, index: number, insert: string): TextEdit {
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
function insertAfterKey(text: string, pair: Pair, insert: string): TextEdit {
  const at = afterLine(text, (pair.key as Node).range![2]);
  return { start: at, end: at, text: insert, depth: 0 };
}

/** A whole pair put back after the pair `after` (or first); the text carries its lines or separators. */
function insertPair(text: string, map: YAMLMap, after: string | null, insert: string): TextEdit {
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

// Anchors, aliases and merge keys share one node's text among several places. An edit of that text
// would change all of them (a helper container would get envd's env), and a key written beside a
// merge key would override what it merges (the user's env would be lost). So the alias that is edited
// through, or every other alias of an anchor that is edited, is written out in place with the value it
// gives, and a key a merge key gives is written out with the merged value; the text each replaces is
// logged, for the strip to put back. Where that cannot be done (an alias used as a merge source, a
// merge in a flow mapping, or no data to write out), the edit is refused, naming the anchor.

/** The alias edited through, written out: its expansion, made once per alias. */
function expand(context: Context, alias: Alias, path: Path): Expansion {
  let expansion = context.expansions.get(alias);
  if (expansion) return expansion;
  const site = aliasSites(context).find((s) => s.alias === alias);
  const value = context.data === undefined ? undefined : valueAt(context.data, path);
  if (!site || site.inMerge || value === undefined)
    throw new ApplyError(
      `${pathText(path)} is the alias *${alias.source}: editing through it would change the anchor ` +
        `&${alias.source} and every other *${alias.source} with it; write the value of &${alias.source} out ` +
        `at ${pathText(path)} instead of the alias`,
      alias.range?.[0],
    );
  context.expansions.set(alias, (expansion = { site, value: copyData(value) }));
  return expansion;
}

/** An edit at or below a node that has an anchor: every alias of it is written out first. */
function shareAnchor(
  context: Context,
  node: Node,
  path: Path,
  pair: Pair | undefined,
  /** The text being replaced, whose own aliases go with it. */
  within?: readonly [number, number],
): void {
  // (Every edit passes here at each step of its path: the common case, no anchor, is one property read.)
  if (!context.anchors) return;
  const anchor = (node as { anchor?: string }).anchor;
  if (!anchor || !aliasNames(context.root).has(anchor)) return;
  const inside = (at: number) => within !== undefined && within[0] <= at && at < within[1];
  const sites = aliasSites(context).filter(
    (s) =>
      s.alias.source === anchor &&
      !inside(s.alias.range?.[0] ?? -1) &&
      anchorOf(context.root, anchor, s.alias.range?.[0] ?? Infinity) === node,
  );
  const merged = sites.find((s) => s.inMerge);
  const user = merged ? `the merge key at ${pathText(merged.path)}` : `*${anchor}`;
  const fix = merged
    ? `write the merged keys out in ${pathText(merged.path.slice(0, -1))} instead of the merge`
    : `write the value out in place of each *${anchor}`;
  if (merged || context.data === undefined)
    throw new ApplyError(
      `${pathText(path)} has the anchor &${anchor}, and ${user} uses it: editing it would change that too; ` +
        `${fix}, then drop the anchor`,
      ((pair?.key as Node | undefined) ?? node).range?.[0],
    );
  for (const site of sites) {
    if (context.expansions.has(site.alias)) continue;
    const value = valueAt(context.data, site.path);
    context.expansions.set(site.alias, { site, value: copyData(value) });
  }
}

/**
 * A value about to be replaced: the aliases elsewhere of the anchors in it are written out first, so
 * that they keep their values (an anchor that no alias uses elsewhere just goes with the text).
 */
function shareAnchorsWithin(context: Context, node: Node, path: Path): void {
  if (!isScalar(node) && !isCollection(node)) return;
  const within = [node.range![0], node.range![2]] as const;
  visit(node, {
    Node(_key, n) {
      if ((isScalar(n) || isCollection(n)) && n.anchor) shareAnchor(context, n, path, undefined, within);
    },
  });
}

/**
 * Whether a key to be created is given by a merge key of its mapping, which the created key would
 * override: it is then written out with the merged value. Refused where that cannot be done.
 */
function mergedKey(context: Context, map: YAMLMap, path: Path): boolean {
  if (!context.merges) return false;
  const key = String(path[path.length - 1]);
  for (const item of mergePairs(map)) {
    const from = mergedFrom(context.root, item.value as Node | null, key, 0);
    if (from === undefined) continue;
    if (map.flow || context.data === undefined || valueAt(context.data, path) === undefined)
      throw new ApplyError(
        `${pathText(path)} comes from a merge key (<< of ${from}), and a key ${key} written beside it would ` +
          `override the merged value, not add to it; write ${key} out in this mapping with the merged value, ` +
          `and the injection adds to that`,
        (item.key as Node).range?.[0],
      );
    return true;
  }
  return false;
}

/** Every alias of the resource, with its path (found once per planEdits, when one is edited). */
function aliasSites(context: Context): AliasSite[] {
  if (context.sites) return context.sites;
  const sites: AliasSite[] = [];
  const walk = (node: unknown, path: Path, inMerge: boolean): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const merge = isMergeKey(pair.key);
        const at = [...path, merge ? '<<' : String(pair.key.value)];
        if (isAlias(pair.value))
          sites.push({ alias: pair.value, path: at, parent: node, pair, inMerge: inMerge || merge });
        else walk(pair.value, at, inMerge || merge);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (isAlias(item)) sites.push({ alias: item, path: [...path, i], parent: node, inMerge });
        else walk(item, [...path, i], inMerge);
      });
    }
  };
  walk(context.root, [], false);
  return (context.sites = sites);
}

/** A mapping's merge key pairs, found once per mapping (most have none). */
const mergePairsOf = new WeakMap<YAMLMap, Pair[]>();
function mergePairs(map: YAMLMap): Pair[] {
  let pairs = mergePairsOf.get(map);
  if (!pairs) mergePairsOf.set(map, (pairs = map.items.filter((p): p is Pair => isPair(p) && isMergeKey(p.key))));
  return pairs;
}

const isMergeKey = (key: unknown): boolean =>
  isScalar(key) && (typeof key.value === 'symbol' || key.value === '<<' || key.tag === 'tag:yaml.org,2002:merge');

/** Which merge source gives a mapping the key (`*name`, or `a mapping`), if one does. */
function mergedFrom(root: Node, source: Node | null, key: string, depth: number): string | undefined {
  if (depth > 16 || source === null) return undefined;
  if (isSeq(source)) {
    for (const item of source.items) {
      const from = mergedFrom(root, item as Node, key, depth + 1);
      if (from !== undefined) return from;
    }
    return undefined;
  }
  const resolved = isAlias(source) ? anchorOf(root, source.source, source.range?.[0] ?? Infinity) : source;
  if (!isMap(resolved)) return undefined;
  const direct = pairOf(resolved, key) !== undefined;
  const nested = resolved.items.some(
    (p) => isPair(p) && isMergeKey(p.key) && mergedFrom(root, p.value as Node | null, key, depth + 1) !== undefined,
  );
  if (!direct && !nested) return undefined;
  if (isAlias(source)) return `*${source.source}`;
  return resolved.anchor ? `&${resolved.anchor}` : 'an inline mapping';
}

/** The names aliases use in a resource, found once per resource text. */
const aliasesOf = new WeakMap<Node, Set<string>>();
function aliasNames(root: Node): Set<string> {
  let names = aliasesOf.get(root);
  if (!names) {
    const found = new Set<string>();
    visit(root, {
      Alias(_key, alias) {
        found.add(alias.source);
      },
    });
    aliasesOf.set(root, (names = found));
  }
  return names;
}

/** The node an alias at `before` refers to: the last one with that anchor before it. */
function anchorOf(root: Node, name: string, before: number): Node | undefined {
  let found: Node | undefined;
  visit(root, {
    Node(_key, n) {
      if ((isScalar(n) || isCollection(n)) && n.anchor === name && (n.range?.[0] ?? Infinity) < before) found = n;
    },
  });
  return found;
}

/** Text that goes must not take an anchor with it: an alias elsewhere may still point there. */
function refuseAnchors(node: Node, path: Path): void {
  let anchor: string | undefined;
  visit(node, {
    Node(_key, n) {
      if ((isScalar(n) || isCollection(n)) && n.anchor) {
        anchor = n.anchor;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (anchor !== undefined)
    throw new ApplyError(
      `${pathText(path)} defines the anchor &${anchor}, which would be replaced; write it out instead of ` +
        `sharing it through an alias`,
    );
}

/** Removes list items or mapping pairs of one parent; neighbours removed together share their separators. */
function removeEntries(
  text: string,
  parent: YAMLMap | YAMLSeq,
  removed: readonly (Node | Pair)[],
): { edit: TextEdit; index: number; after?: string | null }[] {
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
    items.forEach((entry, index) => {
      if (!gone.has(entry)) return;
      const line = lineStart(text, startOf(entry));
      if (text.slice(line, startOf(entry)).trim() !== (isPair(entry) ? '' : '-')) {
        throw new ApplyError('cannot remove an entry that shares its line with another');
      }
      // Comment lines between entries go with the entry below them, so that it comes back in place.
      push(
        { start: blockEntryStart(text, items, index), end: afterLine(text, contentEnd(entry)), text: '', depth: 0 },
        index,
      );
    });
    return out;
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
  return out;
}
