// The decoded injection config entry, as plain types: what the runtime units read. Apart from the
// entry's io-ts codecs (./entry.ts), so that the library's declarations (a RuntimeUnit for
// RunOptions.runtimes) need no io-ts.

/** The entry's top-level fields: the controller's SidecarInjectConfig (config_types.go:31-48). */
export const TOP_LEVEL_FIELDS = [
  'mainContainer',
  'csiSidecar',
  'volume',
  'initContainers',
  'containers',
  'labels',
  'annotations',
] as const;
export type TopLevelField = (typeof TOP_LEVEL_FIELDS)[number];

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
    /** The fields of mainContainer set with a value, as written. */
    present: string[];
  };
  csiSidecar: NamedObject[];
  volume: NamedObject[];
  initContainers: NamedObject[];
  containers: NamedObject[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Top-level keys present with a value, by canonical name. */
  present: Set<TopLevelField>;
  /** The keys the controller's decoding drops, at any level, each with its path as written. */
  ignored: (string | number)[][];
}

/**
 * The parts of an entry a runtime can read, each with the core/v1 type its values must have (checked
 * at build time, runtimes/schema.ts) and where the decoded entry keeps them.
 */
export const ENTRY_FIELDS = {
  'mainContainer.name': { type: undefined, values: () => [] },
  'mainContainer.env': { type: 'EnvVar', values: (e: Entry) => e.mainContainer.env },
  'mainContainer.volumeMounts': { type: 'VolumeMount', values: (e: Entry) => e.mainContainer.volumeMounts },
  'mainContainer.lifecycle.postStart': {
    type: 'LifecycleHandler',
    values: (e: Entry) => (e.mainContainer.postStart ? [e.mainContainer.postStart] : []),
  },
  csiSidecar: { type: 'Container', values: (e: Entry) => e.csiSidecar },
  volume: { type: 'Volume', values: (e: Entry) => e.volume },
  initContainers: { type: 'Container', values: (e: Entry) => e.initContainers },
  containers: { type: 'Container', values: (e: Entry) => e.containers },
  labels: { type: undefined, values: () => [] },
  annotations: { type: undefined, values: () => [] },
} as const satisfies Record<string, { type: string | undefined; values: (e: Entry) => readonly unknown[] }>;

export type EntryField = keyof typeof ENTRY_FIELDS;
