// The --help text. Its option descriptions are config/options.ts's, the same words as the README's
// option table and krm-function.yaml's schema; the runtimes with built-in entries come from the table.
import { OPTION_DOCS } from './config/options.js';
import { inWords, RUNTIMES } from './runtimes/table.js';

const WIDTH = 100;
const COLUMN = 22;

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

const options = OPTION_DOCS.map((o) => {
  const text = `${o.default === undefined ? '' : `(default ${o.default}) `}${o.description}`;
  return `  ${o.name.padEnd(COLUMN - 2)}${wrap(text, COLUMN)}`;
}).join('\n');

export const USAGE = `inject-sandbox-runtimes: expand the spec.runtimes of OpenKruise Agent Sandbox resources
(Sandbox, SandboxSet) into explicit init containers, env, mounts, postStart hooks and volumes, offline.

Usage:
  inject-sandbox-runtimes < resource-list.yaml              KRM function: a ResourceList on stdin
  inject-sandbox-runtimes CONFIG.yaml < stream.yaml          plain YAML stream (or v1 List), config file
  inject-sandbox-runtimes --fn-config CONFIG.yaml < stream.yaml
  inject-sandbox-runtimes --mode uninject|check ...           take the recorded injection out, or check it
  inject-sandbox-runtimes --drop-local-config CONFIG.yaml < stream.yaml
                                        leave local-config items (the ConfigMap source) out of the output
  inject-sandbox-runtimes --print-defaults [--region-id ID] [--defaults ack|openkruise]
                                        print the built-in entries as the ConfigMap to keep in Git
  inject-sandbox-runtimes --help | --version

Output has the shape of the input. A ResourceList gets results appended; for a plain stream the
results are summarised on stderr. Exit code 1 iff there is an error result.

Options, all optional (with none, the built-in ${inWords(RUNTIMES.withDefaults('ack'))} entries are used):
${options}
  As a ConfigMap's data (kpt's key=value arguments), booleans are "true" or "false", and any other key
  is a runtime's injection config entry, as JSON. As apiVersion: fn.sandbox-inject.dev/v1alpha1,
  kind: SandboxRuntimeInjection, they are the fields of spec.
  A ConfigMap sandbox-injection-config among the input items, in any namespace, is the entries' source.

Examples:
  kpt fn eval PKG --exec inject-sandbox-runtimes -- regionId=cn-hangzhou
  kpt fn render PKG --allow-exec        (Kptfile pipeline: - exec: inject-sandbox-runtimes)
  kubectl kustomize --enable-alpha-plugins DIR
                                        (legacy exec plugin under $KUSTOMIZE_PLUGIN_HOME)
  inject-sandbox-runtimes fn-config.yaml < rendered.yaml > injected.yaml   (Argo CD CMP generate)
`;
