// The planner: for each resource, which of its runtimes to expand here, and the plan that does it. It
// expands the longest prefix of the controller's order for which the live-pod law holds (./live-pod.ts),
// each prefix tried expanded by ./expand.ts, and leaves the rest declared for the controller. Resources
// whose decoded views are equal share one plan.
import { joinPath } from '../base/decode.js';
import { KINDS, kindOf, podSpecPath, type Kind } from '../base/kinds.js';
import { result, type Result, type Subject } from '../base/results.js';
import { invalidEntryMessage } from '../config/sources.js';
import { ComparedPod, type ControllerFailure, type ModelledPod } from '../reference/model.js';
import { inWords, type RuntimeTable } from '../runtimes/table.js';
import type { Conflict } from '../runtimes/unit.js';
import { conflictMessage, Expansion, optionOn, unchanged, type ConfigView, type Plan } from './expand.js';
import { breach, inputPod, lawBreak } from './live-pod.js';
import { decodeSandbox, type SandboxView } from './sandbox.js';
import { validatePod } from './validate-pod.js';

/** Plans one resource, whole as read. */
export function planResource(
  object: Record<string, unknown>,
  config: ConfigView,
  subject: Subject,
  kinds: readonly Kind[] = KINDS,
): Plan {
  const kind = kindOf(object.apiVersion, object.kind, kinds);
  if (!kind) return unchanged([]);
  if (kind.role === 'report') return planReported(object, kind, subject);
  const decoded = decodeSandbox(object, kind);
  if (!decoded.ok) {
    return unchanged(
      decoded.error.map((p) =>
        result(
          'error',
          `cannot expand runtimes: ${p.path || 'the resource'}: ${p.message}; the resource is left unchanged`,
          subject,
          p.path || undefined,
        ),
      ),
    );
  }
  return planView(decoded.value, config, subject);
}

function planReported(object: Record<string, unknown>, kind: Kind, subject: Subject): Plan {
  const runtimes = kind.runtimes.reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | undefined)?.[key],
    object,
  );
  if (!Array.isArray(runtimes) || runtimes.length === 0) return unchanged([]);
  const message =
    `${kind.kind} declares ${joinPath(kind.runtimes)}, which the controller does not expand into pods from a ` +
    `${kind.kind}; left unchanged`;
  return unchanged([result('info', message, subject, joinPath(kind.runtimes))]);
}

/**
 * Plans a decoded view: everything the plan depends on is in it and in the config. It expands the
 * longest prefix of the controller's order for which the controller builds the same Pod from the
 * output as from the input, and leaves the rest declared for the controller (docs/live-pod.md).
 */
export function planView(view: SandboxView, config: ConfigView, subject: Subject): Plan {
  const order = controllerOrder(view.runtimes, config.runtimes);
  if (order.length === 0 || !view.template) return new Expansion(view, config, subject, order).run().plan;
  // Every declared runtime's entry is looked up, expanded here or not: the run says where each came from,
  // and what in it is ignored.
  for (const name of order) config.lookup(name);
  const fromInput = inputPod(view, config);
  if (!fromInput.ok) return failurePlan(view, config, subject, fromInput.error);
  const unread = inlineBesideSource(view, order, config, subject);
  if (unread.length) return unchanged(unread);
  const known = knownStop(order, config);
  // The Pod from the input in the form it is compared in, and whether the API server takes it: each
  // made once, for every prefix tried (validating 2,000 sidecars per prefix cost a hostile input a third).
  let compared: ComparedPod | undefined;
  let wholeIsValid: boolean | undefined;
  type Attempt = { plan: Plan; works: boolean } | { plan?: undefined; why: string; jump?: number };
  const attempt = (limit: number): Attempt => {
    const expansion = new Expansion(view, config, subject, order.slice(0, limit)).run();
    if (expansion.plan.results.some((r) => r.severity === 'error')) {
      // A prefix that is no valid Pod on its own, where the whole is (a mount of a volume that a runtime
      // left to the controller brings): it does not work, and the runtimes after it are left too.
      const [invalid] = expansion.invalid;
      if (
        invalid === undefined ||
        limit === order.length ||
        !(wholeIsValid ??= validWhole(fromInput.value, view, subject))
      )
        return { plan: expansion.plan, works: false };
      const problem = invalid.message.split('; ')[0];
      const why = `expanded here without the runtimes after it, the template would not be a valid Pod on its own`;
      return { why: `${why} (${problem})` };
    }
    const broken = breach(
      expansion,
      (compared ??= new ComparedPod(fromInput.value.pod, config.controller.shared)),
      view,
      config,
    );
    if (broken === undefined) return { plan: expansion.plan, works: true };
    if (broken.kind === 'reapplied') return { why: broken.why, jump: order.indexOf(broken.runtime) };
    return { why: limit > 0 ? lawBreak(order[limit - 1]!, view.kind, config, broken.difference) : '' };
  };
  // The longest prefix that works. A prefix works only where its shorter ones do (each runtime left out
  // is one more the controller applies as it would), so the boundary is found by search, and an attempt
  // costs about its length: trying each shorter prefix in turn cost an expansion per runtime (2,000
  // runtimes whose inline entries differ from the cluster's took 49 s), and stepping down from the top
  // cost ten near-whole expansions where the boundary is low (a mount of a volume that a left runtime
  // brings, in the first of 2,000). So: the whole (it works, mostly), the longest prefix not known to
  // fail, then prefixes from the bottom whose lengths double, then halving between.
  let works: { limit: number; plan: Plan } | undefined;
  const longest = known ? known.at : order.length;
  // (What is known not to work: the runtimes past the known stop.)
  let fails = { limit: longest + 1, why: known?.why ?? '' };
  /** Tries a prefix: whether it works, or the plan that ends the search (an error not the law's). */
  const tryPrefix = (limit: number): boolean | Plan => {
    const tried = attempt(limit);
    if (tried.plan && !tried.works) return tried.plan;
    if (tried.plan) works = { limit, plan: tried.plan };
    // A runtime the controller would apply again fails every prefix that holds it.
    else if (tried.jump !== undefined && tried.jump < limit - 1 && tried.jump > (works?.limit ?? -1))
      fails = { limit: tried.jump + 1, why: tried.why };
    else fails = { limit, why: tried.why };
    return tried.plan !== undefined;
  };
  const unknown = (limit: number) => limit >= 0 && limit < fails.limit && limit > (works?.limit ?? -1);
  let found = false;
  // The whole, then the longest prefix not known to fail: the one just below it, or the one before a
  // runtime the controller would apply again.
  for (const next of [() => longest, () => fails.limit - 1]) {
    const limit = next();
    if (found || !unknown(limit)) continue;
    const tried = tryPrefix(limit);
    if (typeof tried !== 'boolean') return tried;
    found = tried;
  }
  for (let limit = 0; !found && unknown(limit); limit = limit * 2 + 1) {
    const tried = tryPrefix(limit);
    if (typeof tried !== 'boolean') return tried;
    if (!tried) break;
  }
  while (works && works.limit + 1 < fails.limit) {
    const tried = tryPrefix((works.limit + fails.limit) >> 1);
    if (typeof tried !== 'boolean') return tried;
  }
  if (works) {
    if (works.limit === order.length) return works.plan;
    const unacceptable = invalidAtPodCreation(view, config, subject, order, works.limit);
    if (unacceptable.length) return unchanged(unacceptable);
    return leftForController(works.plan, view, subject, order, works.limit, fails.why);
  }
  const message = 'cannot expand runtimes: even unexpanded, the controller would build a different Pod';
  return unchanged([
    result('error', `${message}; the resource is left unchanged`, subject, joinPath(view.kind.runtimes)),
  ]);
}

/**
 * An error for each runtime whose inline entry is not the ConfigMap source's: the controller never reads
 * it, so it could only make the function write another Pod than the live one, or refuse for what the
 * live Pod never has (docs/config.md).
 */
function inlineBesideSource(view: SandboxView, order: readonly string[], config: ConfigView, subject: Subject) {
  return order.flatMap((name) => {
    const lookup = config.lookup(name);
    if (!lookup.ok || !lookup.value.notTheSource) return [];
    const message =
      `runtime "${name}": its entry given inline (${lookup.value.source}) is not ${config.clusterSource}'s ` +
      `data.${name}, the entry the controller reads at pod creation; with a ConfigMap source among the items, ` +
      "an inline entry is never the cluster's, and expanded here it could only give another Pod than the live " +
      `one: remove it, or make it the source's entry; the resource is left unchanged`;
    const field = joinPath([...view.kind.runtimes, view.runtimes.indexOf(name)]);
    return [result('error', message, subject, field, 'inline-entry-beside-source')];
  });
}

/**
 * The errors for values of the entries of runtimes left to the controller that are no valid core/v1 values
 * and that the controller writes at pod creation, where the API server rejects the Pod: told by expanding
 * the whole order, whose rules skip what the controller skips. Only where such an entry is left, so never
 * on the common path.
 */
function invalidAtPodCreation(
  view: SandboxView,
  config: ConfigView,
  subject: Subject,
  order: readonly string[],
  limit: number,
): Result[] {
  const suspect = order.slice(limit).some((name) => {
    const lookup = config.lookup(name);
    return lookup.ok && lookup.value.invalid.length > 0;
  });
  return suspect ? new Expansion(view, config, subject, order).run().unacceptable : [];
}

/** Whether the API server would take the Pod the controller builds, as far as validatePod says. */
function validWhole(pod: ModelledPod, view: SandboxView, subject: Subject): boolean {
  // The Pod's spec where the kind's template holds it; its claim volumes are in it already.
  const resource = podSpecPath(view.kind).reduceRight<unknown>((inner, key) => ({ [key]: inner }), pod.pod.spec);
  return !validatePod(resource as Record<string, unknown>, view.kind, [], subject).some((r) => r.severity === 'error');
}

/** The controller's order: fixed-order runtimes first, then the others as declared, each once (utils.go:61-117). */
export function controllerOrder(declared: readonly string[], runtimes: RuntimeTable): string[] {
  const unique = [...new Set(declared)];
  return [
    ...runtimes.fixedOrder.filter((name) => unique.includes(name)),
    ...unique.filter((name) => !runtimes.isFixedOrder(name)),
  ];
}

/** Why the first runtime that cannot be expanded here stops the expansion, when it is known in advance. */
function knownStop(order: readonly string[], config: ConfigView): { at: number; why: string } | undefined {
  for (const [at, name] of order.entries()) {
    const left = config.runtimes.unitFor(name).leftForController;
    const leftHere = left !== undefined && !optionOn(config.options, left.unless);
    const found = config.lookup(name).ok;
    if (leftHere && found) return { at, why: `${left.why} (set ${left.unless}: true to expand it here)` };
    if (!found) {
      // An entry the function cannot find is an error when the expansion reaches it, except where the
      // cluster's own entry is meant (the built-in defaults or inline entries, for a runtime left to it).
      if (!leftHere || config.clusterSource !== undefined) return undefined;
      return { at, why: "there is no entry for it here, so the cluster's own sandbox-injection-config entry is used" };
    }
  }
  return undefined;
}

/**
 * The plan, with a warning that the runtime at `limit` of the controller's order, and those after it,
 * are left declared for the controller.
 */
function leftForController(
  plan: Plan,
  view: SandboxView,
  subject: Subject,
  order: readonly string[],
  limit: number,
  why: string,
): Plan {
  const name = order[limit]!;
  const after = order.slice(limit + 1);
  const rest = after.length
    ? `, and so ${after.length === 1 ? 'is' : 'are'} ${inWords(after)}, which the controller applies after it`
    : '';
  const warning = result(
    'warning',
    `runtime "${name}" is left for the controller: ${why}; it stays declared and is injected at pod creation${rest}`,
    subject,
    joinPath([...view.kind.runtimes, view.runtimes.indexOf(name)]),
  );
  return { ...plan, results: [...plan.results, warning] };
}

/** The list of the template a conflict's kind of item is in. */
const CONFLICT_LISTS: Record<Conflict['what'], readonly string[]> = {
  'init container': ['spec', 'initContainers'],
  container: ['spec', 'containers'],
  volume: ['spec', 'volumes'],
};

/** checkInjectionConflicts' error (sidecar_config_inject.go:206-226), as a conflict. */
function conflictOf(message: string): Conflict | undefined {
  const found = /inject conflicting with (init container|container|volume): (.*)$/s.exec(message);
  if (!found) return undefined;
  const what = found[1] as Conflict['what'];
  return { what, name: found[2]!, field: CONFLICT_LISTS[what] };
}

/**
 * The controller would fail every pod creation from the resource as it came: an error at build time, as
 * whatever the function wrote, the resource would still declare what fails (or, expanded here, differ
 * from what it declares).
 */
function failurePlan(view: SandboxView, config: ConfigView, subject: Subject, failure: ControllerFailure): Plan {
  const { kind } = view;
  const left = '; the resource is left unchanged';
  if (failure.stage === 'template') {
    const message =
      `cannot expand runtimes: the controller cannot read ${joinPath(kind.podTemplate)} as a pod template ` +
      `(${failure.message}), and fails on this resource whatever it declares; fix the template${left}`;
    return unchanged([result('error', message, subject, joinPath(kind.podTemplate))]);
  }
  const runtime = failure.runtime ?? '';
  const conflict = failure.stage === 'injection' ? conflictOf(failure.message) : undefined;
  if (conflict) {
    const field = joinPath([...kind.podTemplate, ...conflict.field]);
    return unchanged([result('error', conflictMessage(runtime, conflict), subject, field)]);
  }
  const error = (name: string, message: string) =>
    result(
      'error',
      `runtime "${name}": ${message}${left}`,
      subject,
      joinPath([...kind.runtimes, view.runtimes.indexOf(name)]),
    );
  if (failure.stage === 'injection')
    return unchanged([error(runtime, `the controller fails pod creation: ${failure.message}`)]);
  // The controller stops at the first entry it cannot read; each is said, so that one run shows them all.
  return unchanged(
    controllerOrder(view.runtimes, config.runtimes).flatMap((name) => {
      const unreadable = unreadableEntry(name, config);
      return unreadable === undefined ? [] : [error(name, unreadable)];
    }),
  );
}

/** Why the controller cannot read a runtime's entry, in words that say which entry and how to fix it, if it cannot. */
function unreadableEntry(runtime: string, config: ConfigView): string | undefined {
  const parsed = config.controller.entry(runtime);
  if (parsed.ok) return undefined;
  const goMessage = parsed.error;
  const lookup = config.lookup(runtime);
  // The function's own reading says more: which entry, and each of its problems.
  if (!lookup.ok) return lookup.error.message;
  const { invalid, source: from } = lookup.value;
  if (invalid.length)
    return invalidEntryMessage(
      from,
      invalid.flatMap((item) => item.problems),
    );
  const fails = `the controller fails every pod creation of a resource that declares ${runtime}, expanded here or not`;
  const source = config.clusterSource;
  if (source === undefined)
    return (
      `its entry from ${lookup.value.source} is not what the controller can read (${goMessage}), and with no ` +
      `ConfigMap source among the items the cluster's sandbox-injection-config is assumed to hold it: ${fails}; ` +
      'write it as the controller reads it'
    );
  if (goMessage === `injection template ${runtime} not found`)
    return `${source} has no entry for it, and ${fails} ("${goMessage}"); add data.${runtime} to it`;
  return (
    `${source} data.${runtime} is not what the controller can read (${goMessage}), and ${fails}; write it as ` +
    'the controller reads it'
  );
}

/**
 * A key for a view, or undefined when JSON would blur a difference (a date, an infinite number, -0),
 * and the plan is then not shared.
 */
function keyOf(view: SandboxView): string | undefined {
  // Looked for first, and JSON made without a replacer: a replacer call per value cost W1 a tenth.
  return jsonKeeps(view.data) ? `${view.kind.kind}\0${JSON.stringify(view.data)}` : undefined;
}

/** Whether JSON keeps every difference of a value: it holds no date, no infinite number and no -0. */
function jsonKeeps(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (value === null || typeof value !== 'object') return true;
  if (value instanceof Date) return false;
  if (Array.isArray(value)) return value.every(jsonKeeps);
  for (const key of Object.keys(value)) if (!jsonKeeps((value as Record<string, unknown>)[key])) return false;
  return true;
}

export type Planner = (object: Record<string, unknown>, subject: Subject) => Plan;

/**
 * planResource, with plans shared between resources of equal views; each gets the plan's results about
 * itself. One per run: the config is part of what a plan depends on.
 */
export function sharedPlanner(config: ConfigView, kinds: readonly Kind[] = KINDS): Planner {
  const plans = new Map<string, { plan: Plan; subject: Subject }>();
  return (object, subject) => {
    const kind = kindOf(object.apiVersion, object.kind, kinds);
    if (!kind || kind.role === 'report') return planResource(object, config, subject, kinds);
    const decoded = decodeSandbox(object, kind);
    if (!decoded.ok) return planResource(object, config, subject, kinds);
    const key = keyOf(decoded.value);
    if (key === undefined) return planView(decoded.value, config, subject);
    const known = plans.get(key);
    if (!known) {
      const made = planView(decoded.value, config, subject);
      plans.set(key, { plan: made, subject });
      return made;
    }
    if (known.subject === subject) return known.plan;
    return {
      ...known.plan,
      results: known.plan.results.map((r) =>
        r.resourceRef ? result(r.severity, r.message, subject, r.field?.path) : r,
      ),
    };
  };
}
