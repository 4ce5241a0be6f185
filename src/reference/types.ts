// The Go values the reference model works on, as ./go-decode.ts makes them: a struct is an object keyed by
// JSON names; a nil pointer, slice or map, and a field never set, are absent (the accessors give Go's zero
// value). Only the fields the port reads are typed; the rest travel along untouched.

export interface EnvVar {
  name?: string;
  value?: string;
  valueFrom?: { fieldRef?: Record<string, unknown> } & Record<string, unknown>;
}
export interface VolumeMount {
  name?: string;
  mountPath?: string;
}
export interface HTTPGetAction {
  path?: string;
  port?: number | string;
  host?: string;
  scheme?: string;
  httpHeaders?: unknown[];
}
export interface TCPSocketAction {
  port?: number | string;
  host?: string;
}
export interface GRPCAction {
  port?: number;
  service?: string;
}
export interface LifecycleHandler {
  exec?: { command?: string[] };
  httpGet?: HTTPGetAction;
  tcpSocket?: TCPSocketAction;
  sleep?: unknown;
}
export interface Lifecycle {
  postStart?: LifecycleHandler;
  preStop?: LifecycleHandler;
  stopSignal?: string;
}
export interface Probe extends LifecycleHandler {
  grpc?: GRPCAction;
  timeoutSeconds?: number;
  [field: string]: unknown;
}
export interface ContainerPort {
  name?: string;
  containerPort?: number;
  protocol?: string;
}
export interface Container {
  name?: string;
  image?: string;
  env?: EnvVar[];
  volumeMounts?: VolumeMount[];
  lifecycle?: Lifecycle;
  ports?: ContainerPort[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  [field: string]: unknown;
}
export interface Volume {
  name?: string;
  [field: string]: unknown;
}
export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  [field: string]: unknown;
}
export interface ObjectMeta {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}
export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}
/** The Pod the controller builds: what the comparison reads of it. */
export interface Pod {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

/** config_types.go:31-48, SidecarInjectConfig. */
export interface SidecarInjectConfig {
  mainContainer?: Container;
  csiSidecar?: Container[];
  volume?: Volume[];
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  initContainers?: Container[];
  containers?: Container[];
}

/** A Go string's value: "" when absent. */
export const str = (value: string | undefined): string => value ?? '';

/** pkg/utils/utils.go:191-198, FindContainer: the first container of that name. */
export function findContainer(name: string, containers: readonly Container[] | undefined): Container | undefined {
  return containers?.find((c) => str(c.name) === name);
}

/** Go's append(list, items...): appending nothing leaves the list as it was, nil included. */
export function append<T>(list: readonly T[], items: readonly T[] | undefined): T[];
export function append<T>(list: readonly T[] | undefined, items: readonly T[] | undefined): T[] | undefined;
export function append<T>(list: readonly T[] | undefined, items: readonly T[] | undefined): T[] | undefined {
  if (!items?.length) return list as T[] | undefined;
  return [...(list ?? []), ...items];
}
