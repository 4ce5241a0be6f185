// encoding/json's Unmarshal (decode.go, go1.25, the go.mod's toolchain) into the Go types of the shared
// field table (../base/core-types.ts: k8s.io/api v0.35.0), written from Go's rules for each type:
// - object keys match a struct field's JSON name exactly, else by Go's folding (fold.go: ASCII case, and
//   U+017F and U+212A, which fold to s and k), the first field in Go's order winning; with
//   `caseSensitive` (sigs.k8s.io/json, the decoder Kubernetes clients use) only exactly;
// - an unknown key is dropped; a repeated key (or another spelling of it) decodes again into the value the
//   earlier one left: a struct or a map merges, a list merges element by element and takes the later
//   length, a scalar is replaced;
// - null sets a pointer, slice or map to nil, and leaves anything else as it was (so `"a": null` in a
//   map[string]string is "", decoded into a fresh zero value);
// - a number fits an integer type only as an integer literal in range (`9090.0`, `8080e0`, `8.08e3` do
//   not); a type error is remembered (the first one wins) and decoding goes on; an error from an
//   Unmarshaler (IntOrString, Quantity, Time) stops it, and wins over a remembered one;
// - every string, and every key, is well-formed: decode.go's unquoteBytes makes each invalid UTF-8 sequence
//   and each lone surrogate escape U+FFFD (a JavaScript string's lone surrogate is the one such case left);
// - error messages are Go's, with the innermost struct and the path of JSON keys, an embedded struct's Go
//   name included (go1.24 and later): "json: cannot unmarshal number 9090.0 into Go struct field
//   ContainerPort.containers.ports.containerPort of type int32".
// Not modelled: a slice's elements between its length and capacity, which Go reuses when a repeated key
// lengthens a list again (an allocation detail), and an IntOrString's hidden integer behind a string.
//
// A decoded struct is a null-prototype object keyed by JSON names; a nil pointer, slice or map is absent.
import { GO_NAMED, GO_STRUCTS, type GoField } from '../base/core-types.js';
import { GoNumber, GoObject } from './json-text.js';
import { remembered } from '../base/memo.js';
import type { Shared } from './shared.js';
import type { Outcome } from '../base/outcome.js';
import { parseQuantity, quantityText } from './quantity.js';

/** A struct of the reference's own (the injection entry), declared as the table declares core/v1's. */
export interface OwnStruct {
  go: string;
  fields: readonly GoField[];
}

export type GoStruct = Record<string, unknown>;

interface Field {
  json: string;
  type: string;
  embeddedIn: string;
}

interface StructInfo {
  /** The bare Go name, as UnmarshalTypeError.Struct says it. */
  name: string;
  exact: Map<string, Field>;
  folded: Map<string, Field>;
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** fold.go's foldName: ASCII letters to upper case, and the two non-ASCII letters in an ASCII fold set. */
export function foldName(name: string): string {
  let out = '';
  for (const ch of name) {
    if (ch === '\u017f') out += 'S';
    else if (ch === '\u212a') out += 'K';
    else out += ch >= 'a' && ch <= 'z' ? ch.toUpperCase() : ch;
  }
  return out;
}

const LONE_SURROGATE = /\p{Cs}/u;
// Any surrogate, paired or not: a cheaper test that most strings fail, before the one for lone ones.
const SURROGATE = /[\uD800-\uDFFF]/;
/** A string as Go holds it once unquoted: each lone surrogate is U+FFFD (decode.go, unquoteBytes). */
export const wellFormed = (text: string): string =>
  SURROGATE.test(text) && LONE_SURROGATE.test(text) ? text.replace(/\p{Cs}/gu, '\ufffd') : text;

/** How Go's reflect prints a type: meta/v1's package is v1 too. */
const shown = (type: string): string => type.replace(/metav1\./g, 'v1.');

/** The shape of a JSON node, from JSON text (GoNumber, GoObject) or from plain parsed data. */
function nodeKind(node: unknown): 'null' | 'bool' | 'string' | 'number' | 'object' | 'array' {
  if (node === null || node === undefined) return 'null';
  if (typeof node === 'boolean') return 'bool';
  if (typeof node === 'string') return 'string';
  if (node instanceof GoNumber || typeof node === 'number' || typeof node === 'bigint') return 'number';
  if (Array.isArray(node)) return 'array';
  return 'object';
}

const numberText = (node: unknown): string =>
  node instanceof GoNumber ? node.text : typeof node === 'number' && !Number.isFinite(node) ? 'null' : String(node);

/**
 * An object node's pairs in order (a GoObject's as read, a plain node's own keys), to `visit` until it
 * returns false. A plain node's keys are walked with for-in: Object.entries' arrays, and for-of's steps,
 * were a tenth of what a run allocated, in code V8 has not optimized yet (most of a run's).
 */
function forEachPair(node: unknown, visit: (key: string, value: unknown) => boolean): void {
  if (node instanceof GoObject) {
    for (let i = 0; i < node.pairs.length; i++) if (!visit(node.pairs[i]![0], node.pairs[i]![1])) return;
    return;
  }
  const object = node as Record<string, unknown>;
  for (const key in object) if (Object.hasOwn(object, key) && !visit(key, object[key])) return;
}

/** A JSON node as plain data (a value Go keeps whole): iterative, so depth costs no stack. */
export function plainOf(node: unknown): unknown {
  const root: { value?: unknown } = {};
  const work: [unknown, Record<string | number, unknown>, string | number][] = [[node, root, 'value']];
  while (work.length) {
    const [n, into, key] = work.pop()!;
    const kind = nodeKind(n);
    if (kind === 'array') {
      const out: unknown[] = [];
      into[key] = out;
      (n as unknown[]).forEach((item, i) => work.push([item, out as unknown as Record<number, unknown>, i]));
    } else if (kind === 'object') {
      const out: Record<string, unknown> = Object.create(null);
      into[key] = out;
      forEachPair(n, (k, v) => {
        work.push([v, out, wellFormed(k)]);
        return true;
      });
    } else if (kind === 'number') into[key] = Number(numberText(n));
    else if (kind === 'string') into[key] = wellFormed(n as string);
    else into[key] = n ?? null;
  }
  return root.value;
}

/** How a value of a Go type decodes: the type's rule, worked out once per decoder from its name. */
type Rule =
  | { kind: 'pointer'; to: string }
  | { kind: 'unmarshaler'; unmarshal: Unmarshaler }
  | { kind: 'slice'; of: string }
  | { kind: 'map'; of: string }
  | { kind: 'struct'; info: StructInfo }
  | { kind: 'plain' }
  | { kind: 'scalar'; underlying: string };

/** A Go decoder over the table's types and the caller's own structs; its struct lookups and rules are kept. */
export class GoDecoder {
  private readonly infos = new Map<string, StructInfo>();
  private readonly rules = new Map<string, Rule>();

  /**
   * `sharing`: where a slice item of one of `types` that is a shared node (./shared.ts) keeps its Go value,
   * decoded once per run and shared too.
   */
  constructor(
    private readonly own: Readonly<Record<string, OwnStruct>> = {},
    private readonly caseSensitive = false,
    readonly sharing?: { shared: Shared; types: ReadonlySet<string> },
  ) {}

  /** Unmarshal of a JSON node (from readJsonText, or plain data) into the Go type `type`. */
  decode(node: unknown, type: string): Outcome<unknown, string> {
    const run = new Run(this, this.caseSensitive);
    const value = run.value(undefined, node, type);
    if (run.fatal !== undefined) return { ok: false, error: run.fatal };
    if (run.saved !== undefined) return { ok: false, error: run.saved };
    return { ok: true, value };
  }

  /** The rule a value of a Go type decodes by. */
  rule(type: string): Rule {
    return remembered(this.rules, type, () => this.ruleOf(type));
  }

  private ruleOf(type: string): Rule {
    if (type.startsWith('*')) return { kind: 'pointer', to: type.slice(1) };
    const unmarshal = UNMARSHALERS[type];
    if (unmarshal) return { kind: 'unmarshaler', unmarshal };
    const underlying = GO_NAMED[type] ?? OTHER_NAMED[type] ?? type;
    if (underlying.startsWith('[]')) return { kind: 'slice', of: underlying.slice(2) };
    const map = /^map\[[^\]]+\](.+)$/.exec(underlying);
    if (map) return { kind: 'map', of: map[1]! };
    const info = this.struct(type);
    if (info) return { kind: 'struct', info };
    // A struct of the Go types that kubernetes-models no longer has (scripts/core-types.mjs lists them).
    if (/^(v1|metav1)\.[A-Z]/.test(underlying)) return { kind: 'plain' };
    return { kind: 'scalar', underlying };
  }

  /** The struct a Go type names (`v1.Container`, `metav1.ObjectMeta`, or one of the caller's), if any. */
  struct(type: string): StructInfo | undefined {
    const known = this.infos.get(type);
    if (known) return known;
    const own = this.own[type];
    const key = type.replace(/^v1\./, 'ApiCoreV1').replace(/^metav1\./, 'ApimachineryPkgApisMetaV1');
    const declared = own ?? GO_STRUCTS[key];
    if (!declared) return undefined;
    const info: StructInfo = { name: declared.go.replace(/^\w+\./, ''), exact: new Map(), folded: new Map() };
    for (const [json, goType, embeddedIn] of declared.fields) {
      const field = { json, type: goType, embeddedIn };
      info.exact.set(json, field);
      // The first field of a folded name wins (Go's fields are in index order).
      if (!info.folded.has(foldName(json))) info.folded.set(foldName(json), field);
    }
    this.infos.set(type, info);
    return info;
  }
}

/** One Unmarshal: its remembered and fatal errors, and the error context (decode.go's errorContext). */
class Run {
  saved: string | undefined;
  fatal: string | undefined;
  private readonly stack: string[] = [];
  private struct = '';

  constructor(
    private readonly decoder: GoDecoder,
    private readonly caseSensitive: boolean,
  ) {}

  /** An UnmarshalTypeError, with the context of the field being decoded. */
  private typeError(value: string, type: string): string {
    if (!this.struct && !this.stack.length)
      return `json: cannot unmarshal ${value} into Go value of type ${shown(type)}`;
    const field = `${this.struct}.${this.stack.join('.')}`;
    return `json: cannot unmarshal ${value} into Go struct field ${field} of type ${shown(type)}`;
  }

  private save(value: string, type: string): void {
    this.saved ??= this.typeError(value, type);
  }

  /** Decodes `node` into a Go value of `type` that was `prev` (undefined: zero or nil); returns the new value. */
  value(prev: unknown, node: unknown, type: string): unknown {
    if (this.fatal !== undefined) return prev;
    const kind = nodeKind(node);
    const rule = this.decoder.rule(type);
    switch (rule.kind) {
      case 'pointer':
        // A pointer: null makes it nil; anything else decodes into what it points at, made if nil.
        return kind === 'null' ? undefined : this.value(prev, node, rule.to);
      case 'unmarshaler': {
        const result = rule.unmarshal(prev, node);
        if (result.ok) return result.value;
        // An error from UnmarshalJSON ends the decoding; a type error gets the context (addErrorContext).
        this.fatal = result.error.startsWith('json: cannot unmarshal ')
          ? this.typeError(...parseTypeError(result.error))
          : result.error;
        return prev;
      }
      case 'slice':
        return this.slice(prev, node, kind, type, rule.of);
      case 'map':
        return this.map(prev, node, kind, type, rule.of);
      case 'struct':
        return this.object(prev, node, kind, type, rule.info);
      case 'plain':
        return plainOf(node);
      case 'scalar':
        return this.scalar(prev, node, kind, type, rule.underlying);
    }
  }

  private slice(prev: unknown, node: unknown, kind: string, type: string, element: string): unknown {
    if (kind === 'null') return undefined;
    if (kind !== 'array') {
      this.save(kind === 'object' ? 'object' : kind, type);
      return prev;
    }
    const items = node as unknown[];
    // An empty JSON array replaces the slice with a new empty one; otherwise elements decode into the
    // earlier slice's, and the slice takes the new length (decode.go's array).
    if (items.length === 0) return [];
    const before = Array.isArray(prev) ? prev : [];
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      // A null element of a fresh slice is its zero value: an empty struct, "", 0, or nil (decode.go's array).
      const decoded = before[i] === undefined ? this.item(items[i], element) : this.value(before[i], items[i], element);
      out.push(decoded === undefined ? this.zero(element) : decoded);
    }
    return out;
  }

  /** A slice item decoded into a fresh value; a shared node's, decoded without an error, is kept for the run. */
  private item(node: unknown, element: string): unknown {
    const sharing = this.decoder.sharing;
    if (sharing === undefined || !sharing.types.has(element) || !sharing.shared.has(node))
      return this.value(undefined, node, element);
    const kept = sharing.shared.kept(`decode ${element}`);
    if (kept.has(node)) return kept.get(node);
    const decoded = this.value(undefined, node, element);
    if (this.saved === undefined && this.fatal === undefined && decoded !== undefined)
      kept.set(node, sharing.shared.mark(decoded));
    return decoded;
  }

  /** The zero value of a type: "" for a string, 0 for a number, false for a bool, {} for a struct, else nil. */
  private zero(type: string): unknown {
    const underlying = GO_NAMED[type] ?? OTHER_NAMED[type] ?? type;
    if (underlying === 'string') return '';
    if (underlying === 'bool') return false;
    if (INT_RANGES[underlying] || type === 'intstr.IntOrString') return 0;
    // A zero Quantity is written "0" (quantity.go CanonicalizeBytes).
    if (type === 'resource.Quantity') return '0';
    if (!type.startsWith('*') && this.decoder.struct(type)) return Object.create(null);
    return undefined;
  }

  private map(prev: unknown, node: unknown, kind: string, type: string, element: string): unknown {
    if (kind === 'null') return undefined;
    if (kind !== 'object') {
      this.save(kind, type);
      return prev;
    }
    // The map is kept with its entries; each value decodes into a fresh zero value.
    const out: Record<string, unknown> = Object.create(null);
    if (prev && typeof prev === 'object') Object.assign(out, prev);
    forEachPair(node, (key, value) => {
      const decoded = this.value(undefined, value, element);
      out[wellFormed(key)] = decoded === undefined ? (this.zero(element) ?? null) : decoded;
      return this.fatal === undefined;
    });
    return out;
  }

  private object(prev: unknown, node: unknown, kind: string, type: string, struct: StructInfo): unknown {
    if (kind === 'null') return prev;
    if (kind !== 'object') {
      this.save(kind === 'number' ? 'number' : kind, type);
      return prev;
    }
    const out: GoStruct = Object.create(null);
    if (prev && typeof prev === 'object') Object.assign(out, prev);
    const depth = this.stack.length;
    const outer = this.struct;
    forEachPair(node, (written, value) => {
      const key = wellFormed(written);
      const field = struct.exact.get(key) ?? (this.caseSensitive ? undefined : struct.folded.get(foldName(key)));
      if (!field) return true;
      if (field.embeddedIn) this.stack.push(field.embeddedIn);
      this.stack.push(field.json);
      this.struct = struct.name;
      const decoded = this.value(out[field.json], value, field.type);
      if (this.fatal !== undefined) return false;
      if (decoded === undefined) delete out[field.json];
      else out[field.json] = decoded;
      this.stack.length = depth;
      this.struct = outer;
      return true;
    });
    return out;
  }

  private scalar(prev: unknown, node: unknown, kind: string, type: string, underlying: string): unknown {
    if (kind === 'null') return prev;
    if (underlying === 'string') {
      if (kind === 'string') return wellFormed(node as string);
    } else if (underlying === 'bool') {
      if (kind === 'bool') return node;
    } else if (INT_RANGES[underlying]) {
      if (kind === 'number') {
        const text = numberText(node);
        const [min, max] = INT_RANGES[underlying];
        const n = /^-?\d+$/.test(text) ? BigInt(text) : undefined;
        if (n === undefined || n < min || n > max) {
          this.save(`number ${text}`, type);
          return prev;
        }
        return Number.isSafeInteger(Number(n)) ? Number(n) : n;
      }
    } else throw new Error(`the reference decoder has no rule for the Go type ${type}`);
    this.save(kind, type);
    return prev;
  }
}

/** An inner Unmarshal's UnmarshalTypeError message, back into its value description and type. */
function parseTypeError(message: string): [string, string] {
  // "json: cannot unmarshal <value> into Go value of type <type>", split at the last " into Go value".
  const start = 'json: cannot unmarshal '.length;
  const middle = ' into Go value of type ';
  const at = message.lastIndexOf(middle);
  return [message.slice(start, at), message.slice(at + middle.length)];
}

type Unmarshaler = (prev: unknown, node: unknown) => Outcome<unknown, string>;

/** The text UnmarshalJSON receives for a node: its JSON literal, or for a composite its kind. */
function innerUnmarshal(node: unknown, type: 'int32' | 'string'): Outcome<unknown, string> {
  const kind = nodeKind(node);
  if (kind === 'null') return { ok: true, value: undefined };
  if (type === 'string' && kind === 'string') return { ok: true, value: wellFormed(node as string) };
  if (type === 'int32' && kind === 'number') {
    const text = numberText(node);
    const n = /^-?\d+$/.test(text) ? BigInt(text) : undefined;
    if (n !== undefined && n >= -(2n ** 31n) && n < 2n ** 31n) return { ok: true, value: Number(n) };
    return { ok: false, error: `json: cannot unmarshal number ${text} into Go value of type ${type}` };
  }
  return { ok: false, error: `json: cannot unmarshal ${kind} into Go value of type ${type}` };
}

const UNMARSHALERS: Record<string, Unmarshaler> = {
  // intstr.go's UnmarshalJSON: a quoted value is the string; anything else is read as an int32 (null
  // leaves the integer as it was, and makes the value an integer).
  'intstr.IntOrString': (prev, node) => {
    if (nodeKind(node) === 'string') return { ok: true, value: wellFormed(node as string) };
    const inner = innerUnmarshal(node, 'int32');
    if (!inner.ok) return inner;
    return { ok: true, value: inner.value ?? (typeof prev === 'number' ? prev : 0) };
  },
  // quantity.go:733-752, UnmarshalJSON: null is the zero Quantity; a string or number literal, trimmed, must
  // parse. The Quantity is kept as the text its MarshalJSON writes back: what the API server then receives.
  'resource.Quantity': (_prev, node) => {
    const kind = nodeKind(node);
    if (kind === 'null') return { ok: true, value: undefined };
    const text = kind === 'string' ? wellFormed(node as string) : kind === 'number' ? numberText(node) : kind;
    const parsed = parseQuantity(goTrimSpace(text));
    return parsed.ok ? { ok: true, value: quantityText(parsed.value) } : parsed;
  },
  // time.go's UnmarshalJSON: null is the zero Time; otherwise a string in RFC 3339.
  'metav1.Time': (_prev, node) => {
    const inner = innerUnmarshal(node, 'string');
    if (!inner.ok || inner.value === undefined) return inner;
    const text = inner.value as string;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text))
      return { ok: false, error: `parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05Z07:00": cannot parse` };
    return { ok: true, value: text };
  },
  // fieldsv1 keeps its raw JSON.
  'metav1.FieldsV1': (_prev, node) => ({ ok: true, value: plainOf(node) }),
};

/** Named types from outside the table's packages. */
const OTHER_NAMED: Record<string, string> = { 'types.UID': 'string' };

/** strings.TrimSpace: unicode.IsSpace at both ends (U+0085 is one; U+FEFF, which String.trim drops, is not). */
function goTrimSpace(text: string): string {
  const space = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;
  let [start, end] = [0, text.length];
  while (start < end && space.test(text[start]!)) start++;
  while (end > start && space.test(text[end - 1]!)) end--;
  return text.slice(start, end);
}
