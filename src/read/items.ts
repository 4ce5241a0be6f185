// Reading work over the whole input that the pipeline needs besides the items it rewrites: which
// items are no objects, which ConfigMaps may be the entries' source, which runtimes are declared, and
// which items are local configuration, to be left out of a plain stream's output.
import { valueAt } from '../base/data.js';
import { KINDS, type Kind } from '../base/kinds.js';
import { result, type Result, type Subject } from '../base/results.js';
import { sandboxKind } from './classify.js';
import { CONFIGMAP_KIND, itemsContaining, parseAlone, readAlone, type Input, type Item } from './input.js';
import { subjectOf } from './metadata.js';
import { goLineBreakIn, goLineBreakMessage, sandboxCandidates } from './sandboxes.js';

/** Marks configuration for the tools, never to be deployed (kustomize drops it, kpt live skips it). */
export const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

/** A ConfigMap among the items, as the injection config source would be read from it. */
export interface ConfigMapItem {
  name: string;
  namespace?: string;
  data: unknown;
  subject: Subject;
  /** Why its data cannot be read (a duplicate key, an alias bomb). */
  unreadable?: string;
}

/** A text edit of the input: what dropping an item takes out. */
export interface Cut {
  start: number;
  end: number;
}

/** The local-config items of a stream, each cut out with the comments before it. */
export function localConfigItems(input: Input, cut: (range: Cut) => void, results: Result[]): Set<Item> {
  const dropped = new Set<Item>();
  if (input.shape !== 'stream') {
    const message = `--drop-local-config applies to a plain stream; the ${input.shape}'s items are all written`;
    results.push(result('warning', message));
    return dropped;
  }
  for (const item of itemsContaining(input, LOCAL_CONFIG)) {
    const value = readAlone(' '.repeat(item.column) + input.text.slice(item.start, item.end));
    if (!value) continue;
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
    cut({ start, end });
    dropped.add(item);
    const subject = subjectOf(value);
    results.push(result('info', `left out of the output: it is annotated ${LOCAL_CONFIG}: "true"`, subject));
  }
  return dropped;
}

/**
 * Whether a Sandbox kind among the items declares a runtime of a name, or has `recorded` it as injected
 * (a status record, which only a later stage reads). The first few names asked are looked for in the
 * items whose text has them; after that, every Sandbox kind is read once, so that many names (thousands
 * of inline entries) do not cost a search of the input each.
 */
export function declaredRuntimes(
  input: Input,
  kinds: readonly Kind[] = KINDS,
  recorded: (resource: Record<string, unknown>) => readonly string[] = () => [],
): (name: string) => boolean {
  const SEARCHES = 4;
  let asked = 0;
  let all: Set<unknown> | undefined;
  const named = (item: Item) => runtimesOf(input, item, kinds, recorded);
  return (name) => {
    if (all === undefined && asked++ < SEARCHES)
      return itemsContaining(input, name).some((i) => named(i).includes(name));
    all ??= new Set(sandboxCandidates(input).flatMap(named));
    return all.has(name);
  };
}

/** The runtime names a Sandbox kind item declares, or has recorded; none for another item, or one unread. */
function runtimesOf(
  input: Input,
  item: Item,
  kinds: readonly Kind[],
  recorded: (resource: Record<string, unknown>) => readonly string[],
): unknown[] {
  const value = readAlone(' '.repeat(item.column) + input.text.slice(item.start, item.end));
  if (!value) return [];
  const classified = sandboxKind(value, kinds);
  if (!classified || !('kind' in classified)) return [];
  const runtimes = valueAt(value, classified.kind.runtimes);
  const declared = Array.isArray(runtimes) ? runtimes.map((r) => (r as { name?: unknown } | null)?.name) : [];
  return [...declared, ...recorded(value)];
}

/** The ConfigMaps that may be the injection config source (by name), with why one cannot be read. */
export function configMapsAmong(input: Input, names: readonly string[]): ConfigMapItem[] {
  const found: ConfigMapItem[] = [];
  // By their text, as Sandbox kinds are found (read/sandboxes.ts): a name and a kind are spelt in it
  // unless an escape, alias, tag or merge key hides them.
  const named = new Set(names.flatMap((name) => itemsContaining(input, name)));
  for (const item of input.items.filter((i) => named.has(i) || input.hiding.has(i))) {
    const text = input.text.slice(item.start, item.end);
    if (!text.includes('ConfigMap') && !input.hiding.has(item)) continue;
    const read = parseAlone(' '.repeat(item.column) + text);
    if (!read.ok) {
      // One that cannot be read is the source's problem only where its text says it is a ConfigMap.
      if (!CONFIGMAP_KIND.test(text)) continue;
      const name = /^[ \t]*name:[ \t]*["']?([^"'\s#]+)/m.exec(text)?.[1] ?? '';
      const namespace = /^[ \t]*namespace:[ \t]*["']?([^"'\s#]+)/m.exec(text)?.[1];
      const cm: ConfigMapItem = {
        name,
        data: undefined,
        subject: { ref: { apiVersion: 'v1', kind: 'ConfigMap', name } },
        unreadable: read.error,
      };
      if (namespace) cm.namespace = cm.subject.ref.namespace = namespace;
      found.push(cm);
      continue;
    }
    const value = read.value.value;
    if (value.kind !== 'ConfigMap' || value.apiVersion !== 'v1') continue;
    const metadata = (value.metadata ?? {}) as Record<string, unknown>;
    const cm: ConfigMapItem = { name: String(metadata.name ?? ''), data: value.data, subject: subjectOf(value) };
    if (typeof metadata.namespace === 'string') cm.namespace = metadata.namespace;
    // The controller reads the entries as Go's YAML reader gave them to the API server: where that reads
    // a line break this run does not, the entries used here are not the cluster's.
    const goBreak = goLineBreakIn(text);
    if (goBreak) {
      // (Counted only here: a source with such a character is rare, and the run stops on it.)
      const line = input.text.slice(0, item.start + goBreak.offset).split('\n').length;
      cm.unreadable = goLineBreakMessage('it', goBreak.character, line).replace(/; it is left unchanged$/, '');
    }
    found.push(cm);
  }
  return found;
}
