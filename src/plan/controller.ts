// A model of the controller's pod-creation path (docs/live-pod.md): what openkruise/agents 0b72c83 does
// when it builds a Pod from a Sandbox. It is not what the function chooses to write: it applies every
// runtime still declared, as the controller would, with the cluster's entries. The rules themselves
// are the runtime units', the same the planner applies.
import { copyData, PlainEditor } from '../base/data.js';
import type { Entry } from '../runtimes/entry.js';
import { withNames, type ExpandContext } from '../runtimes/pod.js';
import type { RuntimeTable } from '../runtimes/table.js';
import { withProbeDefaults } from '../runtimes/health-probe.js';
import type { Conflict } from '../runtimes/unit.js';

/** The cluster's entry for a runtime; undefined where it is not known here (nothing can be modelled past it). */
export type ClusterEntries = (runtime: string) => Entry | undefined;

/** A pod template as the model reads it: the decoded view's metadata and spec. */
export type Template = Record<string, unknown>;

export interface ControllerPod {
  /** The Pod's metadata (labels, annotations) and spec, as far as it could be modelled. */
  pod: Template;
  /** The runtimes applied, in the controller's order. */
  applied: string[];
  /** Where the model stopped: a runtime whose cluster entry is unknown here. */
  unknown?: string;
  /** Why the controller would fail pod creation (a conflict), if it would. */
  failure?: { runtime: string; conflict: Conflict };
}

/** The controller's order: fixed-order runtimes first, then the others as declared, each once (utils.go:61-117). */
export function controllerOrder(declared: readonly string[], runtimes: RuntimeTable): string[] {
  const unique = [...new Set(declared)];
  return [
    ...runtimes.fixedOrder.filter((name) => unique.includes(name)),
    ...unique.filter((name) => !runtimes.isFixedOrder(name)),
  ];
}

/**
 * The Pod the controller builds from a pod template, its claim templates and declared runtimes
 * (pod_control.go:299-357, then utils.go:61-139). The created-by label and annotation and
 * pod-template-hash are left out, as is the feature-gated CA-bundle injection.
 */
export function controllerPod(
  template: Template,
  claimNames: readonly string[],
  declared: readonly string[],
  cluster: ClusterEntries,
  runtimes: RuntimeTable,
  kind: { probeDefaults: boolean },
): ControllerPod {
  // The template as the controller reads it: through the admission webhook's probe defaults, if any.
  const base = baseTemplate(template);
  // What is appended is copied only where a later step edits inside it (traffic-proxy's probe rewrite
  // on an injected proxy): entries are frozen, and shared by every resource.
  const editsInside = declared.some((name) => runtimes.unitFor(name).afterAll !== undefined);
  const editor = new PlainEditor(kind.probeDefaults ? (withProbeDefaults(base) as Template) : base, editsInside);
  const pod = withNames(editor);
  // One volume per claim template, after the template's own (pod_control.go:338-355).
  pod.append(
    ['spec', 'volumes'],
    claimNames.map((name) => ({ name, persistentVolumeClaim: { claimName: `${name}-<sandbox>` } })),
  );
  const applied: string[] = [];
  const done = (extra: Partial<ControllerPod> = {}): ControllerPod => {
    // The controller serialises what it finds: its own injections come undefaulted.
    for (const name of applied) runtimes.unitFor(name).afterAll?.(pod, { probeDefaults: false });
    return { pod: editor.data, applied, ...extra };
  };
  for (const name of controllerOrder(declared, runtimes)) {
    const unit = runtimes.unitFor(name);
    const entry = cluster(name);
    if (!entry) return done({ unknown: name });
    const context: ExpandContext = { runtime: name, claimNames, warn: () => {} };
    if (unit.order === 'fixed') {
      // The guard (utils.go:88): a runtime whose sidecar is already there is skipped whole.
      if (unit.alreadyPresent?.(pod, entry) !== undefined) continue;
    } else {
      const conflict = unit.conflict?.(pod, entry, context);
      if (conflict) {
        return done({ failure: { runtime: name, conflict } });
      }
    }
    unit.expand(pod, entry, context);
    applied.push(name);
  }
  return done();
}

/** The template's labels, annotations and spec, copied: the model writes into its own data. */
function baseTemplate(template: Template): Template {
  const metadata = (template.metadata ?? {}) as Record<string, unknown>;
  const base: Template = { metadata: {}, spec: copyData(template.spec ?? {}) };
  for (const key of ['labels', 'annotations']) {
    if (metadata[key]) (base.metadata as Record<string, unknown>)[key] = copyData(metadata[key]);
  }
  return base;
}
