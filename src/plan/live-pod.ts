// The live-pod law (docs/live-pod.md): the Pod the controller builds from the function's output is the
// Pod it builds from the function's input. The two Pods are the reference model's (src/reference/, ported
// from the controller's Go source with its own decoding, and sharing no rule with the runtime units), run
// with the cluster's entries (ConfigView.controller): for an expansion the planner tries, for the check
// mode, and, where the law breaks, in words that say why.
import { valueAt } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import { KINDS, kindOf, type Kind } from '../base/kinds.js';
import type { Outcome } from '../base/outcome.js';
import {
  podDifference,
  type ComparedPod,
  type ControllerFailure,
  type ModelledPod,
  type PodRequest,
} from '../reference/model.js';
import type { ConfigView, Plan } from './expand.js';
import { decodeSandbox, type SandboxView } from './sandbox.js';

/** The Pod the controller builds for a sandbox, or why it builds none. */
export type LivePod = Outcome<ModelledPod, ControllerFailure>;

/** What the model is asked: a template of a kind, its claim templates and the runtimes declared. */
function request(template: unknown, claimNames: readonly string[], runtimes: readonly string[], kind: Kind) {
  // A kind whose admission webhook defaults the template (the SandboxSet's) has it defaulted first.
  const defaulting = kind.probeDefaults ? 'sandboxset' : 'none';
  return { template, claimNames, runtimes, defaulting } satisfies PodRequest;
}

/** The Pod the controller builds from a resource as it came, its runtimes declared. */
export function inputPod(view: SandboxView, config: ConfigView): LivePod {
  return config.controller.podFor(request(view.template, view.claimNames, view.runtimes, view.kind));
}

/** How the law breaks for an expansion: another Pod, or a runtime kept that the controller adds to again. */
export type Breach = { kind: 'differs'; difference: string } | { kind: 'reapplied'; runtime: string; why: string };

/**
 * How the law breaks for an expansion tried, or undefined where it holds. `fromInput` is the Pod from the
 * input in the form it is compared in, made once for every prefix tried.
 */
export function breach(
  expansion: { plan: Plan; working: Record<string, unknown>; declared: string[] },
  fromInput: ComparedPod,
  view: SandboxView,
  config: ConfigView,
): Breach | undefined {
  const output = valueAt(expansion.working, view.kind.podTemplate);
  const fromOutput = config.controller.podFor(request(output, view.claimNames, expansion.declared, view.kind));
  if (!fromOutput.ok) return { kind: 'differs', difference: `the controller would fail: ${fromOutput.error.message}` };
  const difference = podDifference(fromInput, fromOutput.value.pod, config.controller.shared);
  if (difference !== undefined) return { kind: 'differs', difference };
  // The same Pod is not all: a runtime expanded here and kept must also be one the controller adds
  // nothing to at pod creation, or Git would not show all that runs.
  const reapplied = addedToAgain(expansion, fromOutput.value, output, view, config);
  return reapplied && { kind: 'reapplied', ...reapplied };
}

/**
 * How the Pod the controller builds from a resource differs from the Pod it builds from the resource's
 * input (its recorded injection taken out), if it does and both can be built.
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
    const podOf = (object: Record<string, unknown>, view: SandboxView) =>
      config.controller.podFor(request(valueAt(object, kind.podTemplate), view.claimNames, view.runtimes, kind));
    const [live, intended] = [podOf(resource, now.value), podOf(input, before.value)];
    if (!live.ok || !intended.ok) return undefined;
    return podDifference(intended.value.pod, live.value.pod, config.controller.shared);
  };
}

/** The names of the sidecars of the cluster's entry for a runtime, which the controller's guard looks for. */
function clusterSidecars(config: ConfigView, runtime: string): string[] {
  const entry = config.controller.entry(runtime);
  return entry.ok ? (entry.value.csiSidecar ?? []).map((s) => s.name ?? '') : [];
}

/**
 * The first runtime expanded here and kept declared that the controller would still apply to the
 * output and add to (its guard cannot see the cluster entry's sidecars), with why.
 */
function addedToAgain(
  expansion: { plan: Plan; declared: string[] },
  fromOutput: ModelledPod,
  output: unknown,
  view: SandboxView,
  config: ConfigView,
): { runtime: string; why: string } | undefined {
  const expanded = new Set(expansion.plan.expanded.map((e) => e.name));
  for (const name of fromOutput.injection.applied) {
    if (!expanded.has(name)) continue;
    const others = expansion.declared.filter((declared) => declared !== name);
    const without = config.controller.podFor(request(output, view.claimNames, others, view.kind));
    const added = without.ok
      ? podDifference(without.value.pod, fromOutput.pod, config.controller.shared)
      : without.error.message;
    if (added === undefined) continue;
    const sidecars = clusterSidecars(config, name);
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
  if (unit.order === 'fixed' && config.options.keepRuntimes && found) {
    const here = found.entry.csiSidecar.map((s) => s.name);
    const there = clusterSidecars(config, name);
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
