// The functionConfig's options, described once: the --help text (usage.ts), the README's option table
// and krm-function.yaml's schema descriptions all say these words, and test/config/options.test.ts
// holds the README and the schema to them.
export const MODES = ['inject', 'uninject', 'check'] as const;
export type Mode = (typeof MODES)[number];

export interface OptionDoc {
  name: string;
  /** The type as a person reads it. */
  type: string;
  default?: string;
  description: string;
}

export const OPTION_DOCS: readonly OptionDoc[] = [
  {
    name: 'regionId',
    type: 'string',
    description:
      'Replaces every <region-id> in the built-in and inline entries; an entry that still holds one when it ' +
      'is injected is an error.',
  },
  {
    name: 'keepRuntimes',
    type: 'boolean',
    default: 'true',
    description:
      'Keep agent-runtime and csi declared in spec.runtimes after expansion, so the controller skips them; ' +
      'with false every expanded runtime is removed.',
  },
  {
    name: 'expandTrafficProxy',
    type: 'boolean',
    default: 'false',
    description:
      "Expand traffic-proxy here, with the controller's health-probe rewrite, instead of leaving it declared " +
      'for the controller; its CA-bundle injection, keyed on the declaration, is then lost.',
  },
  {
    name: 'mode',
    type: MODES.join(' | '),
    default: 'inject',
    description:
      'inject expands; uninject takes the recorded injection out; check changes nothing and reports what is ' +
      'missing or stale.',
  },
  {
    name: 'defaults',
    type: 'ack | openkruise | none',
    default: 'ack',
    description:
      "Which built-in entries are used for a runtime without one: the ACK add-on's (agent-runtime, csi), " +
      "the OpenKruise chart's (agent-runtime, traffic-proxy), or none.",
  },
  {
    name: 'injectionConfig',
    type: 'map',
    description: 'Per runtime name, its injection config entry, as an object or a JSON string.',
  },
  {
    name: 'injectionConfigRef',
    type: '{name, namespace?}',
    description: "A ConfigMap among the input items holding entries in the controller's format.",
  },
];
