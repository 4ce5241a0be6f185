// One runtime's injection config entry, in the controller's format (SidecarInjectConfig), decoded the way
// the controller's Go encoding/json does it: top-level keys match case-insensitively, null means empty,
// unknown keys are ignored (and reported here as warnings).
import * as t from 'io-ts';
import { decode, named, nullable, type Problem } from '../base/decode.js';

const Named = t.type({ name: t.string });
const Handler = t.partial({
  exec: nullable(t.partial({ command: nullable(named(t.array(t.string), 'a list of strings')) })),
  httpGet: t.unknown,
  tcpSocket: t.unknown,
});
const Container = t.intersection([
  Named,
  t.partial({
    env: nullable(named(t.array(Named), 'a list of env vars, each with a name')),
    volumeMounts: nullable(named(t.array(Named), 'a list of volume mounts, each with a name')),
    lifecycle: nullable(t.partial({ postStart: nullable(Handler) })),
  }),
]);
const MainContainer = t.partial({
  name: nullable(t.string),
  env: nullable(named(t.array(Named), 'a list of env vars, each with a name')),
  volumeMounts: nullable(named(t.array(Named), 'a list of volume mounts, each with a name')),
  lifecycle: nullable(t.partial({ postStart: nullable(Handler) })),
});
const Containers = nullable(named(t.array(Container), 'a list of containers, each with a name'));
const StringMap = nullable(named(t.record(t.string, t.string), 'a mapping of strings to strings'));

const EntryCodec = t.partial({
  mainContainer: nullable(MainContainer),
  csiSidecar: Containers,
  volume: nullable(named(t.array(Named), 'a list of volumes, each with a name')),
  initContainers: Containers,
  containers: Containers,
  labels: StringMap,
  annotations: StringMap,
});

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type NamedObject = JsonObject & { name: string };
export type HandlerObject = JsonObject & { exec?: { command?: string[] | null } | null };

/** The decoded entry. Lists and maps keep every field of the source objects, which are injected verbatim. */
export interface Entry {
  mainContainer: {
    name: string;
    env: NamedObject[];
    volumeMounts: NamedObject[];
    postStart?: HandlerObject;
    /** Fields of mainContainer that no runtime uses, with a value set. */
    unused: string[];
  };
  csiSidecar: NamedObject[];
  volume: NamedObject[];
  initContainers: NamedObject[];
  containers: NamedObject[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Top-level keys present with a value, by canonical name. */
  present: Set<keyof typeof EntryCodec.props>;
  /** Top-level keys the controller ignores, as written. */
  ignored: string[];
}

const canonicalKeys = Object.keys(EntryCodec.props) as (keyof typeof EntryCodec.props)[];
const usedMainContainerFields = new Set(['name', 'env', 'volumeMounts', 'lifecycle']);

/** Decodes an entry given as a parsed JSON/YAML value (null is an empty entry, as in Go). */
export function decodeEntry(raw: unknown): { ok: true; entry: Entry } | { ok: false; problems: Problem[] } {
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [
        { path: '', message: `expected a JSON object, found ${Array.isArray(raw) ? 'a list' : 'a ' + typeof raw}` },
      ],
    };
  }
  // Go matches struct fields case-insensitively, and the last duplicate wins.
  const normalized: Record<string, unknown> = Object.create(null);
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(raw as object)) {
    const canonical = canonicalKeys.find((k) => k.toLowerCase() === key.toLowerCase());
    if (canonical) normalized[canonical] = value;
    else ignored.push(key);
  }
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
      unused: Object.keys(main).filter((k) => !usedMainContainerFields.has(k) && !isEmpty(main[k])),
    },
    csiSidecar: (v.csiSidecar ?? []) as NamedObject[],
    volume: (v.volume ?? []) as NamedObject[],
    initContainers: (v.initContainers ?? []) as NamedObject[],
    containers: (v.containers ?? []) as NamedObject[],
    labels: v.labels ?? {},
    annotations: v.annotations ?? {},
    present: new Set(canonicalKeys.filter((k) => !isEmpty(normalized[k] as Json))),
    ignored,
  };
  if (postStart) entry.mainContainer.postStart = postStart as HandlerObject;
  return { ok: true, entry };
}

/** True for the values Go's omitempty and our warnings treat as "not set". */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** The fields each kind of runtime reads; anything else set in its entry is ignored by the controller. */
export function unusedFields(entry: Entry, runtime: string): string[] {
  const builtIn = isBuiltIn(runtime);
  const used = builtIn
    ? ['mainContainer', 'csiSidecar', 'volume']
    : ['initContainers', 'containers', 'volume', 'labels', 'annotations'];
  const unused: string[] = [...entry.present].filter((k) => !used.includes(k));
  if (builtIn) unused.push(...entry.mainContainer.unused.map((k) => `mainContainer.${k}`));
  if (runtime === 'csi' && entry.mainContainer.postStart) unused.push('mainContainer.lifecycle');
  return unused;
}

export const BUILT_IN_RUNTIMES = ['agent-runtime', 'csi'] as const;
export const isBuiltIn = (runtime: string): boolean => (BUILT_IN_RUNTIMES as readonly string[]).includes(runtime);
