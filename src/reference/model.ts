// The reference model of the controller (docs/live-pod.md): the Pod openkruise/agents 0b72c83 builds for a
// sandbox, written from the Go source alone, with its own Go decoding. Pure and bounded: each entry is
// decoded once per model, a Pod copies only what injection changes, and every failure a user can cause is
// a value carrying the controller's own error text.
import { setDefaultPodTemplate } from './defaults.js';
import { GoDecoder } from './go-decode.js';
import {
  injectSandboxRuntimes,
  parseInjectConfig,
  SIDECAR_INJECT_CONFIG,
  SIDECAR_INJECT_CONFIG_TYPE,
  type Injection,
} from './inject.js';
import { readJsonText } from './json-text.js';
import { remembered } from '../base/memo.js';
import type { Outcome } from '../base/outcome.js';
import { ComparedPod, podDifference, sameValue, withApiServerDefaults } from './compare.js';
import { Shared } from './shared.js';
import type { Pod, PodTemplateSpec, SidecarInjectConfig } from './types.js';

export { SIDECAR_INJECT_CONFIG_TYPE };

/** pkg/utils/constant.go:42-55 and api/v1alpha1/labels.go:49: what the controller stamps on every Pod. */
export const CREATED_BY = 'agents.kruise.io/created-by';
export const CREATED_BY_SANDBOX = 'sandbox';
export const TEMPLATE_HASH = 'pod-template-hash';

/** Why the controller would not create the Pod, in its own words. */
export interface ControllerFailure {
  /**
   * Where it failed: decoding the sandbox's template, parsing a runtime's entry, or injecting it (a
   * conflict).
   */
  stage: 'template' | 'entry' | 'injection';
  message: string;
  /** The runtime it was at, for an entry or an injection (the Go error does not always name it). */
  runtime?: string;
}

/**
 * The cluster's sandbox-injection-config data: its map, or a look-up by key that gives what the map would
 * hold (Go reads the map by key alone, so the two are one thing to the controller).
 */
export type ConfigData = Readonly<Record<string, string>> | ((key: string) => string | undefined);

export interface PodRequest {
  /** The sandbox's pod template (spec.template), as parsed from YAML or JSON. */
  template: unknown;
  /** The names of spec.volumeClaimTemplates, in order. */
  claimNames?: readonly string[];
  /** spec.runtimes' names, in order, duplicates included. */
  runtimes: readonly string[];
  /** 'sandboxset': the SandboxSet webhook defaults the template before any Sandbox is made from it. */
  defaulting?: 'sandboxset' | 'none';
  /** The Sandbox's name (for claim volumes) and the revision hash; placeholders by default. */
  sandboxName?: string;
  revision?: string;
}

export interface ModelledPod {
  pod: Pod;
  /** The runtimes the controller applied, in its order, and those its guard skipped. */
  injection: Injection;
}

/** The Go types of the pod template's list items that the Pods of a run may share (./shared.ts). */
const SHARED_ITEM_TYPES: ReadonlySet<string> = new Set(['v1.Container', 'v1.EphemeralContainer', 'v1.Volume']);

/** The controller's model for one run: one ConfigMap's data (or none), its entries decoded once. */
export class ControllerModel {
  private readonly entries = new Map<string, Outcome<SidecarInjectConfig, string>>();
  private readonly entryDecoder = new GoDecoder({ [SIDECAR_INJECT_CONFIG_TYPE]: SIDECAR_INJECT_CONFIG });
  /** What the model made of the values its Pods share (./shared.ts), for the run. */
  readonly shared = new Shared();
  // A Kubernetes client decodes the Sandbox with sigs.k8s.io/json: case-sensitive keys. Shared are only the
  // items of the lists whose webhook defaults leave a shared item unwritten (./defaults.ts).
  private readonly templateDecoder = new GoDecoder({}, true, { shared: this.shared, types: SHARED_ITEM_TYPES });

  /** `data`: the cluster's sandbox-injection-config ConfigMap data; undefined when there is no ConfigMap. */
  constructor(private readonly data: ConfigData | undefined) {}

  /** parseInjectConfig for a runtime, once per model: the controller parses at every pod creation, alike. */
  entry(runtime: string): Outcome<SidecarInjectConfig, string> {
    // sidecar_config_inject.go:52-56: a ConfigMap that is not found reads as empty data.
    return remembered(this.entries, runtime, () => {
      const parsed = parseInjectConfig(runtime, this.dataFor(runtime), this.entryDecoder);
      // Every Pod that declares the runtime shares the entry's values (./shared.ts).
      return parsed.ok ? { ok: true, value: this.shared.mark(parsed.value) } : parsed;
    });
  }

  /** The data as far as parseInjectConfig reads it for one key. */
  private dataFor(key: string): Readonly<Record<string, string>> {
    if (typeof this.data !== 'function') return this.data ?? {};
    const value = this.data(key);
    return value === undefined ? {} : { [key]: value };
  }

  /** The Pod the controller creates for a sandbox (pod_control.go:279-357, then utils.go:36-139). */
  podFor(request: PodRequest): Outcome<ModelledPod, ControllerFailure> {
    const decoded = this.templateDecoder.decode(request.template ?? null, 'v1.PodTemplateSpec');
    if (!decoded.ok) return { ok: false, error: { stage: 'template', message: decoded.error } };
    const template = (decoded.value ?? {}) as PodTemplateSpec;
    const spec = { ...template.spec };
    if (request.defaulting === 'sandboxset') setDefaultPodTemplate(spec, this.shared);
    const pod = basePod(template, spec, request);
    // The runtime doSidecarInjection is at when it fails: the last whose entry it parsed.
    let at: string | undefined;
    const injected = injectSandboxRuntimes(request.runtimes, pod, (runtime) => {
      at = runtime;
      return this.entry(runtime);
    });
    if (injected.ok) return { ok: true, value: { pod, injection: injected.value } };
    const stage = at !== undefined && !this.entry(at).ok ? 'entry' : 'injection';
    return { ok: false, error: { stage, message: injected.error, ...(at === undefined ? {} : { runtime: at }) } };
  }

  /** A ConfigMap value decoded as the controller decodes it, for callers that check an entry alone. */
  static parseEntry(text: string): Outcome<SidecarInjectConfig, string> {
    const read = readJsonText(text);
    if (!read.ok) return read;
    const decoded = new GoDecoder({ [SIDECAR_INJECT_CONFIG_TYPE]: SIDECAR_INJECT_CONFIG }).decode(
      read.value,
      SIDECAR_INJECT_CONFIG_TYPE,
    );
    return decoded.ok ? { ok: true, value: (decoded.value ?? {}) as SidecarInjectConfig } : decoded;
  }
}

/**
 * pod_control.go:299-357, generateBasePodFromSandbox: the template's labels, annotations and spec, the
 * created-by label and annotation and the revision's hash label, and one volume per claim template after
 * the template's volumes.
 */
function basePod(template: PodTemplateSpec, spec: Pod['spec'], request: PodRequest): Pod {
  const sandboxName = request.sandboxName ?? '<sandbox>';
  const labels = { ...template.metadata?.labels };
  const annotations = { ...template.metadata?.annotations };
  annotations[CREATED_BY] = CREATED_BY_SANDBOX;
  labels[CREATED_BY] = CREATED_BY_SANDBOX;
  labels[TEMPLATE_HASH] = request.revision ?? '<revision>';
  const claims = (request.claimNames ?? []).map((name) => ({
    name,
    // util.go:72-80, GeneratePVCName
    persistentVolumeClaim: { claimName: `${name}-${sandboxName}` },
  }));
  if (claims.length) spec.volumes = [...(spec.volumes ?? []), ...claims];
  return { metadata: { labels, annotations }, spec };
}

/** Whether two modelled Pods are the same Pod once the API server has defaulted both (./compare.ts). */
export function samePod(a: Pod, b: Pod): boolean {
  return podDifference(a, b) === undefined;
}

export { ComparedPod, podDifference, sameValue, Shared, withApiServerDefaults };
