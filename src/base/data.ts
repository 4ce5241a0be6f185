// Plain data as read from YAML or JSON: paths into it, and the few operations every stage needs.

/** A path into plain data: mapping keys and list indices. */
export type Path = readonly (string | number)[];

/** A mapping as YAML data has them: an object of no class (not a list, not a date). */
export function isPlainMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Sets a key of an object as plain data: a key such as __proto__ becomes an own key, not the prototype. */
export function setData(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * A deep copy of data read from YAML, as structuredClone makes it, at a fraction of its cost for the
 * plain objects, lists and scalars that manifests hold; anything else (a 1.1 timestamp) is cloned.
 */
export function copyData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (!isPlainMapping(value)) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyData((value as Record<string, unknown>)[key]);
    // An own __proto__ key (YAML data may have one) stays data, as structuredClone keeps it.
    if (key === '__proto__') setData(copy, key, item);
    else copy[key] = item;
  }
  return copy as T;
}

/** An object's name field, as lists of containers, env vars, mounts and volumes key their items. */
export const nameOf = (value: unknown): unknown => (value as { name?: unknown } | null)?.name;

/** The value at a path in plain data, or undefined where it leads nowhere (own keys only: `constructor` is data). */
export function valueAt(value: unknown, path: Path): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * Edits plain data in place: the operations the runtime rules use (runtimes/pod.ts), on data of their
 * own. Missing parents are created as the controller's Go code creates them (a nil slice appended to,
 * a nil map set into).
 */
export class PlainEditor {
  /** @param copyAppended copy values as they are appended: later edits never reach the caller's (frozen) objects */
  constructor(
    readonly data: Record<string, unknown>,
    private readonly copyAppended = false,
  ) {}

  get(path: Path): unknown {
    return valueAt(this.data, path);
  }

  /** The list at path, or an empty one. */
  list(path: Path): Record<string, unknown>[] {
    const value = this.get(path);
    return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  }

  append(path: Path, values: readonly unknown[]): void {
    if (values.length) {
      const list = this.ensure(path, () => []) as unknown[];
      list.push(...(this.copyAppended ? values.map(copyData) : values));
    }
  }

  /** Adds values at the start of the list at path, which exists. */
  prepend(path: Path, values: readonly unknown[]): void {
    (this.get(path) as unknown[]).unshift(...values);
  }

  set(path: Path, value: unknown): void {
    setData(this.ensure(path.slice(0, -1), () => ({})) as object, path[path.length - 1]!, value);
  }

  private ensure(path: Path, make: () => unknown): unknown {
    let node = this.data as Record<string | number, unknown>;
    path.forEach((key, i) => {
      const next = node[key];
      if (next === undefined || next === null) node[key] = i === path.length - 1 ? make() : {};
      node = node[key] as Record<string | number, unknown>;
    });
    return node;
  }
}

/**
 * JSON with every mapping's keys sorted, so that key order does not count. `cache`, if given, keeps
 * and gives the text of objects it is asked about (the Hasher keeps frozen entries' texts).
 */
export function canonicalJson(
  value: unknown,
  cache?: { get(o: object): string | undefined; set(o: object, t: string): void },
): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  const known = cache?.get(value);
  if (known !== undefined) return known;
  const text = Array.isArray(value)
    ? `[${value.map((v) => canonicalJson(v, cache)).join(',')}]`
    : `{${Object.keys(value)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], cache)}`)
        .join(',')}}`;
  cache?.set(value, text);
  return text;
}

/**
 * A value without its keys that hold an empty list or mapping (at any depth), and with `nulls` also
 * without those that hold null or nothing, as Go's omitempty writes a Pod: what two values are, beside how
 * their keys were left.
 */
export function withoutEmpty(value: unknown, nulls = false): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutEmpty(item, nulls));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const kept = withoutEmpty(inner, nulls);
    if (nulls && (kept === undefined || kept === null)) continue;
    if (kept !== null && typeof kept === 'object' && Object.keys(kept).length === 0) continue;
    out[key] = kept;
  }
  return out;
}
