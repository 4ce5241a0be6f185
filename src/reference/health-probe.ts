// A literal port of traffic-proxy's health-probe rewrite (openkruise/agents 0b72c83,
// pkg/utils/sidecarutils/traffic-proxy/health_probe.go): the app's probes and HTTP/TCP lifecycle hooks
// are pointed at the proxy's status port, and the proxy is told the originals in ISTIO_KUBE_APP_PROBERS.
import { goMarshal } from './go-encode.js';
import {
  findContainer,
  str,
  type Container,
  type HTTPGetAction,
  type LifecycleHandler,
  type Pod,
  type Probe,
} from './types.js';

/** health_probe.go:29-34. */
export const ProxyContainerName = 'istio-proxy';
export const KubeAppProberEnv = 'ISTIO_KUBE_APP_PROBERS';
export const HealthProbeRewriteAnnotation = 'networking.agents.kruise.io/health-probe-rewrite';
export const SidecarProxyAnnotation = 'networking.agents.kruise.io/sidecar-proxy';

/** health_probe.go:42-47, findContainerFromPod: containers first, then init containers. */
export function findContainerFromPod(name: string, pod: Pod): Container | undefined {
  return findContainer(name, pod.spec.containers) ?? findContainer(name, pod.spec.initContainers);
}

/** health_probe.go:50-63, convertAppProber: httpGet, else tcpSocket, else grpc; anything else nil. */
export function convertAppProber(probe: Probe | undefined, newURL: string, statusPort: number): Probe | undefined {
  if (probe === undefined) return undefined;
  if (probe.httpGet !== undefined)
    return { ...probe, httpGet: rewriteHTTPGetAction(probe.httpGet, newURL, statusPort) };
  if (probe.tcpSocket !== undefined) {
    // the sidecar intercepts all tcp connections: an HTTP probe, and the sidecar checks tcp (L116-123)
    const { tcpSocket: _, ...rest } = probe;
    return { ...rest, httpGet: rewriteHTTPGetAction({}, newURL, statusPort) };
  }
  if (probe.grpc !== undefined) {
    // L126-136: gRPC becomes HTTP to the sidecar, which asks the app over gRPC
    const { grpc: _, ...rest } = probe;
    return { ...rest, httpGet: rewriteHTTPGetAction({}, newURL, statusPort) };
  }
  return undefined;
}

/** health_probe.go:68-75, rewriteHTTPGetAction (on a copy): the URL and port, and HTTPS becomes HTTP. */
export function rewriteHTTPGetAction(action: HTTPGetAction, url: string, port: number): HTTPGetAction {
  const out: HTTPGetAction = { ...action, port, path: url };
  // Kubelet -> HTTP -> Pilot Agent -> HTTPS -> Application
  if (action.scheme === 'HTTPS') out.scheme = 'HTTP';
  return out;
}

/** health_probe.go:78-106, convertAppLifecycleHandler: httpGet, else tcpSocket; anything else nil. */
export function convertAppLifecycleHandler(
  handler: LifecycleHandler | undefined,
  newURL: string,
  statusPort: number,
): LifecycleHandler | undefined {
  if (handler === undefined) return undefined;
  if (handler.httpGet !== undefined)
    return { ...handler, httpGet: rewriteHTTPGetAction(handler.httpGet, newURL, statusPort) };
  if (handler.tcpSocket !== undefined) {
    const { tcpSocket: _, ...rest } = handler;
    return { ...rest, httpGet: rewriteHTTPGetAction({}, newURL, statusPort) };
  }
  return undefined;
}

/** health_probe.go:141-146, Prober. */
export interface Prober {
  httpGet?: HTTPGetAction;
  tcpSocket?: { port?: number | string; host?: string };
  grpc?: { port?: number; service?: string };
  timeoutSeconds?: number;
}
const PROBER_TYPE = 'trafficproxy.Prober';
export const PROBER_STRUCT = {
  go: PROBER_TYPE,
  fields: [
    ['httpGet', '*v1.HTTPGetAction', '', 1],
    ['tcpSocket', '*v1.TCPSocketAction', '', 1],
    ['grpc', '*v1.GRPCAction', '', 1],
    ['timeoutSeconds', 'int32', '', 1],
  ],
} as const;

/**
 * health_probe.go:150-221, dumpAppProbers: the JSON of every non-proxy container's HTTP, TCP and gRPC
 * probes and HTTP/TCP hooks, named ports resolved ("" when there are none). Go resolves a named port in
 * the container's own probe (the Prober shares its pointer); patchRewriteProbe then replaces that probe
 * or hook with a rewritten copy, so the resolution is never seen in the Pod, and is made on a copy here.
 */
export function dumpAppProbers(pod: Pod, targetPort: number, proxyContainerName: string): string {
  const out = new Map<string, Prober>();
  const updateNamedPort = (p: Prober | undefined, portMap: Map<string, number>): Prober | undefined => {
    if (p === undefined) return undefined;
    // don't need to update for gRPC probe port as it only supports integer
    if (p.grpc !== undefined) return p;
    if (p.httpGet === undefined && p.tcpSocket === undefined) return undefined;
    const probePort = p.httpGet !== undefined ? p.httpGet.port : p.tcpSocket!.port;
    if (typeof probePort === 'string') {
      const port = portMap.get(probePort);
      if (port === undefined) return undefined;
      return p.httpGet !== undefined
        ? { ...p, httpGet: { ...p.httpGet, port } }
        : { ...p, tcpSocket: { ...p.tcpSocket, port } };
    }
    // Already is rewritten
    if ((probePort ?? 0) === targetPort) return undefined;
    return p;
  };
  for (const c of allContainers(pod)) {
    if (str(c.name) === proxyContainerName) continue;
    const [readyz, livez, startupz, prestopz, poststartz] = formatProberURL(str(c.name));
    const portMap = new Map<string, number>();
    for (const p of c.ports ?? []) if (str(p.name) !== '') portMap.set(p.name!, p.containerPort ?? 0);
    const set = (key: string, h: Prober | undefined) => h !== undefined && out.set(key, h);
    set(readyz, updateNamedPort(kubeProbeToInternalProber(c.readinessProbe), portMap));
    set(livez, updateNamedPort(kubeProbeToInternalProber(c.livenessProbe), portMap));
    set(startupz, updateNamedPort(kubeProbeToInternalProber(c.startupProbe), portMap));
    if (c.lifecycle !== undefined) {
      set(prestopz, updateNamedPort(kubeLifecycleHandlerToInternalProber(c.lifecycle.preStop), portMap));
      set(poststartz, updateNamedPort(kubeLifecycleHandlerToInternalProber(c.lifecycle.postStart), portMap));
    }
  }
  // prevent generate '{}'
  if (out.size === 0) return '';
  return goMarshal(Object.fromEntries(out), `map[string]*${PROBER_TYPE}`, PROBER_TYPES);
}

const PROBER_TYPES = { [PROBER_TYPE]: PROBER_STRUCT };

/** json.Marshal of one *Prober, as dumpAppProbers writes each value of its map. */
export const marshalProber = (prober: Prober | undefined): string => goMarshal(prober, `*${PROBER_TYPE}`, PROBER_TYPES);

/** health_probe.go:223-225, allContainers: init containers, then containers. */
export function allContainers(pod: Pod): Container[] {
  return [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])];
}

/** health_probe.go:228-246, patchRewriteProbe: every container but the proxy, each replaced by its rewritten copy. */
function patchRewriteProbe(pod: Pod, defaultPort: number, proxyContainerName: string): void {
  const rewrite = (c: Container) => (str(c.name) === proxyContainerName ? c : convertProbe({ ...c }, defaultPort));
  if (pod.spec.containers) pod.spec.containers = pod.spec.containers.map(rewrite);
  if (pod.spec.initContainers) pod.spec.initContainers = pod.spec.initContainers.map(rewrite);
}

/** health_probe.go:248-267, convertProbe (on the caller's copy of the container). */
function convertProbe(c: Container, statusPort: number): Container {
  const [readyz, livez, startupz, prestopz, poststartz] = formatProberURL(str(c.name));
  const readiness = convertAppProber(c.readinessProbe, readyz, statusPort);
  if (readiness !== undefined) c.readinessProbe = readiness;
  const liveness = convertAppProber(c.livenessProbe, livez, statusPort);
  if (liveness !== undefined) c.livenessProbe = liveness;
  const startup = convertAppProber(c.startupProbe, startupz, statusPort);
  if (startup !== undefined) c.startupProbe = startup;
  if (c.lifecycle !== undefined) {
    const lifecycle = { ...c.lifecycle };
    const preStop = convertAppLifecycleHandler(lifecycle.preStop, prestopz, statusPort);
    if (preStop !== undefined) lifecycle.preStop = preStop;
    const postStart = convertAppLifecycleHandler(lifecycle.postStart, poststartz, statusPort);
    if (postStart !== undefined) lifecycle.postStart = postStart;
    c.lifecycle = lifecycle;
  }
  return c;
}

/** health_probe.go:270-297, kubeProbeToInternalProber. */
export function kubeProbeToInternalProber(probe: Probe | undefined): Prober | undefined {
  if (probe === undefined) return undefined;
  // An int32 in Go: absent here is its zero value, which the Prober omits (omitempty) all the same.
  const timeout = probe.timeoutSeconds === undefined ? {} : { timeoutSeconds: probe.timeoutSeconds };
  if (probe.httpGet !== undefined) return { httpGet: probe.httpGet, ...timeout };
  if (probe.tcpSocket !== undefined) return { tcpSocket: probe.tcpSocket, ...timeout };
  if (probe.grpc !== undefined) return { grpc: probe.grpc, ...timeout };
  return undefined;
}

/** health_probe.go:300-316, kubeLifecycleHandlerToInternalProber. */
export function kubeLifecycleHandlerToInternalProber(handler: LifecycleHandler | undefined): Prober | undefined {
  if (handler === undefined) return undefined;
  if (handler.httpGet !== undefined) return { httpGet: handler.httpGet };
  if (handler.tcpSocket !== undefined) return { tcpSocket: handler.tcpSocket };
  return undefined;
}

/** health_probe.go:320-326, formatProberURL. */
export function formatProberURL(container: string): [string, string, string, string, string] {
  return [
    `/app-health/${container}/readyz`,
    `/app-health/${container}/livez`,
    `/app-health/${container}/startupz`,
    `/app-lifecycle/${container}/prestopz`,
    `/app-lifecycle/${container}/poststartz`,
  ];
}

/** health_probe.go:328-347, ApplyHealthProbeRewrite. */
export function applyHealthProbeRewrite(pod: Pod): void {
  const annotations = pod.metadata.annotations ?? {};
  if (annotations[HealthProbeRewriteAnnotation] !== 'true') return;
  const proxyContainerName = str(annotations[SidecarProxyAnnotation]) || ProxyContainerName;
  const sidecar = findContainerFromPod(proxyContainerName, pod);
  if (sidecar === undefined) return;
  const prober = dumpAppProbers(pod, 15020, proxyContainerName);
  if (prober !== '') {
    // The sidecar is replaced by a copy with the env appended: it may be an entry's, shared by every Pod.
    const withEnv = { ...sidecar, env: [...(sidecar.env ?? []), { name: KubeAppProberEnv, value: prober }] };
    const replace = (list: Container[]): Container[] => list.map((c) => (c === sidecar ? withEnv : c));
    if (pod.spec.containers?.includes(sidecar)) pod.spec.containers = replace(pod.spec.containers);
    else if (pod.spec.initContainers) pod.spec.initContainers = replace(pod.spec.initContainers);
  }
  patchRewriteProbe(pod, 15020, proxyContainerName);
}
