// Planning around runtimes kept as they are (their hand edits adopted): the planner sees the resource
// without their declarations, so that it neither injects them again nor trips on what they injected, and
// their declarations stay as they were in the item: those the strip put back go again, so that the new
// record puts them back on uninject.
import { isDeepStrictEqual } from 'node:util';
import { copyData, nameOf, valueAt, type Path } from '../base/data.js';
import type { Kind } from '../base/kinds.js';
import { hasError, type Subject } from '../base/results.js';
import type { Change } from '../plan/changes.js';
import type { Plan } from '../plan/expand.js';
import type { Planner } from '../plan/planner.js';

/**
 * The plan for `stripped` (the item as it came, `original`, with its injection taken out) with the kept
 * runtimes left as they are.
 */
export function planAround(
  planner: Planner,
  original: Record<string, unknown>,
  stripped: Record<string, unknown>,
  kept: ReadonlySet<string>,
  kind: Kind,
  subject: Subject,
): Plan {
  const at = kind.runtimes;
  const declared = valueAt(stripped, at);
  if (!Array.isArray(declared)) return planner(stripped, subject);
  const isKept = (entry: unknown) => kept.has(nameOf(entry) as string);
  const others = declared.flatMap((entry, i) => (isKept(entry) ? [] : [i]));
  const view = copyData(stripped);
  (valueAt(view, at.slice(0, -1)) as Record<string, unknown>)[at[at.length - 1]!] = others.map((i) => declared[i]);
  const plan = planner(view, subject);
  if (hasError(plan.results)) return plan;
  // The kept runtimes' declarations that the strip put back go again; the plan's removals of the others'
  // are at their places among all of them.
  const before = valueAt(original, at);
  const putBack = putBackAt(Array.isArray(before) ? before : [], declared);
  const goes = new Set(declared.flatMap((entry, i) => (isKept(entry) && putBack.has(i) ? [i] : [])));
  const changes = plan.changes.filter((change) => {
    if (change.op !== 'remove' || !isPrefix(at, change.path) || change.path.length > at.length + 1) return true;
    if (change.path.length === at.length) others.forEach((i) => goes.add(i));
    else goes.add(others[change.path[at.length] as number]!);
    return false;
  });
  const removals: Change[] =
    goes.size === declared.length
      ? [{ op: 'remove', path: at }]
      : [...goes].sort((a, b) => a - b).map((i) => ({ op: 'remove', path: [...at, i] }));
  return { ...plan, changes: [...changes, ...removals], records: new Map() };
}

/** The indices of `after`'s entries that are not `before`'s: `before` is `after` with entries taken out. */
function putBackAt(before: readonly unknown[], after: readonly unknown[]): Set<number> {
  const put = new Set<number>();
  let next = 0;
  after.forEach((entry, i) => {
    if (next < before.length && isDeepStrictEqual(before[next], entry)) next++;
    else put.add(i);
  });
  return put;
}

const isPrefix = (outer: Path, inner: Path): boolean =>
  outer.length <= inner.length && outer.every((k, i) => k === inner[i]);
