// The planner: for each resource, which of its runtimes to expand here, and the plan that does it. It
// expands the longest prefix of the controller's order for which the live-pod law holds (./live-pod.ts),
// each prefix tried expanded by ./expand.ts, and leaves the rest declared for the controller. Resources
// whose decoded views are equal share one plan.
import { joinPath } from '../base/decode.js';
import { KINDS, kindOf, type Kind } from '../base/kinds.js';
import { result, type Subject } from '../base/results.js';
import { inWords } from '../runtimes/table.js';
import type { Conflict } from '../runtimes/unit.js';
import { controllerOrder } from './controller.js';
import { conflictMessage, Expansion, optionOn, unchanged, type ConfigView, type Plan } from './expand.js';
import { breach, inputPod, lawBreak } from './live-pod.js';
import { decodeSandbox, type SandboxView } from './sandbox.js';

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
  const fromInput = inputPod(view, config);
  if (fromInput.failure) return conflictPlan(view, subject, fromInput.failure);
  const known = knownStop(order, config, fromInput.unknown);
  type Attempt = { plan: Plan; works: boolean } | { plan?: undefined; why: string; jump?: number };
  const attempt = (limit: number): Attempt => {
    const expansion = new Expansion(view, config, subject, order.slice(0, limit)).run();
    if (expansion.plan.results.some((r) => r.severity === 'error')) return { plan: expansion.plan, works: false };
    const broken = breach(expansion, fromInput, view, config);
    if (broken === undefined) return { plan: expansion.plan, works: true };
    if (broken.kind === 'reapplied') return { why: broken.why, jump: order.indexOf(broken.runtime) };
    return { why: limit > 0 ? lawBreak(order[limit - 1]!, view.kind, config, broken.difference) : '' };
  };
  // The longest prefix that works, found by steps that double, then by halving the last step: a prefix
  // works only where its shorter ones do (each runtime left out is one more the controller applies as
  // it would), and trying each shorter prefix in turn cost an expansion per runtime (2,000 runtimes
  // whose inline entries differ from the cluster's took 49 s).
  let works: { limit: number; plan: Plan } | undefined;
  const longest = known ? known.at : order.length;
  // (What is known not to work: the runtimes past the known stop.)
  let fails = { limit: longest + 1, why: known?.why ?? '' };
  for (let limit = longest, step = 1; !works && limit >= 0;) {
    const tried = attempt(limit);
    if (tried.plan && !tried.works) return tried.plan;
    if (tried.plan) works = { limit, plan: tried.plan };
    else if (tried.jump !== undefined)
      [fails, limit, step] = [{ limit: tried.jump + 1, why: tried.why }, tried.jump, 1];
    else {
      fails = { limit, why: tried.why };
      limit = limit === 0 ? -1 : Math.max(0, limit - step);
      step *= 2;
    }
  }
  while (works && works.limit + 1 < fails.limit) {
    const limit = (works.limit + fails.limit) >> 1;
    const tried = attempt(limit);
    if (tried.plan && !tried.works) return tried.plan;
    if (tried.plan) works = { limit, plan: tried.plan };
    else fails = { limit, why: tried.why };
  }
  if (works) {
    return works.limit < order.length
      ? leftForController(works.plan, view, subject, order, works.limit, fails.why)
      : works.plan;
  }
  const message = 'cannot expand runtimes: even unexpanded, the controller would build a different Pod';
  return unchanged([
    result('error', `${message}; the resource is left unchanged`, subject, joinPath(view.kind.runtimes)),
  ]);
}

/** Why the first runtime that cannot be expanded here stops the expansion, when it is known in advance. */
function knownStop(
  order: readonly string[],
  config: ConfigView,
  unknownToCluster: string | undefined,
): { at: number; why: string } | undefined {
  for (const [at, name] of order.entries()) {
    const left = config.runtimes.unitFor(name).leftForController;
    const leftHere = left !== undefined && !optionOn(config.options, left.unless);
    if (leftHere && config.lookup(name).ok)
      return { at, why: `${left.why} (set ${left.unless}: true to expand it here)` };
    if (name === unknownToCluster) {
      // An entry the function cannot find is an error when the expansion reaches it, except where the
      // cluster's own entry is meant (the built-in defaults or inline entries, for a runtime left to it).
      if (!leftHere || config.clusterKnown) return undefined;
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

/** The controller would fail pod creation on a runtime's conflict: an error at build time. */
function conflictPlan(view: SandboxView, subject: Subject, failure: { runtime: string; conflict: Conflict }): Plan {
  const field = joinPath([...view.kind.podTemplate, ...failure.conflict.field]);
  return unchanged([result('error', conflictMessage(failure.runtime, failure.conflict), subject, field)]);
}

/**
 * A key for a view, or undefined when JSON would blur a difference (a date, an infinite number, -0),
 * and the plan is then not shared.
 */
function keyOf(view: SandboxView): string | undefined {
  let plain = true;
  const key = JSON.stringify(view.data, function (this: Record<string, unknown>, k: string, v: unknown) {
    // The value before its toJSON: a date has become a string by the time it reaches here as v.
    const raw = this[k];
    if (raw instanceof Date || (typeof raw === 'number' && (!Number.isFinite(raw) || Object.is(raw, -0)))) {
      plain = false;
    }
    return v;
  });
  return plain ? `${view.kind.kind}\0${key}` : undefined;
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
