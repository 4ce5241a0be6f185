// The functionConfig, in either of its forms (docs/config.md): a ConfigMap (kpt `key=value` arguments,
// or the in-cluster sandbox-injection-config itself) or the typed SandboxRuntimeInjection kind.
import * as t from 'io-ts';
import { isMap, parseAllDocuments } from 'yaml';
import { decode, joinPath, kindOf, named, strictPartial, type Problem } from '../base/decode.js';
import { failure, success, type Failure, type Outcome } from '../base/outcome.js';
import { result, type Result, type Subject } from '../base/results.js';
import { closest } from '../base/names.js';
import { MANIFESTS_ON_STDIN } from '../read/config.js';
import { subjectOf } from '../read/metadata.js';
import { entryFromJson } from '../runtimes/entry.js';
import {
  DEFAULTS,
  defaultsOf,
  MODES,
  OPTIONS,
  type Declarations,
  type Defaults,
  type Mode,
  type Options,
  type OptionsOf,
  type ValueType,
} from './options.js';

export { DEFAULTS, MODES, type Defaults, type Mode, type Options };

const TYPED_API_VERSION = 'fn.sandbox-inject.dev/v1alpha1';
export const TYPED_KIND = 'SandboxRuntimeInjection';

/** An entry written in the functionConfig itself, still raw: it is decoded when a resource needs it. */
export interface InlineEntry {
  raw: unknown;
  /** The entry as written, where it was written as JSON text: what a ConfigMap would hold of it. */
  text?: string;
  /** Where it was written, for results: the functionConfig object and the field path inside it. */
  subject?: Subject;
  field: string;
}

export interface FunctionConfig<O = Options> {
  options: O;
  inline: Map<string, InlineEntry>;
  ref?: { name: string; namespace?: string };
  /**
   * The cluster's sandbox-injection-config passed as the functionConfig itself: its runtime keys are a
   * ConfigMap source, used as the controller uses them, not inline entries.
   */
  itself?: { name: string; namespace?: string; data: Record<string, unknown>; subject: Subject };
}

/** The name of the controller's injection config ConfigMap (config_types.go:28). */
export const INJECTION_CONFIGMAP = 'sandbox-injection-config';

/** The typed spec's codec of a value type: its YAML type, then the same reading as a ConfigMap's text. */
function codecOf<A>(type: ValueType<A>): t.Type<A, A, unknown> {
  const is = (u: unknown) => typeof u === type.base;
  return new t.Type<A, A, unknown>(
    type.expected,
    (u): u is A => is(u) && type.read(String(u)).ok,
    (u, c) => {
      if (!is(u)) return t.failure(u, c);
      const read = type.read(String(u));
      if (read.ok) return t.success(read.value);
      return t.failure(u, c, `expected ${read.expected}, found a ${type.base} ${JSON.stringify(u)}`);
    },
    t.identity,
  );
}

/** The typed spec's fields that are not options (options.ts describes them). */
const FIELD_CODECS = {
  injectionConfig: named(
    t.record(
      t.string,
      named(t.union([t.string, t.UnknownRecord, t.null]), 'an entry: a mapping, a JSON string or null'),
    ),
    'a mapping of runtime names to entries',
  ),
  injectionConfigRef: t.intersection([
    t.type({ name: t.string }),
    strictPartial({ name: t.string, namespace: t.string }, 'a mapping'),
  ]),
};

const ConfigMapData = named(
  t.record(t.string, t.union([t.string, t.number, t.boolean, t.null])),
  'a mapping of strings',
);

/**
 * Whether a runtime name is known: declared by an input resource, or in the profile's built-in entries. A
 * ConfigMap key close to an option is a typo of it unless it names a known runtime.
 */
export type KnownRuntime = (name: string, defaults: Defaults) => boolean;

/** The functionConfig decoded, or the error results that say what is wrong in it. */
export type Decoded<O = Options> = Outcome<FunctionConfig<O>, Result[]>;

export type DecodeFunctionConfig<O> = (
  value: unknown,
  knownRuntime?: KnownRuntime,
  /** Where the config came from: a file given to the command may be a manifest by mistake. */
  origin?: 'functionConfig' | 'file',
  /** Options set for this run over the config's (the command's flags); other keys are not read. */
  overrides?: Partial<O>,
) => Decoded<O>;

/**
 * The functionConfig's decoder for a set of option declarations: the typed spec's codec and the reading
 * of a ConfigMap's data are made from them, with the fields of the spec that are not options.
 */
export function functionConfigDecoder<T extends Declarations>(declarations: T): DecodeFunctionConfig<OptionsOf<T>> {
  type O = OptionsOf<T>;
  const names = Object.keys(declarations);
  const typedSpec = strictPartial(
    {
      ...Object.fromEntries(Object.entries(declarations).map(([name, d]) => [name, codecOf(d.type)])),
      ...FIELD_CODECS,
    },
    'a mapping',
  );
  const defaults = defaultsOf(declarations);

  function decodeConfigMap(
    object: Record<string, unknown>,
    subject: Subject,
    knownRuntime: KnownRuntime,
    overrides: Partial<O>,
  ) {
    const data = decode(ConfigMapData, object.data ?? {});
    if (!data.ok) return failProblems(subject, 'data', data.error);
    const options: Record<string, unknown> = {};
    const problems: Problem[] = [];
    const isSource = subject.ref.name === INJECTION_CONFIGMAP;
    const sourceData: Record<string, unknown> = {};
    const entries: [string, string][] = [];
    for (const [key, raw] of Object.entries(data.value)) {
      const text = raw === null ? '' : String(raw);
      const declaration = Object.hasOwn(declarations, key) ? declarations[key] : undefined;
      if (declaration) {
        const read = declaration.type.read(text);
        if (read.ok) options[key] = read.value;
        else problems.push({ path: key, message: `expected ${read.expected}, found ${JSON.stringify(text)}` });
      } else if (isSource) sourceData[key] = raw;
      else entries.push([key, text]);
    }
    // Only now is the profile known, whatever the order of the keys.
    const profile = { ...defaults, ...options, ...overrides }.defaults as Defaults;
    const inline = new Map<string, InlineEntry>();
    for (const [key, text] of entries) {
      const option = closest(key, names);
      if (option !== undefined && !knownRuntime(key, profile)) {
        problems.push({
          path: key,
          message:
            `"${key}" is not an option; did you mean ${option}? (Any other key is read as the entry of a runtime ` +
            `of that name, and no resource declares a runtime "${key}".)`,
        });
        continue;
      }
      const parsed = parseEntryJson(text);
      if (!parsed.ok) problems.push({ path: key, message: parsed.error });
      else inline.set(key, { raw: parsed.value, text, subject, field: joinPath(['data', key]) });
    }
    if (problems.length) return failProblems(subject, 'data', problems);
    const config: FunctionConfig<Partial<O>> = { options: options as Partial<O>, inline };
    if (isSource) {
      config.itself = { name: subject.ref.name, data: sourceData, subject };
      if (subject.ref.namespace !== undefined) config.itself.namespace = subject.ref.namespace;
    }
    return success(config);
  }

  function decodeTyped(object: Record<string, unknown>, subject: Subject) {
    const decoded = decode(typedSpec, object.spec ?? {});
    if (!decoded.ok) return failProblems(subject, 'spec', decoded.error);
    const { injectionConfig, injectionConfigRef, ...options } = decoded.value as Record<string, unknown> & {
      injectionConfig?: Record<string, unknown>;
      injectionConfigRef?: { name: string; namespace?: string };
    };
    const inline = new Map<string, InlineEntry>();
    const problems: Problem[] = [];
    for (const [name, raw] of Object.entries(injectionConfig ?? {})) {
      const field = joinPath(['spec', 'injectionConfig', name]);
      if (typeof raw !== 'string') inline.set(name, { raw, subject, field });
      else {
        const parsed = parseEntryJson(raw);
        if (!parsed.ok) problems.push({ path: `injectionConfig.${name}`, message: parsed.error });
        else inline.set(name, { raw: parsed.value, text: raw, subject, field });
      }
    }
    if (problems.length) return failProblems(subject, 'spec', problems);
    const config: FunctionConfig<Partial<O>> = { options: options as Partial<O>, inline };
    if (injectionConfigRef) config.ref = injectionConfigRef;
    return success(config);
  }

  return (value, knownRuntime = () => false, origin = 'functionConfig', overrides = {}) => {
    const found =
      value === undefined || value === null
        ? success({ options: {}, inline: new Map() } as FunctionConfig<Partial<O>>)
        : decodeObject(value, knownRuntime, origin, overrides);
    if (!found.ok) return found;
    const given = Object.entries(overrides as Record<string, unknown>);
    const set = Object.fromEntries(given.filter(([name, value]) => names.includes(name) && value !== undefined));
    const options = { ...defaults, ...found.value.options, ...set } as O;
    return success({ ...found.value, options });
  };

  function decodeObject(
    value: unknown,
    knownRuntime: KnownRuntime,
    origin: 'functionConfig' | 'file',
    overrides: Partial<O>,
  ) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      return fail(
        undefined,
        '',
        `functionConfig must be a KRM object (ConfigMap or ${TYPED_KIND}), found ${kindOf(value)}`,
      );
    }
    const object = value as Record<string, unknown>;
    const subject = subjectOf(object);
    if (object.kind === 'ConfigMap' && object.apiVersion === 'v1')
      return decodeConfigMap(object, subject, knownRuntime, overrides);
    if (object.kind === TYPED_KIND && object.apiVersion === TYPED_API_VERSION) return decodeTyped(object, subject);
    return fail(
      subject,
      'kind',
      `functionConfig has apiVersion ${JSON.stringify(object.apiVersion)} and kind ${JSON.stringify(object.kind)}; ` +
        `expected a v1 ConfigMap or ${TYPED_API_VERSION} ${TYPED_KIND}. ` +
        (origin === 'file'
          ? `This is the config file given as the first argument (or --fn-config); ${MANIFESTS_ON_STDIN}`
          : `Pass key=value arguments to kpt, or see docs/config.md, "The functionConfig"`),
    );
  }
}

/**
 * Whether a config file's text holds manifests rather than one config: several documents, or one of
 * another kind.
 */
export function looksLikeManifests(text: string): boolean {
  const kinds = parseAllDocuments(text).flatMap((d) => (isMap(d.contents) ? [d.contents.get('kind') as unknown] : []));
  return kinds.length > 1 || kinds.some((kind) => kind !== 'ConfigMap' && kind !== TYPED_KIND);
}

/** The functionConfig's decoder for the options of OPTIONS. */
export const decodeFunctionConfig: DecodeFunctionConfig<Options> = functionConfigDecoder(OPTIONS);

/**
 * Parses an entry written as JSON, as the controller does (a repeated key too); an empty value is an
 * error there too.
 */
export function parseEntryJson(text: string): Outcome<unknown, string> {
  if (text.trim() === '')
    return failure('the injection config is empty; give a JSON object, or null for an empty entry');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return failure(`invalid JSON: ${(e as Error).message}`);
  }
  return success(entryFromJson(text, parsed));
}

/** A functionConfig with a problem (a typo in an option, most often) is not used at all, rather than half-used. */
const INVALID = 'invalid-function-config';

function fail(subject: Subject | undefined, field: string, message: string): Failure<Result[]> {
  return failure([result('error', `invalid functionConfig: ${message}`, subject, field || undefined, INVALID)]);
}

function failProblems(subject: Subject, prefix: string, problems: Problem[]): Failure<Result[]> {
  return failure(
    problems.map((p) => {
      const path = p.path ? `${prefix}.${p.path}` : prefix;
      return result('error', `invalid functionConfig: ${path}: ${p.message}`, subject, path, INVALID);
    }),
  );
}
