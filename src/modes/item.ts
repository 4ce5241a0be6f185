// What the modes share: one item's text, parsed on its own; changes made to it as text edits; and its
// recorded injection taken out. Working on the item's own text (re-parsed after each step) keeps every
// edit local, so that the rest of the input is never touched.
import { isDeepStrictEqual } from 'node:util';
import type { Node } from 'yaml';
import { planEdits, type PlannedEdits } from '../apply/edit.js';
import type { ApplyFailure } from '../apply/nodes.js';
import type { Renderer } from '../apply/render.js';
import { splice } from '../apply/splice.js';
import { detectStyle } from '../apply/style.js';
import { valueAt, withoutEmpty } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import type { Hasher } from '../base/hash.js';
import type { Kind } from '../base/kinds.js';
import { failure, success, type Outcome } from '../base/outcome.js';
import { result, type Result, type Subject } from '../base/results.js';
import type { Mode } from '../config/functionConfig.js';
import type { Change } from '../plan/changes.js';
import type { Planner } from '../plan/planner.js';
import type { Status } from '../provenance/status.js';
import { planStrip, type Strip } from '../provenance/strip.js';
import { parseAlone } from '../read/input.js';

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

/** Why a resource cannot be rewritten; `at`, an offset into its text as it came, where the problem is there. */
export interface Refusal {
  message: string;
  at?: number;
}

/** What a mode does with an item: its new text and results, or why it cannot be rewritten. */
export type ModeOf = (item: Item) => Outcome<Rewritten, Refusal>;

/** An item's text parsed again after an edit. */
export function parse(text: string): Outcome<Parsed, Refusal> {
  const parsed = parseAlone(text);
  return parsed.ok ? success({ text, ...parsed.value }) : failure({ message: parsed.error });
}

/** The edits of changes to a text of the item; a line is given where the problem is in the item as it came. */
export function edit(item: Item, parsed: Parsed, changes: readonly Change[]): Outcome<PlannedEdits, Refusal> {
  const planned = planEdits(parsed.text, parsed.root, changes, styleOf(parsed), item.run.renderer, parsed.value);
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

function styleOf(parsed: Parsed) {
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
  /** The runtimes whose injection was edited by hand, and which of their parts: they are kept. */
  handEdited: Strip['handEdited'];
  results: Result[];
}

/**
 * The item with its recorded injection taken out (as it came, when it records none). With `keepStatus`,
 * the status annotation stays, for a new injection to overwrite in place.
 */
export function takeOut(item: Item, keepStatus: boolean): Outcome<TakenOut, Refusal> {
  const { kind, original, status, subject, run } = item;
  if (!status) return success({ stripped: original, handEdited: [], results: [] });
  let strip = planStrip(original.value, kind, status, subject, run.hasher, keepStatus);
  const first = applied(item, original, strip.changes);
  if (!first.ok) return first;
  const stripped = first.value;
  // A value written out over an alias or merge key goes back to its text only if that gives the
  // value it has without the injection; one edited by hand since is kept written out.
  const edited = strip.written.filter(
    (path) =>
      !isDeepStrictEqual(withoutEmpty(valueAt(stripped.value, path)), withoutEmpty(valueAt(strip.expected, path))),
  );
  if (edited.length === 0) return success({ stripped, handEdited: strip.handEdited, results: strip.results });
  strip = planStrip(original.value, kind, status, subject, run.hasher, keepStatus, edited);
  const again = applied(item, original, strip.changes);
  if (!again.ok) return again;
  const keptWritten = edited.map((path) =>
    result(
      'warning',
      `${joinPath(path)} was written out over an alias or merge key by the injection and has been ` +
        'edited by hand since, so it stays written out',
      subject,
      joinPath(path),
    ),
  );
  return success({ stripped: again.value, handEdited: strip.handEdited, results: [...keptWritten, ...strip.results] });
}
