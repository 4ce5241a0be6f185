// The law of the status record, checked as data on every record before its strip is used: once the
// record is taken out, the resource may differ from what it was with the record only
// - at the places the record says were written (./record.ts placed each one where a runtime unit writes):
//   a list appended to loses items of the recorded names, a list prepended to loses its first items, a key
//   set goes (or, where the unit rewrites a value, gets back one of its kind), and a key created or
//   replaced comes back empty or goes;
// - at the status annotation itself;
// - in the runtimes declaration, which gets back entries that are `{name: X}`.
// Anything else (a replaced text that says more than the value it stood for, an entry that is more than
// a name) is a breach: the first one found, for the message.
import { isDeepStrictEqual } from 'node:util';
import { isAlias, isMap, isScalar, parseDocument } from 'yaml';
import { isPlainMapping, nameOf, type Path } from '../base/data.js';
import type { Place } from '../runtimes/unit.js';
import { pathKey, type Placed } from './record.js';
import { STATUS_ANNOTATION } from './status.js';

/** Where the data taken out differs from the resource beyond what the record allows, and how. */
export interface Breach {
  path: Path;
  /** The value with the record, and after it is taken out (undefined: there is none). */
  before: unknown;
  after: unknown;
}

/** The first breach of the law by a strip that turned `before` into `after`; undefined when there is none. */
export function firstBreach(before: unknown, after: unknown, placed: Placed): Breach | undefined {
  const { appended, prepended, set, emptied } = placed.written;
  const declarations = pathKey(placed.kind.runtimes);
  // Every key on the way to a place written (or to the declarations): one that was not there may come
  // with an empty value. Off the way, the data must be as it was.
  const onTheWay = new Set<string>();
  for (const key of [...appended.keys(), ...prepended.keys(), ...set.keys(), ...emptied, declarations]) {
    const path = JSON.parse(key) as Path;
    for (let i = 0; i <= path.length; i++) onTheWay.add(pathKey(path.slice(0, i)));
  }

  const walk = (a: unknown, b: unknown, path: Path): Breach | undefined => {
    const key = pathKey(path);
    if (set.has(key))
      return isDeepStrictEqual(a, b) || isEmpty(b) || holds(b, set.get(key))
        ? undefined
        : { path, before: a, after: b };
    if (appended.has(key)) return withoutItems(a, b, path, appended.get(key)!);
    if (prepended.has(key)) return withoutFirst(a, b, path, prepended.get(key)!);
    if (key === declarations) return withNames(a, b, path);
    if (!onTheWay.has(key)) return isDeepStrictEqual(a, b) ? undefined : firstDifference(a, b, path);
    let [x, y] = [a, b];
    if (emptied.has(key) && isEmpty(x) && isEmpty(y)) return undefined;
    if (emptied.has(key) || onTheWay.has(key)) {
      if (isEmpty(x)) x = emptyLike(y);
      if (isEmpty(y)) y = emptyLike(x);
    }
    if (isPlainMapping(x) && isPlainMapping(y)) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        const breach = walk(own(x, k), own(y, k), [...path, k]);
        if (breach) return breach;
      }
      return undefined;
    }
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
      for (const [i, item] of x.entries()) {
        const breach = walk(item, y[i], [...path, i]);
        if (breach) return breach;
      }
      return undefined;
    }
    return isDeepStrictEqual(a, b) ? undefined : { path, before: a, after: b };
  };

  /** A list that lost items of the recorded names, the rest as they were (but at places written inside them). */
  const withoutItems = (a: unknown, b: unknown, path: Path, names: readonly string[]): Breach | undefined => {
    const was = listOrEmpty(a);
    const is = listOrEmpty(b);
    if (!was || !is) return isDeepStrictEqual(a, b) ? undefined : { path, before: a, after: b };
    const budget = [...names];
    const spend = (item: unknown) => {
      const at = budget.indexOf(nameOf(item) as string);
      return at >= 0 && budget.splice(at, 1).length > 0;
    };
    let next = 0;
    for (const [j, item] of is.entries()) {
      let first: Breach | undefined;
      let match = -1;
      for (let i = next; i < was.length && match < 0; i++) {
        if (nameOf(was[i]) !== nameOf(item)) continue;
        const breach = walk(was[i], item, [...path, i]);
        if (breach) first ??= breach;
        else match = i;
      }
      if (match < 0) return first ?? { path: [...path, j], before: undefined, after: item };
      for (let i = next; i < match; i++)
        if (!spend(was[i])) return { path: [...path, i], before: was[i], after: undefined };
      next = match + 1;
    }
    for (let i = next; i < was.length; i++)
      if (!spend(was[i])) return { path: [...path, i], before: was[i], after: undefined };
    return undefined;
  };

  const withoutFirst = (a: unknown, b: unknown, path: Path, count: number): Breach | undefined =>
    isDeepStrictEqual(a, b) || (Array.isArray(a) && isDeepStrictEqual(a.slice(count), b))
      ? undefined
      : { path, before: a, after: b };

  /** The declarations, with entries that are only a name put back among them. */
  const withNames = (a: unknown, b: unknown, path: Path): Breach | undefined => {
    const was = listOrEmpty(a);
    const is = listOrEmpty(b);
    if (!was || !is) return isDeepStrictEqual(a, b) ? undefined : { path, before: a, after: b };
    let next = 0;
    for (const [j, item] of is.entries()) {
      if (next < was.length && isDeepStrictEqual(was[next], item)) next++;
      else if (!isNameOnly(item)) return { path: [...path, j], before: was[next], after: item };
    }
    return next < was.length ? { path: [...path, next], before: was[next], after: undefined } : undefined;
  };

  return walk(withoutStatus(before), withoutStatus(after), []);
}

/** Where two values that differ first differ, as a breach. */
function firstDifference(a: unknown, b: unknown, path: Path): Breach {
  if (isPlainMapping(a) && isPlainMapping(b)) {
    const key = [...new Set([...Object.keys(a), ...Object.keys(b)])].find(
      (k) => !isDeepStrictEqual(own(a, k), own(b, k)),
    );
    if (key !== undefined) return firstDifference(own(a, key), own(b, key), [...path, key]);
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    const index = a.findIndex((item, i) => !isDeepStrictEqual(item, b[i]));
    if (index >= 0) return firstDifference(a[index], b[index], [...path, index]);
  }
  return { path, before: a, after: b };
}

/**
 * Whether a replaced text puts back what an alias or a merge key gave: the alias alone (`env: *env` for
 * the pair at `key` in a block mapping, `*main` for a list item or a pair in a flow mapping), or nothing (a key written out over a merge key, whose
 * lines go). Such a text gives back data of the resource's own; any other would be data of the record's.
 */
export function putsBackAlias(text: string, key: string | number): boolean {
  if (text.trim() === '') return true;
  const doc = parseDocument(text.trim());
  if (doc.errors.length) return false;
  const root = doc.contents;
  // A list item's text, and a pair's in a flow mapping, is the value alone; a block pair's is the pair.
  if (isAlias(root)) return true;
  if (typeof key === 'number' || !isMap(root) || root.items.length !== 1) return false;
  const [pair] = root.items;
  return isScalar(pair!.key) && String(pair!.key.value) === key && isAlias(pair!.value);
}

/** The data without the status annotation, the one key the law does not look at. */
function withoutStatus(value: unknown): unknown {
  if (!isPlainMapping(value) || !isPlainMapping(value.metadata) || !isPlainMapping(value.metadata.annotations))
    return value;
  const { [STATUS_ANNOTATION]: _status, ...annotations } = value.metadata.annotations;
  return { ...value, metadata: { ...value.metadata, annotations } };
}

const own = (mapping: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(mapping, key) ? mapping[key] : undefined;

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (Array.isArray(value) && value.length === 0) ||
  (isPlainMapping(value) && Object.keys(value).length === 0);

const emptyLike = (value: unknown): unknown => (Array.isArray(value) ? [] : isPlainMapping(value) ? {} : undefined);

const listOrEmpty = (value: unknown): unknown[] | undefined =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : undefined;

const isNameOnly = (item: unknown): boolean =>
  isPlainMapping(item) && Object.keys(item).length === 1 && typeof item.name === 'string';

function holds(value: unknown, kind: Place['holds']): boolean {
  return kind === 'mapping' && isPlainMapping(value);
}
