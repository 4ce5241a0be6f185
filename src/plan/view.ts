// What planning reads of a resource, and nothing more: the fields SandboxCodec decodes, those the
// working copy is read at (Recorder), and those validatePod checks. Resources whose views are equal
// get equal plans, so a render of many alike SandboxSets plans once (test/plan/view.test.ts holds
// planResource on a view to planResource on the whole resource).
import { isPlainMapping } from '../base/data.js';
import type { Plan } from './expand.js';
import { result, type Subject } from '../base/results.js';

type Project = (value: unknown) => unknown;

const raw: Project = (value) => value;

/**
 * A mapping with only the fields given. Only plain mappings are cut down; anything else (a list, a
 * scalar, null, a YAML 1.1 date) stays as it is, so the planner finds there what the resource holds.
 */
const pick =
  (fields: Record<string, Project>): Project =>
  (value) => {
    if (!isPlainMapping(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, project] of Object.entries(fields)) {
      if (Object.hasOwn(value, key)) out[key] = project(value[key]);
    }
    return out;
  };

const list =
  (item: Project): Project =>
  (value) =>
    Array.isArray(value) ? value.map(item) : value;

/** A mapping's keys alone: planning asks only whether a label or annotation is there. */
const keys: Project = (value) =>
  isPlainMapping(value) ? Object.fromEntries(Object.keys(value).map((k) => [k, ''])) : value;

const named = pick({ name: raw });
// A container's lifecycle is read whole: the postStart merge looks at every key of the user's hook.
const container = pick({
  name: raw,
  env: list(named),
  volumeMounts: list(pick({ name: raw, mountPath: raw })),
  lifecycle: raw,
});

const resource = pick({
  apiVersion: raw,
  kind: raw,
  spec: pick({
    runtimes: raw,
    templateRef: raw,
    template: pick({
      metadata: pick({ labels: keys, annotations: keys }),
      spec: pick({ initContainers: list(container), containers: list(container), volumes: list(named) }),
    }),
    volumeClaimTemplates: list(pick({ metadata: pick({ name: raw }) })),
  }),
});

export const planningView = (object: Record<string, unknown>): Record<string, unknown> =>
  resource(object) as Record<string, unknown>;

/**
 * A key for a view, or undefined when JSON would blur a difference (a date, an infinite number, -0),
 * and the plan is then not shared.
 */
function keyOf(view: unknown): string | undefined {
  let plain = true;
  const key = JSON.stringify(view, (_k, v: unknown) => {
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) plain = false;
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && !isPlainMapping(v)) plain = false;
    return v;
  });
  return plain ? key : undefined;
}

/**
 * planResource, shared between resources with equal views; each gets the plan's results about itself.
 * One per run: the config is part of what a plan depends on.
 */
export function sharedPlans(
  plan: (view: Record<string, unknown>, subject: Subject) => Plan,
): (object: Record<string, unknown>, subject: Subject) => Plan {
  const plans = new Map<string, { plan: Plan; subject: Subject }>();
  return (object, subject) => {
    const view = planningView(object);
    const key = keyOf(view);
    if (key === undefined) return plan(view, subject);
    const known = plans.get(key);
    if (!known) {
      const made = plan(view, subject);
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
