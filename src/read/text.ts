// Where things are in YAML text: lines, columns, and where a node's own text ends. Shared by the
// reader (item boundaries) and the applier (where new text goes).
import { isCollection, isPair, type Node, type Pair } from 'yaml';

export function columnOf(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  // A byte order mark is no column: the first line's keys stand where the next lines' do.
  return offset - start - (start === 0 && offset > 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0);
}

/**
 * Where a node's (or a pair's) own text ends: for block collections, the end of their last value, not
 * the next key; for a pair without a value, the end of its key.
 */
export function contentEnd(node: Node | Pair | null): number {
  if (node === null) return 0;
  if (isPair(node)) return contentEnd((node.value as Node | null) ?? (node.key as Node));
  if (isCollection(node) && !node.flow && node.items.length)
    return contentEnd(node.items[node.items.length - 1] as Node | Pair);
  return node.range![1];
}

/** The start of the line after the one holding offset (text is never cut mid-line). */
export function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/**
 * Where a node's text starts with its properties: before the anchors and tags in front of it on its
 * line (`- &k name: main`, `!!merge <<: ...`), and before the `?` of an explicit key; with
 * `acrossLines`, also the props of a collection on the lines above it (`--- !!map` or `&a` alone).
 * yaml's ranges start after them, so a key's own offset gives its mapping's column wrongly, and text
 * cut from it loses them.
 */
export function propsStart(text: string, offset: number, acrossLines = false): number {
  let at = offset;
  for (;;) {
    let end = at;
    while (end > 0 && (text[end - 1] === ' ' || (acrossLines && /\s/.test(text[end - 1]!)))) end--;
    const start = tokenStart(text, end);
    const c = text[start];
    if (start === end || (c !== '&' && c !== '!' && text.slice(start, end) !== '?')) return at;
    at = start;
  }
}

/**
 * The start of the token that ends at `end`. Anchors and tags hold no flow indicator, so the walk back
 * stops at one: in minified JSON, which has no spaces, it would else run to the start of the text from
 * every key. Only a verbatim tag (`!<tag:yaml.org,2002:str>`) may hold them, and it ends in `>`.
 */
function tokenStart(text: string, end: number): number {
  let start = end;
  const verbatim = text[end - 1] === '>';
  while (start > 0 && !/\s/.test(text[start - 1]!) && (verbatim || !FLOW_INDICATORS.includes(text[start - 1]!)))
    start--;
  return start;
}

const FLOW_INDICATORS = ',[]{}';

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Line numbers (from 1) of offsets in a text, by an index of its line starts made at the first call. */
export function lineNumbers(text: string): (offset: number) => number {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    }
    let [low, high] = [0, starts.length - 1];
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}
