// encoding/json's Marshal (encode.go, go1.25) of the Go values ./go-decode.ts makes, for what the
// controller serialises itself: traffic-proxy's ISTIO_KUBE_APP_PROBERS value. Fields in Go's order,
// omitempty honoured, map keys sorted, strings with Go's escaping (HTML characters and U+2028/U+2029 as
// \u escapes, control characters as \b \f \n \r \t or \u00XX).
import { GO_NAMED, GO_STRUCTS } from '../base/core-types.js';
import type { OwnStruct } from './go-decode.js';

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A Go string as Marshal writes it (HTML-escaped, as json.Marshal always is). */
export function goString(value: string): string {
  let out = '"';
  for (const c of value) {
    const escape = ESCAPES[c];
    if (escape !== undefined) out += escape;
    else if (c < ' ') out += `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

/** Go's omitempty: false, 0, "", a nil pointer, and an empty slice or map are left out. */
function isEmpty(value: unknown, type: string): boolean {
  if (value === undefined || value === null) return true;
  if (type.startsWith('*')) return false;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return (GO_NAMED[type] ?? type).startsWith('map[') && Object.keys(value).length === 0;
  return value === '' || value === 0 || value === false;
}

/**
 * encode.go's mapEncoder sorts keys with strings.Compare, by their UTF-8 bytes: code point order, which is not
 * the order of UTF-16 code units that `<` compares (U+FF21 comes before U+1F600 in Go, after it in JavaScript).
 */
function compareUtf8(a: string, b: string): number {
  const [x, y] = [[...a], [...b]];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Marshal of `value` as the Go type `type`. */
export function goMarshal(value: unknown, type: string, own: Readonly<Record<string, OwnStruct>> = {}): string {
  if (type.startsWith('*'))
    return value === undefined || value === null ? 'null' : goMarshal(value, type.slice(1), own);
  const underlying = GO_NAMED[type] ?? type;
  if (underlying.startsWith('[]')) {
    if (!Array.isArray(value)) return 'null';
    return `[${value.map((v) => goMarshal(v, underlying.slice(2), own)).join(',')}]`;
  }
  const map = /^map\[[^\]]+\](.+)$/.exec(underlying);
  if (map) {
    if (value === undefined || value === null) return 'null';
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareUtf8(a, b));
    return `{${entries.map(([k, v]) => `${goString(k)}:${goMarshal(v, map[1]!, own)}`).join(',')}}`;
  }
  const key = type.replace(/^v1\./, 'ApiCoreV1').replace(/^metav1\./, 'ApimachineryPkgApisMetaV1');
  const struct = own[type] ?? GO_STRUCTS[key];
  if (struct) {
    const object = (value ?? {}) as Record<string, unknown>;
    const parts: string[] = [];
    for (const [json, fieldType, , omitempty] of struct.fields) {
      const field = object[json];
      if (omitempty && isEmpty(field, fieldType)) continue;
      parts.push(`${goString(json)}:${goMarshal(field, fieldType, own)}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  // A zero value never set: Go writes the type's zero.
  if (underlying === 'string' || underlying === 'resource.Quantity') return '""';
  if (underlying === 'bool') return 'false';
  return '0';
}
