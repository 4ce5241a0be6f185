// The functionConfig's options, each declared once: its type, default, description and CLI flag. The
// rest is made from these declarations, never copied: the typed spec's io-ts codec and the reading of a
// ConfigMap's data (functionConfig.ts; this module names no io-ts type, so that the library's declarations
// do not), the flags and --help (usage.ts), and the schema in
// krm-function.yaml and the option table in docs/config.md (reference.ts, written by
// `npm run docs:generate`). docs/config.md says how to add one.
import { PROFILES, type Profile } from '../runtimes/unit.js';

/** A value read from text (a ConfigMap's data, a flag), or what was expected instead. */
export type Read<A> = { ok: true; value: A } | { ok: false; expected: string };

export type JsonSchema = Readonly<Record<string, unknown>>;

/** A kind of value: how a person reads its type, and how it is read from text and from the typed spec. */
export interface ValueType<A> {
  /** The type in --help and in the tables. */
  readonly shown: string;
  /** The type YAML gives it in the typed spec. */
  readonly base: 'string' | 'boolean';
  /** What the typed spec expects, in a message: "expected a string, found a number 42". */
  readonly expected: string;
  /** From text: a ConfigMap's data (kpt's key=value arguments), a flag's value, or the typed spec's. */
  readonly read: (text: string) => Read<A>;
  readonly schema: JsonSchema;
}

export interface Declaration<A> {
  readonly type: ValueType<A>;
  readonly default?: A;
  /** One sentence or two, for --help, the schema and the tables. */
  readonly description: string;
  /**
   * The flag (without --) that sets the option for one run, over the functionConfig's value; a boolean's
   * takes no value.
   */
  readonly flag?: string;
}

/** Declares an option; the declaration keeps whether it has a default, which makes it required in Options. */
export function option<A, const D extends Omit<Declaration<A>, 'type'>>(
  type: ValueType<A>,
  declaration: D,
): D & { readonly type: ValueType<A> } {
  return { ...declaration, type };
}

/** A text, that passes a rule if one is given. */
export function text(rule?: {
  expected: string;
  test: (text: string) => boolean;
  schema: JsonSchema;
}): ValueType<string> {
  return {
    shown: 'string',
    base: 'string',
    expected: 'a string',
    read: (value) =>
      rule === undefined || rule.test(value) ? { ok: true, value } : { ok: false, expected: rule.expected },
    schema: { type: 'string', ...rule?.schema },
  };
}

export const boolean: ValueType<boolean> = {
  shown: 'boolean',
  base: 'boolean',
  expected: 'true or false',
  read: (value) =>
    value === 'true' || value === 'false'
      ? { ok: true, value: value === 'true' }
      : { ok: false, expected: '"true" or "false"' },
  schema: { type: 'boolean' },
};

export function oneOf<const V extends string>(values: readonly V[]): ValueType<V> {
  const expected = `one of: ${values.join(', ')}`;
  return {
    shown: values.join(' | '),
    base: 'string',
    expected,
    read: (value) =>
      (values as readonly string[]).includes(value) ? { ok: true, value: value as V } : { ok: false, expected },
    schema: { type: 'string', enum: values },
  };
}

/**
 * RFC 1123's label, as Kubernetes checks names: the region id goes into registry host names, and a line
 * break or a space in it would make the printed ConfigMap more documents than one. Empty is unset.
 */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const REGION_RULE = {
  expected:
    'a DNS label, as it goes into registry host names: at most 63 lowercase letters, digits and "-", ' +
    'starting and ending with a letter or digit (cn-hangzhou)',
  test: (value: string) => value === '' || (value.length <= 63 && DNS_LABEL.test(value)),
  schema: { pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$', maxLength: 63 },
};

export const MODES = ['inject', 'uninject', 'check'] as const;
/** The option `defaults`: a profile of built-in entries, or none. */
export const DEFAULTS = [...PROFILES, 'none'] as const;
export type Defaults = Profile | 'none';

export const OPTIONS = {
  regionId: option(text(REGION_RULE), {
    description:
      'Replaces every <region-id> in the built-in and inline entries; an entry that still holds one when it ' +
      'is injected is an error. A DNS label, as it goes into registry host names.',
    flag: 'region-id',
  }),
  keepRuntimes: option(boolean, {
    default: true,
    description:
      'Keep agent-runtime and csi declared in spec.runtimes after expansion, so the controller skips them; ' +
      'with false every expanded runtime is removed.',
  }),
  expandTrafficProxy: option(boolean, {
    default: false,
    description:
      "Expand traffic-proxy here, with the controller's health-probe rewrite, instead of leaving it declared " +
      'for the controller; its CA-bundle injection, keyed on the declaration, is then lost.',
  }),
  mode: option(oneOf(MODES), {
    default: 'inject',
    description:
      'inject expands; uninject takes the recorded injection out; check changes nothing and reports what is ' +
      'missing or stale.',
    flag: 'mode',
  }),
  defaults: option(oneOf<Defaults>(DEFAULTS), {
    default: 'ack',
    description:
      "Which built-in entries are used for a runtime without one: the ACK add-on's (agent-runtime, csi), " +
      "the OpenKruise chart's (agent-runtime, traffic-proxy), or none.",
    flag: 'defaults',
  }),
  failOn: option(oneOf(['error', 'warning']), {
    default: 'error',
    description:
      'With warning, a run that gives warnings fails as one with errors does: one more error result counts ' +
      'them, and the exit code is 1. For CI, and for kustomize, which shows no messages of a run that passes.',
    flag: 'fail-on',
  }),
  verbose: option(boolean, {
    default: false,
    description:
      'Also give the info results about each resource (what was expanded, what was up to date); without ' +
      'it, infos are only about the run.',
    flag: 'verbose',
  }),
  statusRecords: option(oneOf(['accept', 'refuse']), {
    default: 'accept',
    description:
      'With refuse, a Sandbox kind that carries a status record (sandbox-inject.dev/status) is an error, and ' +
      'is left unchanged: for pipelines that render at sync time from sources that never hold injected output ' +
      '(the Argo CD and Helm recipes), where a record can only be forged.',
    flag: 'status-records',
  }),
  handEdits: option(oneOf(['refuse', 'adopt']), {
    default: 'refuse',
    description:
      'What a run does with an injected part edited by hand since: refuse is an error naming the edit; ' +
      'adopt keeps the edit, with its runtime, in the status record, and check warns of it until it is undone.',
    flag: 'hand-edits',
  }),
};

// any: a declaration's type parameter is read (its codec decodes) and written (it encodes), so no one
// type covers every declaration.
export type Declarations = Readonly<Record<string, Declaration<any>>>;

type ValueOf<D> = D extends { type: ValueType<infer A> } ? A : never;
type Defaulted<T> = { [K in keyof T]: T[K] extends { default: unknown } ? K : never }[keyof T];
/** The options' values as decoded: an option with a default always has one. */
export type OptionsOf<T> = { -readonly [K in Defaulted<T>]: ValueOf<T[K]> } & {
  -readonly [K in Exclude<keyof T, Defaulted<T>>]?: ValueOf<T[K]>;
};

export type Options = OptionsOf<typeof OPTIONS>;
export type Mode = Options['mode'];

/** The options that have a default, set to it. */
export function defaultsOf<T extends Declarations>(declarations: T): OptionsOf<T> {
  const values: Record<string, unknown> = {};
  for (const [name, declaration] of Object.entries(declarations))
    if (declaration.default !== undefined) values[name] = declaration.default;
  return values as OptionsOf<T>;
}

/** The fields of the typed spec that are not options (their codecs are in functionConfig.ts). */
export interface Field {
  readonly shown: string;
  readonly schema: JsonSchema;
  readonly description: string;
}

export const FIELDS = {
  injectionConfig: {
    shown: 'map',
    schema: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          { type: 'string', nullable: true },
          { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        ],
      },
    },
    description: 'Per runtime name, its injection config entry, as an object or a JSON string.',
  },
  injectionConfigRef: {
    shown: '{name, namespace?}',
    schema: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: { name: { type: 'string' }, namespace: { type: 'string' } },
    },
    description:
      "The ConfigMap among the input items that holds the entries, in the controller's format; its namespace is " +
      'sandbox-system unless given ("" for none). Without it, the source is sandbox-system/sandbox-injection-config.',
  },
} satisfies Record<string, Field>;
