// The workload kinds the function knows, in one table: what it does with each, and where each keeps
// its pod template. Every stage asks here (docs/kinds.md says how to add one).
import type { Path } from './data.js';

/** The API group of OpenKruise Agent Sandbox; the reader finds candidate items by this text. */
export const SANDBOX_GROUP = 'agents.kruise.io';

export type Role = 'expand' | 'report';

export interface Kind {
  readonly kind: string;
  /** expand: its runtimes are expanded into its pod template; report: an info says they are not. */
  readonly role: Role;
  /** Where its pod template is (the controller builds each Pod from it); for expanded kinds only. */
  readonly podTemplate: Path;
  /** Where its runtimes are declared. */
  readonly runtimes: Path;
  /** Its reference to a SandboxTemplate, used instead of an inline template. */
  readonly templateRef: Path;
  /** Its PersistentVolumeClaim templates: the controller adds one pod volume for each. */
  readonly claimTemplates: Path;
  /**
   * Whether an admission webhook defaults its pod template's probes before the controller reads it
   * (pkg/webhook/sandboxset/mutating/sandboxset_defaulter.go:81-125, pkg/utils/defaults/pod.go).
   */
  readonly probeDefaults: boolean;
}

const sandboxLike = {
  role: 'expand',
  podTemplate: ['spec', 'template'],
  runtimes: ['spec', 'runtimes'],
  templateRef: ['spec', 'templateRef'],
  claimTemplates: ['spec', 'volumeClaimTemplates'],
  probeDefaults: false,
} as const;

const reported = { ...sandboxLike, role: 'report' } as const;

export const KINDS: readonly Kind[] = [
  { kind: 'Sandbox', ...sandboxLike },
  { kind: 'SandboxSet', ...sandboxLike, probeDefaults: true },
  { kind: 'SandboxTemplate', ...reported, probeDefaults: true },
  { kind: 'SandboxClaim', ...reported },
];

/** The kind of an object, decided from apiVersion and kind alone; undefined for any other object. */
// (Of the kinds a run is given: RunOptions.kinds, else KINDS.)
export function kindOf(apiVersion: unknown, kind: unknown, kinds: readonly Kind[] = KINDS): Kind | undefined {
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith(SANDBOX_GROUP + '/')) return undefined;
  return kinds.find((k) => k.kind === kind);
}

/** The pod spec inside a kind's pod template: the base of the status record's pointers. */
export const podSpecPath = (kind: Kind): Path => [...kind.podTemplate, 'spec'];
