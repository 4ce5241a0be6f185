// The functionConfig, in either of its forms (docs/config.md): a ConfigMap (kpt `key=value` arguments,
// or the in-cluster sandbox-injection-config itself) or the typed SandboxRuntimeInjection kind.
import * as t from 'io-ts';
import { decode, joinPath, kindOf, named, strictPartial, type Problem } from '../base/decode.js';
import { result, type Result, type Subject } from '../base/results.js';
import { closest } from '../base/names.js';
import { MANIFESTS_ON_STDIN } from '../read/config.js';
import { subjectOf } from '../read/metadata.js';
import { entryFromJson } from '../runtimes/entry.js';
import { PROFILES, type Profile } from '../runtimes/unit.js';
import { MODES, type Mode } from './options.js';

export { MODES, type Mode };

const TYPED_API_VERSION = 'fn.sandbox-inject.dev/v1alpha1';
export const TYPED_KIND = 'SandboxRuntimeInjection';
/** The option `defaults`: a profile of built-in entries, or none. */
export const DEFAULTS = [...PROFILES, 'none'] as const;
export type Defaults = Profile | 'none';

export interface Options {
  regionId?: string;
  keepRuntimes: boolean;
  /** Expand traffic-proxy here, with the controller's probe rewrite, instead of leaving it for the controller. */
  expandTrafficProxy: boolean;
  mode: Mode;
  defaults: Defaults;
}

/** An entry written in the functionConfig itself, still raw: it is decoded when a resource needs it. */
export interface InlineEntry {
  raw: unknown;
  /** Where it was written, for results: the functionConfig object and the field path inside it. */
  subject?: Subject;
  field: string;
}

export interface FunctionConfig {
  options: Options;
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

const DEFAULT_OPTIONS: Options = { keepRuntimes: true, expandTrafficProxy: false, mode: 'inject', defaults: 'ack' };

const Mode = named(t.keyof({ inject: null, uninject: null, check: null }), `one of: ${MODES.join(', ')}`);
const DefaultsOption = named(
  t.keyof(Object.fromEntries(DEFAULTS.map((d) => [d, null])) as Record<Defaults, null>),
  `one of: ${DEFAULTS.join(', ')}`,
);
const ConfigRef = t.intersection([
  t.type({ name: t.string }),
  strictPartial({ name: t.string, namespace: t.string }, 'a mapping'),
]);
const TypedSpec = strictPartial(
  {
    regionId: t.string,
    keepRuntimes: named(t.boolean, 'true or false'),
    expandTrafficProxy: named(t.boolean, 'true or false'),
    mode: Mode,
    defaults: DefaultsOption,
    injectionConfig: named(
      t.record(
        t.string,
        named(t.union([t.string, t.UnknownRecord, t.null]), 'an entry: a mapping, a JSON string or null'),
      ),
      'a mapping of runtime names to entries',
    ),
    injectionConfigRef: ConfigRef,
  },
  'a mapping',
);
const ConfigMapData = named(
  t.record(t.string, t.union([t.string, t.number, t.boolean, t.null])),
  'a mapping of strings',
);

/** The options a ConfigMap's data may hold; every other key is a runtime's entry. */
// The options a ConfigMap's data may set; any other key is a runtime's entry.
const OPTION_KEYS = ['regionId', 'keepRuntimes', 'expandTrafficProxy', 'mode', 'defaults'] as const;

/**
 * Whether a runtime name is known: declared by an input resource, or in the profile's built-in entries. A
 * ConfigMap key close to an option is a typo of it unless it names a known runtime.
 */
export type KnownRuntime = (name: string, defaults: Defaults) => boolean;

export type Decoded = { ok: true; config: FunctionConfig; results: Result[] } | { ok: false; results: Result[] };

/** @param origin where the config came from: a file given to the command may be a manifest by mistake. */
export function decodeFunctionConfig(
  value: unknown,
  knownRuntime: KnownRuntime = () => false,
  origin: 'functionConfig' | 'file' = 'functionConfig',
): Decoded {
  if (value === undefined || value === null)
    return { ok: true, config: { options: DEFAULT_OPTIONS, inline: new Map() }, results: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return fail(
      undefined,
      '',
      `functionConfig must be a KRM object (ConfigMap or ${TYPED_KIND}), found ${kindOf(value)}`,
    );
  }
  const object = value as Record<string, unknown>;
  const subject = subjectOf(object);
  if (object.kind === 'ConfigMap' && object.apiVersion === 'v1') return decodeConfigMap(object, subject, knownRuntime);
  if (object.kind === TYPED_KIND && object.apiVersion === TYPED_API_VERSION) return decodeTyped(object, subject);
  return fail(
    subject,
    'kind',
    `functionConfig has apiVersion ${JSON.stringify(object.apiVersion)} and kind ${JSON.stringify(object.kind)}; ` +
      `expected a v1 ConfigMap or ${TYPED_API_VERSION} ${TYPED_KIND}. ` +
      (origin === 'file'
        ? `This is the config file given as the first argument (or --fn-config); ${MANIFESTS_ON_STDIN}`
        : `Pass key=value arguments to kpt, or see the README's functionConfig reference`),
  );
}

function decodeConfigMap(object: Record<string, unknown>, subject: Subject, knownRuntime: KnownRuntime): Decoded {
  const data = decode(ConfigMapData, object.data ?? {});
  if (!data.ok) return failProblems(subject, 'data', data.error);
  const options: Options = { ...DEFAULT_OPTIONS };
  const inline = new Map<string, InlineEntry>();
  const problems: Problem[] = [];
  const isSource = subject.ref.name === INJECTION_CONFIGMAP;
  const sourceData: Record<string, unknown> = {};
  const entries: [string, string][] = [];
  for (const [key, raw] of Object.entries(data.value)) {
    const text = raw === null ? '' : String(raw);
    if (key === 'regionId') options.regionId = text;
    else if (key === 'keepRuntimes' || key === 'expandTrafficProxy') {
      if (text === 'true' || text === 'false') options[key] = text === 'true';
      else problems.push({ path: key, message: `expected "true" or "false", found ${JSON.stringify(text)}` });
    } else if (key === 'mode') {
      if ((MODES as readonly string[]).includes(text)) options.mode = text as Mode;
      else problems.push({ path: key, message: `expected one of: ${MODES.join(', ')}, found ${JSON.stringify(text)}` });
    } else if (key === 'defaults') {
      if ((DEFAULTS as readonly string[]).includes(text)) options.defaults = text as Defaults;
      else
        problems.push({ path: key, message: `expected one of: ${DEFAULTS.join(', ')}, found ${JSON.stringify(text)}` });
    } else if (isSource) sourceData[key] = raw;
    else entries.push([key, text]);
  }
  // Only now is the profile known, whatever the order of the keys.
  for (const [key, text] of entries) {
    const option = closest(key, OPTION_KEYS);
    if (option !== undefined && !knownRuntime(key, options.defaults)) {
      problems.push({
        path: key,
        message:
          `"${key}" is not an option; did you mean ${option}? (Any other key is read as the entry of a runtime ` +
          `of that name, and no resource declares a runtime "${key}".)`,
      });
      continue;
    }
    const parsed = parseEntryJson(text);
    if ('error' in parsed) problems.push({ path: key, message: parsed.error });
    else inline.set(key, { raw: parsed.value, subject, field: joinPath(['data', key]) });
  }
  if (problems.length) return failProblems(subject, 'data', problems);
  const config: FunctionConfig = { options, inline };
  if (isSource) {
    config.itself = { name: subject.ref.name, data: sourceData, subject };
    if (subject.ref.namespace !== undefined) config.itself.namespace = subject.ref.namespace;
  }
  return { ok: true, config, results: [] };
}

function decodeTyped(object: Record<string, unknown>, subject: Subject): Decoded {
  const decoded = decode(TypedSpec, object.spec ?? {});
  if (!decoded.ok) return failProblems(subject, 'spec', decoded.error);
  const s = decoded.value;
  const options: Options = { ...DEFAULT_OPTIONS };
  if (s.regionId !== undefined) options.regionId = s.regionId;
  if (s.keepRuntimes !== undefined) options.keepRuntimes = s.keepRuntimes;
  if (s.expandTrafficProxy !== undefined) options.expandTrafficProxy = s.expandTrafficProxy;
  if (s.mode !== undefined) options.mode = s.mode;
  if (s.defaults !== undefined) options.defaults = s.defaults;
  const inline = new Map<string, InlineEntry>();
  const problems: Problem[] = [];
  for (const [name, raw] of Object.entries(s.injectionConfig ?? {})) {
    const field = joinPath(['spec', 'injectionConfig', name]);
    if (typeof raw !== 'string') inline.set(name, { raw, subject, field });
    else {
      const parsed = parseEntryJson(raw);
      if ('error' in parsed) problems.push({ path: `injectionConfig.${name}`, message: parsed.error });
      else inline.set(name, { raw: parsed.value, subject, field });
    }
  }
  if (problems.length) return failProblems(subject, 'spec', problems);
  const config: FunctionConfig = { options, inline };
  if (s.injectionConfigRef) config.ref = s.injectionConfigRef;
  return { ok: true, config, results: [] };
}

/**
 * Parses an entry written as JSON, as the controller does (a repeated key too); an empty value is an
 * error there too.
 */
export function parseEntryJson(text: string): { value: unknown } | { error: string } {
  if (text.trim() === '')
    return { error: 'the injection config is empty; give a JSON object, or null for an empty entry' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `invalid JSON: ${(e as Error).message}` };
  }
  return { value: entryFromJson(text, parsed) };
}

function fail(subject: Subject | undefined, field: string, message: string): Decoded {
  return { ok: false, results: [result('error', `invalid functionConfig: ${message}`, subject, field || undefined)] };
}

function failProblems(subject: Subject, prefix: string, problems: Problem[]): Decoded {
  return {
    ok: false,
    results: problems.map((p) => {
      const path = p.path ? `${prefix}.${p.path}` : prefix;
      return result('error', `invalid functionConfig: ${path}: ${p.message}`, subject, path);
    }),
  };
}
