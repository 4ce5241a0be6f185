// The function, from input text to output text: read, decode the config, plan each resource, apply the
// plan to its YAML, write. No I/O here; the CLI and the kpt-functions adapter wire it to the world.
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { decodeFunctionConfig, type Mode } from './config/functionConfig.js';
import { Resolver, type ConfigMapItem } from './config/sources.js';
import { afterLine, contentEnd, type TextEdit } from './apply/edit.js';
import { columnOf } from './apply/style.js';
import { rewriteItem } from './item.js';
import { roleOf } from './plan/sandbox.js';
import { decodeUtf8, itemValue, readInput, ReadError, scalarValue, toData, type Input, type Item } from './read/input.js';
import { subjectOf } from './read/metadata.js';
import { hasError, result, summarize, type Result, type Subject } from './results.js';
import { writeOutput } from './write/output.js';

export interface RunOptions {
  /** A functionConfig file's text, which takes the place of the ResourceList's functionConfig. */
  configText?: string;
  /** The mode, over the one in the functionConfig (the CLI's --mode). */
  mode?: Mode;
}

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1;
  results: Result[];
}

/** Runs the function on the input, given as text or as the bytes of stdin (which must be UTF-8). */
export function run(source: string | Uint8Array, options: RunOptions = {}): RunOutput {
  let input: Input;
  try {
    input = readInput(typeof source === 'string' ? source : decodeUtf8(source));
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
  const configValue = options.configText === undefined ? functionConfigOf(input) : readConfigFile(options.configText);
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
    const found = readItem(item, input.shape);
    if ('results' in found) {
      itemResults.push(...found.results);
      continue;
    }
    // The item's own lines, from its first key to the end of its last value, with its column's
    // spaces in front so that it reads as a document of its own.
    const start = item.node.range![0];
    const end = afterLine(input.text, contentEnd(item.node));
    const pad = columnOf(input.text, start);
    const rewritten = rewriteItem(' '.repeat(pad) + input.text.slice(start, end), view, options.mode ?? decoded.config.options.mode);
    itemResults.push(...rewritten.results.map((r) => (r.resourceRef ? r : { ...r, ...withSubject(found.subject) })));
    if (rewritten.text !== undefined) edits.push({ start, end, text: rewritten.text.slice(pad), depth: 0 });
  }
  return { edits, results: [...decoded.results, ...resolver.results, ...itemResults] };
}

const withSubject = (subject: Subject): Partial<Result> => ({ resourceRef: subject.ref, ...(subject.file ? { file: subject.file } : {}) });

/**
 * An item the planner acts on, as data; or nothing to do (other kinds are never decoded); or results
 * for an item that cannot be read, which is then passed through as it is.
 */
function readItem(item: Item, shape: Input['shape']): { subject: Subject } | { results: Result[] } {
  const where = shape === 'stream' ? `document ${item.index + 1}` : `items[${item.index}]`;
  if (!isMap(item.node)) {
    const found = isSeq(item.node)
      ? 'a list'
      : isScalar(item.node) && item.node.value !== null
        ? `the scalar ${JSON.stringify(String(item.node.value)).slice(0, 40)}`
        : 'empty';
    return { results: [result('warning', `${where} is ${found}, not a Kubernetes object; passed through unchanged`)] };
  }
  const role = roleOf(scalarValue(item.node.get('apiVersion', true)), scalarValue(item.node.get('kind', true)));
  const name = scalarValue((item.node.get('metadata', true) as YAMLMap | undefined)?.get?.('name', true));
  const what = `${where} (${String(scalarValue(item.node.get('kind', true)) ?? 'no kind')} ${String(name ?? '')})`.replace(' )', ')');
  if (item.problem) {
    const severity = role === 'ignore' ? 'warning' : 'error';
    const tail = role === 'ignore' ? 'passed through unchanged' : 'its runtimes are not expanded and it is left unchanged; remove the duplicate';
    return { results: [result(severity, `${what} cannot be read: ${item.problem}; ${tail}`)] };
  }
  if (role === 'ignore') return { results: [] };
  try {
    return { subject: subjectOf(itemValue(item)) };
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    return { results: [result('error', `${what} cannot be read: ${e.message}; it is left unchanged`)] };
  }
}

function functionConfigOf(input: Input): unknown {
  if (!input.functionConfig) return undefined;
  try {
    return toData(input.functionConfig.node, input.functionConfig.doc);
  } catch (e) {
    if (e instanceof ReadError) return new ReadError(`cannot read the functionConfig: ${e.message}`);
    throw e;
  }
}

function readConfigFile(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    return new ReadError(`cannot read the functionConfig file as YAML: ${error.message.split('\n')[0]}${at ? ` (at line ${at.line}, column ${at.col})` : ''}`);
  }
  try {
    return toData(doc.contents, doc);
  } catch (e) {
    if (e instanceof ReadError) return new ReadError(`cannot read the functionConfig file: ${e.message}`);
    throw e;
  }
}

/** ConfigMaps that may be an injection config source, with why one cannot be read. */
function configMapsAmong(items: readonly Item[]): ConfigMapItem[] {
  const found: ConfigMapItem[] = [];
  for (const item of items) {
    if (!isMap(item.node)) continue;
    if (scalarValue(item.node.get('kind', true)) !== 'ConfigMap' || scalarValue(item.node.get('apiVersion', true)) !== 'v1') continue;
    const metadata = item.node.get('metadata', true);
    const name = String(scalarValue(isMap(metadata) ? metadata.get('name', true) : undefined) ?? '');
    const namespace = scalarValue(isMap(metadata) ? metadata.get('namespace', true) : undefined);
    const cm: ConfigMapItem = { name, data: undefined, subject: { ref: { apiVersion: 'v1', kind: 'ConfigMap', name } } };
    if (typeof namespace === 'string') cm.namespace = cm.subject.ref.namespace = namespace;
    try {
      if (item.problem) throw new ReadError(item.problem);
      const value = itemValue(item) as Record<string, unknown>;
      cm.data = value.data;
      cm.subject = subjectOf(value);
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      cm.unreadable = e.message;
    }
    found.push(cm);
  }
  return found;
}
