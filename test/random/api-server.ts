// Whether the API server accepts a Pod, judged apart from the function's own checks: the core/v1 Pod schema
// of kubernetes-models (types and formats), and the rules of docs/api-server-rules.md, written here from that
// page (names as DNS-1123 labels and IANA service names, env names, and a Pod's names each used once,
// mounts that name a volume). Only what every supported Kubernetes version rejects counts. Two rules more,
// from pkg/apis/core/validation/validation.go, which Go's zero values (a null read as 0 or "") run into: a
// port number is 1 to 65535 (validateContainerPorts, and ValidatePortNumOrName for the httpGet, tcpSocket
// and grpc ports of probes and hooks), and a mount has a path (validateVolumeMounts: Required value).
import { Pod as PodModel } from 'kubernetes-models/v1/Pod';
import type { Pod } from '../../src/reference/types.js';

type Obj = Record<string, unknown>;
const list = (value: unknown): Obj[] => (Array.isArray(value) ? (value as Obj[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const isLabel = (name: string) => name.length <= 63 && DNS1123_LABEL.test(name);
/** IANA_SVC_NAME: lower case, digits and '-', a letter somewhere, no '-' at an end or twice, at most 15. */
const isServiceName = (name: string) =>
  name.length <= 15 && /^[a-z0-9-]+$/.test(name) && /[a-z]/.test(name) && !/^-|-$|--/.test(name);
/** An env name: printable ASCII, and no '=' (Kubernetes 1.32 and later; older ones were stricter). */
const isEnvName = (name: string) => name.length > 0 && /^[\x20-\x7e]+$/.test(name) && !name.includes('=');
/** A port number, or (where a name may stand for it) an IANA service name. */
const isPort = (port: unknown, named: boolean) =>
  typeof port === 'string' ? named && isServiceName(port) : Number(port) >= 1 && Number(port) <= 65535;

/** The ports of a container's probes and hooks that are wrong, as "readinessProbe.httpGet.port". */
function badHandlerPorts(c: Obj): string[] {
  const handlers: [string, unknown][] = [
    ...['readinessProbe', 'livenessProbe', 'startupProbe'].map((key): [string, unknown] => [key, c[key]]),
    ...['postStart', 'preStop'].map((key): [string, unknown] => [
      `lifecycle.${key}`,
      (c.lifecycle as Obj | undefined)?.[key],
    ]),
  ];
  const bad: string[] = [];
  for (const [where, handler] of handlers) {
    if (!handler || typeof handler !== 'object') continue;
    for (const [action, named] of [
      ['httpGet', true],
      ['tcpSocket', true],
      ['grpc', false],
    ] as const) {
      const port = ((handler as Obj)[action] as Obj | undefined)?.port;
      if ((handler as Obj)[action] && !isPort(port ?? 0, named)) bad.push(`${where}.${action}.port`);
    }
  }
  return bad;
}

/** Why the API server would reject the Pod, or undefined when it accepts it. */
export function rejection(pod: Pod): string | undefined {
  const spec = pod.spec as Obj;
  // JSON data for the schema: bigints (int64 values past 2^53) as numbers.
  const data = JSON.parse(JSON.stringify(spec, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  try {
    new PodModel({ metadata: { name: 'pod', labels: pod.metadata.labels ?? {} }, spec: data }).validate();
  } catch (e) {
    return `schema: ${(e as Error).message.split('\n')[0]}`;
  }
  const containers = [...list(spec.initContainers), ...list(spec.containers)];
  const volumes = list(spec.volumes).map((v) => text(v.name));
  const seen = new Set<string>();
  for (const c of containers) {
    const name = text(c.name);
    if (!isLabel(name)) return `container name "${name}" is not a DNS-1123 label`;
    if (seen.has(name)) return `container name "${name}" is used twice`;
    seen.add(name);
    for (const p of list(c.ports)) {
      const port = text(p.name);
      if (port !== '' && !isServiceName(port)) return `port name "${port}" is not an IANA service name`;
      if (!isPort(p.containerPort ?? 0, false))
        return `containerPort ${String(p.containerPort)} in "${name}" is not 1-65535`;
    }
    const [badPort] = badHandlerPorts(c);
    if (badPort) return `${badPort} in "${name}" is not a port`;
    for (const e of list(c.env)) if (!isEnvName(text(e.name))) return `env name "${text(e.name)}" is not valid`;
    const paths = new Set<string>();
    for (const m of list(c.volumeMounts)) {
      if (!volumes.includes(text(m.name))) return `mount "${text(m.name)}" in "${name}" names no volume`;
      if (text(m.mountPath) === '') return `a mount in "${name}" has no path`;
      if (paths.has(text(m.mountPath))) return `mount path "${text(m.mountPath)}" is used twice in "${name}"`;
      paths.add(text(m.mountPath));
    }
  }
  const names = new Set<string>();
  for (const name of volumes) {
    if (!isLabel(name)) return `volume name "${name}" is not a DNS-1123 label`;
    if (names.has(name)) return `volume name "${name}" is used twice`;
    names.add(name);
  }
  return undefined;
}
