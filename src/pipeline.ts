// The function, from input text to output text: read, decode the config, plan each resource, apply the
// plan to its YAML, write. No I/O here; the CLI and the kpt-functions adapter wire it to the world.
import { isMap, parseDocument } from 'yaml';
import { decodeFunctionConfig } from './config/functionConfig.js';
import { Resolver, type ConfigMapItem } from './config/sources.js';
import { ApplyError, planEdits, type TextEdit } from './apply/edit.js';
import { detectStyle } from './apply/style.js';
import { planResource } from './plan/expand.js';
import { roleOf } from './plan/sandbox.js';
import { itemValue, readInput, ReadError, scalarValue, MAX_ALIAS_COUNT, type Input, type Item } from './read/input.js';
import { subjectOf } from './read/metadata.js';
import { hasError, result, summarize, type Result } from './results.js';
import { writeOutput } from './write/output.js';

export interface RunOptions {
  /** A functionConfig file's text, which takes the place of the ResourceList's functionConfig. */
  configText?: string;
}

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1;
  results: Result[];
}

export function run(text: string, options: RunOptions = {}): RunOutput {
  let input: Input;
  try {
    input = readInput(text);
  } catch (e) {
    if (e instanceof ReadError) return { stdout: '', stderr: e.message + '\n', exitCode: 1, results: [] };
    throw e;
  }
  const { edits, results } = process(input, options);
  const stdout = writeOutput(input, edits, results);
  const stderr = input.shape === 'ResourceList' ? '' : summarize(results);
  return { stdout, stderr, exitCode: hasError(results) ? 1 : 0, results };
}

function process(input: Input, options: RunOptions): { edits: TextEdit[]; results: Result[] } {
  const configValue = options.configText === undefined ? input.functionConfig : readConfigFile(options.configText);
  if (configValue instanceof ReadError) return { edits: [], results: [result('error', configValue.message)] };
  const decoded = decodeFunctionConfig(configValue);
  if (!decoded.ok) return { edits: [], results: decoded.results };
  const created = Resolver.create(decoded.config, configMapsAmong(input.items));
  if (!created.ok) return { edits: [], results: created.results };
  const resolver = created.resolver;
  const view = { options: decoded.config.options, lookup: (name: string) => resolver.lookup(name) };

  const edits: TextEdit[] = [];
  const itemResults: Result[] = [];
  for (const item of input.items) {
    if (!isMap(item.node) || roleOf(scalarValue(item.node.get('apiVersion', true)), scalarValue(item.node.get('kind', true))) === 'ignore') continue;
    const value = itemValue(item) as Record<string, unknown>;
    const subject = subjectOf(value);
    const plan = planResource(value, view, subject);
    itemResults.push(...plan.results);
    if (plan.changes.length === 0) continue;
    try {
      edits.push(...planEdits(input.text, item.node, plan.changes, detectStyle(input.text, item.node, seqIndentOf(value))));
    } catch (e) {
      if (!(e instanceof ApplyError)) throw e;
      itemResults.push(result('error', `cannot write the injection into this resource: ${e.message}; the resource is left unchanged`, subject));
    }
  }
  return { edits, results: [...decoded.results, ...resolver.results, ...itemResults] };
}

function readConfigFile(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    return new ReadError(`cannot read the functionConfig file as YAML: ${error.message.split('\n')[0]}${at ? ` (at line ${at.line}, column ${at.col})` : ''}`);
  }
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

function configMapsAmong(items: readonly Item[]): ConfigMapItem[] {
  const found: ConfigMapItem[] = [];
  for (const item of items) {
    if (!isMap(item.node)) continue;
    if (scalarValue(item.node.get('kind', true)) !== 'ConfigMap' || scalarValue(item.node.get('apiVersion', true)) !== 'v1') continue;
    const value = itemValue(item) as Record<string, unknown>;
    const metadata = (value.metadata ?? {}) as Record<string, unknown>;
    const subject = subjectOf(value);
    const cm: ConfigMapItem = { name: String(metadata.name ?? ''), data: value.data, subject };
    if (typeof metadata.namespace === 'string') cm.namespace = metadata.namespace;
    found.push(cm);
  }
  return found;
}

const seqIndentOf = (value: Record<string, unknown>): string | undefined => {
  const annotations = ((value.metadata as Record<string, unknown> | undefined)?.annotations ?? {}) as Record<string, unknown>;
  const v = annotations['internal.config.kubernetes.io/seqindent'];
  return typeof v === 'string' ? v : undefined;
};

