// Whether two Pods the controller would build are the same Pod (docs/live-pod.md): compared after the API
// server's defaults, as Go values once stored, which tells a nil pointer from a pointer to a zero value but
// not a zero value from an absent one, nor an empty list or map from none (protobuf storage keeps no such
// difference). Lists keep their order, except volumes, compared as a multiset (their order means nothing to
// the kubelet, and claim volumes make it differ). Quantities compare by amount, as Semantic.DeepEqual
// compares them (apimachinery pkg/api/equality/semantic.go: Quantity.Cmp): `1e3` and `1k` are one amount,
// stored in two spellings.
import { GO_NAMED, GO_STRUCTS } from '../base/core-types.js';
import { SetObjectDefaults_Pod } from './defaults.js';
import { storedAmount } from './quantity.js';
import type { Pod } from './types.js';

/** A Go value with its zero parts taken out, by its Go type. */
function normalised(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return undefined;
  if (type.startsWith('*')) {
    const inner = normalised(value, type.slice(1));
    // A pointer that is there stays there, even to a zero value.
    return inner === undefined ? (typeof value === 'object' ? {} : value) : inner;
  }
  const underlying = GO_NAMED[type] ?? type;
  if (underlying.startsWith('[]')) {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    return value.map((item) => normalised(item, underlying.slice(2)) ?? {});
  }
  const map = /^map\[[^\]]+\](.+)$/.exec(underlying);
  if (map) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return undefined;
    return Object.fromEntries(entries.map(([k, v]) => [k, normalised(v, map[1]!) ?? null]));
  }
  const struct = GO_STRUCTS[type.replace(/^v1\./, 'ApiCoreV1').replace(/^metav1\./, 'ApimachineryPkgApisMetaV1')];
  if (struct) {
    const out: Record<string, unknown> = {};
    for (const [json, fieldType] of struct.fields) {
      const field = normalised((value as Record<string, unknown>)[json], fieldType);
      if (field !== undefined) out[json] = field;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (underlying === 'resource.Quantity' && typeof value === 'string') {
    const amount = storedAmount(value);
    return amount === '0' ? undefined : (amount ?? value);
  }
  if (value === '' || value === 0 || value === false) return undefined;
  return value;
}

/** The Pod as the API server stores it: SetObjectDefaults_Pod on a copy. */
export function withApiServerDefaults(pod: Pod): Pod {
  const copy = structuredClone(pod);
  SetObjectDefaults_Pod(copy.spec);
  return copy;
}

/** A Pod's comparable form: its labels, annotations and spec, defaulted and normalised, volumes sorted. */
function comparable(pod: Pod): Record<string, unknown> {
  const defaulted = withApiServerDefaults(pod);
  const spec = (normalised(defaulted.spec, 'v1.PodSpec') ?? {}) as { volumes?: unknown[] };
  if (spec.volumes) spec.volumes.sort((x, y) => (canonical(x) < canonical(y) ? -1 : 1));
  return {
    labels: normalised(defaulted.metadata.labels, 'map[string]string'),
    annotations: normalised(defaulted.metadata.annotations, 'map[string]string'),
    spec,
  };
}

/** JSON with sorted keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? 'null');
}

/** The first difference between two Pods, said as "<path> would be <b> instead of <a>"; undefined if none. */
export function podDifference(a: Pod, b: Pod): string | undefined {
  return difference(comparable(a), comparable(b), '');
}

function difference(a: unknown, b: unknown, path: string): string | undefined {
  const where = path || 'the Pod';
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const inner = difference(a[i], b[i], `${path}[${i}]`);
      if (inner) return inner;
    }
    return a.length === b.length ? undefined : `${where} would have ${b.length} items instead of ${a.length}`;
  }
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const inner = difference(x[key], y[key], path ? `${path}.${key}` : key);
      if (inner) return inner;
    }
    return undefined;
  }
  if (canonical(a) === canonical(b)) return undefined;
  const show = (v: unknown) => (v === undefined ? 'nothing' : canonical(v).slice(0, 80));
  return `${where} would be ${show(b)} instead of ${show(a)}`;
}
