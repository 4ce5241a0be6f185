// Anchors, aliases and merge keys share one node's text among several places. An edit of that text
// would change all of them (a helper container would get envd's env), and a key written beside a
// merge key would override what it merges (the user's env would be lost). So the alias that is edited
// through, or every other alias of an anchor that is edited, is written out in place with the value it
// gives, and a key a merge key gives is written out with the merged value; the text each replaces is
// logged, for the strip to put back. Where that cannot be done (an alias used as a merge source, a
// merge in a flow mapping, or no data to write out), the edit is refused, naming the anchor.
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Alias,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { copyData, valueAt, type Path } from '../base/data.js';
import { failure, success, type Outcome } from '../base/outcome.js';
import { pairOf, pathText, refused, type ApplyFailure } from './nodes.js';

/** Where an alias is written: its path, and the mapping pair or list it is the value or item of. */
export interface AliasSite {
  alias: Alias;
  path: Path;
  parent: YAMLMap | YAMLSeq;
  pair?: Pair;
  /** A merge key's source (`<<: *defaults`), which cannot be written out as a value. */
  inMerge: boolean;
}

/** An alias written out in place: the value it gives, with the changes made through it. */
export interface Expansion {
  site: AliasSite;
  value: unknown;
}

/** What the edits of one resource share: its nodes, its data (aliases and merges resolved), expansions. */
export interface Context {
  root: Node;
  data: unknown;
  expansions: Map<Alias, Expansion>;
  sites?: AliasSite[];
  /** Whether the text can hold an anchor (so aliases), or a merge key: most items have neither. */
  anchors: boolean;
  merges: boolean;
  /** The names its aliases use, found once, when an edit meets an anchor. */
  aliasNames?: Set<string>;
  /** Each mapping's merge key pairs, found once per mapping an edit creates a key in. */
  mergePairs: Map<YAMLMap, Pair[]>;
}

/** The context of the edits of one item's text, its root node and its data (if given). */
export function contextOf(text: string, root: Node, data: unknown): Context {
  // Without an `&` there is no anchor and so no alias, and without `<<` no merge key: the checks for
  // them, which walk what an edit replaces, are then skipped.
  return {
    root,
    data,
    expansions: new Map(),
    anchors: text.includes('&'),
    merges: text.includes('<<'),
    mergePairs: new Map(),
  };
}

/** The alias edited through, written out: its expansion, made once per alias; or why it cannot be. */
export function expand(context: Context, alias: Alias, path: Path): Outcome<Expansion, ApplyFailure> {
  let expansion = context.expansions.get(alias);
  if (expansion) return success(expansion);
  const site = aliasSites(context).find((s) => s.alias === alias);
  const value = context.data === undefined ? undefined : valueAt(context.data, path);
  if (!site || site.inMerge || value === undefined)
    return failure(
      refused(
        `${pathText(path)} is the alias *${alias.source}: editing through it would change the anchor ` +
          `&${alias.source} and every other *${alias.source} with it; write the value of &${alias.source} out ` +
          `at ${pathText(path)} instead of the alias`,
        alias.range?.[0],
      ),
    );
  context.expansions.set(alias, (expansion = { site, value: copyData(value) }));
  return success(expansion);
}

/**
 * An edit at or below a node that has an anchor: every alias of it is written out first. Gives why
 * that cannot be done, if it cannot.
 */
export function shareAnchor(
  context: Context,
  node: Node,
  path: Path,
  pair: Pair | undefined,
  /** The text being replaced, whose own aliases go with it. */
  within?: readonly [number, number],
): ApplyFailure | undefined {
  // (Every edit passes here at each step of its path: the common case, no anchor, is one property read.)
  if (!context.anchors) return undefined;
  const anchor = (node as { anchor?: string }).anchor;
  if (!anchor || !aliasNames(context).has(anchor)) return undefined;
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
    return refused(
      `${pathText(path)} has the anchor &${anchor}, and ${user} uses it: editing it would change that too; ` +
        `${fix}, then drop the anchor`,
      ((pair?.key as Node | undefined) ?? node).range?.[0],
    );
  for (const site of sites) {
    if (context.expansions.has(site.alias)) continue;
    const value = valueAt(context.data, site.path);
    context.expansions.set(site.alias, { site, value: copyData(value) });
  }
  return undefined;
}

/**
 * A value about to be replaced: the aliases elsewhere of the anchors in it are written out first, so
 * that they keep their values (an anchor that no alias uses elsewhere just goes with the text).
 */
export function shareAnchorsWithin(context: Context, node: Node, path: Path): ApplyFailure | undefined {
  if (!isScalar(node) && !isCollection(node)) return undefined;
  const within = [node.range![0], node.range![2]] as const;
  let refusal: ApplyFailure | undefined;
  visit(node, {
    Node(_key, n) {
      if ((isScalar(n) || isCollection(n)) && n.anchor) refusal = shareAnchor(context, n, path, undefined, within);
      return refusal ? visit.BREAK : undefined;
    },
  });
  return refusal;
}

/**
 * Whether a key to be created is given by a merge key of its mapping, which the created key would
 * override: it is then written out with the merged value. Refused where that cannot be done.
 */
export function mergedKey(context: Context, map: YAMLMap, path: Path): Outcome<boolean, ApplyFailure> {
  if (!context.merges) return success(false);
  const key = String(path[path.length - 1]);
  for (const item of mergePairs(context, map)) {
    const from = mergedFrom(context.root, item.value as Node | null, key, 0);
    if (from === undefined) continue;
    if (map.flow || context.data === undefined || valueAt(context.data, path) === undefined)
      return failure(
        refused(
          `${pathText(path)} comes from a merge key (<< of ${from}), and a key ${key} written beside it would ` +
            `override the merged value, not add to it; write ${key} out in this mapping with the merged value, ` +
            `and the injection adds to that`,
          (item.key as Node).range?.[0],
        ),
      );
    return success(true);
  }
  return success(false);
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

/** A mapping's merge key pairs (most have none). */
function mergePairs(context: Context, map: YAMLMap): Pair[] {
  let pairs = context.mergePairs.get(map);
  if (!pairs) {
    pairs = map.items.filter((p): p is Pair => isPair(p) && isMergeKey(p.key));
    context.mergePairs.set(map, pairs);
  }
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

/** The names aliases use in the resource. */
function aliasNames(context: Context): Set<string> {
  if (!context.aliasNames) {
    const found = new Set<string>();
    visit(context.root, {
      Alias(_key, alias) {
        found.add(alias.source);
      },
    });
    context.aliasNames = found;
  }
  return context.aliasNames;
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
export function anchorIn(node: Node, path: Path): ApplyFailure | undefined {
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
  if (anchor === undefined) return undefined;
  return refused(
    `${pathText(path)} defines the anchor &${anchor}, which would be replaced; write it out instead of ` +
      `sharing it through an alias`,
  );
}
