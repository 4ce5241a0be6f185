// One runtime's injection config entry, in the controller's format (SidecarInjectConfig), decoded the way
// the controller's Go encoding/json does it (./godecode.ts): keys match struct fields case-insensitively
// at every level, map keys are kept, null means empty, and keys no field has are dropped (and reported
// as warnings). Which fields each runtime reads is declared by its unit (./unit.ts); docs/expansion.md
// has the rules.
import * as t from 'io-ts';
import { decode, list, named, nullable, type Decoded } from '../base/decode.js';
import { failure, success } from '../base/outcome.js';
import {
  TOP_LEVEL_FIELDS,
  type Entry,
  type EntryField,
  type HandlerObject,
  type JsonObject,
  type NamedObject,
} from './entry-types.js';
import { goDecode, readJsonPairs, repeatsAKey, type Structs } from './godecode.js';

export * from './entry-types.js';

export const NamedCodec = t.type({ name: named(t.string, 'a string') });
/**
 * An entry's object with its name as Go reads it: every `name` of the core/v1 types an entry holds is a
 * string Go always writes, so a missing one is its zero value, "" (the API server then rejects it where it
 * reaches a Pod, and nothing else does: an unused field's items need none).
 */
const EntryNamed = t.type({
  name: new t.Type<string, string, unknown>(
    'a string',
    t.string.is,
    (u, c) => (u === undefined ? t.success('') : t.string.validate(u, c)),
    t.identity,
  ),
});
/** A lifecycle handler as far as the postStart merge reads it; other keys are kept. */
export const HandlerCodec = t.partial({
  exec: nullable(t.partial({ command: list(t.string, 'a list of strings') })),
  httpGet: t.unknown,
  tcpSocket: t.unknown,
});
const Lifecycle = nullable(t.partial({ postStart: nullable(HandlerCodec) }));
const EnvList = list(EntryNamed, 'a list of env vars, each with a name');
const MountList = list(EntryNamed, 'a list of volume mounts, each with a name');
const Container = t.intersection([
  EntryNamed,
  t.partial({ env: EnvList, volumeMounts: MountList, lifecycle: Lifecycle }),
]);
const Containers = list(Container, 'a list of containers, each with a name');
const StringMap = nullable(named(t.record(t.string, t.string), 'a mapping of strings to strings'));

const EntryCodec = t.partial({
  mainContainer: nullable(
    t.partial({ name: nullable(t.string), env: EnvList, volumeMounts: MountList, lifecycle: Lifecycle }),
  ),
  csiSidecar: Containers,
  volume: list(EntryNamed, 'a list of volumes, each with a name'),
  initContainers: Containers,
  containers: Containers,
  labels: StringMap,
  annotations: StringMap,
});

// Typed so that a top-level field the codec lacks is a type error.
const canonicalKeys: readonly (keyof typeof EntryCodec.props)[] = TOP_LEVEL_FIELDS;

/** The controller's SidecarInjectConfig (config_types.go), its fields of the core/v1 types. */
export const ENTRY_STRUCT: Structs = {
  SidecarInjectConfig: {
    mainContainer: '=ApiCoreV1Container',
    csiSidecar: '[]ApiCoreV1Container',
    volume: '[]ApiCoreV1Volume',
    annotations: '{}s',
    labels: '{}s',
    initContainers: '[]ApiCoreV1Container',
    containers: '[]ApiCoreV1Container',
  },
};

/**
 * Decodes an entry given as a parsed JSON/YAML value (null is an empty entry, as in Go). A built-in
 * default is `trusted`: it is written in canonical form and tested, so it is not decoded against the
 * core/v1 fields, whose loading is then left to runs with entries of their own.
 */
export function decodeEntry(raw: unknown, options: { trusted?: boolean } = {}): Decoded<Entry> {
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    const found = Array.isArray(raw) ? 'a list' : 'a ' + typeof raw;
    return failure([{ path: '', message: `expected a JSON object, found ${found}` }]);
  }
  const go = options.trusted ? { value: raw, dropped: [] } : goDecode(raw, 'SidecarInjectConfig', ENTRY_STRUCT);
  const normalized = go.value as Record<string, unknown>;
  const decoded = decode(EntryCodec, normalized);
  if (!decoded.ok) return decoded;
  const v = decoded.value;
  const main = (v.mainContainer ?? {}) as JsonObject;
  const postStart = v.mainContainer?.lifecycle?.postStart;
  const entry: Entry = {
    mainContainer: {
      name: v.mainContainer?.name ?? '',
      env: (v.mainContainer?.env ?? []) as NamedObject[],
      volumeMounts: (v.mainContainer?.volumeMounts ?? []) as NamedObject[],
      present: Object.keys(main).filter((k) => !isUnset(main[k])),
    },
    csiSidecar: (v.csiSidecar ?? []) as NamedObject[],
    volume: (v.volume ?? []) as NamedObject[],
    initContainers: (v.initContainers ?? []) as NamedObject[],
    containers: (v.containers ?? []) as NamedObject[],
    labels: v.labels ?? {},
    annotations: v.annotations ?? {},
    present: new Set(canonicalKeys.filter((k) => !isUnset(normalized[k]))),
    ignored: go.dropped,
  };
  if (postStart) entry.mainContainer.postStart = postStart as HandlerObject;
  return success(entry);
}

/**
 * An entry written as JSON text, when one of its objects repeats a key: read as Go reads it, each
 * occurrence decoded into what the earlier ones left (JSON.parse keeps only the last). Otherwise, and
 * for text nested too deep to read again, `parsed`, JSON.parse's value of the text, as it is.
 */
export function entryFromJson(text: string, parsed: unknown): unknown {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !repeatsAKey(text, parsed))
    return parsed;
  try {
    const read = readJsonPairs(text);
    if (!read.repeated) return parsed;
    // Unknown keys are kept, for decodeEntry to drop and report.
    return goDecode(read.doc, 'SidecarInjectConfig', ENTRY_STRUCT, { keepUnknown: true }).value;
  } catch (e) {
    if (e instanceof RangeError) return parsed;
    throw e;
  }
}

/** True for the values Go's omitempty treats as "not set": no deeper look, as in Go. */
function isUnset(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/**
 * The fields set in an entry that a runtime reading only `used` ignores: a top-level key none of them
 * is in, or a field of mainContainer that none of them names (the controller reads no other).
 */
export function unusedFields(entry: Entry, used: readonly EntryField[]): string[] {
  const unused: string[] = [...entry.present].filter((k) => !used.some((u) => u === k || u.startsWith(k + '.')));
  if (!entry.present.has('mainContainer') || unused.includes('mainContainer')) return unused;
  for (const field of entry.mainContainer.present) {
    if (!used.some((u) => u.startsWith(`mainContainer.${field}`))) unused.push(`mainContainer.${field}`);
  }
  return unused;
}
