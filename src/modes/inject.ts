// inject: the recorded injection taken out, the new one planned and applied, and recorded in the status
// annotation. check (./check.ts) compares an item with what this makes of it.
import { emptyPairText } from '../apply/edit.js';
import { splice } from '../apply/splice.js';
import { joinPath } from '../base/decode.js';
import { failure, success, type Outcome } from '../base/outcome.js';
import { hasError, result } from '../base/results.js';
import type { Plan } from '../plan/expand.js';
import { valueAt } from '../base/data.js';
import { podSpecPath } from '../base/kinds.js';
import { statusRecord, STATUS_PATH, type ApplyLog, type Carried } from '../provenance/status.js';
import { dropStatus } from '../provenance/strip.js';
import {
  edit,
  parse,
  removalWarnings,
  styleOf,
  takeOut,
  type Item,
  type ModeOf,
  type Parsed,
  type Refusal,
  type Rewritten,
  type TakenOut,
} from './item.js';
import { planAround } from './kept.js';

export const inject: ModeOf = (item) => {
  const made = injection(item);
  if (!made.ok) return made;
  const { plan, results, text } = made.value;
  const untouched = notExpanded(item, made.value);
  if (untouched) return success(untouched);
  const unchanged = text === item.original.text;
  // A re-run that changes nothing says so, rather than repeating what the first run did.
  if (unchanged && plan.changes.length)
    return success({
      results: [
        ...results,
        ...plan.results.filter((r) => r.severity !== 'info'),
        result('info', 'injection up to date', item.subject, joinPath(item.kind.podTemplate)),
      ],
    });
  return success({ ...(unchanged ? {} : { text }), results: [...results, ...plan.results] });
};

/** An item as inject writes it: its recorded injection taken out, and its new one made. */
export interface Injection extends TakenOut {
  plan: Plan;
  /** The item's text as inject writes it (as taken out, where the plan failed). */
  text: string;
}

/** What inject makes of an item, whatever the mode: check compares the item with it. */
export function injection(item: Item): Outcome<Injection, Refusal> {
  const { kind, original, status, subject, run } = item;
  const taken = takeOut(item, 'reinject');
  if (!taken.ok) return taken;
  const { stripped, kept, keptKeys } = taken.value;
  const planned = kept.length
    ? planAround(run.planner, original.value, stripped.value, new Set(kept.map((r) => r.name)), kind, subject)
    : run.planner(stripped.value, subject);
  // What inject says of the recorded injection is what went wrong in it, not what was taken out.
  const results = [
    ...removalWarnings(item, taken.value, planned),
    ...taken.value.results.filter((r) => r.severity !== 'info'),
  ];
  // A record that holds only kept runtimes still has its base.
  const plan = kind.role === 'expand' ? { ...planned, podSpec: podSpecPath(kind) } : planned;
  const made = (text: string): Outcome<Injection, Refusal> => success({ ...taken.value, results, plan, text });
  if (hasError(plan.results)) return made(stripped.text);
  if (!plan.changes.length && !kept.length) {
    if (!status) return made(stripped.text);
    const dropped = edit(item, stripped, dropStatus(stripped.value));
    return dropped.ok ? made(splice(stripped.text, dropped.value.edits)) : dropped;
  }
  // The expansion, then the record of what it did: one text edited twice, its style read once.
  const style = styleOf(stripped);
  const expansion = edit(item, stripped, plan.changes, style);
  if (!expansion.ok) return expansion;
  const { edits, log } = expansion.value;
  const main = valueAt(stripped.value, [...podSpecPath(kind), 'containers', 0, 'name']);
  const carried: Carried = {
    ...(typeof main === 'string' ? { main } : {}),
    runtimes: kept,
    ...keptKeys,
  };
  const record = statusRecord(plan, withEmptyAnnotations(stripped, log), run.hasher, carried);
  const annotation = edit(item, stripped, [{ op: 'set', path: STATUS_PATH, value: record }], style);
  if (!annotation.ok) return annotation;
  // An edit through an alias or a merge key is never silent: what was written out is said.
  // (Into this resource's results: the plan and its results may be shared with alike resources.)
  for (const { path, over } of log.written ?? [])
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
  const text = splice(stripped.text, [...edits, ...annotation.value.edits]);
  // A record's texts, put back, can leave text that a user seldom writes (a comment where a value
  // was): what is injected into it again is read back before it is written out.
  if (status && text !== original.text) {
    const back = parse(text);
    if (!back.ok)
      return failure({
        message:
          `injecting it again, once the recorded injection is out, gives text that cannot be read ` +
          `(${back.error.message}); this is a bug of the function: please report it with the resource`,
      });
  }
  return made(text);
}

/**
 * What inject and check say of an item whose plan failed (its errors), or that declares nothing and
 * records nothing (nothing: it is none of this function's business); undefined for any other.
 */
export function notExpanded(item: Item, { plan, results, text }: Injection): Rewritten | undefined {
  if (hasError(plan.results)) return { results: [...results, ...plan.results] };
  const unchanged = text === item.original.text;
  if (unchanged && !item.status && !plan.changes.length && !plan.results.length) return { results: [] };
  return undefined;
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
