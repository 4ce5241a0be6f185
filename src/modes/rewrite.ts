// One Sandbox or SandboxSet through the stages, on its own text: take out a recorded injection, plan
// the new one, apply it to the YAML, record it. Working on the item's own text (re-parsed after the
// strip) keeps every edit local, so that the rest of the input is never touched.
import { isDeepStrictEqual } from 'node:util';
import type { Node } from 'yaml';
import { ApplyError, emptyPairText, planEdits, splice } from '../apply/edit.js';
import type { Renderer } from '../apply/render.js';
import { detectStyle } from '../apply/style.js';
import { valueAt, withoutEmpty } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import type { Hasher } from '../base/hash.js';
import { DISGUISED, sandboxKind } from '../read/classify.js';
import { result, type Result, type Subject } from '../base/results.js';
import type { Mode } from '../config/functionConfig.js';
import type { Change } from '../plan/changes.js';
import type { Planner } from '../plan/expand.js';
import { readStatus, statusRecord, STATUS_ANNOTATION, STATUS_PATH, type ApplyLog } from '../provenance/status.js';
import { dropStatus, planStrip, type Strip } from '../provenance/strip.js';
import { parseAlone, ReadError } from '../read/input.js';
import { subjectOf } from '../read/metadata.js';
import { describeDifference } from './difference.js';

export interface Rewritten {
  /** The item's new text, or undefined when it stays as it is. */
  text?: string;
  results: Result[];
}

interface Parsed {
  text: string;
  root: Node;
  value: Record<string, unknown>;
}

const parse = (text: string): Parsed => ({ text, ...parseAlone(text) });

/**
 * Where an item is, for messages: its name (`items[3]`), the line it starts on, and what it may be if it
 * cannot be read on its own (read/sandboxes.ts: undefined for an item that certainly is no Sandbox kind).
 */
export interface ItemPlace {
  name: string;
  line: number;
  unreadable: () => string | undefined;
}

/**
 * Rewrites one item's text (indented as in the input: `text` starts with its column's spaces). `where`
 * names the item, and the line it starts on, for messages about an item that cannot be read.
 */
/** What rewriting an item takes from its run: the shared planner, the mode, and the run's caches. */
export interface ItemRun {
  planner: Planner;
  mode: Mode;
  hasher: Hasher;
  renderer: Renderer;
  /** How the Pod the controller builds from a resource differs from the one it builds from its input, if it does. */
  livePodDifference: (resource: Record<string, unknown>, input: Record<string, unknown>) => string | undefined;
}

export function rewriteItem(text: string, run: ItemRun, where: ItemPlace): Rewritten {
  // The last item of a text without a final newline gets one while it is rewritten, and loses it
  // again: edits place whole lines, and output that ends as the input did reads the same to a re-run,
  // to check and to uninject.
  if (text === '' || text.endsWith('\n')) return rewriteLines(text, run, where);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const rewritten = rewriteLines(text + newline, run, where);
  return rewritten.text === undefined ? rewritten : { ...rewritten, text: rewritten.text.slice(0, -newline.length) };
}

function rewriteLines(text: string, run: ItemRun, where: ItemPlace): Rewritten {
  let original: Parsed;
  try {
    original = { text, ...parseAlone(text, where.line) };
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    // Only what may be a Sandbox kind is an error; another item passes through as it is.
    const what = where.unreadable();
    if (what === undefined) return { results: [] };
    return {
      results: [
        result(
          'error',
          `${where.name} (${what}) cannot be read: ${e.message}; its runtimes are not expanded and ` +
            `it is left unchanged`,
        ),
      ],
    };
  }
  const kind = sandboxKind(original.value);
  if (!kind) return { results: [] };
  const subject = subjectOf(original.value);
  if ('disguised' in kind) return { results: [result('error', `${DISGUISED}; it is left unchanged`, subject)] };
  try {
    return rewrite(original, run, subject);
  } catch (e) {
    if (!(e instanceof ApplyError || e instanceof ReadError)) throw e;
    // A line is given where the error is in the resource as it came (not in it after a strip).
    const at = e instanceof ApplyError && e.text === original.text ? e.offset : undefined;
    const line = at === undefined ? '' : ` (line ${where.line + original.text.slice(0, at).split('\n').length - 1})`;
    return {
      results: [result('error', `cannot rewrite this resource: ${e.message}${line}; it is left unchanged`, subject)],
    };
  }
}

function rewrite(original: Parsed, run: ItemRun, subject: Subject): Rewritten {
  const { planner, mode, hasher, renderer, livePodDifference } = run;
  const results: Result[] = [];
  let stripped = original;
  const status = readStatus(original.value);
  if (status.found && 'problem' in status) {
    const message =
      `the ${STATUS_ANNOTATION} annotation cannot be read (${status.problem}); remove it, and the injection ` +
      `it recorded, by hand; the resource is left unchanged`;
    return { results: [result('error', message, subject, `metadata.annotations.${STATUS_ANNOTATION}`)] };
  }
  let handEdited: Strip['handEdited'] = [];
  if (status.found) {
    let strip = planStrip(original.value, status.status, subject, hasher, mode !== 'uninject');
    stripped = parse(applyChanges(original, strip.changes, renderer));
    // A value written out over an alias or merge key goes back to its text only if that gives the
    // value it has without the injection; one edited by hand since is kept written out.
    const edited = strip.written.filter(
      (path) =>
        !isDeepStrictEqual(withoutEmpty(valueAt(stripped.value, path)), withoutEmpty(valueAt(strip.expected, path))),
    );
    if (edited.length) {
      strip = planStrip(original.value, status.status, subject, hasher, mode !== 'uninject', edited);
      stripped = parse(applyChanges(original, strip.changes, renderer));
      strip.results.unshift(
        ...edited.map((path) =>
          result(
            'warning',
            `${joinPath(path)} was written out over an alias or merge key by the injection and has been ` +
              'edited by hand since, so it stays written out',
            subject,
            joinPath(path),
          ),
        ),
      );
    }
    handEdited = strip.handEdited;
    results.push(...strip.results.filter((r) => mode === 'uninject' || r.severity !== 'info'));
  }
  if (mode === 'uninject') return { ...(status.found ? { text: stripped.text } : {}), results };

  const plan = planner(stripped.value, subject);
  if (plan.results.some((r) => r.severity === 'error')) return { results: [...results, ...plan.results] };
  let injected = stripped.text;
  if (!plan.changes.length && status.found) injected = applyChanges(stripped, dropStatus(stripped.value), renderer);
  if (plan.changes.length) {
    const style = styleOf(stripped);
    const applied = planEdits(stripped.text, stripped.root, plan.changes, style, renderer, stripped.value);
    const record = statusRecord(plan, withEmptyAnnotations(stripped, applied.log), hasher);
    const annotation = planEdits(
      stripped.text,
      stripped.root,
      [{ op: 'set', path: STATUS_PATH, value: record }],
      style,
      renderer,
      stripped.value,
    ).edits;
    injected = splice(stripped.text, [...applied.edits, ...annotation]);
    // An edit through an alias or a merge key is never silent: what was written out is said.
    // (Into this resource's results: the plan and its results may be shared with alike resources.)
    for (const { path, over } of applied.log.written ?? [])
      results.push(
        result(
          'info',
          over === '<<'
            ? `${joinPath(path)} comes from a merge key: it is written out in the mapping with the merged ` +
                `value, so that the injection adds to it rather than overriding it; uninject takes it out again`
            : `${joinPath(path)} was the alias ${over}: it is written out in place, so that the injection ` +
                `does not change the anchor and its other aliases; uninject puts the alias back`,
          subject,
          joinPath(path),
        ),
      );
  }
  const unchanged = injected === original.text;
  // A Sandbox that declares nothing and records nothing is none of this function's business.
  if (unchanged && !status.found && !plan.changes.length && !plan.results.length) return { results: [] };
  if (mode === 'check') {
    // What check says is whether the resource is as inject would write it; how inject would get there is noise.
    const problems = [
      ...results.filter((r) => r.severity !== 'info'),
      ...plan.results.filter((r) => r.severity !== 'info'),
    ];
    const expected = unchanged ? original : parse(injected);
    // A version-1 record that says what the new one says is no drift: only its format is older.
    const olderFormat = !unchanged && status.found && sameInjection(original, expected);
    if (!unchanged && !olderFormat) {
      const live = () => livePodDifference(original.value, stripped.value);
      problems.push(result('error', checkMessage(original, expected, status.found, handEdited, live), subject));
    }
    const upToDate = olderFormat
      ? 'check: the injection is up to date (its status record is version 1; the next run writes version 2)'
      : 'check: the injection is up to date';
    return { results: problems.length ? problems : [result('info', upToDate, subject)] };
  }
  // A re-run that changes nothing says so, rather than repeating what the first run did.
  if (unchanged && plan.changes.length)
    return {
      results: [
        ...results,
        ...plan.results.filter((r) => r.severity !== 'info'),
        result('info', 'injection up to date', subject, 'spec.template'),
      ],
    };
  return { ...(unchanged ? {} : { text: injected }), results: [...results, ...plan.results] };
}

/**
 * An annotations key that is there with nothing in it (`annotations:`, `annotations: {}`) is recorded
 * as replaced, with its text, so that taking the status out puts it back as it was, rather than
 * dropping it as it drops an annotations key that only the status was written into.
 */
function withEmptyAnnotations(parsed: Parsed, log: ApplyLog): ApplyLog {
  const path = STATUS_PATH.slice(0, -1);
  const text = emptyPairText(parsed.text, parsed.root, path);
  return text === undefined ? log : { ...log, replaced: [...log.replaced, { path, text }] };
}

/** Whether two texts of a resource hold the same data and record the same injection, in any record format. */
function sameInjection(current: Parsed, expected: Parsed): boolean {
  const [was, will] = [readStatus(current.value), readStatus(expected.value)];
  if (!(was.found && 'status' in was && will.found && 'status' in will)) return false;
  const content = ({ runtimes, created, replaced, undeclared }: typeof was.status) =>
    JSON.stringify({ runtimes, created, replaced, undeclared });
  return (
    content(was.status) === content(will.status) &&
    isDeepStrictEqual(withoutStatusRecord(current.value), withoutStatusRecord(expected.value))
  );
}

function withoutStatusRecord(resource: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(resource);
  const annotations = valueAt(copy, STATUS_PATH.slice(0, -1)) as Record<string, unknown> | undefined;
  if (annotations) delete annotations[STATUS_ANNOTATION];
  return copy;
}

function applyChanges(parsed: Parsed, changes: readonly Change[], renderer: Renderer): string {
  return splice(
    parsed.text,
    planEdits(parsed.text, parsed.root, changes, styleOf(parsed), renderer, parsed.value).edits,
  );
}

function styleOf(parsed: Parsed) {
  const annotations = ((parsed.value.metadata as Record<string, unknown> | undefined)?.annotations ?? {}) as Record<
    string,
    unknown
  >;
  const seqIndent = annotations['internal.config.kubernetes.io/seqindent'];
  return detectStyle(parsed.text, parsed.root, typeof seqIndent === 'string' ? seqIndent : undefined);
}

/** Why a resource fails the check: nothing injected yet, a hand edit, or a stale injection. */
/**
 * Why a resource fails the check, most specific first: nothing injected yet, a hand edit, an entry
 * changed since, a live Pod that would differ (output an earlier release wrote), a runtime added or
 * removed, or else an edit by hand.
 */
function checkMessage(
  current: Parsed,
  expected: Parsed,
  recorded: boolean,
  edited: Strip['handEdited'],
  livePod: () => string | undefined,
): string {
  const fix = 'run the function (mode: inject) and commit the result';
  if (!recorded) return `check: the declared runtimes are not expanded in spec.template (missing injection); ${fix}`;
  const handEdit = (e: Strip['handEdited'][number]) =>
    `runtime ${e.runtime}: its injection was edited by hand (${e.parts.join(', ')})`;
  if (edited.length)
    return (
      `check: the injection was edited by hand ` +
      `(${edited.map(handEdit).join('; ')}); ` +
      'undo the edit, or move it ' +
      `into the template or the injection config`
    );
  const was = readStatus(current.value);
  const will = readStatus(expected.value);
  const before = new Map(was.found && 'status' in was ? was.status.runtimes.map((r) => [r.name, r.hash]) : []);
  const after = new Map(will.found && 'status' in will ? will.status.runtimes.map((r) => [r.name, r.hash]) : []);
  const stale = [...after].filter(([name, hash]) => before.has(name) && before.get(name) !== hash);
  const changed = stale.map(([name]) => `runtime ${name}: its injection config changed since it was injected`);
  if (changed.length) return `check: the injection is stale (${changed.join('; ')}); ${fix}`;
  const live = livePod();
  if (live) return `check: the live Pod would differ: ${live}; ${fix}`;
  const parts = [
    ...[...after.keys()]
      .filter((name) => !before.has(name))
      .map((name) => `runtime ${name}: declared but not injected`),
    ...[...before.keys()]
      .filter((name) => !after.has(name))
      .map((name) => `runtime ${name}: injected but no longer declared`),
  ];
  if (parts.length) return `check: the injection is stale (${parts.join('; ')}); ${fix}`;
  return (
    `check: the injection was edited by hand: ${describeDifference(current.value, expected.value)}; ${fix}, ` +
    `or move the edit into the template or the injection config`
  );
}
