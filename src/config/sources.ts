// Where each runtime's injection config comes from (docs/config.md): an inline entry, else the
// ConfigMap source (named by injectionConfigRef, or sandbox-system/sandbox-injection-config among the
// items), else the built-in default. Entries are decoded once and shared by every resource that
// declares the runtime.
import { joinPath, type Problem } from '../base/decode.js';
import { invalidItems, type InvalidItem } from '../runtimes/schema.js';
import { inWords, RUNTIMES, type RuntimeTable } from '../runtimes/table.js';
import { Hasher } from '../base/hash.js';
import type { ConfigMapItem } from '../read/items.js';
import { didYouMean, NameIndex } from '../base/names.js';
import { failure, success, type Outcome } from '../base/outcome.js';
import { result, type RefusalReason, type Result, type Subject } from '../base/results.js';
import { ControllerModel, sameValue } from '../reference/model.js';
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

/** A runtime's entry as resolved for this run, with where it came from. */
export interface Resolved {
  entry: Entry;
  /** Where the entry came from, in words. */
  source: string;
  /** From a ConfigMap source: used as it is, as the controller uses it. */
  literal: boolean;
  /** Where the functionConfig holds it, for an inline entry. */
  inlineField?: string;
  /**
   * For an inline entry beside a ConfigMap source: whether the controller reads another entry there (the
   * source's), as it decodes both. The planner refuses it (docs/config.md says why).
   */
  notTheSource?: boolean;
  /**
   * The values of the entry that are no valid core/v1 values: an error for a resource where one reaches the
   * Pod, which the expansion tells (plan/expand.ts); none for a built-in default, which the tests check.
   */
  invalid: readonly InvalidItem[];
  /** Where the entry holds the region placeholder with no region to put in. */
  missingRegion: string[];
  /** Whether regionId went into the entry. */
  regionPut: boolean;
  hash: string;
  /** What the run says about the entry: what in it is ignored. */
  results: Result[];
}

/** A runtime's entry, or why it has none that can be used. */
export type Lookup = Outcome<Resolved, LookupFailure>;

/** Why a runtime has no entry that can be used, and the reason, where the refusal is by design. */
export interface LookupFailure {
  message: string;
  reason?: RefusalReason;
}

interface Located {
  raw: unknown;
  /** The entry as written, where it was written as JSON text. */
  text?: string | undefined;
  source: string;
  subject?: Subject | undefined;
  field?: string;
  /** From a ConfigMap source: used as it is, as the controller uses it. */
  literal?: boolean;
  /** Written in the functionConfig. */
  inline?: boolean;
}

export class Resolver {
  /** Each runtime's look-up, made once per run, in the order they were first made. */
  private readonly cache = new Map<string, Lookup>();

  private constructor(
    private readonly config: FunctionConfig,
    private readonly configMap: ConfigMapItem | undefined,
    readonly runtimes: RuntimeTable,
    private readonly hasher: Hasher,
    /** The warnings about ConfigMaps that look like the source and are not it. */
    private readonly passedOver: readonly Result[],
  ) {}

  /**
   * Chooses the ConfigMap source as the controller does: one ConfigMap, by name and namespace. Every other
   * that looks like it is passed over with a warning. Fails when the chosen one is missing although
   * injectionConfigRef names it, or is given twice.
   */
  static create(
    config: FunctionConfig,
    configMaps: readonly ConfigMapItem[],
    runtimes: RuntimeTable = RUNTIMES,
    hasher: Hasher = new Hasher(),
  ): Outcome<Resolver, Result[]> {
    const wanted = wantedSource(config);
    const chosen = configMaps.filter((c) => sameConfigMap(c, wanted));
    // The cluster's ConfigMap passed as the functionConfig is chosen by whoever runs the function, as a
    // ref is: it is the source when none is among the items.
    const source = chosen.length ? chosen[0] : config.ref ? undefined : config.itself;
    // The functionConfig may be among the items too (kpt's package holds its config file).
    const isSource = (c: ConfigMapItem) =>
      chosen.includes(c) || (source !== undefined && source === config.itself && sameConfigMap(c, source));
    const passedOver = configMaps
      .filter((c) => (c.name === wanted.name || c.name.includes(INJECTION_CONFIGMAP)) && !isSource(c))
      .map((c) => passedOverWarning(c, config, source));
    const stop = (message: string, reason: RefusalReason, subject?: Subject) =>
      failure([result('error', message, subject, undefined, reason), ...passedOver]);
    if (chosen.length > 1) {
      return stop(
        `${configMapName(wanted)}, the injection config source, is among the items ${chosen.length} times; the ` +
          'cluster holds one ConfigMap of a name in a namespace, so which one is meant cannot be told: keep one',
        'config-source-ambiguous',
        chosen[0]!.subject,
      );
    }
    if (config.ref && !source) {
      const meaning =
        config.ref.namespace === undefined ? ` (a ref without a namespace means ${CONTROLLER_NAMESPACE})` : '';
      return stop(
        `injectionConfigRef names ${configMapName(wanted)}${meaning}, which is not among the input items; add it ` +
          "to the package (or the kustomization's resources), or remove injectionConfigRef to use the built-in " +
          'defaults',
        'config-source-missing',
      );
    }
    if (!source) return success(new Resolver(config, undefined, runtimes, hasher, passedOver));
    return Resolver.using(config, source, runtimes, hasher, passedOver);
  }

  /** A ConfigMap source that cannot be read stops everything: falling back to defaults would hide it. */
  private static using(
    config: FunctionConfig,
    source: ConfigMapItem,
    runtimes: RuntimeTable,
    hasher: Hasher,
    passedOver: Result[],
  ): Outcome<Resolver, Result[]> {
    if (source.unreadable === undefined) return success(new Resolver(config, source, runtimes, hasher, passedOver));
    const message = `the injection config source ${configMapName(source)} cannot be read: ${source.unreadable}`;
    return failure([result('error', message, source.subject, undefined, 'config-source-unreadable'), ...passedOver]);
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

  /** Where a runtime's entry is, still raw, or why there is none. */
  private locate(runtime: string): Outcome<Located, LookupFailure> {
    const inline: InlineEntry | undefined = this.config.inline.get(runtime);
    if (inline) {
      return success({
        raw: inline.raw,
        text: inline.text,
        source: `the functionConfig (${inline.field})`,
        subject: inline.subject,
        field: inline.field,
        inline: true,
      });
    }
    if (this.configMap) return this.configMapEntry(this.configMap, runtime);
    const builtIn = this.builtIn(runtime);
    if (builtIn !== undefined) {
      const profile = this.defaults === 'ack' ? '' : ` of the ${this.defaults} profile`;
      return success({ raw: builtIn, source: `the built-in defaults${profile}` });
    }
    const which =
      this.defaults === 'none'
        ? 'defaults is none, so no runtime has a built-in entry'
        : `only ${inWords(this.runtimes.withDefaults(this.defaults))} have built-in defaults ` +
          `(defaults: ${this.defaults})`;
    const near = this.knownNames().closest(runtime);
    // Without a ConfigMap source, the cluster's entry is not known here: what to expand cannot be told.
    return failure({
      message:
        `no injection config: ${near === undefined ? '' : `did you mean ${near}? Otherwise, `}${which}; ` +
        'give its entry in the ' +
        `functionConfig (data.${runtime}, or spec.injectionConfig.${runtime}) or in the ` +
        `sandbox-injection-config ConfigMap`,
      reason: 'no-entry',
    });
  }

  /** A ConfigMap source's entry, as the controller reads it: by exact key, as JSON (sidecar_config_inject.go:62-77). */
  private configMapEntry(cm: ConfigMapItem, runtime: string): Outcome<Located, LookupFailure> {
    const where = configMapName(cm);
    const data = (typeof cm.data === 'object' && cm.data !== null ? cm.data : {}) as Record<string, unknown>;
    const field = joinPath(['data', runtime]);
    if (!Object.hasOwn(data, runtime)) {
      return failure({
        message:
          `${where} has no entry for it (the controller fails with "injection template ${runtime} not ` +
          `found" for every pod of a resource that declares ${runtime}, whatever is expanded here)` +
          `${this.didYouMean(runtime)}; add data.${runtime} to it`,
      });
    }
    const parsed = parseEntryJson(typeof data[runtime] === 'string' ? (data[runtime] as string) : '');
    if (!parsed.ok) return failure({ message: `${where} ${field}: ${parsed.error}` });
    return success({ raw: parsed.value, source: where, subject: cm.subject, field, literal: true });
  }

  /** What the planner needs of the config (plan/expand.ts's ConfigView). */
  forPlanning() {
    return {
      options: this.config.options,
      runtimes: this.runtimes,
      lookup: (name: string) => this.lookup(name),
      controller: this.controller,
      clusterSource: this.configMap && configMapName(this.configMap),
    };
  }

  /** Whether the cluster's entries are known here (a ConfigMap source), or assumed to be the function's. */
  get clusterConfigKnown(): boolean {
    return this.configMap !== undefined;
  }

  private model: ControllerModel | undefined;

  /**
   * The run's model of the controller (docs/live-pod.md), made once: the reference model, reading the
   * cluster's entries as the controller reads them, JSON text by key. With a ConfigMap source, its data
   * as it is, even for a runtime an inline entry overrides here; without one, the function's own entries,
   * which the run assumes the cluster holds.
   */
  get controller(): ControllerModel {
    this.model ??= new ControllerModel(
      this.configMap ? sourceData(this.configMap) : (runtime: string) => this.assumedClusterText(runtime),
    );
    return this.model;
  }

  /**
   * The entry the run assumes the cluster holds for a runtime, without a ConfigMap source: the function's
   * own, as the text a ConfigMap would hold (an entry written as JSON as written, any other written as
   * JSON), regionId put in. For a runtime the function has none for, an empty entry stands in for the
   * cluster's own: it is applied alike to the input and the output, after the same Pod, so the law holds
   * or breaks before it as it would with the real one (the planner leaves that runtime, and those after
   * it, to the controller, or stops with an error).
   */
  private assumedClusterText(runtime: string): string {
    const located = this.locate(runtime);
    return located.ok ? this.entryText(located.value) : '{}';
  }

  /** An entry found here as the text a ConfigMap would hold of it, regionId put in. */
  private entryText({ raw, text }: Located): string {
    const region = this.config.options.regionId;
    if (text === undefined) return JSON.stringify(substituteRegion(raw, region).value);
    // The region as it is written inside a JSON string.
    return region ? text.split(REGION_PLACEHOLDER).join(JSON.stringify(region).slice(1, -1)) : text;
  }

  /** Whether an inline entry is the ConfigMap source's entry, as the controller decodes both. */
  private isTheSource(runtime: string, inline: Located): boolean {
    const source = this.controller.entry(runtime);
    const here = ControllerModel.parseEntry(this.entryText(inline));
    return source.ok && here.ok && sameValue(source.value, here.value);
  }

  /**
   * Results about the config itself: the ConfigMaps passed over as the source, one info that names where
   * each runtime's entry came from, and what in an entry is ignored.
   */
  runResults(): Result[] {
    // Inline entries are named together, with where each is written: "csi and logger from the
    // functionConfig (data.csi, data.logger)".
    const bySource = new Map<string, { runtimes: string[]; fields: string[] }>();
    for (const [runtime, found] of this.cache) {
      if (!found.ok) continue;
      const { source, inlineField } = found.value;
      const from = inlineField === undefined ? source : 'the functionConfig';
      const group = bySource.get(from) ?? { runtimes: [], fields: [] };
      group.runtimes.push(runtime);
      if (inlineField !== undefined) group.fields.push(inlineField);
      bySource.set(from, group);
    }
    const sources = [...bySource].map(
      ([from, { runtimes, fields }]) =>
        `${inWords(runtimes)} from ${from}${fields.length ? ` (${fields.join(', ')})` : ''}`,
    );
    return [
      ...this.passedOver,
      ...(sources.length ? [result('info', `injection config: ${sources.join('; ')}`)] : []),
      ...[...this.cache.values()].flatMap((found) => (found.ok ? found.value.results : [])),
    ];
  }

  /** What the run learnt about the config once every resource is planned. */
  closingResults(): Result[] {
    const results: Result[] = [];
    const { regionId, keepRuntimes } = this.config.options;
    const regionUsed = [...this.cache.values()].some((found) => found.ok && found.value.regionPut);
    if (this.configMap && regionId && !regionUsed) {
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
        if (!found?.ok || !found.value.entry.csiSidecar.length) return [];
        return [`${name} (sidecar ${found.value.entry.csiSidecar.map((s) => s.name).join(', ')})`];
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

  private resolve(runtime: string): Lookup {
    const found = this.locate(runtime);
    if (!found.ok) return found;
    const located = found.value;
    // A ConfigMap source's entry is used literally, as the controller uses it: no region is put in.
    const region = located.literal ? undefined : this.config.options.regionId;
    const { value, missing, replaced } = substituteRegion(located.raw, region);
    // The built-in defaults are checked by the tests (test/config/sources.test.ts), for any region:
    // loading the core/v1 fields and validators is then left to runs with entries of their own.
    const builtInDefault = located.raw === this.builtIn(runtime);
    const decoded = decodeEntry(value, { trusted: builtInDefault });
    if (!decoded.ok) return invalidEntry(located.source, decoded.error);
    const entry = decoded.value;
    const unit = this.runtimes.unitFor(runtime);
    const invalid = builtInDefault ? [] : invalidItems(entry, unit.fields);
    const results: Result[] = [];
    const warn = (field: string, message: string) => {
      const path = located.field ? `${located.field}.${field}` : undefined;
      results.push(result('warning', message, located.subject, path));
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
    return success({
      entry: deepFreeze(entry),
      source: located.source,
      literal: located.literal === true,
      invalid,
      ...(located.inline ? { inlineField: located.field } : {}),
      ...(located.inline && this.configMap ? { notTheSource: !this.isTheSource(runtime, located) } : {}),
      missingRegion: missing,
      regionPut: replaced,
      hash: this.hasher.contentHash(value),
      results,
    });
  }
}

/**
 * The namespace the controller reads its ConfigMap from, unless its chart is installed elsewhere
 * (webhookutils.GetNamespace: POD_NAMESPACE, else sandbox-system).
 */
export const CONTROLLER_NAMESPACE = 'sandbox-system';

/** A ConfigMap by name and namespace; an empty namespace is none. */
interface ConfigMapId {
  name: string;
  namespace?: string | undefined;
}

/** The ConfigMap that is the source: the one injectionConfigRef names, else the controller's own. */
function wantedSource({ ref }: FunctionConfig): ConfigMapId {
  return { name: ref?.name ?? INJECTION_CONFIGMAP, namespace: ref?.namespace ?? CONTROLLER_NAMESPACE };
}

/**
 * The names configMapsAmong looks for: the source's, and the controller's, which a renamed copy still
 * holds (kustomize's namePrefix, nameSuffix and a generator's hash only add to a name).
 */
export function sourceNames(config: FunctionConfig): string[] {
  const { name } = wantedSource(config);
  return name.includes(INJECTION_CONFIGMAP) ? [INJECTION_CONFIGMAP] : [name, INJECTION_CONFIGMAP];
}

const sameConfigMap = (a: ConfigMapId, b: ConfigMapId) =>
  a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');

/**
 * A ConfigMap source's data as the controller's client reads it: its string values (a value of another
 * type is no ConfigMap the API server would hold, and reads as no key).
 */
function sourceData(cm: ConfigMapItem): Record<string, string> {
  const data = typeof cm.data === 'object' && cm.data !== null ? (cm.data as Record<string, unknown>) : {};
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(data)) if (typeof value === 'string') out[key] = value;
  return out;
}

const configMapName = (c: ConfigMapId) => `ConfigMap ${c.namespace ? c.namespace + '/' : ''}${c.name}`;

/** The injectionConfigRef that selects a ConfigMap, as it is written in a SandboxRuntimeInjection. */
function refSelecting(c: ConfigMapId): string {
  const text = (value: string) => (/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value) ? value : JSON.stringify(value));
  return `spec.injectionConfigRef: {name: ${text(c.name)}, namespace: ${text(c.namespace ?? '')}}`;
}

/**
 * Why a ConfigMap that looks like the source is not used, and the ref that would select it. The input is
 * written by several teams: one team's ConfigMap must neither drive nor stop the injection of another's
 * Sandboxes, so it is never taken without a ref that names it.
 */
function passedOverWarning(c: ConfigMapItem, config: FunctionConfig, source: ConfigMapId | undefined): Result {
  const wanted = wantedSource(config);
  const why = config.ref
    ? `injectionConfigRef names ${configMapName(wanted)}` +
      (config.ref.namespace === undefined ? ` (a ref without a namespace means ${CONTROLLER_NAMESPACE})` : '')
    : !c.namespace
      ? 'it has no namespace (helm template renders none unless the chart writes one), and the controller reads ' +
        `the one in its own namespace, ${CONTROLLER_NAMESPACE} by default`
      : c.name !== INJECTION_CONFIGMAP
        ? `its name is not ${INJECTION_CONFIGMAP}, as after kustomize's namePrefix or nameSuffix, and a renamed ` +
          "ConfigMap is taken only when injectionConfigRef names it (never for kustomize's " +
          'internal.config.kubernetes.io/previous* annotations, which anyone can write)'
        : `the controller reads the one in its own namespace, ${CONTROLLER_NAMESPACE} by default, and one elsewhere ` +
          "(a team's, or one that kustomize's namespace moved) is taken only when injectionConfigRef names it";
  // With a ref, the ref says what the source is, or the run stops because it is missing.
  const used = config.ref
    ? ''
    : source === undefined
      ? `; ${configMapName(wanted)} is not among the items, so the entries come from the functionConfig or the ` +
        'built-in defaults'
      : `; the source is ${source === config.itself ? 'the functionConfig itself' : configMapName(source)}`;
  const better = c.namespace ? '' : ", or better, give it the controller's namespace";
  const message =
    `${configMapName(c)} is ignored as the injection config source: ${why}${used}. If it holds the entries your ` +
    `controller uses, select it with ${refSelecting(c)} in a SandboxRuntimeInjection functionConfig (a ` +
    `ConfigMap functionConfig cannot name a source)${better}`;
  return result('warning', message, c.subject);
}

function invalidEntry(source: string, problems: readonly Problem[]): Lookup {
  return failure({ message: invalidEntryMessage(source, problems) });
}

/** What is wrong with an entry, in words: where it came from, and each problem at its field. */
export function invalidEntryMessage(source: string, problems: readonly Problem[]): string {
  const what = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
  return `its injection config from ${source} is invalid: ${what}`;
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
