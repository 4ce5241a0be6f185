// check: whether an item is as inject would write it, and if not, why, most specific first.
import { isDeepStrictEqual } from 'node:util';
import { valueAt } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import type { Kind } from '../base/kinds.js';
import { success } from '../base/outcome.js';
import { result } from '../base/results.js';
import { CURRENT_VERSION, readStatus, STATUS_ANNOTATION, STATUS_PATH, type Status } from '../provenance/status.js';
import { describeDifference } from './difference.js';
import { writtenRaw } from './raw-characters.js';
import { injection, notExpanded } from './inject.js';
import { describeHandEdits, parse, type ModeOf, type Parsed } from './item.js';

export const check: ModeOf = (item) => {
  const { original, subject, run } = item;
  const made = injection(item);
  if (!made.ok) {
    const { handEdited } = made.error;
    if (!handEdited) return made;
    const message =
      `check: the injection was edited by hand (${describeHandEdits(handEdited)}); undo the edit, or move it ` +
      'into the template or the injection config, or run the function with handEdits: adopt and commit the result';
    return success({ results: [result('error', message, subject, undefined, 'hand-edit')] });
  }
  const untouched = notExpanded(item, made.value);
  if (untouched) return success(untouched);
  const { plan, results, text, stripped } = made.value;
  const recorded = item.status !== undefined;
  const unchanged = text === original.text;
  // What check says is whether the resource is as inject would write it; how inject would get there is noise.
  const problems = [
    ...results.filter((r) => r.severity !== 'info'),
    ...plan.results.filter((r) => r.severity !== 'info'),
  ];
  const reparsed = unchanged ? success(original) : parse(text);
  if (!reparsed.ok) return reparsed;
  const expected = reparsed.value;
  // Raw where inject escapes it, a character can give the cluster other data than check reads here.
  const raw = unchanged ? undefined : writtenRaw(original, expected);
  // A record of an earlier version that says what the new one says is no drift: only its format is older.
  const olderFormat = !unchanged && !raw && recorded ? sameInjection(original, expected) : undefined;
  if (!unchanged && olderFormat === undefined) {
    const live = () => run.livePodDifference(original.value, stripped.value);
    problems.push(result('error', checkMessage(item.kind, original, expected, recorded, live, raw), subject));
  }
  const upToDate = olderFormat
    ? `check: the injection is up to date (its status record is version ${olderFormat}; the next run writes ` +
      `version ${CURRENT_VERSION})`
    : 'check: the injection is up to date';
  return success({ results: problems.length ? problems : [result('info', upToDate, subject)] });
};

/**
 * The version of the current record, where two texts of a resource hold the same data and record the
 * same injection, in any record format (the fields an older version lacks aside); else undefined.
 */
function sameInjection(current: Parsed, expected: Parsed): number | undefined {
  const [was, will] = [readStatus(current.value), readStatus(expected.value)];
  if (!was?.ok || !will?.ok) return undefined;
  const content = ({ runtimes, created, replaced, undeclared }: Status) =>
    JSON.stringify({ runtimes, created, replaced, undeclared });
  const same =
    content(was.value) === content(will.value) &&
    isDeepStrictEqual(withoutStatusRecord(current.value), withoutStatusRecord(expected.value));
  return same ? was.value.version : undefined;
}

function withoutStatusRecord(resource: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(resource);
  const annotations = valueAt(copy, STATUS_PATH.slice(0, -1)) as Record<string, unknown> | undefined;
  if (annotations) delete annotations[STATUS_ANNOTATION];
  return copy;
}

/**
 * Why a resource fails the check, most specific first: nothing injected yet, a character written raw
 * that Go reads otherwise (`raw`, output an earlier release wrote), an entry changed since, a live Pod
 * that would differ (output an earlier release wrote), a runtime added or removed, or else an edit by
 * hand. (A hand edit of a recorded injection is found before: it stops the injection.)
 */
function checkMessage(
  kind: Kind,
  current: Parsed,
  expected: Parsed,
  recorded: boolean,
  livePod: () => string | undefined,
  raw: string | undefined,
): string {
  const fix = 'run the function (mode: inject) and commit the result';
  if (!recorded) {
    const template = joinPath(kind.podTemplate);
    return `check: the declared runtimes are not expanded in ${template} (missing injection); ${fix}`;
  }
  if (raw) return `check: ${raw}; ${fix}, which writes it escaped`;
  const was = readStatus(current.value);
  const will = readStatus(expected.value);
  const before = new Map(was?.ok ? was.value.runtimes.map((r) => [r.name, r.hash]) : []);
  const after = new Map(will?.ok ? will.value.runtimes.map((r) => [r.name, r.hash]) : []);
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
