// The function, from input text to output text: read, decode the config, plan each resource, apply the
// plan to its YAML, write. No I/O here; the CLI and the kpt-functions adapter wire it to the world.
import { isMap, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import { decodeFunctionConfig, INJECTION_CONFIGMAP, MANIFESTS_ON_STDIN, type Mode } from './config/functionConfig.js';
import { Resolver, type ConfigMapItem } from './config/sources.js';
import { splice, type Edit, type TextEdit } from './apply/edit.js';
import { rewriteItem } from './modes/rewrite.js';
import { livePodDifference, sharedPlanner } from './plan/expand.js';
import {
  CONFIGMAP_KIND,
  decodeUtf8,
  describeYamlError,
  itemsContaining,
  readAlone,
  readInput,
  ReadError,
  SANDBOX_GROUP_MARK,
  toData,
  type Input,
  type Item,
} from './read/input.js';
import { subjectOf } from './read/metadata.js';
import { Hasher } from './base/hash.js';
import { result, type Result } from './base/results.js';
import { valueAt } from './base/data.js';
import { RUNTIMES, type RuntimeTable } from './runtimes/table.js';
import { kindOf } from './base/kinds.js';
import { LOCAL_CONFIG } from './config/print-defaults.js';
import { encodingInto, outputEdits, spliceBytes } from './write/output.js';

export interface RunOptions {
  /** A functionConfig file's text, which takes the place of the ResourceList's functionConfig. */
  configText?: string;
  /** The mode, over the one in the functionConfig (the CLI's --mode). */
  mode?: Mode;
  /** The runtimes and their rules; the built-in table unless given (docs/runtimes.md). */
  runtimes?: RuntimeTable;
  /**
   * Leave out of a plain stream's output the items annotated config.kubernetes.io/local-config: "true"
   * (a ConfigMap source kept in Git), as kubectl kustomize does: for a plugin whose output is deployed.
   */
  dropLocalConfig?: boolean;
}

/**
 * What a run gives: the output, in the input's shape, with the results; or, when the input cannot be
 * read at all, why (and no output). Results with severity error mean the input needs fixing; the
 * resources they name are left unchanged.
 */
export type RunOutcome<Output = string> =
  | {
      ok: true;
      output: Output;
      results: Result[];
      /** True when the output is a ResourceList that carries the results (else they go to the user apart). */
      resultsInOutput: boolean;
    }
  | { ok: false; error: string };

/** Runs the function on the input, given as text or as the bytes of stdin (which must be UTF-8). */
export function run(source: string | Uint8Array, options: RunOptions = {}): RunOutcome {
  const edits: TextEdit[] = [];
  const done = execute(source, options, (edit) => edits.push(edit));
  if (!done.ok) return done;
  const { input, results } = done;
  return finish(input, results, splice(input.text, outputEdits(input, edits, results)));
}

/**
 * run, with the output as chunks of bytes: each rewritten item is encoded as soon as it is made (bytes
 * stay off the JS heap, which a large render would otherwise fill), and what is not edited is copied
 * from the input's own bytes.
 */
export function runToBytes(source: Uint8Array, options: RunOptions = {}): RunOutcome<Uint8Array[]> {
  const edits: Edit<Uint8Array>[] = [];
  const done = execute(source, options, encodingInto(edits));
  if (!done.ok) return done;
  const { input, results } = done;
  return finish(input, results, spliceBytes(input.text, source, outputEdits(input, edits, results)));
}

function finish<Output>(input: Input, results: Result[], output: Output): RunOutcome<Output> {
  return { ok: true, output, results, resultsInOutput: input.shape === 'ResourceList' };
}

/** Reads the input and sends each changed item's edit to the sink; the results say what was done. */
function execute(
  source: string | Uint8Array,
  options: RunOptions,
  sink: (edit: TextEdit) => void,
): { ok: true; input: Input; results: Result[] } | { ok: false; error: string } {
  let input: Input;
  try {
    input = readInput(typeof source === 'string' ? source : decodeUtf8(source));
  } catch (e) {
    if (e instanceof ReadError) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, input, results: transform(input, options, sink) };
}

function transform(input: Input, options: RunOptions, sink: (edit: TextEdit) => void): Result[] {
  const configValue = options.configText === undefined ? functionConfigOf(input) : readConfigFile(options.configText);
  if (configValue instanceof ReadError) return [result('error', configValue.message)];
  const table = options.runtimes ?? RUNTIMES;
  const decoded = decodeFunctionConfig(
    configValue,
    (name, defaults) =>
      (defaults !== 'none' && table.defaultEntry(name, defaults) !== undefined) || declaredAmong(input, name),
    options.configText === undefined ? 'functionConfig' : 'file',
  );
  if (!decoded.ok) return decoded.results;
  const sourceNames = [decoded.config.ref?.name ?? INJECTION_CONFIGMAP];
  // The run's caches: made here, passed down, and gone with the run.
  const hasher = new Hasher();
  const created = Resolver.create(decoded.config, configMapsAmong(input, sourceNames), table, hasher);
  if (!created.ok) return created.results;
  const resolver = created.resolver;
  const planning = resolver.forPlanning();
  const planner = sharedPlanner(planning);
  const livePod = livePodDifference(planning);
  const mode = options.mode ?? decoded.config.options.mode;

  const itemResults: Result[] = [];
  // Line numbers for messages, counted as the items go by rather than from the start for each.
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number) => {
    for (let i = input.text.indexOf('\n', counted); i !== -1 && i < offset; i = input.text.indexOf('\n', i + 1)) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  const whereIs = (item: Item) => (input.shape === 'stream' ? `document ${item.index + 1}` : `items[${item.index}]`);
  for (const item of input.items) {
    if (item.node && !isMap(item.node))
      itemResults.push(
        result(
          'warning',
          `${whereIs(item)} is ${describeNode(item.node)}, not a Kubernetes object; passed through unchanged`,
        ),
      );
  }
  const dropped = options.dropLocalConfig ? dropLocalConfig(input, sink, itemResults) : new Set<Item>();
  for (const item of itemsContaining(input, SANDBOX_GROUP_MARK)) {
    if ((item.node && !isMap(item.node)) || dropped.has(item)) continue;
    const where = whereIs(item);
    const text = input.text.slice(item.start, item.end);
    // With its column's spaces in front, the item's text reads as a document of its own.
    const pad = ' '.repeat(item.column);
    const rewritten = rewriteItem(
      pad + text,
      { planner, mode, hasher, livePodDifference: livePod },
      { name: where, line: lineAt(item.start) },
    );
    itemResults.push(...rewritten.results);
    if (rewritten.text !== undefined)
      sink({ start: item.start, end: item.end, text: rewritten.text.slice(pad.length), depth: 0 });
  }
  // Which inline entries no resource used is known once every resource is planned; uninject plans none.
  const unused = mode === 'uninject' ? [] : resolver.unusedInline((name) => declaredAmong(input, name));
  return [...decoded.results, ...resolver.results, ...unused, ...itemResults, ...resolver.closingResults()];
}

/** Sends an edit that takes out each local-config item of a stream, with the comments before it. */
function dropLocalConfig(input: Input, sink: (edit: TextEdit) => void, results: Result[]): Set<Item> {
  const dropped = new Set<Item>();
  if (input.shape !== 'stream') {
    const message = `--drop-local-config applies to a plain stream; the ${input.shape}'s items are all written`;
    results.push(result('warning', message));
    return dropped;
  }
  for (const item of itemsContaining(input, LOCAL_CONFIG)) {
    let value: Record<string, unknown>;
    try {
      value = readAlone(' '.repeat(item.column) + input.text.slice(item.start, item.end));
    } catch (e) {
      if (e instanceof ReadError) continue;
      throw e;
    }
    const annotations = valueAt(value, ['metadata', 'annotations']) as Record<string, unknown> | undefined;
    if (annotations?.[LOCAL_CONFIG] !== 'true') continue;
    // The document goes whole: its leading comment lines, and the separator line before them.
    let start = input.text.lastIndexOf('\n', item.start - 1) + 1;
    for (let separator = false; start > 0 && !separator;) {
      const previous = input.text.lastIndexOf('\n', start - 2) + 1;
      const line = input.text.slice(previous, start - 1);
      separator = /^---\s*$/.test(line);
      if (!separator && !/^\s*(#.*)?$/.test(line)) break;
      start = previous;
    }
    const blankLines = /(?:[ \t]*\n)*/y;
    blankLines.lastIndex = item.end;
    const end = item.end + (blankLines.exec(input.text)?.[0].length ?? 0);
    sink({ start, end, text: '', depth: 0 });
    dropped.add(item);
    const subject = subjectOf(value);
    results.push(result('info', `left out of the output: it is annotated ${LOCAL_CONFIG}: "true"`, subject));
  }
  return dropped;
}

/** Whether a Sandbox kind among the items declares a runtime of this name (read only if its text has the name). */
function declaredAmong(input: Input, name: string): boolean {
  return itemsContaining(input, name).some((item) => {
    const text = input.text.slice(item.start, item.end);
    if (!text.includes(SANDBOX_GROUP_MARK)) return false;
    let value: Record<string, unknown>;
    try {
      value = readAlone(' '.repeat(item.column) + text);
    } catch (e) {
      if (e instanceof ReadError) return false;
      throw e;
    }
    const kind = kindOf(value.apiVersion, value.kind);
    const runtimes = kind ? valueAt(value, kind.runtimes) : undefined;
    return Array.isArray(runtimes) && runtimes.some((r) => (r as { name?: unknown } | null)?.name === name);
  });
}

function describeNode(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isScalar(node) && node.value !== null) return `the scalar ${JSON.stringify(String(node.value)).slice(0, 40)}`;
  return 'empty';
}

function functionConfigOf(input: Input): unknown {
  if (!input.functionConfig) return undefined;
  try {
    return input.functionConfig();
  } catch (e) {
    if (e instanceof ReadError) return new ReadError(`cannot read the functionConfig: ${e.message}`);
    throw e;
  }
}

function readConfigFile(text: string): unknown {
  const documents = parseAllDocuments(text).filter(
    (d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null),
  );
  if (Array.isArray(documents) && documents.length > 1) {
    return new ReadError(
      `the functionConfig file holds ${documents.length} documents, and a config is one (a ConfigMap or ` +
        `SandboxRuntimeInjection); ${MANIFESTS_ON_STDIN}`,
    );
  }
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) return new ReadError(`cannot read the functionConfig file as YAML: ${describeYamlError(error)}`);
  try {
    return toData(doc.contents, doc);
  } catch (e) {
    if (e instanceof ReadError) return new ReadError(`cannot read the functionConfig file: ${e.message}`);
    throw e;
  }
}

/** The ConfigMaps that may be the injection config source (by name), with why one cannot be read. */
function configMapsAmong(input: Input, names: readonly string[]): ConfigMapItem[] {
  const found: ConfigMapItem[] = [];
  const named = new Set(names.flatMap((name) => itemsContaining(input, name)));
  for (const item of input.items.filter((i) => named.has(i))) {
    const text = input.text.slice(item.start, item.end);
    if (!CONFIGMAP_KIND.test(text)) continue;
    let value: Record<string, unknown>;
    try {
      value = readAlone(' '.repeat(item.column) + text);
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      const name = /^\s*name:\s*["']?([^"'\s#]+)/m.exec(text)?.[1] ?? '';
      const namespace = /^\s*namespace:\s*["']?([^"'\s#]+)/m.exec(text)?.[1];
      const cm: ConfigMapItem = {
        name,
        data: undefined,
        subject: { ref: { apiVersion: 'v1', kind: 'ConfigMap', name } },
        unreadable: e.message,
      };
      if (namespace) cm.namespace = cm.subject.ref.namespace = namespace;
      found.push(cm);
      continue;
    }
    if (value.kind !== 'ConfigMap' || value.apiVersion !== 'v1') continue;
    const metadata = (value.metadata ?? {}) as Record<string, unknown>;
    const cm: ConfigMapItem = { name: String(metadata.name ?? ''), data: value.data, subject: subjectOf(value) };
    if (typeof metadata.namespace === 'string') cm.namespace = metadata.namespace;
    found.push(cm);
  }
  return found;
}
