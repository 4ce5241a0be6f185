// The expansion of one Sandbox kind: the runtime units' rules (runtimes/) in the controller's order,
// with its guards and conflict checks, then what the API server would reject, then spec.runtimes
// (docs/expansion.md). Pure: the decoded view and the config in, changes and results out. Which
// runtimes to expand is the planner's choice (./planner.ts).
import { copyData, type Path } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import { podSpecPath } from '../base/kinds.js';
import { result, type RefusalReason, type Result, type Subject } from '../base/results.js';
import type { Options } from '../config/functionConfig.js';
import { invalidEntryMessage, type Lookup, type Resolved } from '../config/sources.js';
import type { ControllerModel } from '../reference/model.js';
import type { Entry } from '../runtimes/entry.js';
import type { ExpandContext, PodTemplate } from '../runtimes/pod.js';
import type { RuntimeTable } from '../runtimes/table.js';
import type { Conflict, RuntimeUnit } from '../runtimes/unit.js';
import { Recorder, type Change } from './changes.js';
import type { SandboxView } from './sandbox.js';
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
  /** The run's model of the controller, with the cluster's entries (docs/live-pod.md). */
  controller: ControllerModel;
  /**
   * Where the cluster's entries are known from: the ConfigMap source, in words; undefined where they are
   * assumed to be the function's own.
   */
  clusterSource: string | undefined;
}

const REGION_HINT =
  'set regionId (kpt: `-- regionId=cn-hangzhou`; ConfigMap data.regionId; SandboxRuntimeInjection spec.regionId)';

/** A plan that changes nothing, with its results. */
export const unchanged = (results: Result[]): Plan => ({
  changes: [],
  podSpec: [],
  results,
  madeBy: new Map(),
  expanded: [],
  records: new Map(),
});

/** Whether the boolean option of that name is on: a unit names the option that has it expanded here. */
export const optionOn = (options: Options, name: string): boolean =>
  Object.entries(options).some(([key, value]) => key === name && value === true);

/** The controller's error for a conflict, and how to fix it. */
export function conflictMessage(runtime: string, { what, name }: Conflict): string {
  return (
    `failed to inject runtime "${runtime}": inject conflicting with ${what}: ${name} (the controller fails pod ` +
    `creation on this); rename or remove ${what} "${name}" in the template or in the entry`
  );
}

/**
 * One expansion of a resource: the runtimes of a prefix of the controller's order, each by its unit's
 * rules, with the controller's guards and conflict checks, then what the API server would reject,
 * then spec.runtimes. Its plan, and the resource as the plan leaves it.
 */
export class Expansion {
  private readonly results: Result[] = [];
  private readonly recorder: Recorder;
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
  /** What the API server would reject in the expanded template (validatePod's errors). */
  private invalid: Result[] = [];
  /** The errors for values of an entry that are no valid core/v1 values and reach the Pod. */
  private readonly unacceptable: Result[] = [];

  /** @param expanding the runtimes to expand: a prefix of the controller's order; the rest are left for it */
  constructor(
    private readonly view: SandboxView,
    private readonly config: ConfigView,
    private readonly subject: Subject,
    private readonly expanding: readonly string[],
  ) {
    this.declaredAfter = [...view.runtimes];
    this.recorder = new Recorder(copyData(view.data));
    this.runtimesField = joinPath(view.kind.runtimes);
    view.runtimes.forEach((name, index) => {
      if (this.declaredAt.has(name)) return;
      this.declared.push({ name, index });
      this.declaredAt.set(name, index);
    });
  }

  run(): {
    plan: Plan;
    working: Record<string, unknown>;
    declared: string[];
    invalid: Result[];
    unacceptable: Result[];
  } {
    const plan = this.expandAll();
    const { working } = this.recorder;
    return { plan, working, declared: this.declaredAfter, invalid: this.invalid, unacceptable: this.unacceptable };
  }

  /** The template as a runtime's rules see and edit it: what they change is recorded as that runtime's. */
  private podFor(runtime: string): PodTemplate {
    return this.recorder.below(this.view.kind.podTemplate, runtime);
  }

  private expandAll(): Plan {
    if (this.declared.length === 0) return this.done();
    if (!this.view.template) {
      const { kind } = this.view;
      const why = this.view.hasTemplateRef
        ? `its pod template lives in the SandboxTemplate named by ${joinPath(kind.templateRef)}, so the ` +
          'controller injects at pod creation'
        : `it has no ${joinPath(kind.podTemplate)} to inject into`;
      this.report('warning', `${this.runtimesField} not expanded: ${why}; left unchanged`, this.runtimesField);
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
    // What the controller does once every runtime is in (traffic-proxy's probe rewrite), as it does it: on
    // a template whose webhook defaulted what the user wrote, not what the controller injects after.
    const spec = this.view.template?.spec;
    const admitted = new Set([...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].map((c) => c.name));
    for (const name of this.expanded) {
      const unit = runtimes.unitFor(name);
      unit.afterAll?.(this.podFor(name), { probeDefaults: this.view.kind.probeDefaults, containers: admitted });
    }
    if (this.recorder.operations > 0) {
      const checked = validatePod(this.recorder.working, this.view.kind, this.view.claimNames, this.subject);
      this.invalid = checked.filter((r) => r.severity === 'error');
      this.results.push(...checked);
      this.results.push(...validateWritten(this.recorder.working, this.view.data, this.view.kind, this.subject));
    }
    if (this.failed()) return this.done();
    const templateField = joinPath(this.view.kind.podTemplate);
    const changed = this.expanded.filter((name) => !this.empty.has(name));
    if (changed.length)
      this.report('info', `expanded runtimes ${changed.join(', ')} into ${templateField}`, templateField);
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
    const expanded = this.expanded.map((name) => ({ name, hash: this.entryFor(name).hash }));
    return {
      changes: this.recorder.changes,
      podSpec: podSpecPath(this.view.kind),
      results: this.results,
      madeBy: this.recorder.madeBy,
      expanded,
      records: new Map(),
    };
  }

  private report(severity: Result['severity'], message: string, field?: string, reason?: RefusalReason): Result {
    const made = result(severity, message, this.subject, field, reason);
    this.results.push(made);
    return made;
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

  /** The entry of a runtime expanded here: one that its look-up found. */
  private entryFor(name: string): Resolved {
    const found = this.config.lookup(name);
    if (!found.ok) throw new Error(`internal error: runtime "${name}" was expanded without an entry`);
    return found.value;
  }

  /** The entry for a runtime, or an error result (and undefined) when it cannot be used. */
  private usableEntry(name: string, index: number): Entry | undefined {
    const lookup = this.config.lookup(name);
    const field = `${this.runtimesField}[${index}]`;
    if (!lookup.ok) {
      const { message, reason } = lookup.error;
      this.report('error', `runtime "${name}": ${message}; the resource is left unchanged`, field, reason);
      return undefined;
    }
    const found = lookup.value;
    if (found.missingRegion.length && found.literal) {
      this.report(
        'error',
        `runtime "${name}": its entry in ${found.source} holds the placeholder <region-id> in ` +
          `${found.missingRegion.join(', ')}, and the controller uses that entry as it is, so the live Pod would ` +
          `get the placeholder itself; write the region into data.${name} of that ConfigMap`,
        field,
        'placeholder-in-configmap-source',
      );
      return undefined;
    }
    if (found.missingRegion.length) {
      this.report(
        'error',
        `runtime "${name}": its injection config (from ${found.source}) has the placeholder <region-id> in ` +
          `${found.missingRegion.join(', ')}, but no regionId is set; ${REGION_HINT}`,
        field,
        'placeholder-without-region',
      );
      return undefined;
    }
    return found.entry;
  }

  private fixedOrderRuntime(unit: RuntimeUnit, name: string, index: number): void {
    const lookup = this.config.lookup(name);
    // The guard comes before the region check: a skipped runtime injects nothing, so needs no region.
    const present = lookup.ok ? unit.alreadyPresent?.(this.podFor(name), lookup.value.entry) : undefined;
    if (present !== undefined) {
      this.report(
        'info',
        `runtime "${name}" already present (container "${present}" exists), skipped as the controller does`,
        `${this.runtimesField}[${index}]`,
      );
      this.present.push(name);
      return;
    }
    const entry = this.usableEntry(name, index);
    if (entry) this.expand(unit, name, entry, index);
  }

  private declaredOrderRuntime(unit: RuntimeUnit, name: string, index: number): void {
    const left = unit.leftForController;
    if (left && optionOn(this.config.options, left.unless) && this.config.lookup(name).ok) {
      this.report(
        'warning',
        `runtime "${name}" is expanded here (${left.unless}): ${left.lost}`,
        `${this.runtimesField}[${index}]`,
      );
    }
    const entry = this.usableEntry(name, index);
    if (!entry) return;
    const conflict = unit.conflict?.(this.podFor(name), entry, this.context(name));
    if (conflict) {
      this.report('error', conflictMessage(name, conflict), this.templateField(conflict.field));
      return;
    }
    this.expand(unit, name, entry, index);
  }

  private expand(unit: RuntimeUnit, name: string, entry: Entry, index: number): void {
    const before = this.recorder.operations;
    unit.expand(this.podFor(name), entry, this.context(name));
    if (this.recorder.operations === before) this.empty.add(name);
    this.expanded.push(name);
    this.refuseInvalidWritten(name, index);
  }

  /**
   * An error for the values of the runtime's entry that are no valid core/v1 values and that its rules
   * wrote (the controller writes the same, and the API server rejects the Pod); those they skipped, as the
   * controller skips them (a csi mount whose name the main container has), never reach a Pod.
   */
  private refuseInvalidWritten(name: string, index: number): void {
    const { invalid, source } = this.entryFor(name);
    if (invalid.length === 0) return;
    const written = this.recorder.changes.filter((c) => this.recorder.madeBy.get(c) === name).flatMap(valuesOf);
    const reached = invalid.filter((item) => holds(written, item.value));
    if (reached.length === 0) return;
    const message = invalidEntryMessage(
      source,
      reached.flatMap((item) => item.problems),
    );
    const result = this.report(
      'error',
      `runtime "${name}": ${message}; the resource is left unchanged`,
      `${this.runtimesField}[${index}]`,
    );
    this.unacceptable.push(result);
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
    this.report('info', `removed ${removed.join(', ')} from ${this.runtimesField}: ${why}`, this.runtimesField);
    this.declaredAfter = runtimes.filter((name) => !goes(name));
    for (const name of keep ? [] : removed) {
      const lost = this.config.runtimes.unitFor(name).whileDeclared;
      if (lost === undefined) continue;
      const message = `runtime "${name}" leaves ${this.runtimesField} (keepRuntimes: false): ${lost}`;
      this.report('warning', message, this.runtimesField);
    }
    if (runtimes.every(goes)) return this.recorder.remove(this.view.kind.runtimes);
    runtimes.forEach((name, i) => goes(name) && this.recorder.remove([...this.view.kind.runtimes, i]));
  }
}

/** The values a change writes. */
function valuesOf(change: Change): unknown[] {
  if (change.op === 'append' || change.op === 'prepend') return change.values;
  return change.op === 'set' ? [change.value] : [];
}

/** Whether `item` is one of `values`, or within one (an entry's handler, set inside a new lifecycle). */
function holds(values: readonly unknown[], item: unknown): boolean {
  return values.some((v) => v === item || (typeof v === 'object' && v !== null && holds(Object.values(v), item)));
}
