// The live-pod law (docs/live-pod.md): the Pod the controller builds from the function's output is the
// Pod it builds from the function's input. Here the two Pods are built by the model of the controller
// (./controller.ts) and compared: for an expansion the planner tries, for the check mode, and, where the
// law breaks, in words that say why.
import { canonicalJson, copyData, valueAt, withoutEmpty } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import { KINDS, kindOf, type Kind } from '../base/kinds.js';
import { controllerPod, type ControllerPod, type Template } from './controller.js';
import { conflictMessage, type ConfigView, type Plan } from './expand.js';
import { decodeSandbox, type SandboxView } from './sandbox.js';

/** The Pod the controller builds from a resource as it came, its runtimes declared. */
export function inputPod(view: SandboxView, config: ConfigView): ControllerPod {
  const template = (view.template ?? {}) as Template;
  return controllerPod(template, view.claimNames, view.runtimes, config.cluster, config.runtimes, view.kind);
}

/** How the law breaks for an expansion: another Pod, or a runtime kept that the controller adds to again. */
export type Breach = { kind: 'differs'; difference: string } | { kind: 'reapplied'; runtime: string; why: string };

/** How the law breaks for an expansion tried, or undefined where it holds. */
export function breach(
  expansion: { plan: Plan; working: Record<string, unknown>; declared: string[] },
  fromInput: ControllerPod,
  view: SandboxView,
  config: ConfigView,
): Breach | undefined {
  const output = valueAt(expansion.working, view.kind.podTemplate) as Template;
  const fromOutput = controllerPod(
    output,
    view.claimNames,
    expansion.declared,
    config.cluster,
    config.runtimes,
    view.kind,
  );
  if (fromOutput.failure) {
    const { runtime, conflict } = fromOutput.failure;
    return { kind: 'differs', difference: `the controller would fail: ${conflictMessage(runtime, conflict)}` };
  }
  const difference = podDifference(fromInput.pod, fromOutput.pod);
  if (difference !== undefined) return { kind: 'differs', difference };
  // The same Pod is not all: a runtime expanded here and kept must also be one the controller adds
  // nothing to at pod creation, or Git would not show all that runs.
  const reapplied = addedToAgain(expansion, fromOutput, output, view, config);
  return reapplied && { kind: 'reapplied', ...reapplied };
}

/**
 * How the Pod the controller builds from a resource differs from the Pod it builds from the resource's
 * input (its recorded injection taken out), if it does and both can be read.
 */
export function livePodDifference(
  config: ConfigView,
  kinds: readonly Kind[] = KINDS,
): (resource: Record<string, unknown>, input: Record<string, unknown>) => string | undefined {
  return (resource, input) => {
    const kind = kindOf(resource.apiVersion, resource.kind, kinds);
    if (!kind || kind.role !== 'expand') return undefined;
    const [now, before] = [decodeSandbox(resource, kind), decodeSandbox(input, kind)];
    if (!now.ok || !before.ok || !now.value.template || !before.value.template) return undefined;
    // The whole templates, not the planning views: what was injected is compared in full.
    const podOf = (object: Record<string, unknown>, view: SandboxView) => {
      const template = valueAt(object, kind.podTemplate) as Template;
      return controllerPod(template, view.claimNames, view.runtimes, config.cluster, config.runtimes, kind);
    };
    const [live, intended] = [podOf(resource, now.value), podOf(input, before.value)];
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

/** Why expanding a runtime here would make the controller build another Pod. */
export function lawBreak(name: string, kind: Kind, config: ConfigView, difference: string): string {
  const unit = config.runtimes.unitFor(name);
  const lookup = config.lookup(name);
  const found = lookup.ok ? lookup.value : undefined;
  const cluster = config.cluster(name);
  if (config.clusterKnown && found && !found.literal) {
    return (
      `its entry given inline (${found.source}) is not the ConfigMap source's, which the controller uses, so ` +
      `the Pod would differ: ${difference}; make the two the same, or drop the inline entry`
    );
  }
  if (unit.order === 'fixed' && config.options.keepRuntimes && found) {
    const here = found.entry.csiSidecar.map((s) => s.name);
    const there = cluster?.csiSidecar.map((s) => s.name) ?? [];
    if (here.length === 0) {
      return (
        "its entry has no csiSidecar, so the controller's guard has nothing to find and would inject it a " +
        'second time at pod creation (duplicate env, mounts and volumes, a nested postStart); give the entry a ' +
        `sidecar, or set keepRuntimes: false to have it expanded here and removed from ${joinPath(kind.runtimes)}`
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

/**
 * The first difference between two modelled Pods, or undefined when they are the same Pod: lists in
 * order, but volumes as a set (their order means nothing to the kubelet). Empty lists and maps count
 * as absent, as Go's omitempty writes them.
 */
export function podDifference(a: Template, b: Template): string | undefined {
  return difference(normalised(a), normalised(b), []);
}

function normalised(pod: Template): unknown {
  const copy = copyData(pod) as { spec?: { volumes?: unknown[] } };
  if (Array.isArray(copy.spec?.volumes))
    copy.spec.volumes.sort((x, y) => (canonicalJson(x) < canonicalJson(y) ? -1 : 1));
  return withoutEmpty(copy, true);
}

function difference(a: unknown, b: unknown, path: (string | number)[]): string | undefined {
  const where = () => joinPath(path) || 'the Pod';
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const inner = difference(a[i], b[i], [...path, i]);
      if (inner) return inner;
    }
    return a.length === b.length ? undefined : `${where()} has ${b.length} items instead of ${a.length}`;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const inner = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], [
        ...path,
        key,
      ]);
      if (inner) return inner;
    }
    return undefined;
  }
  if (canonicalJson(a) === canonicalJson(b)) return undefined;
  const show = (v: unknown) => (v === undefined ? 'nothing' : (JSON.stringify(v) ?? '').slice(0, 80));
  return `${where()} would be ${show(b)} instead of ${show(a)}`;
}
