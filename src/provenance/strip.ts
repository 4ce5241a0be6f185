// Taking a recorded injection out of a resource (docs/status-record.md): what the status annotation
// says was added goes, what was replaced gets its original text back, and removed spec.runtimes entries
// return. A recorded value that no longer matches its hash was edited by hand: it stays, with a warning.
import { joinPath } from '../base/decode.js';
import { result, type Result, type Subject } from '../base/results.js';
import { copyData, nameOf, valueAt, type Path } from '../base/data.js';
import { podSpecPath, type Kind } from '../base/kinds.js';
import type { Change } from '../plan/changes.js';
import type { Hasher } from '../base/hash.js';
import { fromPointer, STATUS_ANNOTATION, STATUS_PATH, type Status } from './status.js';

type Obj = Record<string | number, unknown>;

export interface Strip {
  changes: Change[];
  results: Result[];
  /** The runtimes whose injection was edited by hand, and which of their parts: they are kept. */
  handEdited: { runtime: string; parts: string[] }[];
  /** Values the injection wrote out (over an alias or a merge key) that the changes put back. */
  written: Path[];
  /** The resource as the changes should leave it, but for the texts they put back. */
  expected: Obj;
}

/**
 * With `keepStatus`, the status annotation stays where it is, for the new injection to overwrite in
 * place: an orchestrator may have put its own annotations after it (kpt does), and appending a new
 * one there would move it.
 */
export function planStrip(
  resource: Obj,
  kind: Kind,
  status: Status,
  subject: Subject,
  hasher: Hasher,
  keepStatus = false,
  keepWritten: readonly Path[] = [],
): Strip {
  const shortHash = (value: unknown) => hasher.shortHash(value);
  const results: Result[] = [];
  const removals: Path[] = [];
  const prefixes: { path: Path; count: number }[] = [];
  const restores: { path: Path; text: string }[] = [];
  const gone = new Set<string>();
  const key = (path: Path) => JSON.stringify(path);
  // Version 2 states its pointers' base; version 1's is the pod spec of the resource's kind.
  const base = status.base ?? podSpecPath(kind);
  const at = (pointer: string) => fromPointer(pointer, resource, base);
  const replaced = new Map(Object.entries(status.replaced).map(([pointer, text]) => [key(at(pointer)), text]));

  // A runtime with any part edited by hand is kept whole: the user has taken it over, and taking out
  // the rest (its volumes, say) would leave the edited part broken.
  const edited = new Map(
    status.runtimes.map((runtime) => [runtime.name, editedParts(resource, runtime, at, shortHash)]),
  );
  const handEdited = [...edited].filter(([, parts]) => parts.length).map(([runtime, parts]) => ({ runtime, parts }));
  for (const [name, parts] of edited) {
    if (parts.length) {
      results.push(
        result(
          'warning',
          `runtime ${name}: its injection was edited by hand (${parts.join(', ')}), so it is kept as it is ` +
            `and no longer managed; remove it by hand to have it injected again`,
          subject,
          joinPath(kind.podTemplate),
        ),
      );
    }
  }
  for (const runtime of [...status.runtimes].reverse()) {
    if (edited.get(runtime.name)!.length) continue;
    for (const [pointer, items] of Object.entries(runtime.added)) {
      const path = at(pointer);
      const list = valueAt(resource, path);
      if (!Array.isArray(list)) continue;
      for (const [name, hash] of [...items].reverse()) {
        const index = lastIndex(
          list,
          (item, i) => !gone.has(key([...path, i])) && nameOf(item) === name && shortHash(item) === hash,
        );
        if (index < 0) continue;
        removals.push([...path, index]);
        gone.add(key([...path, index]));
      }
    }
    for (const [pointer, [count]] of Object.entries(runtime.prepended)) prefixes.push({ path: at(pointer), count });
    for (const [pointer] of Object.entries(runtime.set)) {
      const path = at(pointer);
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
        : { op: 'insertPair', path: [...path, 'runtimes'], after: position, text },
    );
  }
  return {
    changes,
    handEdited,
    written,
    expected: after,
    results: [
      ...results,
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

/** The parts of a runtime's recorded injection that no longer match their hashes (a part that is gone is not one). */
function editedParts(
  resource: Obj,
  runtime: Status['runtimes'][number],
  at: (pointer: string) => Path,
  shortHash: (value: unknown) => string,
): string[] {
  const parts: string[] = [];
  for (const [pointer, items] of Object.entries(runtime.added)) {
    const path = at(pointer);
    const list = valueAt(resource, path);
    if (!Array.isArray(list)) continue;
    const unmatched = [...list];
    for (const [name, hash] of items) {
      const exact = unmatched.findIndex((item) => nameOf(item) === name && shortHash(item) === hash);
      if (exact >= 0) unmatched.splice(exact, 1);
      else if (unmatched.some((item) => nameOf(item) === name)) parts.push(`"${name}" in ${joinPath(path)}`);
    }
  }
  for (const [pointer, [count, hash]] of Object.entries(runtime.prepended)) {
    const list = valueAt(resource, at(pointer));
    if (!Array.isArray(list) || list.length <= count || shortHash(list.slice(0, count)) !== hash)
      parts.push(`the postStart command at ${joinPath(at(pointer))}`);
  }
  for (const [pointer, hash] of Object.entries(runtime.set)) {
    const value = valueAt(resource, at(pointer));
    if (value !== undefined && shortHash(value) !== hash) parts.push(joinPath(at(pointer)));
  }
  return parts;
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
