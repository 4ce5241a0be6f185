// The function, from input text to output text: read, decode the config, plan each resource, apply the
// plan to its YAML, write. No I/O here; the CLI and the kpt-functions adapter wire it to the world.
import { isMap } from 'yaml';
import { splice, type Edit, type TextEdit } from './apply/edit.js';
import { Renderer } from './apply/render.js';
import { Hasher } from './base/hash.js';
import { result, type Result } from './base/results.js';
import { decodeFunctionConfig, INJECTION_CONFIGMAP } from './config/functionConfig.js';
import type { Mode } from './config/options.js';
import { Resolver } from './config/sources.js';
import { rewriteItem } from './modes/rewrite.js';
import { livePodDifference, sharedPlanner } from './plan/expand.js';
import { functionConfigOf, readConfigFile } from './read/config.js';
import { decodeUtf8, describeNode, readInput, ReadError, type Input, type Item } from './read/input.js';
import { configMapsAmong, declaredRuntimes, localConfigItems, type Cut } from './read/items.js';
import { sandboxCandidates, unreadableKind } from './read/sandboxes.js';
import { RUNTIMES, type RuntimeTable } from './runtimes/table.js';
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
  const { input, results, caches } = done;
  return finish(input, results, splice(input.text, outputEdits(input, edits, results, caches.renderer)));
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
  const { input, results, caches } = done;
  const output = outputEdits(input, edits, results, caches.renderer);
  return finish(input, results, spliceBytes(input.text, source, output));
}

function finish<Output>(input: Input, results: Result[], output: Output): RunOutcome<Output> {
  return { ok: true, output, results, resultsInOutput: input.shape === 'ResourceList' };
}

/** Reads the input and sends each changed item's edit to the sink; the results say what was done. */
/** What is kept for the whole of one run: renderings and hashes of the entries every resource shares. */
interface RunCaches {
  hasher: Hasher;
  renderer: Renderer;
}

function execute(
  source: string | Uint8Array,
  options: RunOptions,
  sink: (edit: TextEdit) => void,
): { ok: true; input: Input; results: Result[]; caches: RunCaches } | { ok: false; error: string } {
  let input: Input;
  try {
    input = readInput(typeof source === 'string' ? source : decodeUtf8(source));
  } catch (e) {
    if (e instanceof ReadError) return { ok: false, error: e.message };
    throw e;
  }
  // The run's caches: made here, passed down, and gone with the run.
  const caches: RunCaches = { hasher: new Hasher(), renderer: new Renderer() };
  return { ok: true, input, results: transform(input, options, sink, caches), caches };
}

function transform(
  input: Input,
  options: RunOptions,
  sink: (edit: TextEdit) => void,
  { hasher, renderer }: RunCaches,
): Result[] {
  const configValue = options.configText === undefined ? functionConfigOf(input) : readConfigFile(options.configText);
  if (configValue instanceof ReadError) return [result('error', configValue.message)];
  const table = options.runtimes ?? RUNTIMES;
  const declared = declaredRuntimes(input);
  const decoded = decodeFunctionConfig(
    configValue,
    (name, defaults) => (defaults !== 'none' && table.defaultEntry(name, defaults) !== undefined) || declared(name),
    options.configText === undefined ? 'functionConfig' : 'file',
  );
  if (!decoded.ok) return decoded.results;
  const sourceNames = [decoded.config.ref?.name ?? INJECTION_CONFIGMAP];
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
  for (const item of input.items) {
    if (item.problem) itemResults.push(result('error', `${item.where}: ${item.problem}; it is left unchanged`));
    else if (item.node && !isMap(item.node))
      itemResults.push(
        result(
          'warning',
          `${item.where} is ${describeNode(item.node)}, not a Kubernetes object; passed through unchanged`,
        ),
      );
  }
  const cut = ({ start, end }: Cut) => sink({ start, end, text: '', depth: 0 });
  const dropped = options.dropLocalConfig ? localConfigItems(input, cut, itemResults) : new Set<Item>();
  for (const item of sandboxCandidates(input)) {
    if ((item.node && !isMap(item.node)) || dropped.has(item) || item.problem) continue;
    const where = item.where;
    const text = input.text.slice(item.start, item.end);
    // With its column's spaces in front, the item's text reads as a document of its own.
    const pad = ' '.repeat(item.column);
    const line = lineAt(item.start);
    let rewritten: ReturnType<typeof rewriteItem>;
    // Each item on its own: a bug that one item brings out leaves that item as it came, with an error
    // that names it, and every other item is still processed and written.
    try {
      rewritten = rewriteItem(
        pad + text,
        { planner, mode, hasher, renderer, livePodDifference: livePod },
        { name: where, line, unreadable: () => unreadableKind(input, item) },
      );
    } catch (e) {
      const message =
        `${where} (line ${line}) could not be processed: internal error: ${(e as Error).message}; it is left ` +
        'unchanged. This is a bug: please report it with the input';
      itemResults.push(result('error', message));
      continue;
    }
    itemResults.push(...rewritten.results);
    if (rewritten.text !== undefined)
      sink({ start: item.start, end: item.end, text: rewritten.text.slice(pad.length), depth: 0 });
  }
  // Which inline entries no resource used is known once every resource is planned; uninject plans none.
  const unused = mode === 'uninject' ? [] : resolver.unusedInline(declared);
  return [...decoded.results, ...resolver.results, ...unused, ...itemResults, ...resolver.closingResults()];
}
