// The status annotation: what an injection changed in a resource, so that a re-run can take it out
// exactly (and upgrade it), `mode: uninject` can undo it, and `mode: check` can tell it is stale
// (docs/status-record.md).
//
// Version 3, written now, is JSON lines in a block scalar: a header with the pointer base and the name of
// the main container injected into, one line per runtime (so that a diff shows which runtime changed),
// and one for what the edits did beyond the changes (the keys they created, the original text of what
// they replaced, the runtimes undeclared). Version 2 is the same without the main container's name and
// adopted hand edits; version 1, one JSON object on one line with the base implied. Both are still read.
// Paths are JSON pointers (RFC 6901) without the leading slash, relative to the base, or from the
// resource's root when they start with "/". Hashes are 8 hex digits of a SHA-256 of canonical JSON.
//
// Anyone can write a record: it is read here, and checked against the resource before it is used
// (./record.ts and ./law.ts).
import * as t from 'io-ts';
import { decode } from '../base/decode.js';
import { failure, success, type Outcome } from '../base/outcome.js';
import { nameOf, type Path } from '../base/data.js';
import { escapeForGo } from '../base/go-yaml.js';
import type { Plan } from '../plan/expand.js';
import type { Hasher } from '../base/hash.js';

export const STATUS_ANNOTATION = 'sandbox-inject.dev/status';
/** The version of the records written now. */
export const CURRENT_VERSION = 3;
export const STATUS_PATH: Path = ['metadata', 'annotations', STATUS_ANNOTATION];

const Pairs = t.array(t.tuple([t.string, t.string]));
/** The parts of one runtime's injection, each with its hash: the injected ones, or those adopted. */
const PartsFields = {
  /** Per list, the [name, hash] of each item appended: init containers, containers, volumes, main env and mounts. */
  added: t.record(t.string, Pairs),
  /** Per list, the [count, hash] of the items put at its start: the postStart command and "--". */
  prepended: t.record(t.string, t.tuple([t.number, t.string])),
  /** Per path, the hash of the value set: postStart, lifecycle, template labels and annotations. */
  set: t.record(t.string, t.string),
};
/** What one runtime's injection did, in every version (version 1 names it `name`, later ones `runtime`). */
const RuntimeFields = {
  /** The entry's hash: a different one means the injection config changed (a stale injection). */
  hash: t.string,
  ...PartsFields,
};
/** Version 3: the parts edited by hand and adopted (handEdits: adopt), with the hashes they have since. */
const AdoptedField = { adopted: t.partial(PartsFields) };
/** What the edits did beyond the changes, in both versions. */
const EditsFields = {
  /** Keys the injection created; each goes again once what it holds is taken out. */
  created: t.array(t.string),
  /** Per path, the original text of a pair the injection replaced. */
  replaced: t.record(t.string, t.string),
  /**
   * spec.runtimes entries removed, with their text: [path, position, text] for entries of a list,
   * [path, after-key, text] for a whole key.
   */
  undeclared: t.array(t.tuple([t.string, t.union([t.number, t.string, t.null]), t.string])),
};
const RuntimeRecordCodec = t.intersection([t.type({ name: t.string, ...RuntimeFields }), t.partial(AdoptedField)]);
const StatusCodec = t.type({
  version: t.literal(1),
  runtimes: t.array(t.type({ name: t.string, ...RuntimeFields })),
  ...EditsFields,
});
const HeaderCodec = t.intersection([
  t.type({ version: t.union([t.literal(2), t.literal(3)]), base: t.string }),
  t.partial({ main: t.string }),
]);
const RuntimeLineCodec = t.intersection([t.type({ runtime: t.string, ...RuntimeFields }), t.partial(AdoptedField)]);
const EditsLineCodec = t.type(EditsFields);

/**
 * What the edits did beyond the changes themselves, so that they can be undone exactly: the keys they
 * created, the original text of pairs they replaced, and the text of entries they removed.
 */
export interface ApplyLog {
  created: Path[];
  replaced: { path: Path; text: string }[];
  removed: { path: Path; index: number; text: string; after?: string | null }[];
  /** Values written out in place of an alias (`*env`) or beside a merge key (`<<`), to say so. */
  written?: { path: Path; over: string }[];
}

/**
 * A record as read, of any version: `base` is the pointer base stated (versions 2 and 3), as a path;
 * `main` the name of the container injected into as the main one (version 3).
 */
export type Status = Omit<t.TypeOf<typeof StatusCodec>, 'version' | 'runtimes'> & {
  version: 1 | 2 | 3;
  base?: Path;
  main?: string;
  runtimes: RuntimeRecord[];
};
export type RuntimeRecord = t.TypeOf<typeof RuntimeRecordCodec>;
/** The parts of a runtime's injection, with their hashes (a runtime record's, or its adopted ones). */
export type Parts = t.TypeOf<t.TypeC<typeof PartsFields>>;

/**
 * What a new record carries over from the one before, beside what the new injection did: the runtimes
 * kept as they are (their adopted hand edits), and the keys and original texts that are theirs.
 */
export interface Carried {
  /** The name of the main container the injection was made into, if the pod has one. */
  main?: string;
  runtimes: RuntimeRecord[];
  created: string[];
  replaced: Record<string, string>;
}

export function toPointer(path: Path, base: Path): string {
  const relative = path.length >= base.length && base.every((k, i) => path[i] === k);
  const segments = (relative ? path.slice(base.length) : path).map(escapeSegment);
  return (relative ? '' : '/') + segments.join('/');
}

function escapeSegment(key: string | number): string {
  const segment = String(key);
  return segment.includes('~') || segment.includes('/') ? segment.replaceAll('~', '~0').replaceAll('/', '~1') : segment;
}

/** A pointer back to a path; a segment is a list index where the resource has a list. */
export function fromPointer(pointer: string, resource: unknown, base: Path): Path {
  const absolute = pointer.startsWith('/');
  const segments = (absolute ? pointer.slice(1) : pointer)
    .split('/')
    .filter((s, _i, all) => s !== '' || all.length > 1);
  const path: (string | number)[] = absolute ? [] : [...base];
  let node = resource;
  for (const k of path) node = (node as Record<string, unknown> | undefined)?.[k as string];
  for (const raw of segments) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const key = Array.isArray(node) && /^\d+$/.test(segment) ? Number(segment) : segment;
    path.push(key);
    node = node === null || typeof node !== 'object' ? undefined : (node as Record<string | number, unknown>)[key];
  }
  return path;
}

/**
 * The record of one injection, from the plan and what applying it did. The annotation's own key is not
 * in it: whether metadata.annotations existed depends on the orchestrator (kpt adds its own there), and
 * the record must not, so the strip takes out an annotations key that only the status was in.
 */
function buildStatus(plan: Plan, log: ApplyLog, hasher: Hasher, carried: Carried): Status {
  const shortHash = (value: unknown) => hasher.shortHash(value);
  const pointer = (path: Path) => toPointer(path, plan.podSpec);
  const runtimes: RuntimeRecord[] = plan.expanded.map(({ name, hash }) => ({
    name,
    hash: hash.slice(0, 8),
    added: {},
    prepended: {},
    set: {},
  }));
  const byName = new Map(runtimes.map((r) => [r.name, r]));
  for (const change of plan.changes) {
    const record = byName.get(plan.madeBy.get(change) ?? '');
    if (!record) continue;
    const at = pointer(change.path);
    if (change.op === 'append') {
      (record.added[at] ??= []).push(
        ...change.values.map((v): [string, string] => [String(nameOf(v) ?? ''), shortHash(v)]),
      );
    } else if (change.op === 'prepend') record.prepended[at] = [change.values.length, shortHash(change.values)];
    else if (change.op === 'set') record.set[at] = shortHash(change.value);
  }
  // Removed entries of a list go back before the entry that now stands where they stood.
  const removedBefore = (index: number) => log.removed.filter((r) => r.index < index && r.after === undefined).length;
  const created = log.created.map(pointer);
  return {
    version: CURRENT_VERSION,
    base: plan.podSpec,
    ...(carried.main === undefined ? {} : { main: carried.main }),
    // Kept runtimes were injected before what this injection appends after them.
    runtimes: [...carried.runtimes, ...runtimes],
    created: [...created, ...carried.created.filter((p) => !created.includes(p))],
    replaced: { ...carried.replaced, ...Object.fromEntries(log.replaced.map((r) => [pointer(r.path), r.text])) },
    undeclared: log.removed.map((r): [string, number | string | null, string] =>
      r.after === undefined
        ? [pointer(r.path), r.index - removedBefore(r.index), r.text]
        : [pointer(r.path), r.after, r.text],
    ),
  };
}

/** Version 3's text: JSON lines, ending in a line break, so YAML writes it as a block scalar. */
function formatStatus({ base, main, runtimes, created, replaced, undeclared }: Status): string {
  const lines = [
    { version: CURRENT_VERSION, base: '/' + toPointer(base ?? [], []), ...(main === undefined ? {} : { main }) },
    ...runtimes.map(({ name, ...rest }) => ({ runtime: name, ...rest })),
    { created, replaced, undeclared },
  ];
  // Escaped in the JSON, a character Go's YAML reader reads otherwise leaves the record a block scalar.
  return lines.map((line) => escapeForGo(JSON.stringify(line))).join('\n') + '\n';
}

/** The status annotation's text for a plan applied with this log, made once per plan, log and carried part. */
export function statusRecord(plan: Plan, log: ApplyLog, hasher: Hasher, carried: Carried): string {
  const key = JSON.stringify([log, carried]);
  let text = plan.records.get(key);
  if (text === undefined) plan.records.set(key, (text = formatStatus(buildStatus(plan, log, hasher, carried))));
  return text;
}

/** The runtimes a resource's status record says were injected; none when it has no readable record. */
export function recordedRuntimes(resource: Record<string, unknown>): string[] {
  const read = readStatus(resource);
  return read?.ok ? read.value.runtimes.map((r) => r.name) : [];
}

/** The status record of a resource: undefined where it has none, else the record or why it cannot be read. */
export function readStatus(resource: Record<string, unknown>): Outcome<Status, string> | undefined {
  const annotations = ((resource.metadata as Record<string, unknown> | undefined)?.annotations ?? {}) as Record<
    string,
    unknown
  >;
  if (!Object.hasOwn(annotations, STATUS_ANNOTATION)) return undefined;
  const text = String(annotations[STATUS_ANNOTATION]);
  const lines: unknown[] = [];
  for (const line of text.trim().split('\n')) {
    try {
      lines.push(JSON.parse(line));
    } catch (e) {
      return failure(`it is not JSON lines (${(e as Error).message})`);
    }
  }
  const problem = (problems: readonly { path: string; message: string }[], where: string) =>
    failure(problems.map((p) => `${where}${p.path ? '.' + p.path : ''}: ${p.message}`).join('; '));
  if (lines.length === 1) {
    const decoded = decode(StatusCodec, lines[0]);
    if (!decoded.ok) return problem(decoded.error, 'the record');
    return success(decoded.value);
  }
  const header = decode(HeaderCodec, lines[0]);
  if (!header.ok) return problem(header.error, 'its first line');
  const edits = decode(EditsLineCodec, lines[lines.length - 1]);
  if (!edits.ok) return problem(edits.error, 'its last line');
  const { version, main } = header.value;
  const runtimes: RuntimeRecord[] = [];
  for (const [i, line] of lines.slice(1, -1).entries()) {
    const decoded = decode(RuntimeLineCodec, line);
    if (!decoded.ok) return problem(decoded.error, `its line ${i + 2}`);
    const { runtime, ...rest } = decoded.value;
    if (version === 2 && rest.adopted) return failure(`its line ${i + 2}: "adopted" is a field of version 3`);
    runtimes.push({ name: runtime, ...rest });
  }
  if (version === 2 && main !== undefined) return failure('its first line: "main" is a field of version 3');
  const base = fromPointer(header.value.base, undefined, []);
  return success({ version, base, ...(main === undefined ? {} : { main }), runtimes, ...edits.value });
}
