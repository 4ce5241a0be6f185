// Whether two Pods the controller would build are the same Pod (docs/live-pod.md): compared after the API
// server's defaults, as Go values once stored, which tells a nil pointer from a pointer to a zero value but
// not a zero value from an absent one, nor an empty list or map from none (protobuf storage keeps no such
// difference). Lists keep their order, except volumes, compared as a multiset (their order means nothing to
// the kubelet, and claim volumes make it differ). Quantities compare by amount, as Semantic.DeepEqual
// compares them (apimachinery pkg/api/equality/semantic.go: Quantity.Cmp): `1e3` and `1k` are one amount,
// stored in two spellings.
import { GO_NAMED, GO_STRUCTS } from '../base/core-types.js';
import { SetObjectDefaults_Pod } from './defaults.js';
import { copied, Shared } from './shared.js';
import { storedAmount } from './quantity.js';
import type { Pod } from './types.js';

/** What normalising a value of a Go type does: the type's shape, worked out once from the table. */
type Shape =
  | { kind: 'pointer'; to: string }
  | { kind: 'slice'; of: string }
  | { kind: 'map'; of: string }
  | { kind: 'struct'; fields: ReadonlyMap<string, string> }
  | { kind: 'quantity' }
  | { kind: 'scalar' };

function shapeOf(type: string): Shape {
  if (type.startsWith('*')) return { kind: 'pointer', to: type.slice(1) };
  const underlying = GO_NAMED[type] ?? type;
  if (underlying.startsWith('[]')) return { kind: 'slice', of: underlying.slice(2) };
  const map = /^map\[[^\]]+\](.+)$/.exec(underlying);
  if (map) return { kind: 'map', of: map[1]! };
  const struct = GO_STRUCTS[type.replace(/^v1\./, 'ApiCoreV1').replace(/^metav1\./, 'ApimachineryPkgApisMetaV1')];
  if (struct) return { kind: 'struct', fields: new Map(struct.fields.map(([json, fieldType]) => [json, fieldType])) };
  return underlying === 'resource.Quantity' ? { kind: 'quantity' } : { kind: 'scalar' };
}

/** The shapes of every type a Pod holds: a constant, made when the module loads. */
const SHAPES: ReadonlyMap<string, Shape> = (() => {
  const shapes = new Map<string, Shape>();
  const visit = (type: string) => {
    if (shapes.has(type)) return;
    const shape = shapeOf(type);
    shapes.set(type, shape);
    if (shape.kind === 'pointer') visit(shape.to);
    else if (shape.kind === 'slice' || shape.kind === 'map') visit(shape.of);
    else if (shape.kind === 'struct') for (const fieldType of shape.fields.values()) visit(fieldType);
  };
  for (const root of ['v1.PodSpec', 'map[string]string']) visit(root);
  return shapes;
})();

/** A Go value with its zero parts taken out, by its Go type. */
function normalised(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = SHAPES.get(type) ?? shapeOf(type);
  switch (shape.kind) {
    case 'pointer': {
      const inner = normalised(value, shape.to);
      // A pointer that is there stays there, even to a zero value.
      return inner === undefined ? (typeof value === 'object' ? {} : value) : inner;
    }
    case 'slice':
      if (!Array.isArray(value) || value.length === 0) return undefined;
      return value.map((item) => normalised(item, shape.of) ?? {});
    // The loops are for-in, over own keys, as in difference below.
    case 'map': {
      const out: Record<string, unknown> = {};
      let entries = 0;
      for (const key in value as object) {
        if (!Object.hasOwn(value as object, key)) continue;
        out[key] = normalised((value as Record<string, unknown>)[key], shape.of) ?? null;
        entries++;
      }
      return entries ? out : undefined;
    }
    case 'struct': {
      // The value's own keys, each a field of the struct (a decoded value has no others).
      const out: Record<string, unknown> = {};
      let fields = 0;
      for (const json in value as object) {
        if (!Object.hasOwn(value as object, json)) continue;
        const fieldType = shape.fields.get(json);
        if (fieldType === undefined) continue;
        const field = normalised((value as Record<string, unknown>)[json], fieldType);
        if (field === undefined) continue;
        out[json] = field;
        fields++;
      }
      return fields ? out : undefined;
    }
    case 'quantity':
      if (typeof value === 'string') {
        const amount = storedAmount(value);
        return amount === '0' ? undefined : (amount ?? value);
      }
  }
  if (value === '' || value === 0 || value === false) return undefined;
  return value;
}

/** The Pod as the API server stores it: SetObjectDefaults_Pod on a copy. */
export function withApiServerDefaults(pod: Pod): Pod {
  const copy = copied(pod) as Pod;
  SetObjectDefaults_Pod(copy.spec);
  return copy;
}

/** The lists of a PodSpec whose items SetObjectDefaults_Pod defaults each on its own, given hostNetwork. */
const ITEM_LISTS: ReadonlySet<string> = new Set(['containers', 'initContainers', 'ephemeralContainers', 'volumes']);

/** Shared.of's purposes for an item's form, by list, without and with hostNetwork: not a new string per item. */
const FORM_PURPOSES: ReadonlyMap<string, readonly [string, string]> = new Map(
  [...ITEM_LISTS].map((list) => [list, [`form ${list} false`, `form ${list} true`]]),
);

const POD_SPEC = SHAPES.get('v1.PodSpec') as Extract<Shape, { kind: 'struct' }>;

/** The Go type of a PodSpec list's items: `v1.Container` for `containers`. */
const itemType = (list: string): string => (SHAPES.get(POD_SPEC.fields.get(list)!) as { of: string }).of;

/** One list item in the form Pods are compared in, and (volumes are sorted by it) its canonical text. */
interface ItemForm {
  form: unknown;
  canonical: string;
}

/** An item defaulted as SetObjectDefaults_Pod defaults it in its list, then normalised. */
function itemForm(list: string, item: unknown, hostNetwork: boolean): ItemForm {
  const spec: Record<string, unknown> = { hostNetwork, [list]: [copied(item)] };
  SetObjectDefaults_Pod(spec as Pod['spec']);
  const form = normalised((spec[list] as unknown[])[0], itemType(list)) ?? {};
  return { form, canonical: list === 'volumes' ? canonical(form) : '' };
}

/**
 * A Pod's comparable form: its labels, annotations and spec, defaulted and normalised, volumes sorted. The
 * spec's fields are defaulted without the lists' items, and each item on its own, as SetObjectDefaults_Pod
 * defaults each one whatever the others are: a shared item's form is made once per run (./shared.ts).
 */
function comparable(pod: Pod, shared: Shared): Record<string, unknown> {
  const source = pod.spec as Record<string, unknown>;
  const rest: Record<string, unknown> = Object.create(null);
  for (const key in source) if (Object.hasOwn(source, key)) rest[key] = ITEM_LISTS.has(key) ? [] : copied(source[key]);
  SetObjectDefaults_Pod(rest as Pod['spec']);
  const hostNetwork = source.hostNetwork === true;
  const formOf = (list: string, item: unknown) =>
    shared.of(FORM_PURPOSES.get(list)![hostNetwork ? 1 : 0], item, () => itemForm(list, item, hostNetwork));
  // normalised's struct case, with the lists' items' forms: the fields keep their order.
  const spec: Record<string, unknown> = {};
  for (const key in rest) {
    const type = POD_SPEC.fields.get(key);
    if (type === undefined) continue;
    const items = source[key];
    const field = !ITEM_LISTS.has(key)
      ? normalised(rest[key], type)
      : Array.isArray(items) && items.length
        ? sortedForms(
            key,
            items.map((item) => formOf(key, item)),
          )
        : undefined;
    if (field !== undefined) spec[key] = field;
  }
  return {
    labels: normalised(pod.metadata.labels, 'map[string]string'),
    annotations: normalised(pod.metadata.annotations, 'map[string]string'),
    spec,
  };
}

/** A list's item forms; volumes sorted by their canonical text (their order means nothing to the kubelet). */
function sortedForms(list: string, items: ItemForm[]): unknown[] {
  if (list === 'volumes') items.sort((x, y) => (x.canonical < y.canonical ? -1 : x.canonical > y.canonical ? 1 : 0));
  return items.map((item) => item.form);
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

/** Whether two decoded values (two entries, say) are one Go value: the same fields, each the same. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** A Pod in the form Pods are compared in: made once, for a Pod compared with several others. */
export class ComparedPod {
  readonly form: Record<string, unknown>;
  constructor(pod: Pod, shared = new Shared()) {
    this.form = comparable(pod, shared);
  }
}

/**
 * The first difference between two Pods, said as "<path> would be <b> instead of <a>"; undefined if none.
 * `shared`: the run's (ControllerModel.shared), where the Pods are the model's.
 */
export function podDifference(a: Pod | ComparedPod, b: Pod | ComparedPod, shared = new Shared()): string | undefined {
  const formOf = (pod: Pod | ComparedPod) => (pod instanceof ComparedPod ? pod.form : comparable(pod, shared));
  const found = difference(formOf(a), formOf(b));
  return found && found.message(pathOf(found.at) || 'the Pod');
}

/** Where two forms first differ, and how, said once the path is known. */
interface Difference {
  at: (string | number)[];
  message: (where: string) => string;
}

const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

// Two Pods compared are mostly the same, so the walk makes no path on the way down: only a difference
// found gets one, on the way back up.
function difference(a: unknown, b: unknown): Difference | undefined {
  if (a === b) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const inner = difference(a[i], b[i]);
      if (inner) return (inner.at.unshift(i), inner);
    }
    if (a.length === b.length) return undefined;
    return { at: [], message: (where) => `${where} would have ${b.length} items instead of ${a.length}` };
  }
  if (isObject(a) && isObject(b)) {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    // for-in over own keys (what Object.keys gives): unlike Object.keys and for-of, it allocates nothing
    // per object in code V8 has not optimized yet, which is most of a run's.
    for (const key in x) {
      if (!Object.hasOwn(x, key)) continue;
      const inner = difference(x[key], y[key]);
      if (inner) return (inner.at.unshift(key), inner);
    }
    for (const key in y) {
      if (!Object.hasOwn(y, key) || Object.hasOwn(x, key)) continue;
      const inner = difference(undefined, y[key]);
      if (inner) return (inner.at.unshift(key), inner);
    }
    return undefined;
  }
  if (canonical(a) === canonical(b)) return undefined;
  const show = (v: unknown) => (v === undefined ? 'nothing' : canonical(v).slice(0, 80));
  return { at: [], message: (where) => `${where} would be ${show(b)} instead of ${show(a)}` };
}

/** A path as the messages say it: `spec.containers[0].env`. */
const pathOf = (at: readonly (string | number)[]): string =>
  at.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key), '');
