// The command's surface: its flags, declared once here, and the --help text. The flags that set an
// option for one run, and the option list, are made from the option declarations (config/options.ts);
// the runtimes with built-in entries come from the table.
import { FIELDS, OPTIONS, type Declarations, type ValueType } from './config/options.js';
import { inWords, RUNTIMES } from './runtimes/table.js';

export interface Flag {
  name: string;
  short?: string;
  /** What its value is, as --help shows it; a flag without one takes no value. */
  value?: string;
  description: string;
  /** The option it sets for the run, over the functionConfig's. */
  option?: string;
}

/** The flags that are the command's own: what it reads and writes, rather than how the function runs. */
const COMMAND_FLAGS: readonly Flag[] = [
  {
    name: 'fn-config',
    value: 'FILE',
    description: "the functionConfig file; else the first argument, or else a ResourceList's own",
  },
  {
    name: 'drop-local-config',
    description: 'leave local-config items (the ConfigMap source kept in Git) out of the output',
  },
  { name: 'diff', description: 'print a unified diff of the input to the output, instead of the output' },
  {
    name: 'print-defaults',
    description: "print a profile's built-in entries as the ConfigMap to keep in Git (with --defaults, --region-id)",
  },
  { name: 'help', short: 'h', description: 'print this help' },
  { name: 'version', short: 'v', description: 'print the version' },
];

/** The flag's value as --help shows it: the values there are, or the option's name. */
const valueOf = (name: string, type: ValueType<unknown>): string | undefined =>
  type.base === 'boolean'
    ? undefined
    : type.shown === 'string'
      ? name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()
      : type.shown.replace(/ /g, '');

export function flagsOf(declarations: Declarations): Flag[] {
  const optionFlags = Object.entries(declarations).flatMap(([name, d]): Flag[] => {
    if (d.flag === undefined) return [];
    const value = valueOf(name, d.type);
    return [
      {
        name: d.flag,
        ...(value === undefined ? {} : { value }),
        description: `${name} for this run, over the config's`,
        option: name,
      },
    ];
  });
  return [...optionFlags, ...COMMAND_FLAGS];
}

const WIDTH = 100;
const COLUMN = 24;

/** Words wrapped to the width, every line after the first indented to the column. */
function wrap(words: string, column: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words.split(' ')) {
    if (line && column + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join('\n' + ' '.repeat(column));
}

/** A term and its text in two columns; a term too long for its column has the text on the next line. */
const row = (term: string, text: string): string =>
  term.length < COLUMN - 3
    ? `  ${term.padEnd(COLUMN - 2)}${wrap(text, COLUMN)}`
    : `  ${term}\n${' '.repeat(COLUMN)}${wrap(text, COLUMN)}`;

export function usageOf(declarations: Declarations): string {
  const flags = flagsOf(declarations)
    .map((f) => row(`${f.short ? `-${f.short}, ` : ''}--${f.name}${f.value ? ` ${f.value}` : ''}`, f.description))
    .join('\n');
  const options = [
    ...Object.entries(declarations).map(([name, d]) =>
      row(name, `${d.default === undefined ? '' : `(default ${String(d.default)}) `}${d.description}`),
    ),
    ...Object.entries(FIELDS).map(([name, f]) => row(name, f.description)),
  ].join('\n');
  return `inject-sandbox-runtimes: expand the spec.runtimes of OpenKruise Agent Sandbox resources
(Sandbox, SandboxSet) into explicit init containers, env, mounts, postStart hooks and volumes, offline.

Usage:
  inject-sandbox-runtimes < resource-list.yaml              KRM function: a ResourceList on stdin
  inject-sandbox-runtimes CONFIG.yaml < stream.yaml          plain YAML stream (or v1 List), config file
  inject-sandbox-runtimes [FLAGS] [CONFIG.yaml] < stream.yaml
  inject-sandbox-runtimes --print-defaults [--region-id ID] [--defaults ack|openkruise]

Output has the shape of the input. A ResourceList gets results appended; for a plain stream the
results are summarised on stderr. Exit code 1 iff there is an error result.

Flags:
${flags}

Options, all optional (with none, the built-in ${inWords(RUNTIMES.withDefaults('ack'))} entries are used):
${options}
  As a ConfigMap's data (kpt's key=value arguments), booleans are "true" or "false", and any other key
  is a runtime's injection config entry, as JSON. As apiVersion: fn.sandbox-inject.dev/v1alpha1,
  kind: SandboxRuntimeInjection, they are the fields of spec.
  The entries' source is the ConfigMap sandbox-system/sandbox-injection-config among the input items, as
  the controller reads it, or the one spec.injectionConfigRef names (namespace sandbox-system if left
  out); same-name ConfigMaps elsewhere, without a namespace or renamed by kustomize are ignored, with a
  warning that gives the ref selecting each.

Examples:
  kpt fn eval PKG --exec inject-sandbox-runtimes -- regionId=cn-hangzhou
  kpt fn render PKG --allow-exec        (Kptfile pipeline: - exec: inject-sandbox-runtimes)
  kubectl kustomize --enable-alpha-plugins DIR
                                        (legacy exec plugin under $KUSTOMIZE_PLUGIN_HOME)
  inject-sandbox-runtimes fn-config.yaml < rendered.yaml > injected.yaml   (Argo CD CMP generate)
  inject-sandbox-runtimes --diff --region-id cn-hangzhou < sandboxset.yaml  (a preview)
`;
}

export const FLAGS = flagsOf(OPTIONS);
export const USAGE = usageOf(OPTIONS);
