// The function, from input text to output text: read, decode the config, plan each resource, apply the
// plan to its YAML, write. No I/O here; the CLI and the kpt-functions adapter wire it to the world.
import { isMap } from 'yaml';
import { splice, type Edit, type TextEdit } from './apply/splice.js';
import { Renderer } from './apply/render.js';
import { Hasher } from './base/hash.js';
import { KINDS, type Kind } from './base/kinds.js';
import { success, type Outcome } from './base/outcome.js';
import { hasError, printableResult, reported, result, type Result } from './base/results.js';
import { decodeFunctionConfig } from './config/functionConfig.js';
import type { Options } from './config/options.js';
import { Resolver, sourceNames } from './config/sources.js';
import { rewriteItem } from './modes/rewrite.js';
import { recordedRuntimes } from './provenance/status.js';
import { livePodDifference } from './plan/live-pod.js';
import { sharedPlanner } from './plan/planner.js';
import { functionConfigOf, readConfigFile } from './read/config.js';
import { decodeUtf8, describeNode, readInput, type Input, type Item } from './read/input.js';
import { configMapsAmong, declaredRuntimes, localConfigItems, type Cut } from './read/items.js';
import { aliasesFromOutside, changedAnchors } from './read/anchors.js';
import { goLineBreakIn, goLineBreakMessage, sandboxCandidates, unreadableKind } from './read/sandboxes.js';
import { lineNumbers } from './read/text.js';
import { RUNTIMES, type RuntimeTable } from './runtimes/table.js';
import { encodingInto, outputEdits, spliceBytes } from './write/output.js';

/** Any option given here is set over the functionConfig's (the CLI's flags: --mode, --region-id, ...). */
export interface RunOptions extends Partial<Options> {
  /** A functionConfig file's text, which takes the place of the ResourceList's functionConfig. */
  configText?: string;
  /** The runtimes and their rules; the built-in table unless given (docs/runtimes.md). */
  runtimes?: RuntimeTable;
  /** The Sandbox kinds and where each keeps its pod template; the built-in table unless given (docs/kinds.md). */
  kinds?: readonly Kind[];
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
  const { input, results, caches } = done.value;
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
  const { input, results, caches } = done.value;
  const output = outputEdits(input, edits, results, caches.renderer);
  return finish(input, results, spliceBytes(input.text, source, output));
}

function finish<Output>(input: Input, results: Result[], output: Output): RunOutcome<Output> {
  return { ok: true, output, results, resultsInOutput: input.shape === 'ResourceList' };
}

/** What is kept for the whole of one run: renderings and hashes of the entries every resource shares. */
interface RunCaches {
  hasher: Hasher;
  renderer: Renderer;
}

/**
 * Reads the input and sends each changed item's edit to the sink; the results say what was done. Fails
 * when the input cannot be read at all.
 */
function execute(
  source: string | Uint8Array,
  options: RunOptions,
  sink: (edit: TextEdit) => void,
): Outcome<{ input: Input; results: Result[]; caches: RunCaches }, string> {
  const text = typeof source === 'string' ? success(source) : decodeUtf8(source);
  if (!text.ok) return text;
  const read = readInput(text.value);
  if (!read.ok) return read;
  const input = read.value;
  // The run's caches: made here, passed down, and gone with the run.
  const caches: RunCaches = { hasher: new Hasher(), renderer: new Renderer() };
  // Names and keys users wrote are in the messages: they leave the run printable.
  const results = transform(input, options, sink, caches).map(printableResult);
  return success({ input, results, caches });
}

function transform(
  input: Input,
  options: RunOptions,
  sink: (edit: TextEdit) => void,
  { hasher, renderer }: RunCaches,
): Result[] {
  const configValue = options.configText === undefined ? functionConfigOf(input) : readConfigFile(options.configText);
  if (!configValue.ok) return [result('error', configValue.error)];
  const table = options.runtimes ?? RUNTIMES;
  const kinds = options.kinds ?? KINDS;
  // A key that names a runtime an earlier run expanded is its entry, not a typo: the run took the runtime
  // out of spec.runtimes, and a re-run puts it back to check the injection.
  const declaredOrRecorded = declaredRuntimes(input, kinds, recordedRuntimes);
  const declared = declaredRuntimes(input, kinds);
  const decoded = decodeFunctionConfig(
    configValue.value,
    (name, defaults) =>
      (defaults !== 'none' && table.defaultEntry(name, defaults) !== undefined) || declaredOrRecorded(name),
    options.configText === undefined ? 'functionConfig' : 'file',
    options,
  );
  if (!decoded.ok) return decoded.error;
  const created = Resolver.create(decoded.value, configMapsAmong(input, sourceNames(decoded.value)), table, hasher);
  if (!created.ok) return created.error;
  const resolver = created.value;
  const planning = resolver.forPlanning();
  // The entries a status record is judged by (what it had taken out that no entry would inject) come
  // from a resolver of their own: the run reports the entries it used for the resources' runtimes only.
  const judging = Resolver.create(decoded.value, configMapsAmong(input, sourceNames(decoded.value)), table, hasher);
  const entryOf = judging.ok ? judging.value.forPlanning().lookup : planning.lookup;
  const planner = sharedPlanner(planning, kinds);
  const livePod = livePodDifference(planning, kinds);
  const { mode, verbose, failOn } = decoded.value.options;

  const itemResults: Result[] = [];
  // Line numbers for messages, counted as the items go by rather than from the start for each.
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number) => {
    for (let i = input.text.indexOf('\n', counted); i !== -1 && i < offset; i = input.text.indexOf('\n', i + 1)) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  let checked = 0;
  let upToDate = 0;
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
  const outside = aliasesFromOutside(input);
  const lineOf = lineNumbers(input.text);
  for (const item of sandboxCandidates(input)) {
    if ((item.node && !isMap(item.node)) || dropped.has(item) || item.problem) continue;
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
        { kinds, planner, config: planning, entryOf, mode, hasher, renderer, livePodDifference: livePod },
        { name: item.where, line, unreadable: () => unreadableKind(input, item, kinds) },
      );
    } catch (e) {
      const message =
        `${item.where} (line ${line}) could not be processed: internal error: ${(e as Error).message}; it is ` +
        'left unchanged. This is a bug: please report it with the input';
      itemResults.push(result('error', message));
      continue;
    }
    // A character Go reads as a line break, raw in what the item would be: the cluster would read it
    // otherwise than this run did (one that an earlier release wrote into a value is gone once the
    // injection is made again, escaped; check has said so already).
    const written = rewritten.text?.slice(pad.length) ?? text;
    const goBreak = goLineBreakIn(written);
    if (goBreak && !hasError(rewritten.results)) {
      const at = line + written.slice(0, goBreak.offset).split('\n').length - 1;
      itemResults.push(result('error', goLineBreakMessage(item.where, goBreak.character, at)));
      continue;
    }
    // An alias in another item that uses an anchor this rewrite changes would change that item too.
    const aliases = rewritten.text === undefined ? [] : (outside.get(item) ?? []);
    const changed = aliases.length
      ? changedAnchors(
          pad + text,
          rewritten.text!,
          aliases.map((a) => a.name),
        )
      : [];
    if (changed.length) {
      for (const alias of aliases.filter((a) => changed.includes(a.name)))
        itemResults.push(
          result(
            'error',
            `${item.where}: the injection would change what its anchor &${alias.name} (line ${lineOf(alias.anchorAt)}) ` +
              `holds, which the alias *${alias.name} in ${alias.item.where} (line ${lineOf(alias.aliasAt)}) reads, ` +
              'so that resource would change too; write the value out in place of the alias, or take the anchor ' +
              'off; it is left unchanged',
          ),
        );
      continue;
    }
    itemResults.push(...rewritten.results);
    if (mode === 'check' && rewritten.results.length) {
      checked++;
      if (!hasError(rewritten.results)) upToDate++;
    }
    if (rewritten.text !== undefined)
      sink({ start: item.start, end: item.end, text: rewritten.text.slice(pad.length), depth: 0 });
  }
  // Which inline entries no resource used is known once every resource is planned; uninject plans none.
  const unused = mode === 'uninject' ? [] : resolver.unusedInline(declared);
  const resourcesChecked = checked === 1 ? '1 resource' : `${checked} resources`;
  const checkLine = mode === 'check' ? [result('info', `check: ${upToDate} of ${resourcesChecked} up to date`)] : [];
  return reported(
    {
      run: [...resolver.runResults(), ...unused],
      resources: itemResults,
      closing: [...resolver.closingResults(), ...checkLine],
    },
    { verbose, failOn },
  );
}
