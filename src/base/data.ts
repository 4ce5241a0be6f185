// Plain data as read from YAML or JSON: paths into it, and the few operations every stage needs.

/** A path into plain data: mapping keys and list indices. */
export type Path = readonly (string | number)[];

/** A mapping as YAML data has them: an object of no class (not a list, not a date). */
export function isPlainMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
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
    if (key === '__proto__')
      Object.defineProperty(copy, key, { value: item, writable: true, enumerable: true, configurable: true });
    else copy[key] = item;
  }
  return copy as T;
}

/** An object's name field, as lists of containers, env vars, mounts and volumes key their items. */
export const nameOf = (value: unknown): unknown => (value as { name?: unknown } | null)?.name;

/** The value at a path in plain data, or undefined where the path leads nowhere. */
export function valueAt(value: unknown, path: Path): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
