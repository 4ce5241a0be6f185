// Where each runtime's injection config comes from (SPEC §4): an inline entry, else the ConfigMap source
// (named by injectionConfigRef, or sandbox-system/sandbox-injection-config among the items), else the
// built-in default. Entries are decoded once and shared by every resource that declares the runtime.
import { joinPath, type Problem } from '../base/decode.js';
import { entryProblems } from '../runtimes/schema.js';
import { inWords, RUNTIMES, type RuntimeTable } from '../runtimes/table.js';
import { contentHash } from '../base/hash.js';
import { closest, didYouMean } from '../base/names.js';
import { result, type Result, type Subject } from '../base/results.js';
import { decodeEntry, unusedFields, type Entry } from '../runtimes/entry.js';
import { parseEntryJson, type Defaults, type FunctionConfig, type InlineEntry } from './functionConfig.js';

export const REGION_PLACEHOLDER = '<region-id>';
export const DISCOVERED_CONFIGMAP = { name: 'sandbox-injection-config', namespace: 'sandbox-system' };

export interface ConfigMapItem {
  name: string;
  namespace?: string;
  data: unknown;
  subject: Subject;
  /** Why its data cannot be read (a duplicate key, an alias bomb). */
  unreadable?: string;
}

export type Lookup =
  { ok: true; entry: Entry; source: string; missingRegion: string[]; hash: string } | { ok: false; message: string };

interface Located {
  raw: unknown;
  source: string;
  subject?: Subject;
  field?: string;
}

export class Resolver {
  /** Results about the config itself: which source each runtime used, and what in an entry is ignored. */
  readonly results: Result[] = [];
  private readonly cache = new Map<string, Lookup>();

  private constructor(
    private readonly config: FunctionConfig,
    private readonly configMap: ConfigMapItem | undefined,
    readonly runtimes: RuntimeTable,
  ) {}

  /** Fails when injectionConfigRef names a ConfigMap that is not among the items. */
  static create(
    config: FunctionConfig,
    configMaps: readonly ConfigMapItem[],
    runtimes: RuntimeTable = RUNTIMES,
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
      return Resolver.using(config, found[0]!, runtimes);
    }
    const discovered = configMaps.find(
      (c) => c.name === DISCOVERED_CONFIGMAP.name && c.namespace === DISCOVERED_CONFIGMAP.namespace,
    );
    return discovered
      ? Resolver.using(config, discovered, runtimes)
      : { ok: true, resolver: new Resolver(config, undefined, runtimes) };
  }

  /** A ConfigMap source that cannot be read stops everything: falling back to defaults would hide it. */
  private static using(
    config: FunctionConfig,
    source: ConfigMapItem,
    runtimes: RuntimeTable,
  ): { ok: true; resolver: Resolver } | { ok: false; results: Result[] } {
    if (source.unreadable === undefined) return { ok: true, resolver: new Resolver(config, source, runtimes) };
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

  /** The runtime names that have an entry, or rules of their own: what a misspelt name may have meant. */
  private knownNames(): Set<string> {
    const data = this.configMap?.data;
    return new Set([
      ...this.runtimes.units.flatMap((u) => (u.name === undefined ? [] : [u.name])),
      ...this.config.inline.keys(),
      ...(typeof data === 'object' && data !== null ? Object.keys(data) : []),
    ]);
  }

  private didYouMean(runtime: string): string {
    return didYouMean(runtime, this.knownNames());
  }

  /**
   * An info for each inline entry that no resource declares (call after planning every resource: an
   * entry looked up is used, and only for the others is `declared` asked).
   */
  unusedInline(declared: (name: string) => boolean): Result[] {
    const used = [...this.cache.keys()];
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
    if (this.configMap) {
      const cm = this.configMap;
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
      return { raw: parsed.value, source: where, subject: cm.subject, field };
    }
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
    const near = closest(runtime, this.knownNames());
    return {
      missing:
        `no injection config: ${near === undefined ? '' : `did you mean ${near}? Otherwise, `}${which}; ` +
        'give its entry in the ' +
        `functionConfig (data.${runtime}, or spec.injectionConfig.${runtime}) or in the ` +
        `sandbox-injection-config ConfigMap`,
    };
  }

  private resolve(runtime: string): Lookup {
    const located = this.locate(runtime);
    if ('missing' in located) return { ok: false, message: located.missing };
    const { value, missing } = substituteRegion(located.raw, this.config.options.regionId);
    const decoded = decodeEntry(value);
    if (!decoded.ok) return invalidEntry(located.source, decoded.problems);
    const entry = decoded.entry;
    // The built-in defaults are checked by the tests (test/config/sources.test.ts), for any region:
    // loading the core/v1 validators is then left to runs with entries of their own.
    const unit = this.runtimes.unitFor(runtime);
    const builtInDefault = located.raw === this.builtIn(runtime);
    const invalid = builtInDefault ? [] : entryProblems(entry, unit.fields);
    if (invalid.length) return invalidEntry(located.source, invalid);
    this.results.push(result('info', `runtime "${runtime}": injection config from ${located.source}`));
    const warn = (field: string, message: string) => {
      const path = located.field ? `${located.field}.${field}` : undefined;
      this.results.push(result('warning', message, located.subject, path));
    };
    for (const key of entry.ignored) {
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
      missingRegion: missing,
      hash: contentHash(value),
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
export function substituteRegion(raw: unknown, regionId: string | undefined): { value: unknown; missing: string[] } {
  const missing: string[] = [];
  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'string') {
      if (!value.includes(REGION_PLACEHOLDER)) return value;
      if (regionId === undefined || regionId === '') {
        missing.push(joinPath(path));
        return value;
      }
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
  return { value: walk(raw, []), missing };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
