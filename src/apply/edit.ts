// Turns planned changes into text edits of the original YAML, so that everything not injected keeps its
// bytes: comments, key order, quoting, scalar styles, anchors and indentation. The `yaml` package finds
// where each node is (its ranges); the applier decides where new text goes: each change is located
// (./locate.ts), then its text inserted (./insert.ts) or removed (./remove.ts), with the aliases it
// touches written out (./aliases.ts). No library edits YAML text in place this way (the Document API
// re-serialises whole documents), hence the hand-written part.
import { isMap, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { copyData, type Path } from '../base/data.js';
import { failure, success, type Outcome } from '../base/outcome.js';
import type { Change } from '../plan/changes.js';
import type { ApplyLog } from '../provenance/status.js';
import { contentEnd, lineStart } from '../read/text.js';
import { anchorIn, contextOf, shareAnchorsWithin } from './aliases.js';
import {
  addPairs,
  insertAfterKey,
  insertIntoSeq,
  insertPair,
  insertSeqText,
  pairRegion,
  replaceItem,
  replacePair,
  type Writing,
} from './insert.js';
import { locate, type Target } from './locate.js';
import { isEmptyScalar, keyOf, pairOf, pathText, refused, type ApplyFailure } from './nodes.js';
import { removeEntries } from './remove.js';
import type { Renderer, Style } from './render.js';
import { inLineBreaksOf, inOrder, type TextEdit } from './splice.js';

/** The text edits that make some changes, and what they replaced, for the status record. */
export interface PlannedEdits {
  edits: TextEdit[];
  log: ApplyLog;
}

/**
 * The edits for the changes. With `data` (the resource as Kubernetes reads it: aliases and merge keys
 * resolved), a value shared through an alias or given by a merge key is written out where it is
 * edited, and the text it replaces is logged, so that a strip can put it back; without, such an edit
 * is refused.
 */
export function planEdits(
  text: string,
  root: Node,
  changes: readonly Change[],
  style: Style,
  renderer: Renderer,
  data?: unknown,
): Outcome<PlannedEdits, ApplyFailure> {
  const writing: Writing = { style, renderer };
  const edits: TextEdit[] = [];
  const log: ApplyLog = { created: [], replaced: [], removed: [] };
  const context = contextOf(text, root, data);
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
    if (problem) return failure(refused(problem));
    const located = locate(context, change.path, change.op);
    if (!located.ok) return located;
    const target = located.value;
    if (target.kind === 'expand') {
      if (change.op !== 'append' && change.op !== 'prepend' && change.op !== 'set')
        return failure(refused(`${pathText(change.path)} is inside the alias *${target.expansion.site.alias.source}`));
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
        else return failure(refused(`${pathText(change.path)} is not a list, so nothing can be appended to it`));
        break;
      case 'prepend':
        if (!isSeq(node)) return failure(refused(`${pathText(change.path)} is not a list`));
        edits.push(insertIntoSeq(text, node, 0, change.values, writing));
        break;
      case 'set': {
        if (!pair || !isMap(parent)) return failure(refused(`${pathText(change.path)} is not a mapping key`));
        const shared = context.anchors ? shareAnchorsWithin(context, node, change.path) : undefined;
        if (shared) return failure(shared);
        create({ kind: 'create', map: parent, mapPath: parentPath, key: keyOf(pair), rest: [], replace: pair }, change);
        break;
      }
      case 'remove': {
        const anchored = context.anchors ? anchorIn(node, change.path) : undefined;
        if (anchored) return failure(anchored);
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
        if (!pair || !isMap(parent)) return failure(refused(`${pathText(change.path)} is not a mapping key`));
        // No text (a key written out over a merge key): its whole lines go.
        if (change.text === '' && !parent.flow) {
          const { end } = pairRegion(text, parent, pair);
          edits.push({ start: lineStart(text, (pair.key as Node).range![0]), end, text: '', depth: 0 });
        } else edits.push({ ...pairRegion(text, parent, pair), text: change.text, depth: 0 });
        break;
      case 'insertText':
        if (!isSeq(node)) return failure(refused(`${pathText(change.path)} is not a list`));
        edits.push(insertSeqText(text, node, change.index, change.text));
        break;
      case 'insertPair':
        return failure(refused(`${pathText(change.path)} exists already`));
      case 'removeFirst': {
        // Exactly the text a prepend inserted: from the first item up to the item that was first.
        if (!isSeq(node) || node.items.length <= change.count)
          return failure(refused(`${pathText(change.path)} has no ${change.count} items to take out`));
        const items = node.items as Node[];
        edits.push({ start: items[0]!.range![0], end: items[change.count]!.range![0], text: '', depth: 0 });
        break;
      }
    }
  }
  for (const [seq, values] of appends) edits.push(insertIntoSeq(text, seq, seq.items.length, values, writing));
  for (const [parent, { path, entries }] of removals) {
    const removedEntries = removeEntries(text, parent, entries);
    if (!removedEntries.ok) return removedEntries;
    for (const removed of removedEntries.value) {
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
  const replaced = new Set([...creations.values()].flatMap(({ entries }) => entries.map((e) => e.replace)));
  for (const { site, value } of context.expansions.values()) {
    // An alias that a change sets whole is replaced by that change: it is not written out as well.
    if (site.pair && replaced.has(site.pair)) continue;
    const edit = site.pair
      ? replacePair(text, site.parent as YAMLMap, site.pair, value, writing)
      : replaceItem(text, site.parent as YAMLSeq, site.alias, value, writing);
    edits.push(edit);
    log.replaced.push({ path: site.path, text: text.slice(edit.start, edit.end) });
    (log.written ??= []).push({ path: site.path, over: `*${site.alias.source}` });
  }
  // Two edits of one text range are a bug of the applier (an alias both written out and replaced, as
  // it is): refused for this resource, which is left as it is, rather than failing the whole run.
  if (inOrder(edits) === undefined) return failure(refused('internal error: overlapping edits'));
  return success({ edits: inLineBreaksOf(text, edits), log });
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
