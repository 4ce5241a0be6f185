// The defaulting that applies to a sandbox's Pod at openkruise/agents 0b72c83, on Kubernetes v1.35 (the
// go.mod's k8s.io/kubernetes): the SandboxSet webhook's, on the template before any Pod is built
// (pkg/webhook/sandboxset/mutating/sandboxset_defaulter.go:117-125 and pkg/utils/defaults/pod.go:22-213),
// and the API server's on every Pod it creates (pkg/apis/core/v1/zz_generated.defaults.go,
// SetObjectDefaults_Pod). Both call the same SetDefaults_* functions of pkg/apis/core/v1/defaults.go;
// the functions mutate the value they are given, which the callers own.
// Not modelled: the feature-gated defaults (PodLevelResources, ImageVolume).
import { parseQuantity, quantityText, roundUp } from './quantity.js';
import type { Container, PodSpec, Probe, Volume } from './types.js';
import { copied, Shared } from './shared.js';

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
const each = (list: unknown, visit: (item: Obj) => void) => {
  if (Array.isArray(list)) for (const item of list) if (obj(item)) visit(item as Obj);
};

/** defaults.go SetDefaults_PodSpec: dnsPolicy, restartPolicy, securityContext, grace period, scheduler. */
export function SetDefaults_PodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
}

/**
 * parsers.ParseImageName's tag, as far as SetDefaults_Container reads it: a reference that does not parse
 * has none, a digest without a tag has none, and no tag at all is "latest".
 */
function imageTag(image: string): string {
  const [name = '', digest] = image.split('@', 2);
  // A tag is what follows the last ':' after the last '/'; before it, a domain (with a port) and a path.
  const colon = name.lastIndexOf(':');
  const tagged = colon > name.lastIndexOf('/');
  const tag = tagged ? name.slice(colon + 1) : '';
  const [domain = '', ...path] = (tagged ? name.slice(0, colon) : name).split('/');
  const parses =
    IMAGE_DOMAIN.test(domain) && path.every((part) => IMAGE_PATH.test(part)) && (!tagged || IMAGE_TAG.test(tag));
  if (!parses) return '';
  if (tag === '' && digest === undefined) return 'latest';
  return tag;
}

// The parts of an image reference, each matched in linear time.
const IMAGE_DOMAIN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?$/i;
const IMAGE_PATH = /^[a-z0-9][a-z0-9._-]*$/i;
const IMAGE_TAG = /^\w[\w.-]{0,127}$/;

/** defaults.go SetDefaults_Container: the pull policy from the image's tag, and the termination message. */
export function SetDefaults_Container(container: Container): void {
  if (!container.imagePullPolicy)
    container.imagePullPolicy = imageTag(container.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  container.terminationMessagePath ||= '/dev/termination-log';
  container.terminationMessagePolicy ||= 'File';
}

/** defaults.go SetDefaults_Probe. */
export function SetDefaults_Probe(probe: Probe): void {
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
}

/** defaults.go SetDefaults_HTTPGetAction. */
export function SetDefaults_HTTPGetAction(action: Obj): void {
  action.path ||= '/';
  action.scheme ||= 'HTTP';
}

/**
 * defaults.go SetDefaults_ResourceList: every quantity rounded up to a milli (quantity.go RoundUp(-3)), and
 * kept as the text Go then writes for it.
 */
export function SetDefaults_ResourceList(list: unknown): void {
  const quantities = obj(list);
  if (!quantities) return;
  for (const [name, value] of Object.entries(quantities)) {
    const parsed = typeof value === 'string' ? parseQuantity(value) : undefined;
    if (parsed?.ok) quantities[name] = quantityText(roundUp(parsed.value, -3));
  }
}

/** A container's limits and requests, rounded (pod.go:41-42, and the generated defaulter alike). */
const roundResources = (container: Container) => {
  const resources = obj(container.resources);
  SetDefaults_ResourceList(resources?.limits);
  SetDefaults_ResourceList(resources?.requests);
};

/** defaults.go SetDefaults_ObjectFieldSelector. */
const SetDefaults_ObjectFieldSelector = (selector: Obj) => void (selector.apiVersion ||= 'v1');

/** pod.go:34-58 (setDefaultInitContainers, setDefaultContainers): one container, as the webhook defaults it. */
function setDefaultContainer(container: Container, apiServer: boolean): void {
  SetDefaults_Container(container);
  // setDefaultContainerPorts (pod.go:71-78)
  each(container.ports, (port) => void (port.protocol ||= 'TCP'));
  // setDefaultContainerEnv (pod.go:80-87)
  each(container.env, (env) => {
    const fieldRef = obj(obj(env.valueFrom)?.fieldRef);
    if (fieldRef) SetDefaults_ObjectFieldSelector(fieldRef);
  });
  roundResources(container);
  // setDefaultContainerProbes (pod.go:89-108)
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = container[key];
    if (!probe) continue;
    SetDefaults_Probe(probe);
    if (obj(probe.httpGet)) SetDefaults_HTTPGetAction(probe.httpGet as Obj);
    // The API server's generated defaulter adds GRPCAction.service's `+default=""`; the webhook does not.
    if (apiServer && obj(probe.grpc)) (probe.grpc as Obj).service ??= '';
  }
  // setDefaultContainerLifecycle (pod.go:110-119)
  const lifecycle = obj(container.lifecycle);
  for (const key of ['postStart', 'preStop']) {
    const httpGet = obj(obj(lifecycle?.[key])?.httpGet);
    if (httpGet) SetDefaults_HTTPGetAction(httpGet);
  }
}

/** pod.go:173-213, setDefaultPodVolumes (and the generated defaulter's declarative volume defaults). */
function setDefaultPodVolume(volume: Volume, apiServer: boolean): void {
  // SetDefaults_Volume: a volume of no source is an emptyDir.
  const sources = Object.keys(volume).filter((key) => key !== 'name');
  if (sources.length === 0) volume.emptyDir = {};
  const hostPath = obj(volume.hostPath);
  if (hostPath) hostPath.type ??= '';
  for (const [key, mode] of [
    ['secret', 0o644],
    ['configMap', 0o644],
    ['downwardAPI', 0o644],
    ['projected', 0o644],
  ] as const) {
    const source = obj(volume[key]);
    if (source) source.defaultMode ??= mode;
  }
  each(obj(volume.downwardAPI)?.items, (item) => {
    const fieldRef = obj(item.fieldRef);
    if (fieldRef) SetDefaults_ObjectFieldSelector(fieldRef);
  });
  each(obj(volume.projected)?.sources, (source) => {
    each(obj(source.downwardAPI)?.items, (item) => {
      const fieldRef = obj(item.fieldRef);
      if (fieldRef) SetDefaults_ObjectFieldSelector(fieldRef);
    });
    const token = obj(source.serviceAccountToken);
    if (token) token.expirationSeconds ??= 3600;
  });
  if (!apiServer) return;
  // The generated defaulter's declarative defaults (+default markers in k8s.io/api v0.35.0 types.go).
  const iscsi = obj(volume.iscsi);
  if (iscsi) iscsi.iscsiInterface ||= 'default';
  const rbd = obj(volume.rbd);
  if (rbd) {
    rbd.pool ||= 'rbd';
    rbd.user ||= 'admin';
    rbd.keyring ||= '/etc/ceph/keyring';
  }
  const azureDisk = obj(volume.azureDisk);
  if (azureDisk) {
    azureDisk.cachingMode ??= 'ReadWrite';
    azureDisk.fsType ??= 'ext4';
    azureDisk.readOnly ??= false;
    azureDisk.kind ??= 'Shared';
  }
  const scaleIO = obj(volume.scaleIO);
  if (scaleIO) {
    scaleIO.storageMode ||= 'ThinProvisioned';
    scaleIO.fsType ||= 'xfs';
  }
  const claimSpec = obj(obj(obj(volume.ephemeral)?.volumeClaimTemplate)?.spec);
  if (claimSpec) claimSpec.volumeMode ??= 'Filesystem';
}

/**
 * sandboxset_defaulter.go:117-125, setDefaultPodTemplate: automountServiceAccountToken false unless it is
 * false already, then pod.go:22-32, SetDefaultPodSpec.
 */
export function setDefaultPodTemplate(spec: PodSpec, shared = new Shared()): void {
  if (spec.automountServiceAccountToken !== false) spec.automountServiceAccountToken = false;
  SetDefaults_PodSpec(spec);
  // Each item in place; a shared one (./shared.ts) is not written: its defaulted copy is made once per run.
  const items = <T>(list: T[], name: string, visit: (item: T) => void): T[] =>
    list.map((item) => {
      if (!obj(item)) return item;
      if (!shared.has(item)) return (visit(item), item);
      return shared.of(`webhook ${name}`, item, () => {
        const copy = copied(item) as T;
        visit(copy);
        return shared.mark(copy);
      });
    });
  const container = (c: Container) => setDefaultContainer(c, false);
  if (spec.volumes) spec.volumes = items(spec.volumes, 'volumes', (volume) => setDefaultPodVolume(volume, false));
  if (spec.initContainers) spec.initContainers = items(spec.initContainers, 'initContainers', container);
  if (spec.containers) spec.containers = items(spec.containers, 'containers', container);
  const ephemeral = spec.ephemeralContainers as Container[] | undefined;
  if (ephemeral) spec.ephemeralContainers = items(ephemeral, 'ephemeralContainers', container);
  SetDefaults_ResourceList(spec.overhead);
}

/**
 * zz_generated.defaults.go SetObjectDefaults_Pod, with defaults.go SetDefaults_Pod: requests default to
 * limits, enableServiceLinks, host-network ports; then the spec, its volumes and containers.
 */
export function SetObjectDefaults_Pod(spec: PodSpec): void {
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const resources = obj(container.resources);
    const limits = obj(resources?.limits);
    if (!resources || !limits) continue;
    const requests = { ...obj(resources.requests) };
    for (const [key, value] of Object.entries(limits)) if (!Object.hasOwn(requests, key)) requests[key] = value;
    resources.requests = requests;
  }
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork === true)
    for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
      each(container.ports, (port) => void (port.hostPort ||= port.containerPort));
  SetDefaults_PodSpec(spec);
  each(spec.volumes, (volume) => setDefaultPodVolume(volume, true));
  each(spec.initContainers, (container) => setDefaultContainer(container, true));
  each(spec.containers, (container) => setDefaultContainer(container, true));
  each(spec.ephemeralContainers, (container) => setDefaultContainer(container, true));
  SetDefaults_ResourceList(spec.overhead);
  const podResources = obj(spec.resources);
  SetDefaults_ResourceList(podResources?.limits);
  SetDefaults_ResourceList(podResources?.requests);
}
