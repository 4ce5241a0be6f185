// The two subjects the conformance suite runs against, each through the same operations: the function (its
// runtime units and Resolver, and for a whole injection the pipeline as production runs it), and the
// reference model (src/reference/, ported from the Go source with its own decoder); for health_probe_test.go,
// the function's port of the rewrite and the reference model's. A Go test entry passes only if both pass it.
// Pods are compared by the reference's comparison alone: the function has none of its own.
import assert from 'node:assert/strict';
import { PlainEditor } from '../../src/base/data.js';
import { decodeFunctionConfig } from '../../src/config/functionConfig.js';
import { Resolver } from '../../src/config/sources.js';
import { GoDecoder } from '../../src/reference/go-decode.js';
import {
  checkInjectionConflicts,
  hasValidLifecycleHandler,
  isContainersExists,
  parseInjectConfig,
  setAgentRuntimeContainer,
  setCSIMountContainer,
  SIDECAR_INJECT_CONFIG,
  SIDECAR_INJECT_CONFIG_TYPE,
} from '../../src/reference/inject.js';
import {
  ControllerModel,
  CREATED_BY,
  podDifference as referenceDifference,
  TEMPLATE_HASH,
} from '../../src/reference/model.js';
import {
  allContainers as referenceAllContainers,
  applyHealthProbeRewrite,
  convertAppLifecycleHandler,
  convertAppProber,
  dumpAppProbers,
  findContainerFromPod,
  formatProberURL,
  kubeLifecycleHandlerToInternalProber,
  kubeProbeToInternalProber,
  marshalProber,
  ProxyContainerName,
  rewriteHTTPGetAction,
} from '../../src/reference/health-probe.js';
import type { Pod, PodSpec, PodTemplateSpec, SidecarInjectConfig } from '../../src/reference/types.js';
import { agentRuntime, isValidHandler } from '../../src/runtimes/agent-runtime.js';
import { csi } from '../../src/runtimes/csi.js';
import type { HandlerObject } from '../../src/runtimes/entry.js';
import {
  allContainers as fnAllContainers,
  appProbers,
  applyHealthProbeRewrite as fnApplyHealthProbeRewrite,
  DEFAULT_PROXY,
  findContainer as fnFindContainer,
  lifecycleToProber as fnLifecycleToProber,
  marshalProber as fnMarshalProber,
  proberUrls,
  probeToProber as fnProbeToProber,
  rewriteHttpGet,
  rewriteLifecycleHandler,
  rewriteProbe,
  type ProbeTemplate,
} from '../../src/runtimes/health-probe.js';
import { genericConflict } from '../../src/runtimes/generic.js';
import { sidecarAlreadyPresent } from '../../src/runtimes/pod.js';
import type { RuntimeUnit } from '../../src/runtimes/unit.js';
import { contextFor, entryOf, inject, plain, plainPod } from './model.js';
import type { Injected, Template } from './whole-cases.js';

type Spec = Record<string, unknown>;

/** parseInjectConfig's result as the Go struct holds it, nil and empty alike (README.md says why). */
export type Parsed = { ok: true; config: Record<string, unknown> } | { ok: false; message: string };

export interface Subject {
  name: string;
  /** doSidecarInjection on a pod, with the ConfigMap's data (undefined: no ConfigMap). */
  inject(pod: Template, runtimes: readonly string[], data?: Record<string, string>): Injected;
  /** setCSIMountContainer / setAgentRuntimeContainer on a spec, with an entry written as JSON. */
  csi(spec: Spec, entry: unknown): Spec;
  agentRuntime(spec: Spec, entry: unknown, warnings?: string[]): Spec;
  /** checkInjectionConflicts' error text, or undefined. */
  conflict(spec: Spec, entry: unknown): string | undefined;
  /** The guard: isContainersExists of an entry's sidecars among a pod's containers (or init containers). */
  containersExist(pod: Spec, sidecars: unknown[]): boolean;
  hasValidLifecycleHandler(handler: HandlerObject | undefined): boolean;
  /** parseInjectConfig(key, data). */
  parse(key: string, data: Record<string, string>): Parsed;
}

/** The function's reading of a ConfigMap source among the items (the offline fetchInjectionConfiguration). */
export function resolverWith(data: Record<string, string> | undefined): Resolver {
  const config = decodeFunctionConfig(undefined);
  assert.ok(config.ok);
  const items =
    data === undefined
      ? []
      : [
          {
            name: 'sandbox-injection-config',
            namespace: 'sandbox-system',
            data,
            subject: { ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'sandbox-injection-config' } },
          },
        ];
  const created = Resolver.create(config.value, items);
  assert.ok(created.ok, 'no error');
  return created.value;
}

function applyUnit(unit: RuntimeUnit, spec: Spec, entry: unknown, warnings: string[] = []): Spec {
  const pod = plainPod(spec);
  unit.expand(pod, entryOf(JSON.stringify(entry)), contextFor(unit.name!, warnings));
  return plain(pod.data.spec) as Spec;
}

const functionSubject: Subject = {
  name: 'the function (src/runtimes/, and the pipeline for a whole injection)',
  inject,
  csi: (spec, entry) => applyUnit(csi, spec, entry),
  agentRuntime: (spec, entry, warnings) => applyUnit(agentRuntime, spec, entry, warnings),
  conflict(spec, entry) {
    const found = genericConflict(plainPod(spec), entryOf(JSON.stringify(entry)), contextFor('traffic-proxy'));
    return found && `inject conflicting with ${found.what}: ${found.name}`;
  },
  containersExist: (pod, sidecars) =>
    sidecarAlreadyPresent(plainPod(pod), entryOf(JSON.stringify({ csiSidecar: sidecars }))) !== undefined,
  hasValidLifecycleHandler: isValidHandler,
  parse(key, data) {
    const found = resolverWith(data).lookup(key);
    if (!found.ok) return { ok: false, message: found.error.message };
    const e = found.value.entry;
    const main: Record<string, unknown> = {};
    if (e.mainContainer.env.length) main.env = e.mainContainer.env;
    if (e.mainContainer.volumeMounts.length) main.volumeMounts = e.mainContainer.volumeMounts;
    if (e.mainContainer.postStart) main.lifecycle = { postStart: e.mainContainer.postStart };
    const config = plain({
      mainContainer: main,
      csiSidecar: e.csiSidecar,
      volume: e.volume,
      initContainers: e.initContainers,
      containers: e.containers,
      labels: e.labels,
      annotations: e.annotations,
    }) as Record<string, unknown>;
    return { ok: true, config };
  },
};

const decoder = new GoDecoder({ [SIDECAR_INJECT_CONFIG_TYPE]: SIDECAR_INJECT_CONFIG });
/** An entry as the controller decodes it from its ConfigMap's JSON text. */
function configOf(entry: unknown): SidecarInjectConfig {
  const parsed = parseInjectConfig('entry', { entry: JSON.stringify(entry) }, decoder);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.value;
}
/** A Go test's pod as the reference model's Pod, and back without what the controller stamps on every Pod. */
const asPod = (template: Template): Pod => ({
  metadata: (template.metadata ?? {}) as Pod['metadata'],
  spec: (template.spec ?? {}) as PodSpec,
});
function unstamped(pod: Pod): Template {
  const strip = (map: Record<string, string> | undefined, keys: string[]) => {
    const out = { ...map };
    for (const key of keys) delete out[key];
    return Object.keys(out).length ? out : undefined;
  };
  const labels = strip(pod.metadata.labels, [CREATED_BY, TEMPLATE_HASH]);
  const annotations = strip(pod.metadata.annotations, [CREATED_BY]);
  return { metadata: { ...(labels && { labels }), ...(annotations && { annotations }) }, spec: pod.spec };
}

const reference: Subject = {
  name: 'the reference model (src/reference/)',
  inject(pod, runtimes, data) {
    const built = new ControllerModel(data).podFor({ template: pod, runtimes });
    if (!built.ok) return { pod: {}, error: built.error.message };
    return { pod: plain(unstamped(built.value.pod)) as Template };
  },
  csi(spec, entry) {
    const podSpec = { ...spec } as PodSpec;
    setCSIMountContainer(podSpec, configOf(entry));
    return plain(podSpec) as Spec;
  },
  agentRuntime(spec, entry) {
    const podSpec = { ...spec } as PodSpec;
    setAgentRuntimeContainer(podSpec, configOf(entry));
    return plain(podSpec) as Spec;
  },
  conflict: (spec, entry) => checkInjectionConflicts(asPod({ spec }), configOf(entry)),
  containersExist(pod, sidecars) {
    const spec = pod as PodSpec;
    // utils.go:88, 92: the guard looks at the init containers, then the containers.
    return (
      isContainersExists(spec.initContainers, sidecars as never) ||
      isContainersExists(spec.containers, sidecars as never)
    );
  },
  hasValidLifecycleHandler: (handler) => hasValidLifecycleHandler(handler as never),
  parse(key, data) {
    const parsed = parseInjectConfig(key, data, decoder);
    if (!parsed.ok) return { ok: false, message: parsed.error };
    const c = parsed.value;
    return {
      ok: true,
      config: plain({
        mainContainer: c.mainContainer ?? {},
        csiSidecar: c.csiSidecar ?? [],
        volume: c.volume ?? [],
        initContainers: c.initContainers ?? [],
        containers: c.containers ?? [],
        labels: c.labels ?? {},
        annotations: c.annotations ?? {},
      }) as Record<string, unknown>,
    };
  },
};

export const SUBJECTS: readonly Subject[] = [functionSubject, reference];
export const REFERENCE = reference;

/** The first difference between two Pods, undefined when they are the same: the reference's comparison. */
export const podDifference = (a: Template, b: Template): string | undefined => referenceDifference(asPod(a), asPod(b));

/** A Go test's probe, hook or pod, as its subject reads it. */
type Handler = Record<string, unknown> | null | undefined;

/**
 * The operations health_probe_test.go calls, on a subject's port of traffic-proxy/health_probe.go: the
 * function's (src/runtimes/health-probe.ts, which reads plain data as YAML gives it) and the reference
 * model's (src/reference/health-probe.ts, on Go values: the input is decoded as the API server would first).
 * Results are plain data; a prober is given as the JSON Go writes for it.
 */
export interface HealthProbeSubject {
  name: string;
  /** findContainerFromPod: the path of the container found, ['spec', list, index]. */
  findContainer(spec: Spec, name: string): readonly (string | number)[] | undefined;
  rewriteHttpGet(action: Spec, url: string, port: number): Spec;
  /** convertAppProber / convertAppLifecycleHandler with the status port 15020. */
  convertProbe(probe: Handler, url: string): Spec | undefined;
  convertLifecycleHandler(handler: Handler, url: string): Spec | undefined;
  /** formatProberURL: readyz, livez, startupz, prestopz, poststartz. */
  proberUrls(container: string): readonly string[];
  /** dumpAppProbers(pod, 15020, "istio-proxy"). */
  dump(spec: Spec): string;
  /** ApplyHealthProbeRewrite on a pod ({metadata, spec}): the pod it leaves. */
  rewrite(template: Spec): Spec;
  /** kubeProbeToInternalProber / kubeLifecycleHandlerToInternalProber, marshalled; undefined for nil. */
  probeToProber(probe: Handler): string | undefined;
  lifecycleToProber(handler: Handler): string | undefined;
  /** allContainers: the names, init containers first. */
  allContainers(spec: Spec): string[];
}

/**
 * A copy of the template as production rewrites it: traffic-proxy's step once every runtime is in, over
 * plain data, for a kind whose probes no webhook defaults (the controller's own pod, as the Go tests build it).
 */
const functionRewrite = (template: ProbeTemplate): Spec => {
  const pod = new PlainEditor(structuredClone(template) as Spec);
  fnApplyHealthProbeRewrite(pod, { probeDefaults: false });
  return pod.data as Spec;
};

const functionProbes: HealthProbeSubject = {
  name: 'the function (src/runtimes/health-probe.ts)',
  findContainer: (spec, name) => fnFindContainer({ spec }, name),
  rewriteHttpGet: rewriteHttpGet,
  convertProbe: (probe, url) => rewriteProbe(probe, url),
  convertLifecycleHandler: (handler, url) => rewriteLifecycleHandler(handler, url),
  proberUrls: (container) => Object.values(proberUrls(container)),
  dump: (spec) => appProbers({ spec }, DEFAULT_PROXY),
  rewrite: (template) => functionRewrite(template as ProbeTemplate),
  probeToProber(probe) {
    const prober = fnProbeToProber(probe);
    return prober && fnMarshalProber(prober);
  },
  lifecycleToProber(handler) {
    const prober = fnLifecycleToProber(handler);
    return prober && fnMarshalProber(prober);
  },
  allContainers: (spec) => fnAllContainers({ spec }).map((c) => c.name as string),
};

/** The API server's decoding of what a Go test builds: case-sensitive, as sigs.k8s.io/json reads. */
const apiDecoder = new GoDecoder({}, true);
function goValue<T>(value: unknown, type: string): T {
  const decoded = apiDecoder.decode(value ?? null, type);
  assert.ok(decoded.ok, JSON.stringify(decoded));
  return decoded.value as T;
}
const podOfSpec = (spec: Spec): Pod => ({ metadata: {}, spec: goValue<PodSpec>(spec, 'v1.PodSpec') ?? {} });

const referenceProbes: HealthProbeSubject = {
  name: 'the reference model (src/reference/health-probe.ts)',
  findContainer(spec, name) {
    const pod = podOfSpec(spec);
    const found = findContainerFromPod(name, pod);
    if (found === undefined) return undefined;
    const list = pod.spec.containers?.includes(found) ? 'containers' : 'initContainers';
    return ['spec', list, pod.spec[list]!.indexOf(found)];
  },
  rewriteHttpGet: (action, url, port) =>
    plain(rewriteHTTPGetAction(goValue(action, 'v1.HTTPGetAction'), url, port)) as Spec,
  convertProbe: (probe, url) => plain(convertAppProber(goValue(probe, '*v1.Probe'), url, 15020)) as Spec | undefined,
  convertLifecycleHandler: (handler, url) =>
    plain(convertAppLifecycleHandler(goValue(handler, '*v1.LifecycleHandler'), url, 15020)) as Spec | undefined,
  proberUrls: formatProberURL,
  dump: (spec) => dumpAppProbers(podOfSpec(spec), 15020, ProxyContainerName),
  rewrite(template) {
    const decoded = goValue<PodTemplateSpec>(template, 'v1.PodTemplateSpec') ?? {};
    const pod: Pod = { metadata: decoded.metadata ?? {}, spec: decoded.spec ?? {} };
    applyHealthProbeRewrite(pod);
    return plain(pod) as Spec;
  },
  probeToProber(probe) {
    const prober = kubeProbeToInternalProber(goValue(probe, '*v1.Probe'));
    return prober && marshalProber(prober);
  },
  lifecycleToProber(handler) {
    const prober = kubeLifecycleHandlerToInternalProber(goValue(handler, '*v1.LifecycleHandler'));
    return prober && marshalProber(prober);
  },
  allContainers: (spec) => referenceAllContainers(podOfSpec(spec)).map((c) => c.name ?? ''),
};

export const HEALTH_PROBE_SUBJECTS: readonly HealthProbeSubject[] = [functionProbes, referenceProbes];
