// traffic-proxy's health-probe rewrite: when the controller injects traffic-proxy into a pod whose annotations ask
// for it, it hands the app containers' probes and lifecycle hooks to the proxy. The proxy gets the original
// handlers as JSON in ISTIO_KUBE_APP_PROBERS, and every handler is pointed at the proxy's status port.
//
// A port of openkruise/agents pkg/utils/sidecarutils/traffic-proxy/health_probe.go at 0b72c83 (cited as
// health_probe.go:LINE), written from its semantics (docs/expansion.md, traffic-proxy). It reads plain data as
// YAML gives it; where a value is of a type Go's decoding into core/v1 would refuse (the API server rejects
// such a pod, so the controller never sees it), it is read as Go's zero value, and nothing here throws.
import { copyData, isPlainMapping, setData, type Path } from '../base/data.js';
// Lone surrogates cannot reach Go as a string; its JSON decoder turns them into U+FFFD.
import { wellFormed } from '../base/go-yaml.js';
import { CONTAINERS, INIT_CONTAINERS, METADATA, type PodTemplate } from './pod.js';
import { ANY_INDEX, type Place, type WebhookDefaulted } from './unit.js';

/** health_probe.go:30-33 */
export const DEFAULT_PROXY = 'istio-proxy';
export const KUBE_APP_PROBERS_ENV = 'ISTIO_KUBE_APP_PROBERS';
export const HEALTH_PROBE_REWRITE_ANNOTATION = 'networking.agents.kruise.io/health-probe-rewrite';
export const SIDECAR_PROXY_ANNOTATION = 'networking.agents.kruise.io/sidecar-proxy';
/** The proxy's status port, hard-coded by the caller (health_probe.go:342,345). */
export const STATUS_PORT = 15020;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => isPlainMapping(value);

/**
 * What the controller's ApplyHealthProbeRewrite does to a pod (health_probe.go:328-347), as edits relative to the
 * pod template ({metadata, spec}), computed from a plain snapshot of the template as it is at that moment.
 * `set` replaces the value at path; `append` adds the items of `value` (a list) to the list at path, which is
 * created when absent.
 */
export interface ProbeEdit {
  op: 'set' | 'append';
  path: Path;
  value: unknown;
}

export interface ProbeTemplate {
  /** Plain data as read: the rewrite looks for its annotations only where they are a mapping. */
  metadata?: unknown;
  spec?: { containers?: unknown[] | undefined; initContainers?: unknown[] | undefined };
}

/** The edits ApplyHealthProbeRewrite makes; `set` only where the value changes, so a second run gives none. */
export function healthProbeRewrite(template: ProbeTemplate): ProbeEdit[] {
  const annotations = isObj(template.metadata) ? template.metadata.annotations : undefined;
  const annotation = (key: string): unknown => (isObj(annotations) ? annotations[key] : undefined);
  // Exactly "true"; "True", "1" or a template's "false" leave the pod alone (health_probe.go:329-331).
  if (annotation(HEALTH_PROBE_REWRITE_ANNOTATION) !== 'true') return [];
  const named = annotation(SIDECAR_PROXY_ANNOTATION);
  // An empty or absent name means istio-proxy (health_probe.go:332-335).
  const proxy = typeof named === 'string' && named !== '' ? named : DEFAULT_PROXY;
  const sidecar = findContainer(template, proxy);
  if (!sidecar) return []; // health_probe.go:337-340: no proxy, no rewrite at all
  const edits: ProbeEdit[] = [];
  // The probers are read from the pod before any probe is rewritten (health_probe.go:342 before :345).
  const probers = appProbers(template, proxy);
  if (probers !== '') {
    // Appended, even when the proxy already has a variable of that name (health_probe.go:343).
    edits.push({ op: 'append', path: [...sidecar, 'env'], value: [{ name: KUBE_APP_PROBERS_ENV, value: probers }] });
  }
  edits.push(...rewriteEdits(template, proxy));
  return edits;
}

/** What the rewrite reads of a template as the runtime rules see it. */
export function probeTemplateOf(pod: PodTemplate): ProbeTemplate {
  return {
    metadata: pod.get(METADATA),
    spec: {
      containers: pod.get(CONTAINERS) as unknown[] | undefined,
      initContainers: pod.get(INIT_CONTAINERS) as unknown[] | undefined,
    },
  };
}

/**
 * The controller's rewrite, made to a template as the runtime rules see it: traffic-proxy's step once
 * every runtime is in, in the planner and in the model of the controller alike, and what the
 * conformance suite runs. Where an admission webhook defaults the template's probes first
 * (`probeDefaults`, the kind's), the probers the controller serialises into ISTIO_KUBE_APP_PROBERS are
 * the defaulted ones; the rest of the rewrite commutes with that defaulting (the API server defaults
 * the Pod alike either way). The probes are rewritten first, then the proxy's env is appended.
 */
export function applyHealthProbeRewrite(pod: PodTemplate, defaulted: WebhookDefaulted): void {
  const template = probeTemplateOf(pod);
  const edits = healthProbeRewrite(template);
  const envEdits = defaulted.probeDefaults
    ? healthProbeRewrite(withProbeDefaults(template, defaulted.containers))
    : edits;
  for (const edit of edits) if (edit.op === 'set') pod.set(edit.path, edit.value);
  for (const edit of envEdits) if (edit.op === 'append') pod.append(edit.path, edit.value as unknown[]);
}

/**
 * A copy with the probe defaults the admission webhook sets (pkg/utils/defaults/pod.go:89-119, with
 * Kubernetes' SetDefaults_Probe and SetDefaults_HTTPGetAction): a probe's timeout, period and
 * thresholds, and an HTTP GET's path and scheme, in probes and lifecycle hooks alike; in the containers
 * named in `only`, where it is given.
 */
export function withProbeDefaults(template: ProbeTemplate, only?: ReadonlySet<string>): ProbeTemplate {
  const copy = copyData(template);
  const httpGet = (handler: unknown) => {
    if (!isObj(handler) || !isObj(handler.httpGet)) return;
    handler.httpGet.path ||= '/';
    handler.httpGet.scheme ||= 'HTTP';
  };
  for (const container of [...(copy.spec?.containers ?? []), ...(copy.spec?.initContainers ?? [])]) {
    if (!isObj(container) || (only !== undefined && !only.has(nameOf(container)))) continue;
    for (const key of PROBES) {
      const probe = container[key];
      if (!isObj(probe)) continue;
      probe.timeoutSeconds ||= 1;
      probe.periodSeconds ||= 10;
      probe.successThreshold ||= 1;
      probe.failureThreshold ||= 3;
      httpGet(probe);
    }
    if (isObj(container.lifecycle)) for (const hook of HOOKS) httpGet(container.lifecycle[hook]);
  }
  return copy;
}

// ---- Finding containers -------------------------------------------------------------------------------------

const listAt = (template: ProbeTemplate, key: 'containers' | 'initContainers'): unknown[] => {
  const spec = template.spec;
  const list = isObj(spec) ? spec[key] : undefined;
  return Array.isArray(list) ? list : [];
};

/** A container's name; Go reads a missing one as "". */
const nameOf = (container: Obj): string => (typeof container.name === 'string' ? container.name : '');

/**
 * The path of the first container of that name in containers, else in initContainers (health_probe.go:42-47).
 */
export function findContainer(template: ProbeTemplate, name: string): Path | undefined {
  for (const key of ['containers', 'initContainers'] as const) {
    const index = listAt(template, key).findIndex((c) => isObj(c) && nameOf(c) === name);
    if (index >= 0) return ['spec', key, index];
  }
  return undefined;
}

/** Init containers, then containers: the order the probers are read in (health_probe.go:223-225). */
export function allContainers(template: ProbeTemplate): Obj[] {
  return [...listAt(template, 'initContainers'), ...listAt(template, 'containers')].filter(isObj);
}

/** The proxy's URLs for a container's handlers (health_probe.go:320-326). */
export function proberUrls(container: string) {
  return {
    readinessProbe: `/app-health/${container}/readyz`,
    livenessProbe: `/app-health/${container}/livez`,
    startupProbe: `/app-health/${container}/startupz`,
    preStop: `/app-lifecycle/${container}/prestopz`,
    postStart: `/app-lifecycle/${container}/poststartz`,
  };
}

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;
const HOOKS = ['preStop', 'postStart'] as const;

/** Where the rewrite writes: every container's probes and hooks, and the proxy's env (health_probe.go:228-267, 343). */
export const PROBE_REWRITE_PLACES: readonly Place[] = [CONTAINERS, INIT_CONTAINERS].flatMap((list): Place[] => [
  ...PROBES.map((probe): Place => ({ op: 'set', path: [...list, ANY_INDEX, probe], holds: 'mapping' })),
  ...HOOKS.map((hook): Place => ({ op: 'set', path: [...list, ANY_INDEX, 'lifecycle', hook], holds: 'mapping' })),
  { op: 'append', path: [...list, ANY_INDEX, 'env'] },
]);

// ---- ISTIO_KUBE_APP_PROBERS ---------------------------------------------------------------------------------

/** The Prober struct (health_probe.go:141-146): one of the handlers, and the probe's timeout. */
export interface Prober {
  httpGet?: Obj;
  tcpSocket?: Obj;
  grpc?: Obj;
  timeoutSeconds: number;
}

/** A probe's handler for the proxy: httpGet, else tcpSocket, else grpc, with the timeout (health_probe.go:270-297). */
export function probeToProber(probe: unknown): Prober | undefined {
  if (!isObj(probe)) return undefined;
  const timeoutSeconds = int(probe.timeoutSeconds);
  if (isObj(probe.httpGet)) return { httpGet: probe.httpGet, timeoutSeconds };
  if (isObj(probe.tcpSocket)) return { tcpSocket: probe.tcpSocket, timeoutSeconds };
  if (isObj(probe.grpc)) return { grpc: probe.grpc, timeoutSeconds };
  return undefined;
}

/** A lifecycle hook's handler for the proxy: httpGet, else tcpSocket, no timeout (health_probe.go:300-316). */
export function lifecycleToProber(handler: unknown): Prober | undefined {
  if (!isObj(handler)) return undefined;
  if (isObj(handler.httpGet)) return { httpGet: handler.httpGet, timeoutSeconds: 0 };
  if (isObj(handler.tcpSocket)) return { tcpSocket: handler.tcpSocket, timeoutSeconds: 0 };
  return undefined;
}

/**
 * health_probe.go:152-182: a gRPC prober is kept as it is (its port is an integer); otherwise a named port is
 * resolved from the container's ports, and the prober dropped when the name is unknown; an integer port equal to
 * the status port is taken as rewritten already, and dropped. (Go resolves the name in the pod's own probe object,
 * which the rewrite then replaces; here the prober gets a copy.) A named port resolving to 15020 stays.
 */
function resolvePort(prober: Prober, ports: Map<string, number>): Prober | undefined {
  if (prober.grpc) return prober;
  const key = prober.httpGet ? 'httpGet' : 'tcpSocket';
  const action = prober[key]!;
  if (typeof action.port === 'string') {
    const port = ports.get(action.port);
    return port === undefined ? undefined : { ...prober, [key]: { ...action, port } };
  }
  return int(action.port) === STATUS_PORT ? undefined : prober;
}

/**
 * The value of ISTIO_KUBE_APP_PROBERS for the pod as it is, or "" when no handler is left (health_probe.go:150-221):
 * Go's json.Marshal of a map from URL to Prober.
 */
export function appProbers(template: ProbeTemplate, proxy: string): string {
  const out = new Map<string, Prober>();
  for (const c of allContainers(template)) {
    const name = nameOf(c);
    if (name === proxy) continue; // health_probe.go:184-186
    const urls = proberUrls(name);
    // health_probe.go:188-193: named ports; of two ports with one name, the later wins.
    const ports = new Map<string, number>();
    for (const p of Array.isArray(c.ports) ? c.ports : []) {
      if (isObj(p) && typeof p.name === 'string' && p.name !== '') ports.set(p.name, int(p.containerPort));
    }
    // A container name seen twice keeps the later container's probers, as a Go map assignment does (keyed as Go
    // sees the name, so two names that differ only in lone surrogates are one key).
    const add = (url: string, prober: Prober | undefined) => {
      const resolved = prober && resolvePort(prober, ports);
      if (resolved) out.set(wellFormed(url), resolved);
    };
    for (const probe of PROBES) add(urls[probe], probeToProber(c[probe])); // health_probe.go:194-202
    if (isObj(c.lifecycle)) {
      for (const hook of HOOKS) add(urls[hook], lifecycleToProber(c.lifecycle[hook])); // health_probe.go:203-210
    }
  }
  return out.size === 0 ? '' : marshalProbers(out); // health_probe.go:212-220
}

/** json.Marshal of a map[string]*Prober: keys sorted bytewise (as UTF-8; code point order is the same). */
export function marshalProbers(probers: ReadonlyMap<string, Prober>): string {
  const entries = [...probers].map(([url, prober]) => [wellFormed(url), prober] as const);
  entries.sort(([a], [b]) => compareCodePoints(a, b));
  return `{${entries.map(([url, prober]) => `${goString(url)}:${marshalProber(prober)}`).join(',')}}`;
}

/** health_probe.go:141-146: fields in struct order, all omitempty. */
export function marshalProber(prober: Prober): string {
  const fields: string[] = [];
  if (prober.httpGet) fields.push(`"httpGet":${marshalHttpGet(prober.httpGet)}`);
  if (prober.tcpSocket) fields.push(`"tcpSocket":${marshalTcpSocket(prober.tcpSocket)}`);
  if (prober.grpc) fields.push(`"grpc":${marshalGrpc(prober.grpc)}`);
  if (prober.timeoutSeconds !== 0) fields.push(`"timeoutSeconds":${prober.timeoutSeconds}`);
  return `{${fields.join(',')}}`;
}

/** core/v1 HTTPGetAction: path, port, host, scheme, httpHeaders; all but port omitempty. */
function marshalHttpGet(action: Obj): string {
  const fields: string[] = [];
  omitEmpty(fields, 'path', action.path);
  fields.push(`"port":${marshalIntOrString(action.port)}`);
  omitEmpty(fields, 'host', action.host);
  omitEmpty(fields, 'scheme', action.scheme);
  const headers = Array.isArray(action.httpHeaders) ? action.httpHeaders : [];
  if (headers.length > 0) {
    // HTTPHeader: name and value, neither omitempty.
    const items = headers.map((h) => {
      const header = isObj(h) ? h : {};
      return `{"name":${goString(str(header.name))},"value":${goString(str(header.value))}}`;
    });
    fields.push(`"httpHeaders":[${items.join(',')}]`);
  }
  return `{${fields.join(',')}}`;
}

/** core/v1 TCPSocketAction: port, then host (omitempty). */
function marshalTcpSocket(action: Obj): string {
  const fields = [`"port":${marshalIntOrString(action.port)}`];
  omitEmpty(fields, 'host', action.host);
  return `{${fields.join(',')}}`;
}

/** core/v1 GRPCAction: port (int32), service (*string, no omitempty: null when unset). */
function marshalGrpc(action: Obj): string {
  const service = typeof action.service === 'string' ? goString(action.service) : 'null';
  return `{"port":${int(action.port)},"service":${service}}`;
}

/** intstr.IntOrString: a string stays a string, anything else is an int32 (a missing or null port is 0). */
const marshalIntOrString = (port: unknown): string => (typeof port === 'string' ? goString(port) : `${int(port)}`);

function omitEmpty(fields: string[], key: string, value: unknown): void {
  const text = str(value);
  if (text !== '') fields.push(`"${key}":${goString(text)}`);
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
/** An integer field; Go cannot decode anything else into one, so anything else is read as 0. */
const int = (value: unknown): number => (typeof value === 'number' && Number.isInteger(value) ? value + 0 : 0);

function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (ch) => ch.codePointAt(0)!);
  const y = Array.from(b, (ch) => ch.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A string as Go's encoding/json writes it (Go ≥ 1.22; the controller builds with 1.25): `"` and `\` escaped,
 * \b \f \n \r \t short, other control characters as \u00XX, and, since json.Marshal escapes HTML, `<`, `>`, `&`,
 * U+2028 and U+2029 as \uXXXX. Everything else, DEL and non-ASCII included, as it is.
 */
export function goString(s: string): string {
  let out = '"';
  for (const ch of wellFormed(s)) {
    const code = ch.codePointAt(0)!;
    const html = ch === '<' || ch === '>' || ch === '&' || code === 0x2028 || code === 0x2029;
    if (SHORT_ESCAPES[ch] !== undefined) out += SHORT_ESCAPES[ch];
    else if (code < 0x20 || html) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

// ---- The rewrite --------------------------------------------------------------------------------------------

/**
 * health_probe.go:68-75: the action now asks the proxy: port := the status port (an integer), path := the URL,
 * HTTPS becomes HTTP (the proxy calls the app over HTTPS itself); host, headers and any other scheme stay.
 */
export function rewriteHttpGet(action: Obj, url: string, port: number): Obj {
  const rewritten: Obj = { ...action };
  rewritten.path = url;
  rewritten.port = port;
  if (rewritten.scheme === 'HTTPS') rewritten.scheme = 'HTTP';
  return rewritten;
}

/**
 * A probe pointed at the proxy (health_probe.go:50-63, 108-136), or undefined when it has no httpGet, tcpSocket or
 * grpc handler (the caller keeps it). A tcpSocket or grpc handler becomes `httpGet: {path, port}` (its host and
 * service are gone); every other field of the probe stays.
 */
export function rewriteProbe(probe: unknown, url: string): Obj | undefined {
  if (!isObj(probe)) return undefined;
  if (isObj(probe.httpGet)) return { ...probe, httpGet: rewriteHttpGet(probe.httpGet, url, STATUS_PORT) };
  if (isObj(probe.tcpSocket)) return replaceHandler(probe, 'tcpSocket', url);
  if (isObj(probe.grpc)) return replaceHandler(probe, 'grpc', url);
  return undefined;
}

/**
 * A lifecycle hook pointed at the proxy (health_probe.go:78-106): httpGet and tcpSocket as for probes; undefined for
 * exec, sleep or none (the caller keeps it).
 */
export function rewriteLifecycleHandler(handler: unknown, url: string): Obj | undefined {
  if (!isObj(handler)) return undefined;
  if (isObj(handler.httpGet)) return { ...handler, httpGet: rewriteHttpGet(handler.httpGet, url, STATUS_PORT) };
  if (isObj(handler.tcpSocket)) return replaceHandler(handler, 'tcpSocket', url);
  return undefined;
}

/** The handler `key` replaced, in its place, by a new httpGet (health_probe.go:102-104, 119-121, 129-134). */
function replaceHandler(handler: Obj, key: 'tcpSocket' | 'grpc', url: string): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(handler)) {
    if (k === 'httpGet') continue; // null here: Go's nil pointer, replaced
    const value = k === key ? rewriteHttpGet({}, url, STATUS_PORT) : v;
    setData(out, k === key ? 'httpGet' : k, value);
  }
  return out;
}

/**
 * health_probe.go:228-267: every container but the proxy, containers then init containers, has its probes and its
 * preStop and postStart hooks rewritten, including handlers left out of ISTIO_KUBE_APP_PROBERS.
 */
function rewriteEdits(template: ProbeTemplate, proxy: string): ProbeEdit[] {
  const edits: ProbeEdit[] = [];
  const change = (path: Path, before: unknown, after: Obj | undefined) => {
    if (after !== undefined && !sameData(before, after)) edits.push({ op: 'set', path, value: copyData(after) });
  };
  for (const key of ['containers', 'initContainers'] as const) {
    listAt(template, key).forEach((c, index) => {
      if (!isObj(c) || nameOf(c) === proxy) return;
      const at: Path = ['spec', key, index];
      const urls = proberUrls(nameOf(c));
      for (const probe of PROBES) change([...at, probe], c[probe], rewriteProbe(c[probe], urls[probe]));
      const lifecycle = c.lifecycle;
      if (!isObj(lifecycle)) return;
      for (const hook of HOOKS) {
        change([...at, 'lifecycle', hook], lifecycle[hook], rewriteLifecycleHandler(lifecycle[hook], urls[hook]));
      }
    });
  }
  return edits;
}

/** Equal as data: same scalars, lists item by item, mappings key by key in any order. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameData(x, b[i]));
  }
  if (!isObj(a) || !isObj(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameData(a[k], b[k]));
}
