// Taking a recorded injection out of a resource (docs/status-record.md): what the status annotation
// says was added goes, what was replaced gets its original text back, and removed spec.runtimes entries
// return. The record has been placed first (./record.ts): every pointer leads where a runtime writes. A
// recorded value that matches neither its hash nor an adopted one was edited by hand (findInjection).
import { joinPath } from '../base/decode.js';
import { result, type Result, type Subject } from '../base/results.js';
import { copyData, nameOf, valueAt, type Path } from '../base/data.js';
import type { Change } from '../plan/changes.js';
import type { Hasher } from '../base/hash.js';
import type { Placed } from './record.js';
import { STATUS_ANNOTATION, STATUS_PATH, type Parts, type RuntimeRecord } from './status.js';

type Obj = Record<string | number, unknown>;

export interface Strip {
  changes: Change[];
  results: Result[];
  /** Values the injection wrote out (over an alias or a merge key) that the changes put back. */
  written: Path[];
  /** The text a written value is put back as. */
  putBack(path: Path): string;
  /** The resource as the changes should leave it, but for the texts they put back. */
  expected: Obj;
  /** The pointers of the record's replaced texts that the changes do not put back. */
  unrestored: string[];
  /** Each part the changes take out: the runtime's, at the record's pointer, and the item's name for a list's. */
  taken: { runtime: string; pointer: string; name?: string }[];
}

/** How a strip goes: which runtimes stay as they are, and what else stays. */
export interface StripOptions {
  /**
   * The status annotation stays where it is, for the new injection to overwrite in place: an
   * orchestrator may have put its own annotations after it (kpt does), and appending a new one there
   * would move it.
   */
  keepStatus?: boolean;
  /** Values written out over an alias or merge key that stay written out (edited by hand since). */
  keepWritten?: readonly Path[];
  /** Runtimes kept whole, as they are (their hand edits adopted). */
  keep?: ReadonlySet<string>;
}

/** One runtime's recorded injection as the resource has it now. */
export interface Found {
  runtime: string;
  /** Its parts edited by hand since: neither as injected nor as adopted. */
  edited: string[];
  /** Its parts adopted before (handEdits: adopt), still as they were adopted. */
  adopted: string[];
  /** Its record, with every part that is not as injected adopted at the hash it has now. */
  adopting: RuntimeRecord;
}

/**
 * Each recorded runtime's injection as the resource has it: which parts were edited by hand, which were
 * adopted. A part that is gone altogether is neither.
 */
export function findInjection(resource: Obj, placed: Placed, hasher: Hasher): Found[] {
  const shortHash = (value: unknown) => hasher.shortHash(value);
  return placed.status.runtimes.map((runtime) => {
    const edited: string[] = [];
    const adopted: string[] = [];
    const now: Parts = { added: {}, prepended: {}, set: {} };
    const part = (described: string, wasAdopted: boolean, record: () => void) => {
      (wasAdopted ? adopted : edited).push(described);
      record();
    };
    for (const [pointer, items] of Object.entries(runtime.added)) {
      const path = placed.at(pointer);
      const list = valueAt(resource, path);
      if (!Array.isArray(list)) continue;
      const unmatched = [...list];
      const adoptedItems = [...(runtime.adopted?.added?.[pointer] ?? [])];
      const take = (test: (item: unknown) => boolean) => {
        const at = lastIndex(unmatched, test);
        return at < 0 ? undefined : unmatched.splice(at, 1);
      };
      for (const [name, hash] of items) {
        if (take((item) => nameOf(item) === name && shortHash(item) === hash)) continue;
        const described = `"${name}" in ${joinPath(path)}`;
        const as = adoptedItems.findIndex(
          ([n, h]) => n === name && unmatched.some((i) => nameOf(i) === n && shortHash(i) === h),
        );
        const [item] =
          as >= 0
            ? (take((i) => nameOf(i) === name && shortHash(i) === adoptedItems.splice(as, 1)[0]![1]) ?? [])
            : (take((i) => nameOf(i) === name) ?? []);
        if (item !== undefined)
          part(described, as >= 0, () => (now.added[pointer] ??= []).push([name, shortHash(item)]));
      }
    }
    for (const [pointer, [count, hash]] of Object.entries(runtime.prepended)) {
      const list = valueAt(resource, placed.at(pointer));
      const current = Array.isArray(list) && list.length > count ? shortHash(list.slice(0, count)) : undefined;
      if (current === hash) continue;
      const described = `the postStart command at ${joinPath(placed.at(pointer))}`;
      part(described, current !== undefined && current === runtime.adopted?.prepended?.[pointer]?.[1], () => {
        if (current !== undefined) now.prepended[pointer] = [count, current];
      });
    }
    for (const [pointer, hash] of Object.entries(runtime.set)) {
      const value = valueAt(resource, placed.at(pointer));
      if (value === undefined || shortHash(value) === hash) continue;
      const current = shortHash(value);
      part(
        joinPath(placed.at(pointer)),
        current === runtime.adopted?.set?.[pointer],
        () => (now.set[pointer] = current),
      );
    }
    const { adopted: _before, ...rest } = runtime;
    const adopting = Object.values(now).some((parts) => Object.keys(parts).length)
      ? { ...rest, adopted: Object.fromEntries(Object.entries(now).filter(([, parts]) => Object.keys(parts).length)) }
      : rest;
    return { runtime: runtime.name, edited, adopted, adopting };
  });
}

/**
 * The changes that take a placed record's injection out of its resource, runtime by runtime in reverse
 * order: the runtimes in `keep` stay as they are. An item matches its part by name and by its hash as
 * injected or as adopted.
 */
export function planStrip(
  resource: Obj,
  placed: Placed,
  subject: Subject,
  hasher: Hasher,
  options: StripOptions = {},
): Strip {
  const { keepStatus = false, keepWritten = [], keep = new Set<string>() } = options;
  const { status, at } = placed;
  const shortHash = (value: unknown) => hasher.shortHash(value);
  const removals: Path[] = [];
  const prefixes: { path: Path; count: number }[] = [];
  const restores: { path: Path; text: string }[] = [];
  const gone = new Set<string>();
  const taken: Strip['taken'] = [];
  const key = (path: Path) => JSON.stringify(path);
  const replaced = new Map(Object.entries(status.replaced).map(([pointer, text]) => [key(at(pointer)), text]));

  for (const runtime of [...status.runtimes].reverse()) {
    if (keep.has(runtime.name)) continue;
    for (const [pointer, items] of Object.entries(runtime.added)) {
      const path = at(pointer);
      const list = valueAt(resource, path);
      if (!Array.isArray(list)) continue;
      const adopted = runtime.adopted?.added?.[pointer] ?? [];
      for (const [name, hash] of [...items].reverse()) {
        const hashes = new Set([hash, ...adopted.filter(([n]) => n === name).map(([, h]) => h)]);
        const index = lastIndex(
          list,
          (item, i) => !gone.has(key([...path, i])) && nameOf(item) === name && hashes.has(shortHash(item)),
        );
        if (index < 0) continue;
        removals.push([...path, index]);
        gone.add(key([...path, index]));
        taken.push({ runtime: runtime.name, pointer, name });
      }
    }
    for (const [pointer, [count, hash]] of Object.entries(runtime.prepended)) {
      const path = at(pointer);
      const list = valueAt(resource, path);
      const current = Array.isArray(list) && list.length > count ? shortHash(list.slice(0, count)) : undefined;
      if (current === undefined || (current !== hash && current !== runtime.adopted?.prepended?.[pointer]?.[1]))
        continue;
      prefixes.push({ path, count });
      taken.push({ runtime: runtime.name, pointer });
    }
    for (const [pointer] of Object.entries(runtime.set)) {
      const path = at(pointer);
      if (valueAt(resource, path) !== undefined) taken.push({ runtime: runtime.name, pointer });
      const original = replaced.get(key(path));
      if (original !== undefined) restores.push({ path, text: original });
      else removals.push(path);
    }
  }
  if (!keepStatus) removals.push(STATUS_PATH);
  // A key the injection created, or a `key:` it filled, goes back as it was once nothing else is in it.
  const after = withoutPaths(resource, [
    ...removals,
    ...prefixes.flatMap((p) => Array.from({ length: p.count }, (_, i) => [...p.path, i])),
  ]);
  // An annotations key that was there but empty before the injection (recorded as replaced) goes back
  // also on a re-run when only the status is in it, so that the re-injection writes it as before.
  const annotations = STATUS_PATH.slice(0, -1);
  const annotationsBack =
    keepStatus &&
    replaced.has(key(annotations)) &&
    holdsNothing(valueAt(withoutPaths(after, [STATUS_PATH]), annotations));
  const emptied = [...status.created, ...Object.keys(status.replaced)]
    .map(at)
    .concat(keepStatus ? [] : [annotations])
    .filter((path) => holdsNothing(valueAt(after, path)) || (annotationsBack && key(path) === key(annotations)))
    .sort((a, b) => a.length - b.length)
    .filter((path, i, all) => !all.slice(0, i).some((outer) => isPrefix(outer, path)));
  // A value written out over an alias or a merge key (recorded as replaced, neither set by a runtime
  // nor emptied) goes back to its text whole, what was injected into it with it. The caller checks
  // that this gives the value it had (else it was edited by hand, and is kept written out).
  const setPaths = new Set(status.runtimes.flatMap((r) => Object.keys(r.set).map((p) => key(at(p)))));
  const kept = new Set(keepWritten.map(key));
  const written = Object.keys(status.replaced)
    .map(at)
    .filter((path) => !setPaths.has(key(path)) && !kept.has(key(path)) && key(path) !== key(annotations))
    .filter((path) => !emptied.some((outer) => isPrefix(outer, path)))
    .sort((a, b) => a.length - b.length)
    .filter((path, i, all) => !all.slice(0, i).some((outer) => isPrefix(outer, path)));
  const covered = (path: Path) => [...emptied, ...written].some((outer) => isPrefix(outer, path));
  const changes: Change[] = [];
  for (const path of emptied) {
    const original = replaced.get(key(path));
    changes.push(original !== undefined ? { op: 'restore', path, text: original } : { op: 'remove', path });
  }
  for (const path of written) changes.push({ op: 'restore', path, text: replaced.get(key(path))! });
  for (const path of removals) if (!covered(path)) changes.push({ op: 'remove', path });
  for (const p of prefixes) if (!covered(p.path)) changes.push({ op: 'removeFirst', path: p.path, count: p.count });
  for (const r of restores) if (!covered(r.path)) changes.push({ op: 'restore', path: r.path, text: r.text });
  for (const [pointer, position, text] of status.undeclared) {
    const path = at(pointer);
    changes.push(
      typeof position === 'number'
        ? { op: 'insertText', path, index: position, text }
        : {
            op: 'insertPair',
            path: [...path, placed.kind.runtimes[placed.kind.runtimes.length - 1]!],
            after: position,
            text,
          },
    );
  }
  const restored = new Set([...emptied, ...written, ...restores.map((r) => r.path)].map(key));
  return {
    changes,
    written,
    putBack: (path) => replaced.get(key(path)) ?? '',
    expected: after,
    taken,
    unrestored: Object.keys(status.replaced).filter((pointer) => !restored.has(key(at(pointer)))),
    results: [
      result(
        'info',
        `took out the recorded injection of ` +
          `${status.runtimes.map((r) => r.name).join(', ') || 'no runtime'} (${STATUS_ANNOTATION})`,
        subject,
        'metadata.annotations',
      ),
    ],
  };
}

/** Takes out the status annotation alone, and the annotations key when nothing else is in it. */
export function dropStatus(resource: Obj): Change[] {
  const annotations = valueAt(resource, STATUS_PATH.slice(0, -1));
  const only = annotations !== null && typeof annotations === 'object' && Object.keys(annotations).length === 1;
  return [{ op: 'remove', path: only ? STATUS_PATH.slice(0, -1) : STATUS_PATH }];
}

const isPrefix = (outer: Path, inner: Path): boolean =>
  outer.length <= inner.length && outer.every((k, i) => k === inner[i]);

function lastIndex<T>(list: readonly T[], test: (item: T, index: number) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!, i)) return i;
  return -1;
}

/** Nothing left in it once the injection is out: no list items, and mappings of nothing (deeply). */
function holdsNothing(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(holdsNothing);
  return false;
}

/** A copy without the values at the given paths (list indices refer to the lists as they are). */
function withoutPaths(value: Obj, paths: readonly Path[]): Obj {
  const copy = copyData(value);
  // Removed list items are marked, not spliced, so that the other indices keep their meaning.
  for (const path of paths) {
    const parent = valueAt(copy, path.slice(0, -1));
    const last = path[path.length - 1]!;
    if (Array.isArray(parent) && typeof last === 'number') parent[last] = REMOVED;
    else if (parent && typeof parent === 'object') delete (parent as Obj)[last];
  }
  return prune(copy) as Obj;
}

const REMOVED = Symbol('removed');
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== REMOVED).map(prune);
  if (value && typeof value === 'object') {
    for (const k of Object.keys(value)) (value as Obj)[k] = prune((value as Obj)[k]);
  }
  return value;
}
