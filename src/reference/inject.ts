// A literal port of the controller's injection (openkruise/agents 0b72c83): one function per Go function,
// each naming its Go file and lines (pkg/utils/sidecarutils/). Go mutates the Pod in place; here the Pod is
// the run's own (./pod.ts), and what is changed inside it is copied first: entries are decoded once and
// shared by every Pod of the run, so nothing reachable from one is ever written.
import type { GoDecoder, OwnStruct } from './go-decode.js';
import { readJsonText } from './json-text.js';
import type { Outcome } from '../base/outcome.js';
import { applyHealthProbeRewrite } from './health-probe.js';
import {
  append,
  findContainer,
  str,
  type Container,
  type EnvVar,
  type LifecycleHandler,
  type Pod,
  type PodSpec,
  type SidecarInjectConfig,
  type Volume,
  type VolumeMount,
} from './types.js';

/** config_types.go:24-28. */
export const KEY_CSI_INJECTION_CONFIG = 'csi';
export const KEY_TRAFFIC_PROXY_INJECTION_CONFIG = 'traffic-proxy';
export const KEY_RUNTIME_INJECTION_CONFIG = 'agent-runtime';

/** config_types.go:31-48: SidecarInjectConfig, exactly as Go declares it (no omitempty, value MainContainer). */
export const SIDECAR_INJECT_CONFIG: OwnStruct = {
  go: 'sidecarutils.SidecarInjectConfig',
  fields: [
    ['mainContainer', 'v1.Container', '', 0],
    ['csiSidecar', '[]v1.Container', '', 0],
    ['volume', '[]v1.Volume', '', 0],
    ['annotations', 'map[string]string', '', 0],
    ['labels', 'map[string]string', '', 0],
    ['initContainers', '[]v1.Container', '', 0],
    ['containers', '[]v1.Container', '', 0],
  ],
};
export const SIDECAR_INJECT_CONFIG_TYPE = 'sidecarutils.SidecarInjectConfig';

/**
 * sidecar_config_inject.go:62-77, parseInjectConfig: a missing or empty key is "injection template X not
 * found"; otherwise json.Unmarshal into SidecarInjectConfig, whose error is returned as it is.
 */
export function parseInjectConfig(
  configKey: string,
  configRaw: Readonly<Record<string, string>>,
  decoder: GoDecoder,
): Outcome<SidecarInjectConfig, string> {
  const configValue = Object.hasOwn(configRaw, configKey) ? configRaw[configKey] : undefined;
  if (configValue === undefined || configValue === '')
    return { ok: false, error: `injection template ${configKey} not found` };
  const text = readJsonText(configValue);
  if (!text.ok) return text;
  const decoded = decoder.decode(text.value, SIDECAR_INJECT_CONFIG_TYPE);
  if (!decoded.ok) return decoded;
  return { ok: true, value: (decoded.value ?? {}) as SidecarInjectConfig };
}

/** sidecar_config_inject.go:83-115, setCSIMountContainer. */
export function setCSIMountContainer(podSpec: PodSpec, config: SidecarInjectConfig): void {
  // set main container, the first container is the main container
  if (!podSpec.containers?.length) return;
  podSpec.containers = [
    setMainContainerWhenInjectCSISidecar({ ...podSpec.containers[0] }, config),
    ...podSpec.containers.slice(1),
  ];
  // set csi sidecars into init containers
  podSpec.initContainers = append(podSpec.initContainers ?? [], config.csiSidecar);
  // set share volume
  if ((config.volume?.length ?? 0) > 0) {
    const volumes = [...(podSpec.volumes ?? [])];
    for (const vol of config.volume!) {
      if (findVolumeByName(volumes, str(vol.name))) continue;
      volumes.push(vol);
    }
    podSpec.volumes = volumes;
  }
}

/** sidecar_config_inject.go:119-143, setMainContainerWhenInjectCSISidecar (on the caller's copy of the container). */
export function setMainContainerWhenInjectCSISidecar(mainContainer: Container, config: SidecarInjectConfig): Container {
  // append some envs in main container when processing csi mount
  const env = [...(mainContainer.env ?? [])];
  for (const e of config.mainContainer?.env ?? []) {
    if (findEnvByName(env, str(e.name))) continue;
    env.push(e);
  }
  mainContainer.env = env;
  // append some volumeMounts config in main container
  if (config.mainContainer?.volumeMounts !== undefined) {
    const mounts = [...(mainContainer.volumeMounts ?? [])];
    for (const volMount of config.mainContainer.volumeMounts) {
      if (findVolumeMountByName(mounts, str(volMount.name))) continue;
      mounts.push(volMount);
    }
    mainContainer.volumeMounts = mounts;
  }
  return mainContainer;
}

/** sidecar_config_inject.go:148-165, setAgentRuntimeContainer. */
export function setAgentRuntimeContainer(podSpec: PodSpec, config: SidecarInjectConfig): void {
  // append init agent runtime container
  podSpec.initContainers = append(podSpec.initContainers ?? [], config.csiSidecar);
  if (!podSpec.containers?.length) return;
  podSpec.containers = [
    setMainContainerConfigWhenInjectRuntimeSidecar({ ...podSpec.containers[0] }, config),
    ...podSpec.containers.slice(1),
  ];
  // nil appended to nil stays nil: the field stays absent.
  const volumes = append(podSpec.volumes, config.volume);
  if (volumes !== undefined) podSpec.volumes = volumes;
}

/** sidecar_config_inject.go:167-199, applyInjectionTemplate: labels and annotations only where absent, then appends. */
export function applyInjectionTemplate(pod: Pod, config: SidecarInjectConfig): void {
  const labels = { ...pod.metadata.labels };
  for (const [k, v] of Object.entries(config.labels ?? {})) {
    // not override user-defined labels
    if (!Object.hasOwn(labels, k)) labels[k] = v;
  }
  pod.metadata.labels = labels;
  const annotations = { ...pod.metadata.annotations };
  for (const [k, v] of Object.entries(config.annotations ?? {})) {
    // not override user-defined annotations
    if (!Object.hasOwn(annotations, k)) annotations[k] = v;
  }
  pod.metadata.annotations = annotations;
  if (config.initContainers?.length)
    pod.spec.initContainers = [...(pod.spec.initContainers ?? []), ...config.initContainers];
  if (config.containers?.length) pod.spec.containers = [...(pod.spec.containers ?? []), ...config.containers];
  if (config.volume?.length) pod.spec.volumes = [...(pod.spec.volumes ?? []), ...config.volume];
}

/** sidecar_config_inject.go:206-226, checkInjectionConflicts: init containers, then containers, then volumes. */
export function checkInjectionConflicts(pod: Pod, config: SidecarInjectConfig): string | undefined {
  for (const ic of config.initContainers ?? []) {
    if (findContainer(str(ic.name), pod.spec.initContainers))
      return `inject conflicting with init container: ${str(ic.name)}`;
  }
  for (const c of config.containers ?? []) {
    if (findContainer(str(c.name), pod.spec.containers)) return `inject conflicting with container: ${str(c.name)}`;
  }
  for (const v of config.volume ?? []) {
    if (findVolumeByName(pod.spec.volumes ?? [], str(v.name))) return `inject conflicting with volume: ${str(v.name)}`;
  }
  return undefined;
}

/** sidecar_config_inject.go:228-279, setMainContainerConfigWhenInjectRuntimeSidecar (on the caller's copy). */
export function setMainContainerConfigWhenInjectRuntimeSidecar(
  mainContainer: Container,
  config: SidecarInjectConfig,
): Container {
  // Check if main container already has a valid postStart hook (with actual handler)
  const mainContainerHasValidPostStart = hasValidLifecycleHandler(mainContainer.lifecycle?.postStart);
  const configPostStart = config.mainContainer?.lifecycle?.postStart;
  const configHasValidPostStart = hasValidLifecycleHandler(configPostStart);
  if (configHasValidPostStart) {
    const lifecycle = { ...mainContainer.lifecycle };
    if (mainContainerHasValidPostStart) {
      // The user has a postStart hook: merged with "--", or kept as it is if either is not an exec.
      const mergedCmd = mergePostStartExecCommands(configPostStart, lifecycle.postStart);
      if (mergedCmd !== undefined) lifecycle.postStart = { exec: { command: mergedCmd } };
    } else {
      lifecycle.postStart = configPostStart;
    }
    mainContainer.lifecycle = lifecycle;
  }
  // set main container env, and volumeMounts: appended as they are
  mainContainer.env = append(mainContainer.env ?? [], config.mainContainer?.env);
  mainContainer.volumeMounts = append(mainContainer.volumeMounts ?? [], config.mainContainer?.volumeMounts);
  return mainContainer;
}

/**
 * sidecar_config_inject.go:291-307, mergePostStartExecCommands: undefined (Go's nil) unless both are exec
 * handlers; the user's empty command leaves the injected one (Go returns that slice, nil if it was nil).
 */
export function mergePostStartExecCommands(
  injected: LifecycleHandler | undefined,
  user: LifecycleHandler | undefined,
): string[] | undefined {
  if (!injected?.exec || !user?.exec) return undefined;
  if ((user.exec.command?.length ?? 0) === 0) return injected.exec.command;
  return [...(injected.exec.command ?? []), '--', ...user.exec.command!];
}

/** sidecar_config_inject.go:309-316. */
export const findVolumeMountByName = (volumeMounts: readonly VolumeMount[], name: string): boolean =>
  volumeMounts.some((m) => str(m.name) === name);

/** sidecar_config_inject.go:318-325. */
export const findVolumeByName = (volumes: readonly Volume[], name: string): boolean =>
  volumes.some((v) => str(v.name) === name);

/** sidecar_config_inject.go:327-334. */
export const findEnvByName = (envs: readonly EnvVar[], name: string): boolean => envs.some((e) => str(e.name) === name);

/** sidecar_config_inject.go:340-351, isContainersExists: any injected name among the pod's. */
export function isContainersExists(
  podContainers: readonly Container[] | undefined,
  injectContainers: readonly Container[] | undefined,
): boolean {
  const existingNames = new Set((podContainers ?? []).map((c) => str(c.name)));
  return (injectContainers ?? []).some((c) => existingNames.has(str(c.name)));
}

/** sidecar_config_inject.go:356-361, hasValidLifecycleHandler: exec, httpGet or tcpSocket (sleep does not count). */
export function hasValidLifecycleHandler(handler: LifecycleHandler | undefined): handler is LifecycleHandler {
  if (handler === undefined) return false;
  return handler.exec !== undefined || handler.httpGet !== undefined || handler.tcpSocket !== undefined;
}

/** utils.go:56-59: the built-in runtimes, in their fixed order. */
export const fixedOrderRuntimes = [KEY_RUNTIME_INJECTION_CONFIG, KEY_CSI_INJECTION_CONFIG] as const;

/** A runtime's parsed entry, or why it could not be: what doSidecarInjection reads through parseInjectConfig. */
export type ParsedEntry = (runtime: string) => Outcome<SidecarInjectConfig, string>;

/** What the controller did, for callers that say why: the runtimes applied, in order, and those the guard skipped. */
export interface Injection {
  applied: string[];
  guarded: string[];
}

/**
 * utils.go:61-139, doSidecarInjection: the fixed-order runtimes first, each behind the guard; then the
 * others in declared order, once each, after the conflict check; then traffic-proxy's probe rewrite. The
 * CA-bundle injection (feature gate SecurityIdentityProvider, off by default) is left out.
 */
export function doSidecarInjection(
  runtimes: readonly string[],
  pod: Pod,
  parsed: ParsedEntry,
): Outcome<Injection, string> {
  const declared = new Set(runtimes);
  const injectedRuntimes = new Set<string>();
  const injection: Injection = { applied: [], guarded: [] };
  // Phase 1: inject built-in runtimes in a deterministic fixed order
  for (const runtime of fixedOrderRuntimes) {
    if (!declared.has(runtime)) continue;
    const config = parsed(runtime);
    if (!config.ok) return config;
    injectedRuntimes.add(runtime);
    const sidecars = config.value.csiSidecar;
    if (isContainersExists(pod.spec.initContainers, sidecars) || isContainersExists(pod.spec.containers, sidecars)) {
      injection.guarded.push(runtime);
      continue;
    }
    if (runtime === KEY_RUNTIME_INJECTION_CONFIG) setAgentRuntimeContainer(pod.spec, config.value);
    else setCSIMountContainer(pod.spec, config.value);
    injection.applied.push(runtime);
  }
  // Phase 2: inject remaining runtimes in their declaration order
  for (const runtime of runtimes) {
    if (injectedRuntimes.has(runtime)) continue;
    const config = parsed(runtime);
    if (!config.ok) return config;
    const conflict = checkInjectionConflicts(pod, config.value);
    if (conflict !== undefined) return { ok: false, error: `failed to inject runtime ${runtime}: ${conflict}` };
    injectedRuntimes.add(runtime);
    applyInjectionTemplate(pod, config.value);
    injection.applied.push(runtime);
  }
  // Enable health probes rewrite if needed.
  if (injectedRuntimes.has(KEY_TRAFFIC_PROXY_INJECTION_CONFIG)) applyHealthProbeRewrite(pod);
  return { ok: true, value: injection };
}

/**
 * utils.go:36-50, InjectSandboxRuntimes, with sidecar_config_inject.go:45-60's fetch: no runtimes, nothing
 * (the ConfigMap is not read); a ConfigMap that is not there reads as no data, so every runtime fails.
 */
export function injectSandboxRuntimes(
  runtimes: readonly string[],
  pod: Pod,
  parsed: ParsedEntry,
): Outcome<Injection, string> {
  if (runtimes.length === 0) return { ok: true, value: { applied: [], guarded: [] } };
  return doSidecarInjection(runtimes, pod, parsed);
}
