// Where each runtime's injection config comes from (docs/config.md): an inline entry, else the
// ConfigMap source (named by injectionConfigRef, or sandbox-system/sandbox-injection-config among the
// items), else the built-in default. Entries are decoded once and shared by every resource that
// declares the runtime.
import { joinPath, type Problem } from '../base/decode.js';
import { entryProblems } from '../runtimes/schema.js';
import { inWords, RUNTIMES, type RuntimeTable } from '../runtimes/table.js';
import { Hasher } from '../base/hash.js';
import type { ConfigMapItem } from '../read/items.js';
import { didYouMean, NameIndex } from '../base/names.js';
import { result, type Result, type Subject } from '../base/results.js';
import { decodeEntry, unusedFields, type Entry } from '../runtimes/entry.js';
import {
  INJECTION_CONFIGMAP,
  parseEntryJson,
  type Defaults,
  type FunctionConfig,
  type InlineEntry,
} from './functionConfig.js';

export const REGION_PLACEHOLDER = '<region-id>';

export type { ConfigMapItem };

export type Lookup =
  | { ok: true; entry: Entry; source: string; literal: boolean; missingRegion: string[]; hash: string }
  | { ok: false; message: string };

interface Located {
  raw: unknown;
  source: string;
  subject?: Subject;
  field?: string;
  /** From a ConfigMap source: used as it is, as the controller uses it. */
  literal?: boolean;
}

export class Resolver {
  /** Results about the config itself: which source each runtime used, and what in an entry is ignored. */
  readonly results: Result[] = [];
  private readonly cache = new Map<string, Lookup>();

  private constructor(
    private readonly config: FunctionConfig,
    private readonly configMap: ConfigMapItem | undefined,
    readonly runtimes: RuntimeTable,
    private readonly hasher: Hasher,
  ) {}

  /** Fails when injectionConfigRef names a ConfigMap that is not among the items. */
  static create(
    config: FunctionConfig,
    configMaps: readonly ConfigMapItem[],
    runtimes: RuntimeTable = RUNTIMES,
    hasher: Hasher = new Hasher(),
  ): { ok: true; resolver: Resolver } | { ok: false; results: Result[] } {
    if (config.ref) {
      const { name, namespace } = config.ref;
      const found = configMaps.filter(
        (c) => c.name === name && (namespace === undefined || (c.namespace ?? '') === namespace),
      );
      if (found.length !== 1) {
        const what = `${namespace === undefined ? '' : namespace + '/'}${name}`;
        const message =
          found.length === 0
            ? `injectionConfigRef names ConfigMap ${what}, which is not among the input items; add it to the ` +
              `package (or the kustomization's resources), or remove injectionConfigRef to use the built-in defaults`
            : `injectionConfigRef names ConfigMap ${name} without a namespace, and ${found.length} ConfigMaps ` +
              `of that name are among the items (${found.map((c) => c.namespace ?? '(no namespace)').join(', ')}); ` +
              'set injectionConfigRef.namespace';
        return { ok: false, results: [result('error', message)] };
      }
      return Resolver.using(config, found[0]!, runtimes, hasher);
    }
    // The controller reads it from its own namespace, which its chart may put anywhere: any one will do.
    const discovered = configMaps.filter((c) => c.name === INJECTION_CONFIGMAP);
    if (discovered.length > 1) {
      const where = discovered.map((c) => c.namespace ?? '(no namespace)').join(', ');
      const message =
        `${discovered.length} ConfigMaps named ${INJECTION_CONFIGMAP} are among the items (${where}), and the ` +
        'controller reads one, from its own namespace; name it with injectionConfigRef, with its namespace ' +
        '(SandboxRuntimeInjection spec.injectionConfigRef: {name, namespace})';
      return { ok: false, results: [result('error', message)] };
    }
    if (discovered[0]) return Resolver.using(config, discovered[0], runtimes, hasher);
    if (config.itself) return Resolver.using(config, config.itself, runtimes, hasher);
    return { ok: true, resolver: new Resolver(config, undefined, runtimes, hasher) };
  }

  /** A ConfigMap source that cannot be read stops everything: falling back to defaults would hide it. */
  private static using(
    config: FunctionConfig,
    source: ConfigMapItem,
    runtimes: RuntimeTable,
    hasher: Hasher,
  ): { ok: true; resolver: Resolver } | { ok: false; results: Result[] } {
    if (source.unreadable === undefined) return { ok: true, resolver: new Resolver(config, source, runtimes, hasher) };
    const what = `ConfigMap ${source.namespace ? source.namespace + '/' : ''}${source.name}`;
    return {
      ok: false,
      results: [
        result('error', `the injection config source ${what} cannot be read: ${source.unreadable}`, source.subject),
      ],
    };
  }

  /** The option `defaults`: which profile's built-in entries are used, if any. */
  private get defaults(): Defaults {
    return this.config.options.defaults;
  }

  private builtIn(runtime: string): unknown {
    return this.defaults === 'none' ? undefined : this.runtimes.defaultEntry(runtime, this.defaults);
  }

  private knownIndex: NameIndex | undefined;

  /**
   * The runtime names that have an entry, or rules of their own: what a misspelt name may have meant.
   * Made once: the config does not change during the run.
   */
  private knownNames(): NameIndex {
    const data = this.configMap?.data;
    this.knownIndex ??= new NameIndex([
      ...this.runtimes.units.flatMap((u) => (u.name === undefined ? [] : [u.name])),
      ...this.config.inline.keys(),
      ...(typeof data === 'object' && data !== null ? Object.keys(data) : []),
    ]);
    return this.knownIndex;
  }

  private didYouMean(runtime: string): string {
    return didYouMean(runtime, this.knownNames());
  }

  /**
   * An info for each inline entry that no resource declares (call after planning every resource: an
   * entry looked up is used, and only for the others is `declared` asked).
   */
  unusedInline(declared: (name: string) => boolean): Result[] {
    const used = new NameIndex(this.cache.keys());
    return [...this.config.inline.entries()]
      .filter(([name]) => !this.cache.has(name) && !declared(name))
      .map(([name, entry]) =>
        result(
          'info',
          `the functionConfig's entry ${entry.field} is used by no resource: none declares a runtime ` +
            `"${name}"${didYouMean(name, used)}`,
          entry.subject,
          entry.field,
        ),
      );
  }

  lookup(runtime: string): Lookup {
    let found = this.cache.get(runtime);
    if (!found) {
      found = this.resolve(runtime);
      this.cache.set(runtime, found);
    }
    return found;
  }

  private locate(runtime: string): Located | { missing: string } {
    const inline: InlineEntry | undefined = this.config.inline.get(runtime);
    if (inline) {
      return {
        raw: inline.raw,
        source: `the functionConfig (${inline.field})`,
        subject: inline.subject,
        field: inline.field,
      };
    }
    if (this.configMap) return this.configMapEntry(this.configMap, runtime);
    const builtIn = this.builtIn(runtime);
    if (builtIn !== undefined) {
      const profile = this.defaults === 'ack' ? '' : ` of the ${this.defaults} profile`;
      return { raw: builtIn, source: `the built-in default${profile}` };
    }
    const which =
      this.defaults === 'none'
        ? 'defaults is none, so no runtime has a built-in entry'
        : `only ${inWords(this.runtimes.withDefaults(this.defaults))} have built-in defaults ` +
          `(defaults: ${this.defaults})`;
    const near = this.knownNames().closest(runtime);
    return {
      missing:
        `no injection config: ${near === undefined ? '' : `did you mean ${near}? Otherwise, `}${which}; ` +
        'give its entry in the ' +
        `functionConfig (data.${runtime}, or spec.injectionConfig.${runtime}) or in the ` +
        `sandbox-injection-config ConfigMap`,
    };
  }

  /** A ConfigMap source's entry, as the controller reads it: by exact key, as JSON (sidecar_config_inject.go:62-77). */
  private configMapEntry(cm: ConfigMapItem, runtime: string): Located | { missing: string } {
    const where = `ConfigMap ${cm.namespace ? cm.namespace + '/' : ''}${cm.name}`;
    const data = (typeof cm.data === 'object' && cm.data !== null ? cm.data : {}) as Record<string, unknown>;
    const field = joinPath(['data', runtime]);
    if (!Object.hasOwn(data, runtime)) {
      return {
        missing:
          `${where} has no entry for it (the controller fails with "injection template ${runtime} not ` +
          `found")${this.didYouMean(runtime)}; add data.${runtime} to it, or give the entry inline in the ` +
          'functionConfig',
      };
    }
    const parsed = parseEntryJson(typeof data[runtime] === 'string' ? (data[runtime] as string) : '');
    if ('error' in parsed) return { missing: `${where} ${field}: ${parsed.error}` };
    return { raw: parsed.value, source: where, subject: cm.subject, field, literal: true };
  }

  /** What the planner needs of the config (plan/expand.ts's ConfigView). */
  forPlanning() {
    return {
      options: this.config.options,
      runtimes: this.runtimes,
      lookup: (name: string) => this.lookup(name),
      cluster: (name: string) => this.clusterEntry(name),
      clusterKnown: this.clusterConfigKnown,
    };
  }

  /** Whether the cluster's entries are known here (a ConfigMap source), or assumed to be the function's. */
  get clusterConfigKnown(): boolean {
    return this.configMap !== undefined;
  }

  /**
   * The cluster's entry for a runtime, as the model of the controller uses it (docs/live-pod.md): the
   * ConfigMap source's, literally, where there is one, even where an inline entry overrides it here;
   * else the function's own. Undefined where it cannot be had.
   */
  clusterEntry(runtime: string): Entry | undefined {
    if (!this.configMap || !this.config.inline.has(runtime)) {
      const found = this.lookup(runtime);
      if (found.ok) return found.entry;
    }
    return this.clusterOnly(runtime);
  }

  private readonly clusterCache = new Map<string, Entry | undefined>();
  /** Whether regionId went into an entry. */
  private regionUsed = false;

  /** What the run learnt about the config once every resource is planned. */
  closingResults(): Result[] {
    const results: Result[] = [];
    const { regionId, keepRuntimes } = this.config.options;
    if (this.configMap && regionId && !this.regionUsed) {
      results.push(
        result(
          'info',
          `regionId "${regionId}" is unused: the ConfigMap source's entries are used as they are, as the ` +
            'controller uses them, and no entry given here holds <region-id>',
        ),
      );
    }
    if (!this.configMap && keepRuntimes) {
      const kept = this.runtimes.fixedOrder.flatMap((name) => {
        const found = this.cache.get(name);
        if (!found?.ok || !found.entry.csiSidecar.length) return [];
        return [`${name} (sidecar ${found.entry.csiSidecar.map((s) => s.name).join(', ')})`];
      });
      if (kept.length) {
        results.push(
          result(
            'info',
            `${inWords(kept)} ${kept.length === 1 ? 'stays' : 'stay'} declared: at pod creation the controller ` +
              `skips ${kept.length === 1 ? 'it' : 'them'} only if its own ` +
              `${INJECTION_CONFIGMAP} names the same sidecars, as this run assumes with no ConfigMap source among ` +
              "the inputs; keep the cluster's ConfigMap with the manifests to have that checked",
          ),
        );
      }
    }
    return results;
  }

  /** The ConfigMap source's entry alone, decoded as the controller decodes it. */
  private clusterOnly(runtime: string): Entry | undefined {
    if (!this.configMap) return undefined;
    if (!this.clusterCache.has(runtime)) {
      const located = this.configMapEntry(this.configMap, runtime);
      const decoded = 'missing' in located ? undefined : decodeEntry(located.raw);
      this.clusterCache.set(runtime, decoded?.ok ? deepFreeze(decoded.entry) : undefined);
    }
    return this.clusterCache.get(runtime);
  }

  private resolve(runtime: string): Lookup {
    const located = this.locate(runtime);
    if ('missing' in located) return { ok: false, message: located.missing };
    // A ConfigMap source's entry is used literally, as the controller uses it: no region is put in.
    const region = located.literal ? undefined : this.config.options.regionId;
    const { value, missing, replaced } = substituteRegion(located.raw, region);
    if (replaced) this.regionUsed = true;
    // The built-in defaults are checked by the tests (test/config/sources.test.ts), for any region:
    // loading the core/v1 fields and validators is then left to runs with entries of their own.
    const builtInDefault = located.raw === this.builtIn(runtime);
    const decoded = decodeEntry(value, { trusted: builtInDefault });
    if (!decoded.ok) return invalidEntry(located.source, decoded.problems);
    const entry = decoded.entry;
    const unit = this.runtimes.unitFor(runtime);
    const invalid = builtInDefault ? [] : entryProblems(entry, unit.fields);
    if (invalid.length) return invalidEntry(located.source, invalid);
    this.results.push(result('info', `runtime "${runtime}": injection config from ${located.source}`));
    const warn = (field: string, message: string) => {
      const path = located.field ? `${located.field}.${field}` : undefined;
      this.results.push(result('warning', message, located.subject, path));
    };
    // A dropped key is named by its path: `csiSidecar[0].imagePullPolicyy` for one below the top level.
    for (const key of entry.ignored.map(joinPath)) {
      warn(
        key,
        `runtime "${runtime}": unknown key "${key}" in its injection config is ignored (as the controller ` +
          `ignores it); check the spelling`,
      );
    }
    for (const field of unusedFields(entry, unit.fields)) {
      const kind = this.runtimes.describe(runtime);
      warn(field, `runtime "${runtime}": ${field} is set but ${kind} does not use it, so it is not injected`);
    }
    // Frozen, the entry's values are rendered once for all resources (apply/render.ts), and cannot be
    // changed by mistake while planning.
    return {
      ok: true,
      entry: deepFreeze(entry),
      source: located.source,
      literal: located.literal === true,
      missingRegion: missing,
      hash: this.hasher.contentHash(value),
    };
  }
}

function invalidEntry(source: string, problems: readonly Problem[]): Lookup {
  const what = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
  return { ok: false, message: `its injection config from ${source} is invalid: ${what}` };
}

/**
 * Replaces the region placeholder in every string of an entry. Without a region, it reports where the
 * placeholder is, so the error can name the field.
 */
export function substituteRegion(
  raw: unknown,
  regionId: string | undefined,
): { value: unknown; missing: string[]; replaced: boolean } {
  const missing: string[] = [];
  let replaced = false;
  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'string') {
      if (!value.includes(REGION_PLACEHOLDER)) return value;
      if (regionId === undefined || regionId === '') {
        missing.push(joinPath(path));
        return value;
      }
      replaced = true;
      return value.split(REGION_PLACEHOLDER).join(regionId);
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (typeof value === 'object' && value !== null) {
      // A null-prototype copy: entries are user input, and keys such as __proto__ must stay plain data.
      const out: Record<string, unknown> = Object.create(null);
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, [...path, k]);
      return out;
    }
    return value;
  };
  const value = walk(raw, []);
  return { value, missing, replaced };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
