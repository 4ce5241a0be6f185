// What the modes share: one item's text, parsed on its own; changes made to it as text edits; and its
// recorded injection taken out. Working on the item's own text (re-parsed after each step) keeps every
// edit local, so that the rest of the input is never touched.
import { isDeepStrictEqual } from 'node:util';
import type { Node } from 'yaml';
import { planEdits, type PlannedEdits } from '../apply/edit.js';
import type { ApplyFailure } from '../apply/nodes.js';
import type { Renderer, Style } from '../apply/render.js';
import { splice } from '../apply/splice.js';
import { detectStyle } from '../apply/style.js';
import { nameOf, valueAt, withoutEmpty, type Path } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import type { Hasher } from '../base/hash.js';
import { failure, success, type Outcome } from '../base/outcome.js';
import { result, type RefusalReason, type Result, type Subject } from '../base/results.js';
import type { Kind } from '../base/kinds.js';
import { CONTAINERS } from '../runtimes/pod.js';
import type { Mode } from '../config/functionConfig.js';
import type { Change } from '../plan/changes.js';
import type { ConfigView, Plan } from '../plan/expand.js';
import type { Planner } from '../plan/planner.js';
import { firstBreach, putsBackAlias } from '../provenance/law.js';
import { placeRecord, type Placed } from '../provenance/record.js';
import { STATUS_ANNOTATION, type RuntimeRecord, type Status } from '../provenance/status.js';
import { findInjection, planStrip, type Found, type Strip } from '../provenance/strip.js';
import { parseAlone } from '../read/input.js';
import { unexpectedRemovals } from './removals.js';

/** What a mode makes of an item. */
export interface Rewritten {
  /** The item's new text, or undefined when it stays as it is. */
  text?: string;
  results: Result[];
}

/** What rewriting an item takes from its run: the shared planner, the mode, and the run's caches. */
export interface ItemRun {
  /** The kinds the run knows (KINDS, unless it was given a table of its own). */
  kinds: readonly Kind[];
  planner: Planner;
  /** The config as planning sees it: its options, the runtime table and the entries. */
  config: ConfigView;
  /** A runtime's entry, looked up to judge a status record by, apart from those the run reports using. */
  entryOf: ConfigView['lookup'];
  mode: Mode;
  hasher: Hasher;
  renderer: Renderer;
  /** How the Pod the controller builds from a resource differs from the one it builds from its input, if it does. */
  livePodDifference: (resource: Record<string, unknown>, input: Record<string, unknown>) => string | undefined;
}

/** An item's text with its root node and its data. */
export interface Parsed {
  text: string;
  root: Node;
  value: Record<string, unknown>;
}

/** A Sandbox kind as a mode gets it: as it came, with its status record (if it has one). */
export interface Item {
  kind: Kind;
  original: Parsed;
  status: Status | undefined;
  subject: Subject;
  run: ItemRun;
}

/**
 * Why a resource cannot be rewritten; `at`, an offset into its text as it came, where the problem is there.
 * With `field`, the message is the whole of the error, about that field.
 */
export interface Refusal {
  message: string;
  at?: number;
  field?: string;
  /** The runtimes whose injection was edited by hand, and which parts: check says so in its own words. */
  handEdited?: HandEdit[];
  /** Why, where the refusal is by design. */
  reason?: RefusalReason;
}

/** A runtime whose recorded injection was edited by hand, and which of its parts. */
export interface HandEdit {
  runtime: string;
  parts: string[];
}

/** What a mode does with an item: its new text and results, or why it cannot be rewritten. */
export type ModeOf = (item: Item) => Outcome<Rewritten, Refusal>;

/** An item's text parsed again after an edit. */
export function parse(text: string): Outcome<Parsed, Refusal> {
  const parsed = parseAlone(text);
  return parsed.ok ? success({ text, ...parsed.value }) : failure({ message: parsed.error });
}

/**
 * The edits of changes to a text of the item; a line is given where the problem is in the item as it came.
 * `style`: the text's (styleOf), for a caller that edits one text twice.
 */
export function edit(
  item: Item,
  parsed: Parsed,
  changes: readonly Change[],
  style: Style = styleOf(parsed),
): Outcome<PlannedEdits, Refusal> {
  const planned = planEdits(parsed.text, parsed.root, changes, style, item.run.renderer, parsed.value);
  return planned.ok ? planned : failure(refusal(planned.error, parsed.text === item.original.text));
}

/** A text of the item with changes made, parsed again. */
export function applied(item: Item, parsed: Parsed, changes: readonly Change[]): Outcome<Parsed, Refusal> {
  const edits = edit(item, parsed, changes);
  return edits.ok ? parse(splice(parsed.text, edits.value.edits)) : edits;
}

/** An apply failure as a refusal: its offset is kept where it is into the resource as it came. */
const refusal = ({ message, offset }: ApplyFailure, inOriginal: boolean): Refusal =>
  inOriginal && offset !== undefined ? { message, at: offset } : { message };

/** The indentation style of a text of the item (apply/style.ts), with kpt's seqindent annotation. */
export function styleOf(parsed: Parsed): Style {
  const annotations = ((parsed.value.metadata as Record<string, unknown> | undefined)?.annotations ?? {}) as Record<
    string,
    unknown
  >;
  const seqIndent = annotations['internal.config.kubernetes.io/seqindent'];
  return detectStyle(parsed.text, parsed.root, typeof seqIndent === 'string' ? seqIndent : undefined);
}

/** An item with its recorded injection taken out. */
export interface TakenOut {
  stripped: Parsed;
  results: Result[];
  /** The runtimes kept as they are, with their hand edits adopted: the new record carries them. */
  kept: RuntimeRecord[];
  /** The record's created keys and replaced texts that stay the kept runtimes' (carried to the new record). */
  keptKeys: { created: string[]; replaced: Record<string, string> };
  /** The parts taken out, and the record they were placed by: the modes name those no entry injects. */
  removed?: { parts: Strip['taken']; placed: Placed };
}

/** The warning naming what was taken out that the current entries would not inject (./removals.ts). */
export function removalWarnings(item: Item, { stripped, removed }: TakenOut, planned?: Plan): Result[] {
  if (!removed) return [];
  return unexpectedRemovals(stripped.value, removed.parts, removed.placed, item.run, item.subject, planned);
}

/** What a recorded injection is taken out for: to inject again (check too), or to uninject. */
export type Purpose = 'reinject' | 'uninject';

/**
 * The item with its recorded injection taken out (as it came, when it records none). The record is
 * untrusted: it is placed in the resource (provenance/record.ts), and what taking it out does is held
 * to the law (provenance/law.ts); a record that fails either is an error naming the annotation. To
 * reinject, the status annotation stays, for the new injection to overwrite in place, and runtimes with
 * adopted hand edits stay as they are.
 */
export function takeOut(item: Item, purpose: Purpose): Outcome<TakenOut, Refusal> {
  const { kind, original, status, subject, run } = item;
  if (!status) return success({ stripped: original, results: [], kept: [], keptKeys: { created: [], replaced: {} } });
  const placed = placeRecord(original.value, status, kind, run.config.runtimes);
  if (!placed.ok) {
    const { why, forged } = placed.error;
    if (forged) return failure(untrusted(why));
    const field = joinPath([...kind.podTemplate, ...CONTAINERS]);
    return failure({ message: `${why}; the resource is left unchanged`, field });
  }
  const found = findInjection(original.value, placed.value, run.hasher);
  const edited = found.filter((f) => f.edited.length);
  const adopt = run.config.options.handEdits === 'adopt';
  if (edited.length && !adopt) return failure(handEditRefusal(edited, purpose, kind));
  // Every part that is not as injected is adopted, at the hash it has now: to keep it, or to take it out.
  const adopting: Placed = { ...placed.value, status: { ...status, runtimes: found.map((f) => f.adopting) } };
  const keepStatus = purpose === 'reinject';
  let keep = new Set(keepStatus ? found.filter((f) => f.edited.length || f.adopted.length).map((f) => f.runtime) : []);
  let taken = strip(item, adopting, { keepStatus, keep });
  if (!taken.ok) return taken;
  // A runtime no longer declared leaves, its adopted edits with it.
  const declared = new Set(declaredNames(taken.value.stripped.value, kind));
  if ([...keep].some((name) => !declared.has(name))) {
    keep = new Set([...keep].filter((name) => declared.has(name)));
    taken = strip(item, adopting, { keepStatus, keep });
    if (!taken.ok) return taken;
  }
  // Kept runtimes stay where they are, and the new record has one main container: the one injected into.
  const { moved } = placed.value;
  if (moved && keep.size)
    return failure({
      message:
        `the main container "${moved.main}", which the injection was made into, is now ` +
        `${joinPath([...kind.podTemplate, ...CONTAINERS])}[${moved.index}], and the hand edits adopted for ` +
        `${[...keep].join(', ')} stay there, while inject would make the rest into "${moved.first}": move ` +
        `"${moved.main}" back to the first place, or undo the edits; the resource is left unchanged`,
      field: joinPath([...kind.podTemplate, ...CONTAINERS]),
    });
  const { stripped, plan } = taken.value;
  const breach = firstBreach(original.value, stripped.value, placed.value);
  if (breach) return failure(untrusted(describeBreach(breach)));
  const results = [
    ...movedMain(placed.value, purpose, subject, kind),
    ...adoptionResults(found, keep, purpose, subject, kind),
    ...taken.value.results,
  ];
  const keptRecords = found.filter((f) => keep.has(f.runtime)).map((f) => f.adopting);
  const { created, replaced } = status;
  const keptKeys = keep.size
    ? {
        created: created.filter((pointer) => valueAt(stripped.value, placed.value.at(pointer)) !== undefined),
        replaced: Object.fromEntries(
          plan.unrestored.filter((p) => p !== ANNOTATIONS_POINTER).map((p) => [p, replaced[p]!]),
        ),
      }
    : { created: [], replaced: {} };
  return success({
    stripped,
    results,
    kept: keptRecords,
    keptKeys,
    removed: { parts: plan.taken, placed: placed.value },
  });
}

const ANNOTATIONS_POINTER = '/metadata/annotations';

/**
 * The strip applied. A value written out over an alias or merge key goes back to its text only if that
 * gives the value it has without the injection; one edited by hand since is kept written out.
 */
function strip(
  item: Item,
  placed: Placed,
  options: { keepStatus: boolean; keep: ReadonlySet<string> },
): Outcome<{ stripped: Parsed; plan: Strip; results: Result[] }, Refusal> {
  const { original, subject, run } = item;
  let plan = planStrip(original.value, placed, subject, run.hasher, options);
  const first = applied(item, original, plan.changes);
  if (!first.ok) return failure(untrusted(`taking it out fails: ${first.error.message}`));
  const stripped = first.value;
  const forged = plan.written.find((path) => !putsBackAlias(plan.putBack(path), path[path.length - 1]!));
  if (forged)
    return failure(
      untrusted(
        `its "replaced" text for ${joinPath(forged)}, ${show(plan.putBack(forged))}, is neither empty nor the ` +
          'alias or merge key the injection wrote out there',
      ),
    );
  const edited = plan.written.filter(
    (path) =>
      !isDeepStrictEqual(withoutEmpty(valueAt(stripped.value, path)), withoutEmpty(valueAt(plan.expected, path))),
  );
  if (edited.length === 0) return success({ stripped, plan, results: plan.results });
  plan = planStrip(original.value, placed, subject, run.hasher, { ...options, keepWritten: edited });
  const again = applied(item, original, plan.changes);
  if (!again.ok) return failure(untrusted(`taking it out fails: ${again.error.message}`));
  const keptWritten = edited.map((path) =>
    result(
      'warning',
      `${joinPath(path)} was written out over an alias or merge key by the injection and has been ` +
        'edited by hand since, so it stays written out',
      subject,
      joinPath(path),
    ),
  );
  return success({ stripped: again.value, plan, results: [...keptWritten, ...plan.results] });
}

const STATUS_FIELD = `metadata.annotations.${STATUS_ANNOTATION}`;

/** A record that is not one this function writes for the resource: an error naming the annotation. */
const untrusted = (why: string): Refusal => ({
  reason: 'forged-record',
  message:
    `the ${STATUS_ANNOTATION} annotation is not a status record this function writes for this resource: ${why}; ` +
    'if the function did not write it, restore the resource from version control; to keep the resource as it ' +
    'is, remove the annotation (what it recorded then stays, unmanaged); the resource is left unchanged',
  field: STATUS_FIELD,
});

function describeBreach({ path, before, after }: { path: Path; before: unknown; after: unknown }): string {
  const where = joinPath(path) || 'the resource';
  const shown = (value: unknown) => (value === undefined ? 'nothing' : show(value));
  return (
    `taking it out would change ${where}, from ${shown(before)} to ${shown(after)}, which is not a place ` +
    'the injection writes, or not in a way it writes there'
  );
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
};

/** The names declared in a resource's runtimes, wherever its kind declares them. */
function declaredNames(resource: Record<string, unknown>, kind: Kind): string[] {
  const declared = valueAt(resource, kind.runtimes);
  return Array.isArray(declared)
    ? declared.map((d) => nameOf(d)).filter((n): n is string => typeof n === 'string')
    : [];
}

const handEditsOf = (found: readonly Found[]): HandEdit[] =>
  found.map((f) => ({ runtime: f.runtime, parts: f.edited }));

export const describeHandEdits = (edits: readonly HandEdit[]): string =>
  edits.map((e) => `runtime ${e.runtime}: its injection was edited by hand (${e.parts.join(', ')})`).join('; ');

function handEditRefusal(edited: readonly Found[], purpose: Purpose, kind: Kind): Refusal {
  const adopting = purpose === 'reinject' ? 'to keep it as it is, in the record' : 'to take it out with the injection';
  return {
    message:
      `${describeHandEdits(handEditsOf(edited))}; undo the edit, or move it into the template or the injection ` +
      `config, or set handEdits: adopt ${adopting}; the resource is left unchanged`,
    field: joinPath(kind.podTemplate),
    handEdited: handEditsOf(edited),
    reason: 'hand-edit',
  };
}

/** The main container moved since the injection: inject follows the controller, which injects into the first. */
function movedMain({ moved }: Placed, purpose: Purpose, subject: Subject, kind: Kind): Result[] {
  if (!moved) return [];
  const containers = joinPath([...kind.podTemplate, ...CONTAINERS]);
  const then =
    purpose === 'reinject'
      ? `the injection is taken out of it and made into "${moved.first}", now ${containers}[0], as the ` +
        `controller injects into the first container; move "${moved.main}" back to the first place if it is ` +
        'the main container'
      : 'the injection is taken out of it there';
  return [
    result(
      purpose === 'reinject' ? 'warning' : 'info',
      `the main container "${moved.main}", which the injection was made into, is now ` +
        `${containers}[${moved.index}]: ${then}`,
      subject,
      containers,
    ),
  ];
}

/** What is said of hand edits adopted: now (handEdits: adopt), or before and still in the record. */
function adoptionResults(
  found: readonly Found[],
  keep: ReadonlySet<string>,
  purpose: Purpose,
  subject: Subject,
  kind: Kind,
): Result[] {
  const field = joinPath(kind.podTemplate);
  return found.flatMap((f): Result[] => {
    const parts = [...f.adopted, ...f.edited];
    if (!parts.length) return [];
    if (purpose === 'uninject')
      return [
        result(
          'info',
          `runtime ${f.runtime}: its hand edits (${parts.join(', ')}) were taken out with it`,
          subject,
          field,
        ),
      ];
    if (!keep.has(f.runtime)) return [];
    return [
      result(
        'warning',
        `runtime ${f.runtime}: its injection holds hand edits, adopted (handEdits: adopt): ${parts.join(', ')}; ` +
          'the runtime is kept as it is, in the status record, and no longer follows its injection config; undo ' +
          'the edits, or move them into the template or the injection config, to have it injected again',
        subject,
        field,
      ),
    ];
  });
}
