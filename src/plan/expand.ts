// The expansion of one Sandbox kind: the runtime units' rules (runtimes/) in the controller's order,
// with its guards and conflict checks, then what the API server would reject, then spec.runtimes
// (docs/expansion.md). Pure: the decoded view and the config in, changes and results out.
import { copyData, valueAt, type Path } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import { kindOf, podSpecPath, type Kind } from '../base/kinds.js';
import { result, type Result, type Subject } from '../base/results.js';
import type { Options } from '../config/functionConfig.js';
import type { Lookup } from '../config/sources.js';
import type { Entry } from '../runtimes/entry.js';
import type { ExpandContext, PodTemplate } from '../runtimes/pod.js';
import { inWords, type RuntimeTable } from '../runtimes/table.js';
import type { Conflict, RuntimeUnit } from '../runtimes/unit.js';
import { Recorder, type Change } from './changes.js';
import {
  controllerOrder,
  controllerPod,
  podDifference,
  type ClusterEntries,
  type ControllerPod,
  type Template,
} from './controller.js';
import { decodeSandbox, type SandboxView } from './sandbox.js';
import { validatePod, validateWritten } from './validate-pod.js';

export interface Plan {
  changes: Change[];
  results: Result[];
  /** Which runtime made each change ('' for the resource's own, such as spec.runtimes). */
  madeBy: ReadonlyMap<Change, string>;
  /** Where the pod spec is: the base of the status record's pointers. */
  podSpec: Path;
  /** The entry hash of each runtime expanded here, in order. */
  expanded: { name: string; hash: string }[];
  /**
   * Status records made from this plan, by the log of applying it (provenance/status.ts); resources
   * that share the plan share them.
   */
  records: Map<string, string>;
}

/** What the planner needs of the config: the options, the runtimes, and a way to find each one's entry. */
export interface ConfigView {
  options: Options;
  runtimes: RuntimeTable;
  lookup(runtime: string): Lookup;
  /** The cluster's entries, for the model of the controller (docs/live-pod.md). */
  cluster: ClusterEntries;
  /** Whether they are the cluster's ConfigMap, or assumed to be the function's own entries. */
  clusterKnown: boolean;
}

const REGION_HINT =
  'set regionId (kpt: `-- regionId=cn-hangzhou`; ConfigMap data.regionId; SandboxRuntimeInjection spec.regionId)';

/** A plan that changes nothing, with its results. */
const unchanged = (results: Result[]): Plan => ({
  changes: [],
  podSpec: [],
  results,
  madeBy: new Map(),
  expanded: [],
  records: new Map(),
});

/** Plans one resource, whole as read. */
export function planResource(object: Record<string, unknown>, config: ConfigView, subject: Subject): Plan {
  const kind = kindOf(object.apiVersion, object.kind);
  if (!kind) return unchanged([]);
  if (kind.role === 'report') return planReported(object, kind, subject);
  const decoded = decodeSandbox(object, kind);
  if (!decoded.ok) {
    return unchanged(
      decoded.problems.map((p) =>
        result(
          'error',
          `cannot expand runtimes: ${p.path || 'the resource'}: ${p.message}; the resource is left unchanged`,
          subject,
          p.path || undefined,
        ),
      ),
    );
  }
  return planView(decoded.view, config, subject);
}

function planReported(object: Record<string, unknown>, kind: Kind, subject: Subject): Plan {
  const runtimes = kind.runtimes.reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | undefined)?.[key],
    object,
  );
  if (!Array.isArray(runtimes) || runtimes.length === 0) return unchanged([]);
  const message =
    `${kind.kind} declares spec.runtimes, which the controller does not expand into pods from a ${kind.kind}; ` +
    `left unchanged`;
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
  const template = (view.template ?? {}) as Template;
  const fromInput = controllerPod(template, view.claimNames, view.runtimes, config.cluster, config.runtimes, view.kind);
  if (fromInput.failure) return conflictPlan(view, subject, fromInput.failure);
  const known = knownStop(order, config, fromInput.unknown);
  type Attempt =
    | { plan: Plan; works: boolean; expansion: ReturnType<Expansion['run']> }
    | { plan?: undefined; why: string; jump?: number };
  const attempt = (limit: number): Attempt => {
    const expansion = new Expansion(view, config, subject, order.slice(0, limit)).run();
    if (expansion.plan.results.some((r) => r.severity === 'error'))
      return { plan: expansion.plan, works: false, expansion };
    const output = valueAt(expansion.working, view.kind.podTemplate) as Template;
    const fromOutput = controllerPod(
      output,
      view.claimNames,
      expansion.declared,
      config.cluster,
      config.runtimes,
      view.kind,
    );
    const difference = fromOutput.failure
      ? `the controller would fail: ${conflictMessage(fromOutput.failure.runtime, fromOutput.failure.conflict)}`
      : podDifference(fromInput.pod, fromOutput.pod);
    // The same Pod is not all: a runtime expanded here and kept must also be one the controller adds
    // nothing to at pod creation, or Git would not show all that runs.
    const reapplied = difference === undefined ? addedToAgain(expansion, fromOutput, output, view, config) : undefined;
    if (difference === undefined && reapplied === undefined) return { plan: expansion.plan, works: true, expansion };
    if (reapplied) return { why: reapplied.why, jump: order.indexOf(reapplied.runtime) };
    return { why: limit > 0 ? lawBreak(order[limit - 1]!, config, difference!) : '' };
  };
  // The longest prefix that works, found by steps that double, then by halving the last step: a prefix
  // works only where its shorter ones do (each runtime left out is one more the controller applies as
  // it would), and trying each shorter prefix in turn cost an expansion per runtime (2,000 runtimes
  // whose inline entries differ from the cluster's took 49 s).
  let works: { limit: number; expansion: ReturnType<Expansion['run']> } | undefined;
  const longest = known ? known.at : order.length;
  // (What is known not to work: the runtimes past the known stop.)
  let fails = { limit: longest + 1, why: known?.why ?? '' };
  for (let limit = longest, step = 1; !works && limit >= 0;) {
    const tried = attempt(limit);
    if (tried.plan && !tried.works) return tried.plan;
    if (tried.plan) works = { limit, expansion: tried.expansion };
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
    if (tried.plan) works = { limit, expansion: tried.expansion };
    else fails = { limit, why: tried.why };
  }
  if (works) {
    if (works.limit < order.length) works.expansion.leave(order, works.limit, fails.why);
    return works.expansion.plan;
  }
  const message = 'cannot expand runtimes: even unexpanded, the controller would build a different Pod';
  return unchanged([
    result('error', `${message}; the resource is left unchanged`, subject, joinPath(view.kind.runtimes)),
  ]);
}

/**
 * How the Pod the controller builds from a resource differs from the Pod it builds from the resource's
 * input (its recorded injection taken out), if it does and both can be read.
 */
export function livePodDifference(
  config: ConfigView,
): (resource: Record<string, unknown>, input: Record<string, unknown>) => string | undefined {
  return (resource, input) => {
    const kind = kindOf(resource.apiVersion, resource.kind);
    if (!kind || kind.role !== 'expand') return undefined;
    const [now, before] = [decodeSandbox(resource, kind), decodeSandbox(input, kind)];
    if (!now.ok || !before.ok || !now.view.template || !before.view.template) return undefined;
    // The whole templates, not the planning views: what was injected is compared in full.
    const podOf = (object: Record<string, unknown>, view: SandboxView) => {
      const template = valueAt(object, kind.podTemplate) as Template;
      return controllerPod(template, view.claimNames, view.runtimes, config.cluster, config.runtimes, kind);
    };
    const [live, intended] = [podOf(resource, now.view), podOf(input, before.view)];
    if (live.failure || intended.failure) return undefined;
    return podDifference(intended.pod, live.pod);
  };
}

/**
 * The first runtime expanded here and kept declared that the controller would still apply to the
 * output and add to (its guard cannot see the cluster entry's sidecars), with why.
 */
function addedToAgain(
  expansion: { plan: Plan; declared: string[] },
  fromOutput: ControllerPod,
  output: Template,
  view: SandboxView,
  config: ConfigView,
): { runtime: string; why: string } | undefined {
  const expanded = new Set(expansion.plan.expanded.map((e) => e.name));
  for (const name of fromOutput.applied) {
    if (!expanded.has(name)) continue;
    const others = expansion.declared.filter((declared) => declared !== name);
    const without = controllerPod(output, view.claimNames, others, config.cluster, config.runtimes, view.kind);
    const added = podDifference(without.pod, fromOutput.pod);
    if (added === undefined) continue;
    const sidecars = config.cluster(name)?.csiSidecar.map((s) => s.name) ?? [];
    const unseen = sidecars.length ? ` (${sidecars.join(', ')})` : '';
    return {
      runtime: name,
      why:
        `kept declared, it would still be applied at pod creation, since the controller's guard does not find ` +
        `the cluster entry's sidecars${unseen}, and it would add to the Pod (${added}); make the entry used here ` +
        "name the same sidecars as the cluster's",
    };
  }
  return undefined;
}

/** Why the first runtime that cannot be expanded here stops the expansion, when it is known in advance. */
function knownStop(
  order: readonly string[],
  config: ConfigView,
  unknownToCluster: string | undefined,
): { at: number; why: string } | undefined {
  for (const [at, name] of order.entries()) {
    const unit = config.runtimes.unitFor(name);
    if (unit.leftForController && !config.options.expandTrafficProxy && config.lookup(name).ok) {
      return { at, why: `${unit.leftForController} (set expandTrafficProxy: true to expand it here)` };
    }
    if (name === unknownToCluster) {
      // An entry the function cannot find is an error when the expansion reaches it, except where the
      // cluster's own entry is meant (the built-in defaults or inline entries, for a runtime left to it).
      if (!unit.leftForController || config.clusterKnown || config.options.expandTrafficProxy) return undefined;
      return { at, why: "there is no entry for it here, so the cluster's own sandbox-injection-config entry is used" };
    }
  }
  return undefined;
}

/** Why expanding a runtime here would make the controller build another Pod. */
function lawBreak(name: string, config: ConfigView, difference: string): string {
  const unit = config.runtimes.unitFor(name);
  const found = config.lookup(name);
  const cluster = config.cluster(name);
  if (config.clusterKnown && found.ok && !found.literal) {
    return (
      `its entry given inline (${found.source}) is not the ConfigMap source's, which the controller uses, so ` +
      `the Pod would differ: ${difference}; make the two the same, or drop the inline entry`
    );
  }
  if (unit.order === 'fixed' && config.options.keepRuntimes && found.ok) {
    const here = found.entry.csiSidecar.map((s) => s.name);
    const there = cluster?.csiSidecar.map((s) => s.name) ?? [];
    if (here.length === 0) {
      return (
        "its entry has no csiSidecar, so the controller's guard has nothing to find and would inject it a " +
        'second time at pod creation (duplicate env, mounts and volumes, a nested postStart); give the entry a ' +
        'sidecar, or set keepRuntimes: false to have it expanded here and removed from spec.runtimes'
      );
    }
    if (here.join() !== there.join()) {
      return (
        `the sidecars of the entry used here (${here.join(', ')}) are not those of the cluster's entry ` +
        `(${there.join(', ') || 'none'}), so the controller's guard would not see it and would inject it again; ` +
        'name the same sidecars in both'
      );
    }
  }
  return `expanded here, the controller would build another Pod: ${difference}`;
}

/** The controller would fail pod creation on a runtime's conflict: an error at build time. */
function conflictPlan(view: SandboxView, subject: Subject, failure: { runtime: string; conflict: Conflict }): Plan {
  const field = joinPath([...view.kind.podTemplate, ...failure.conflict.field]);
  return unchanged([result('error', conflictMessage(failure.runtime, failure.conflict), subject, field)]);
}

function conflictMessage(runtime: string, { what, name }: Conflict): string {
  return (
    `failed to inject runtime "${runtime}": inject conflicting with ${what}: ${name} (the controller fails pod ` +
    `creation on this); rename or remove ${what} "${name}" in the template or in the entry`
  );
}

class Expansion {
  private readonly results: Result[] = [];
  private readonly recorder: Recorder;
  private readonly pod: PodTemplate;
  private readonly declared: { name: string; index: number }[] = [];
  /** Where each declared runtime is first declared. */
  private readonly declaredAt = new Map<string, number>();
  /** Runtimes expanded here, or found already present, in the order they were handled. */
  private readonly expanded: string[] = [];
  private readonly present: string[] = [];
  /** Expanded runtimes that added nothing, e.g. csi on a template without containers. */
  private readonly empty = new Set<string>();
  private readonly runtimesField: string;
  /** The runtimes still declared once the plan is applied. */
  private declaredAfter: string[];

  /** @param expanding the runtimes to expand: a prefix of the controller's order; the rest are left for it */
  constructor(
    private readonly view: SandboxView,
    private readonly config: ConfigView,
    private readonly subject: Subject,
    private readonly expanding: readonly string[],
  ) {
    this.declaredAfter = [...view.runtimes];
    this.recorder = new Recorder(copyData(view.data));
    this.pod = this.recorder.below(view.kind.podTemplate);
    this.runtimesField = joinPath(view.kind.runtimes);
    view.runtimes.forEach((name, index) => {
      if (this.declaredAt.has(name)) return;
      this.declared.push({ name, index });
      this.declaredAt.set(name, index);
    });
  }

  run(): { plan: Plan; working: Record<string, unknown>; declared: string[]; leave: Leave } {
    const plan = this.expandAll();
    const leave: Leave = (order, limit, why) => {
      const name = order[limit]!;
      const after = order.slice(limit + 1);
      const rest = after.length
        ? `, and so ${after.length === 1 ? 'is' : 'are'} ${inWords(after)}, which the controller applies after it`
        : '';
      const index = this.declaredAt.get(name)!;
      plan.results.push(
        result(
          'warning',
          `runtime "${name}" is left for the controller: ${why}; it stays declared and is injected at pod ` +
            `creation${rest}`,
          this.subject,
          `${this.runtimesField}[${index}]`,
        ),
      );
    };
    return { plan, working: this.recorder.working, declared: this.declaredAfter, leave };
  }

  private expandAll(): Plan {
    if (this.declared.length === 0) return this.done();
    if (!this.view.template) {
      const why = this.view.hasTemplateRef
        ? 'its pod template lives in the SandboxTemplate named by spec.templateRef, so the controller injects ' +
          'at pod creation'
        : 'it has no spec.template to inject into';
      this.report('warning', `spec.runtimes not expanded: ${why}; left unchanged`, this.runtimesField);
      return this.done();
    }
    const { runtimes } = this.config;
    for (const name of this.expanding) {
      const index = this.declaredAt.get(name)!;
      const unit = runtimes.unitFor(name);
      if (unit.order === 'fixed') this.fixedOrderRuntime(unit, name, index);
      else this.declaredOrderRuntime(unit, name, index);
    }
    if (this.failed()) return this.done();
    // What the controller does once every runtime is in (traffic-proxy's probe rewrite), as it does it.
    for (const name of this.expanded) {
      const unit = runtimes.unitFor(name);
      if (!unit.afterAll) continue;
      this.recorder.runtime = name;
      unit.afterAll(this.pod, this.view.kind);
      this.recorder.runtime = '';
    }
    if (this.recorder.operations > 0) {
      this.results.push(...validatePod(this.recorder.working, this.view.kind, this.view.claimNames, this.subject));
      this.results.push(...validateWritten(this.recorder.working, this.view.data, this.view.kind, this.subject));
    }
    if (this.failed()) return this.done();
    const templateField = joinPath(this.view.kind.podTemplate);
    const changed = this.expanded.filter((name) => !this.empty.has(name));
    if (changed.length)
      this.report('info', `expanded runtimes ${changed.join(', ')} into spec.template`, templateField);
    for (const name of this.expanded.filter((n) => this.empty.has(n))) {
      this.report(
        'info',
        `runtime "${name}" has nothing to inject into this template (the controller would add nothing either)`,
        templateField,
      );
    }
    this.undeclareRuntimes();
    return this.done();
  }

  private failed(): boolean {
    return this.results.some((r) => r.severity === 'error');
  }

  /** An error leaves the resource unchanged. */
  private done(): Plan {
    if (this.failed()) return unchanged(this.results);
    const expanded = this.expanded.map((name) => ({
      name,
      hash: (this.config.lookup(name) as Extract<Lookup, { ok: true }>).hash,
    }));
    return {
      changes: this.recorder.changes,
      podSpec: podSpecPath(this.view.kind),
      results: this.results,
      madeBy: this.recorder.madeBy,
      expanded,
      records: new Map(),
    };
  }

  private report(severity: Result['severity'], message: string, field?: string): void {
    this.results.push(result(severity, message, this.subject, field));
  }

  private context(runtime: string): ExpandContext {
    return {
      runtime,
      claimNames: this.view.claimNames,
      warn: (message, field) => this.report('warning', message, this.templateField(field)),
    };
  }

  private templateField(path: Path): string {
    return joinPath([...this.view.kind.podTemplate, ...path]);
  }

  /** The entry for a runtime, or an error result (and undefined) when it cannot be used. */
  private entryFor(name: string, index: number): Entry | undefined {
    const found = this.config.lookup(name);
    const field = `${this.runtimesField}[${index}]`;
    if (!found.ok) {
      this.report('error', `runtime "${name}": ${found.message}; the resource is left unchanged`, field);
      return undefined;
    }
    if (found.missingRegion.length && found.literal) {
      this.report(
        'error',
        `runtime "${name}": its entry in ${found.source} holds the placeholder <region-id> in ` +
          `${found.missingRegion.join(', ')}, and the controller uses that entry as it is, so the live Pod would ` +
          `get the placeholder itself; write the region into data.${name} of that ConfigMap`,
        field,
      );
      return undefined;
    }
    if (found.missingRegion.length) {
      this.report(
        'error',
        `runtime "${name}": its injection config (from ${found.source}) has the placeholder <region-id> in ` +
          `${found.missingRegion.join(', ')}, but no regionId is set; ${REGION_HINT}`,
        field,
      );
      return undefined;
    }
    return found.entry;
  }

  private fixedOrderRuntime(unit: RuntimeUnit, name: string, index: number): void {
    const lookup = this.config.lookup(name);
    // The guard comes before the region check: a skipped runtime injects nothing, so needs no region.
    const present = lookup.ok ? unit.alreadyPresent?.(this.pod, lookup.entry) : undefined;
    if (present !== undefined) {
      this.report(
        'info',
        `runtime "${name}" already present (container "${present}" exists), skipped as the controller does`,
        `${this.runtimesField}[${index}]`,
      );
      this.present.push(name);
      return;
    }
    const entry = this.entryFor(name, index);
    if (entry) this.expand(unit, name, entry);
  }

  private declaredOrderRuntime(unit: RuntimeUnit, name: string, index: number): void {
    if (unit.leftForController && this.config.options.expandTrafficProxy && this.config.lookup(name).ok) {
      this.report(
        'warning',
        `runtime "${name}" is expanded here (expandTrafficProxy): the controller's CA-bundle injection, keyed ` +
          'on its declaration, no longer happens for this resource',
        `${this.runtimesField}[${index}]`,
      );
    }
    const entry = this.entryFor(name, index);
    if (!entry) return;
    const conflict = unit.conflict?.(this.pod, entry, this.context(name));
    if (conflict) {
      this.report('error', conflictMessage(name, conflict), this.templateField(conflict.field));
      return;
    }
    this.expand(unit, name, entry);
  }

  private expand(unit: RuntimeUnit, name: string, entry: Entry): void {
    const before = this.recorder.operations;
    this.recorder.runtime = name;
    unit.expand(this.pod, entry, this.context(name));
    this.recorder.runtime = '';
    if (this.recorder.operations === before) this.empty.add(name);
    this.expanded.push(name);
  }

  /** Expanded declared-order runtimes leave spec.runtimes; fixed-order ones too with keepRuntimes: false. */
  private undeclareRuntimes(): void {
    const keep = this.config.options.keepRuntimes;
    const handled = new Set([...this.expanded, ...this.present]);
    const goes = (name: string) => handled.has(name) && (!keep || !this.config.runtimes.isFixedOrder(name));
    const runtimes = this.view.runtimes;
    const removed = [...new Set(runtimes.filter(goes))];
    if (removed.length === 0) return;
    const why = keep
      ? 'they are expanded here, and the controller would inject them again and fail on the conflict'
      : 'keepRuntimes is false';
    this.report('info', `removed ${removed.join(', ')} from spec.runtimes: ${why}`, this.runtimesField);
    this.declaredAfter = runtimes.filter((name) => !goes(name));
    if (!keep && removed.includes('agent-runtime')) {
      this.report(
        'warning',
        'runtime "agent-runtime" leaves spec.runtimes (keepRuntimes: false): the controller\'s claim-time ' +
          'runtime init and its runtime-TLS annotation key on agent-runtime being declared, and no longer happen',
        this.runtimesField,
      );
    }
    if (runtimes.every(goes)) return this.recorder.remove(this.view.kind.runtimes);
    runtimes.forEach((name, i) => goes(name) && this.recorder.remove([...this.view.kind.runtimes, i]));
  }
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

type Leave = (order: readonly string[], limit: number, why: string) => void;

export type Planner = (object: Record<string, unknown>, subject: Subject) => Plan;

/**
 * planResource, with plans shared between resources of equal views; each gets the plan's results about
 * itself. One per run: the config is part of what a plan depends on.
 */
export function sharedPlanner(config: ConfigView): Planner {
  const plans = new Map<string, { plan: Plan; subject: Subject }>();
  return (object, subject) => {
    const kind = kindOf(object.apiVersion, object.kind);
    if (!kind || kind.role === 'report') return planResource(object, config, subject);
    const decoded = decodeSandbox(object, kind);
    if (!decoded.ok) return planResource(object, config, subject);
    const key = keyOf(decoded.view);
    if (key === undefined) return planView(decoded.view, config, subject);
    const known = plans.get(key);
    if (!known) {
      const made = planView(decoded.view, config, subject);
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
