// A status record placed in its resource: every pointer it holds checked against the places the runtime
// units write (their `writes`, relative to the kind's pod template from the kinds table), and led to
// the path it means, with pointers into the main container following that container by name. Anyone
// can write a record, so nothing in it is used before it is placed; ./law.ts then checks what taking
// it out does to the data.
import { nameOf, valueAt, type Path } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import { podSpecPath, type Kind } from '../base/kinds.js';
import { failure, success, type Outcome } from '../base/outcome.js';
import { CONTAINERS, MAIN } from '../runtimes/pod.js';
import type { RuntimeTable } from '../runtimes/table.js';
import { ANY_INDEX, ANY_KEY, type Place } from '../runtimes/unit.js';
import { fromPointer, STATUS_ANNOTATION, STATUS_PATH, toPointer, type Parts, type Status } from './status.js';

/** What a record says was written at a path, as the law reads it: how, and what. */
export interface Written {
  /** Lists appended to, each with the names of the items the record says were appended. */
  appended: Map<string, string[]>;
  /** Lists prepended to, each with the number of items put at their start. */
  prepended: Map<string, number>;
  /** Keys set, each with the kind of value it holds. */
  set: Map<string, Place['holds']>;
  /** Keys created or replaced, which may go, or come back, empty. */
  emptied: Set<string>;
}

/** A record whose every pointer leads to a place the injection writes. */
export interface Placed {
  status: Status;
  kind: Kind;
  /** The path a pointer of the record leads to. */
  at(pointer: string): Path;
  /** The path a pointer of the record leads to as written, before the main container is followed. */
  recordedAt(pointer: string): Path;
  /** Where the main container the injection was made into has moved since, if it has. */
  moved?: { main: string; index: number; first: string };
  written: Written;
}

/**
 * Why a record cannot be placed: it is not one this function writes for the resource (`forged`), or the
 * main container it was made into cannot be followed (the resource changed since).
 */
export interface Unplaced {
  why: string;
  forged: boolean;
}

/** The key of a path in the maps of Written. */
export const pathKey = (path: Path): string => JSON.stringify(path);

type Segment = Place['path'][number];
const INDEX = /^(0|[1-9]\d*)$/;
const NEVER: Readonly<Record<Place['op'], string>> = {
  append: 'appends items',
  prepend: 'puts items first',
  set: 'sets a value',
};

/** The parts of a record's runtime line, with the op each part's pointers were written by. */
const PART_OPS = [
  ['added', 'append'],
  ['prepended', 'prepend'],
  ['set', 'set'],
] as const satisfies readonly (readonly [keyof Parts, Place['op']])[];

/**
 * Places a record in a resource of a kind, or says what in it is not a record this function writes
 * there: a pointer to anywhere but where the runtime units write (for the runtime it names), a base
 * that is not the kind's pod spec, or a main container that cannot be followed.
 */
export function placeRecord(
  resource: Record<string, unknown>,
  status: Status,
  kind: Kind,
  units: RuntimeTable,
): Outcome<Placed, Unplaced> {
  const podSpec = podSpecPath(kind);
  const template = kind.podTemplate;
  if (status.base !== undefined && pathKey(status.base) !== pathKey(podSpec))
    return forged(
      `its base is "/${toPointer(status.base, [])}", where the pod spec of a ${kind.kind} is ` +
        `"/${toPointer(podSpec, [])}"`,
    );
  const segmentsOf = (pointer: string): string[] => {
    const absolute = pointer.startsWith('/');
    const relative = (absolute ? pointer.slice(1) : pointer)
      .split('/')
      .filter((s, _i, all) => s !== '' || all.length > 1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    return absolute ? relative : [...podSpec.map(String), ...relative];
  };
  // The places of the runtimes the record names, from the root.
  const inTemplate = (places: readonly Place[]): Place[] =>
    places.map((p) => ({ ...p, path: [...template, ...p.path] }));
  const recorded = inTemplate(status.runtimes.flatMap((r) => units.unitFor(r.name).writes));
  const paths = new Map<string, Path>();
  const holds = new Map<string, Place['holds']>();
  const problems: string[] = [];
  const place = (pointer: string, within: readonly Place[], least: number, problem: string) => {
    const found = matchAny(segmentsOf(pointer), within, least);
    if (!found) return problems.push(`${problem} (${JSON.stringify(pointer)})`);
    paths.set(pointer, found.path);
    if (found.place.holds) holds.set(pointer, found.place.holds);
  };
  for (const runtime of status.runtimes) {
    const unit = units.unitFor(runtime.name);
    const own = inTemplate(unit.writes);
    for (const parts of [runtime, runtime.adopted ?? {}] as Partial<Parts>[])
      for (const [field, op] of PART_OPS)
        for (const pointer of Object.keys(parts[field] ?? {}))
          place(
            pointer,
            own.filter((p) => p.op === op),
            Infinity,
            `runtime ${runtime.name}: its "${field}" names ` + `a place where the runtime never ${NEVER[op]}`,
          );
  }
  // Keys created along the way to a place, inside the template; pairs replaced on the way to one, or
  // the annotations the record is written into.
  for (const pointer of status.created)
    place(pointer, recorded, template.length + 1, '"created" names a key the injection does not create');
  // A pair replaced is one on the way to a place, or a value written out over an alias or merge key,
  // which may stand anywhere in the resource (an alias of an anchor the injection edits): ./law.ts holds
  // what its text gives back to the data it stood for. The record's own annotation is no such value.
  for (const pointer of Object.keys(status.replaced)) {
    const path = matchAny(segmentsOf(pointer), recorded, 1)?.path ?? fromPointer(pointer, resource, podSpec);
    if (path.length && !isPrefix(STATUS_PATH, path)) paths.set(pointer, path);
    else
      problems.push(
        `"replaced" names ${path.length ? 'the status annotation' : 'the whole resource'} (${JSON.stringify(pointer)})`,
      );
  }
  for (const [pointer, position] of status.undeclared) {
    const path = segmentsOf(pointer);
    const expected = typeof position === 'number' ? kind.runtimes : kind.runtimes.slice(0, -1);
    if (typeof position === 'number' && !(Number.isSafeInteger(position) && position >= 0))
      problems.push(`"undeclared" puts an entry at position ${position}, which is no list index`);
    else if (pathKey(path) === pathKey(expected)) paths.set(pointer, expected);
    else
      problems.push(
        `"undeclared" names a place that is not ${typeof position === 'number' ? '' : 'the mapping of '}` +
          `${joinPath(kind.runtimes)} (${JSON.stringify(pointer)})`,
      );
  }
  if (problems.length) return forged(problems.join('; '));

  const followed = followMain(
    resource,
    status,
    [...template, ...MAIN],
    [...template, ...CONTAINERS],
    [...paths.values()],
  );
  if (!followed.ok) return failure({ why: followed.error, forged: false });
  const { lead, moved } = followed.value;
  const recordedAt = (pointer: string): Path => paths.get(pointer)!;
  const at = (pointer: string): Path => lead(recordedAt(pointer));
  return success({ status, kind, at, recordedAt, ...(moved ? { moved } : {}), written: writtenBy(status, at, holds) });
}

/** What the record says was written where, as paths. */
function writtenBy(status: Status, at: (pointer: string) => Path, holds: Map<string, Place['holds']>): Written {
  const written: Written = { appended: new Map(), prepended: new Map(), set: new Map(), emptied: new Set() };
  for (const runtime of status.runtimes) {
    for (const [pointer, items] of Object.entries(runtime.added)) {
      const key = pathKey(at(pointer));
      written.appended.set(key, [...(written.appended.get(key) ?? []), ...items.map(([name]) => name)]);
    }
    for (const [pointer, [count]] of Object.entries(runtime.prepended))
      written.prepended.set(pathKey(at(pointer)), Math.max(count, written.prepended.get(pathKey(at(pointer))) ?? 0));
    for (const pointer of Object.keys(runtime.set)) written.set.set(pathKey(at(pointer)), holds.get(pointer));
  }
  for (const pointer of [...status.created, ...Object.keys(status.replaced)]) written.emptied.add(pathKey(at(pointer)));
  written.emptied.add(pathKey(STATUS_PATH.slice(0, -1)));
  return written;
}

/**
 * Where pointers into the main container lead: to the container of the recorded name, wherever it
 * stands now (they stay as written where it is first, or the record names none, as versions 1 and 2
 * do), and where it moved; a failure where they cannot be followed soundly.
 */
function followMain(
  resource: Record<string, unknown>,
  status: Status,
  mainPath: Path,
  containersPath: Path,
  paths: readonly Path[],
): Outcome<{ lead: (path: Path) => Path; moved?: NonNullable<Placed['moved']> }, string> {
  const asWritten = success({ lead: (path: Path) => path });
  const intoMain = paths.some((p) => isPrefix(mainPath, p));
  if (status.main === undefined || !intoMain) return asWritten;
  const containers = valueAt(resource, containersPath);
  const names = Array.isArray(containers) ? containers.map((c) => nameOf(c)) : [];
  const index = names.indexOf(status.main);
  if (index === 0) return asWritten;
  const list = joinPath(containersPath);
  const first = names.length ? `${list}[0] is "${String(names[0])}"` : `${list} is empty`;
  const made = `the status record (${STATUS_ANNOTATION}) records an injection into the main container "${status.main}"`;
  if (index < 0)
    return failure(
      `${made}, and ${list} has no container of that name (${first}): rename the container back to ` +
        `"${status.main}" and run the function again, or take what was injected into it out by hand and remove ` +
        'the annotation',
    );
  const others = paths.filter(
    (p) => isPrefix(containersPath, p) && p.length > containersPath.length && !isPrefix(mainPath, p),
  );
  const positional = others.filter((p) => typeof p[containersPath.length] === 'number');
  if (positional.length)
    return failure(
      `${made}, which is now ${list}[${index}] (${first}), and it also points into other containers by ` +
        `position (${positional.map((p) => joinPath(p)).join(', ')}), which cannot be followed: move ` +
        `"${status.main}" back to the first place, run the function with mode: uninject, then reorder the ` +
        'containers and inject again',
    );
  return success({
    lead: (path: Path) =>
      isPrefix(mainPath, path) ? [...containersPath, index, ...path.slice(mainPath.length)] : path,
    moved: { main: status.main, index, first: String(names[0]) },
  });
}

const forged = (why: string) => failure({ why, forged: true });

const isPrefix = (outer: Path, inner: Path): boolean =>
  outer.length <= inner.length && outer.every((k, i) => k === inner[i]);

/**
 * The path the segments mean, and the place they match: the whole place, or the first `least` or more
 * of its segments (a key on the way to it).
 */
function matchAny(
  segments: readonly string[],
  places: readonly Place[],
  least: number,
): { path: Path; place: Place } | undefined {
  for (const place of places) {
    const path = matches(segments, place.path, least);
    if (path) return { path, place };
  }
  return undefined;
}

/** The segments as a path, where they match a place (list indices as numbers), else undefined. */
function matches(segments: readonly string[], place: readonly Segment[], least: number): Path | undefined {
  if (segments.length > place.length || segments.length < Math.min(least, place.length)) return undefined;
  const path: (string | number)[] = [];
  for (const [i, segment] of segments.entries()) {
    const wanted = place[i]!;
    if (wanted === ANY_KEY) path.push(segment);
    else if (wanted === ANY_INDEX || typeof wanted === 'number') {
      if (!INDEX.test(segment) || (typeof wanted === 'number' && Number(segment) !== wanted)) return undefined;
      path.push(Number(segment));
    } else if (segment === wanted) path.push(segment);
    else return undefined;
  }
  return path;
}
