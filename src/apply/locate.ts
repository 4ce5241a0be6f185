// Where a change lands in an item's nodes: an existing node, a mapping to create keys in, or an alias
// to write out, with the anchors and merge keys on the way taken care of (./aliases.ts).
import { isAlias, isMap, isSeq, type Alias, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { valueAt, type Path } from '../base/data.js';
import { failure, success, type Outcome } from '../base/outcome.js';
import type { Change } from '../plan/changes.js';
import { expand, mergedKey, shareAnchor, type Context, type Expansion } from './aliases.js';
import { isEmptyScalar, pairOf, pathText, refused, type ApplyFailure } from './nodes.js';

/** Where one change lands: an existing node, or the deepest existing mapping and the keys to create. */
export type Target =
  | { kind: 'node'; node: Node; pair?: Pair; parent: YAMLMap | YAMLSeq; parentPath: Path }
  | { kind: 'create'; map: YAMLMap; mapPath: Path; key: string; rest: Path; replace?: Pair; merged?: unknown }
  | { kind: 'expand'; expansion: Expansion; rest: Path };

/** Where a change lands, or why it cannot be made there. */
export function locate(context: Context, path: Path, op: Change['op']): Outcome<Target, ApplyFailure> {
  const { root } = context;
  let node: Node = root;
  let pair: Pair | undefined;
  let parent: YAMLMap | YAMLSeq | undefined;
  // The parent's path is path.slice(0, parentDepth), cut once at the end.
  let parentDepth = 0;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (isAlias(node)) return expandTarget(context, node, path.slice(0, i), path.slice(i));
    const shared = shareAnchor(context, node, path.slice(0, i), pair);
    if (shared) return failure(shared);
    if (typeof key === 'number') {
      if (!isSeq(node) || !node.items[key]) return failure(refused(`${pathText(path.slice(0, i + 1))} does not exist`));
      parent = node;
      parentDepth = i;
      pair = undefined;
      node = node.items[key] as Node;
      continue;
    }
    if (!isMap(node)) return failure(refused(`${pathText(path.slice(0, i))} is not a mapping`));
    const found = pairOf(node, key);
    if (!found) {
      const target: Target = { kind: 'create', map: node, mapPath: path.slice(0, i), key, rest: path.slice(i + 1) };
      const merged = mergedKey(context, node, path.slice(0, i + 1));
      if (!merged.ok) return merged;
      return success(merged.value ? { ...target, merged: valueAt(context.data, path.slice(0, i + 1)) } : target);
    }
    // `key:` or `key: null` is treated as absent: the new value replaces the pair.
    if (isEmptyScalar(found.value as Node | null))
      return success({
        kind: 'create',
        map: node,
        mapPath: path.slice(0, i),
        key,
        rest: path.slice(i + 1),
        replace: found,
      });
    parent = node;
    parentDepth = i;
    pair = found;
    node = found.value as Node;
  }
  if (!parent) throw new Error('internal error: a change with an empty path');
  // An alias that is set or taken out as a whole goes as a whole (its text is logged or restored).
  if (isAlias(node) && op !== 'set' && op !== 'remove' && op !== 'restore')
    return expandTarget(context, node, path, []);
  const shared = isAlias(node) ? undefined : shareAnchor(context, node, path, pair);
  if (shared) return failure(shared);
  return success({ kind: 'node', node, parent, parentPath: path.slice(0, parentDepth), ...(pair ? { pair } : {}) });
}

function expandTarget(context: Context, alias: Alias, path: Path, rest: Path): Outcome<Target, ApplyFailure> {
  const expansion = expand(context, alias, path);
  return expansion.ok ? success({ kind: 'expand', expansion: expansion.value, rest }) : expansion;
}
