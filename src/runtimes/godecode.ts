// Go's encoding/json decoding of a JSON value into a Go struct, as the controller decodes an injection
// config entry (docs/config.md), over the core/v1 fields of ./core-types.ts:
// - a key matches a struct field by its exact JSON name, else case-insensitively (Go's simple folding);
// - a key no field has is dropped (and reported here, with its path);
// - map keys are kept as written, and map values decoded by their type;
// - a key given again (a duplicate, or another spelling of the same field) is decoded into the value
//   the earlier one left: scalars replaced, structs and maps merged (a map's values replaced per key),
//   lists merged element by element then cut to the later length, a later null clearing a list, a map or
//   a struct (Go pointers) and leaving a scalar as it was.
// Values of the wrong JSON type are kept as written, for the schema check to name (./schema.ts).
import type { Node } from 'jsonc-parser';
import { GO_NAMED, GO_STRUCTS, type GoField } from '../base/core-types.js';
import { loadCoreTypes, loadParseTree } from './models.js';
import { setData } from '../base/data.js';

/** A JSON object read with every key it has, duplicates included, in document order. */
export class JsonPairs {
  constructor(readonly pairs: [string, unknown][]) {}
}

/**
 * A field's type: 's' a scalar, '*' kept whole, '[]T' a list, '{}T' a map, or a struct, by its name
 * in `structs` ('=T' for a struct held by value, not by pointer: a later null leaves it as it was).
 */
export type GoType = string;
export type Structs = Readonly<Record<string, Readonly<Record<string, GoType>>>>;

export interface GoDecoded {
  value: unknown;
  /**
   * The keys Go drops, each with its path as written (`csiSidecar[0].imagePullPolicyy`, or
   * `MainContainer.Env[0].valu`), so that it points at the key in the source.
   */
  dropped: (string | number)[][];
}

/**
 * Decodes `doc` (plain JSON values, or JsonPairs objects where keys may repeat) as Go decodes it into
 * `type`. With `keepUnknown`, dropped keys stay in the value as written (the last of each), so that a
 * later decode reports them.
 */
export function goDecode(
  doc: unknown,
  type: GoType,
  extra: Structs = {},
  options: { keepUnknown?: boolean } = {},
): GoDecoded {
  const structs: Structs = { ...loadCoreTypes(), ...extra };
  // A document of plain values is kept as it is below the fields Go decodes (however deep it goes).
  const plain = hasPairs(doc) ? plainCopy : (value: unknown) => value;
  const dropped: (string | number)[][] = [];
  const fold = new Map<string, Map<string, string>>();
  const fieldOf = (struct: string, key: string): string | undefined => {
    const fields = structs[struct]!;
    if (Object.hasOwn(fields, key)) return key;
    let folded = fold.get(struct);
    if (!folded) {
      folded = new Map();
      // The first field of a folded name wins, as Go's dominant field does.
      for (const name of Object.keys(fields)) if (!folded.has(foldName(name))) folded.set(foldName(name), name);
      fold.set(struct, folded);
    }
    return folded.get(foldName(key));
  };

  /**
   * `value` decoded into what an earlier occurrence left (`prev`); undefined is a field Go leaves nil or
   * at a zero value it does not write (omitempty), which the output then does not hold. `go` is the value's
   * Go type where the shared field table declares it, and `alwaysWritten` says that Go writes the field even
   * at its zero value: what a null becomes depends on both.
   */
  const into = (
    prev: unknown,
    value: unknown,
    type: GoType,
    path: (string | number)[],
    go?: string,
    alwaysWritten = false,
  ): unknown => {
    // decode.go, literalStore: null sets a pointer (`*int64`, `*ContainerRestartPolicy`), slice or map to nil,
    // and leaves anything else as it was: a scalar of a field Go always writes (no omitempty, no pointer) is
    // then its zero value, written out, so that the output holds what Go's Pod holds (`sleep: {seconds: 0}`).
    if (value === null) {
      if (type === '*') return null;
      if (type === 's' && go?.startsWith('*')) return undefined;
      if (type === 's') return prev ?? (alwaysWritten ? zeroOf('s', go) : undefined);
      return type.startsWith('=') ? prev : undefined;
    }
    if (type === 's')
      return go !== undefined && isQuantity(go) && typeof value === 'string' ? value.trim() : plain(value);
    if (type.startsWith('=')) type = type.slice(1);
    if (type === '*') return plain(value);
    if (type.startsWith('[]')) {
      if (!Array.isArray(value)) return plain(value);
      const before = Array.isArray(prev) ? prev : [];
      const element = elementType(go, /^\[\](.+)$/);
      // A null element is decoded into a zero value: it stays an item.
      return value.map((v, i) =>
        v === null ? zeroOf(type.slice(2), element) : into(before[i], v, type.slice(2), [...path, i], element),
      );
    }
    const pairs = pairsOf(value);
    if (!pairs) return plain(value);
    const out = copyOf(prev);
    if (type.startsWith('{}')) {
      // Go decodes each map value into a fresh zero value: no merge with an earlier entry of the key.
      const element = elementType(go, /^map\[[^\]]+\](.+)$/);
      for (const [k, v] of pairs)
        setData(
          out,
          k,
          v === null ? zeroOf(type.slice(2), element) : into(undefined, v, type.slice(2), [...path, k], element),
        );
      return out;
    }
    for (const [k, v] of pairs) {
      const field = fieldOf(type, k);
      if (field === undefined) {
        dropped.push([...path, k]);
        if (options.keepUnknown) setData(out, k, plain(v));
        continue;
      }
      const declared = goField(type, field);
      // A field Go writes even at its zero value: no omitempty, and no pointer (nil is not written).
      const written = declared !== undefined && !declared[3] && !declared[1].startsWith('*');
      const decoded = into(out[field], v, structs[type]![field]!, [...path, k], declared?.[1], written);
      if (decoded === undefined) delete out[field];
      else setData(out, field, decoded);
    }
    return out;
  };
  return { value: into(undefined, doc, type, []), dropped };
}

/** A field's Go declaration, as the shared field table has it (undefined for a struct of the function's own). */
function goField(struct: string, field: string): GoField | undefined {
  return GO_STRUCTS[struct]?.fields.find(([json]) => json === field);
}

/** The Go type of a list's or map's elements, named types resolved. */
function elementType(go: string | undefined, shape: RegExp): string | undefined {
  if (go === undefined) return undefined;
  return shape.exec(GO_NAMED[go] ?? go)?.[1];
}

const isQuantity = (go: string): boolean => go.replace(/^\*/, '') === 'resource.Quantity';

/**
 * The value a null decodes to as an element of a list or map: Go's zero value of the element's type, as the
 * API server reads it back. A scalar of no declared type is a string (labels, annotations, command items).
 */
function zeroOf(type: GoType, go: string | undefined): unknown {
  if (type.startsWith('[]') || type.startsWith('{}')) return null;
  if (type !== 's') {
    // A struct's zero value as Go writes it: the scalar fields it always writes, at their zero values.
    const zero: Record<string, unknown> = Object.create(null);
    for (const [json, fieldType, , omitempty] of GO_STRUCTS[type.replace(/^=/, '')]?.fields ?? []) {
      if (omitempty || fieldType.startsWith('*') || GO_STRUCTS[structKey(fieldType)]) continue;
      const underlying = GO_NAMED[fieldType] ?? fieldType;
      if (!underlying.startsWith('[]') && !underlying.startsWith('map[')) setData(zero, json, zeroOf('s', fieldType));
    }
    return zero;
  }
  const underlying = go === undefined ? 'string' : (GO_NAMED[go] ?? go);
  if (isQuantity(underlying)) return '0';
  if (underlying === 'bool') return false;
  if (/^u?int(8|16|32|64)?$/.test(underlying) || underlying === 'intstr.IntOrString') return 0;
  return '';
}

/** The shared field table's key of a Go struct type (v1.Container is ApiCoreV1Container). */
const structKey = (go: string): string =>
  go.replace(/^v1\./, 'ApiCoreV1').replace(/^metav1\./, 'ApimachineryPkgApisMetaV1');

/** Go's case folding of JSON keys (bytes.EqualFold): ASCII case, and the two non-ASCII letters that fold to it. */
function foldName(name: string): string {
  return name.replace(/[A-Z\u017f\u212a]/g, (c) => (c === '\u017f' ? 's' : c === '\u212a' ? 'k' : c.toLowerCase()));
}

function pairsOf(value: unknown): [string, unknown][] | undefined {
  if (value instanceof JsonPairs) return value.pairs;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.entries(value);
  return undefined;
}

/** A fresh object with the entries of an earlier decoded object, if any; null-prototype, as keys are data. */
function copyOf(prev: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  if (typeof prev === 'object' && prev !== null && !Array.isArray(prev)) Object.assign(out, prev);
  return out;
}

/** A value as plain JSON: JsonPairs objects become objects, the last of a repeated key winning. */
function plainCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainCopy);
  const pairs = value instanceof JsonPairs ? value.pairs : undefined;
  if (!pairs) return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of pairs) setData(out, k, plainCopy(v));
  return out;
}

const hasPairs = (doc: unknown): boolean => doc instanceof JsonPairs || (Array.isArray(doc) && doc.some(hasPairs));

/**
 * Whether valid JSON text repeats a key in one of its objects, told from JSON.parse's value without a
 * second parse: JSON.parse keeps one of the keys repeated, so the text then has more members (in valid
 * JSON, each is the one colon outside a string) than the value has keys. Reading every entry into
 * jsonc-parser's tree for this alone was a third of resolving 2,000 entries (bench/hostile.mjs law-breaks).
 * Iterative, so that no depth costs stack.
 */
export function repeatsAKey(text: string, parsed: unknown): boolean {
  let members = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === COLON) members++;
  }
  let keys = 0;
  const work: unknown[] = [parsed];
  while (work.length) {
    const value = work.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) work.push(item);
      continue;
    }
    for (const key of Object.keys(value)) {
      keys++;
      work.push((value as Record<string, unknown>)[key]);
    }
  }
  return members !== keys;
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const COLON = 0x3a;

/**
 * Reads JSON text, valid as JSON.parse has found it, with every key of each object kept in order (JSON.parse
 * keeps only the last of a repeated key). `repeated` tells whether any object repeats a key exactly.
 */
export function readJsonPairs(text: string): { doc: unknown; repeated: boolean } {
  let repeated = false;
  const read = (node: Node): unknown => {
    if (node.type === 'array') return node.children!.map(read);
    if (node.type !== 'object') return node.value;
    const pairs = node.children!.map((p): [string, unknown] => [p.children![0]!.value, read(p.children![1]!)]);
    if (new Set(pairs.map(([k]) => k)).size !== pairs.length) repeated = true;
    return new JsonPairs(pairs);
  };
  const root = loadParseTree()(text, [], { disallowComments: true, allowTrailingComma: false });
  return { doc: root === undefined ? null : read(root), repeated };
}
