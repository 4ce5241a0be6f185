// The output: the input with each changed item's edits, and for a ResourceList the results
// appended to its own `results` list. Nothing else of the input is re-written.
import { isSeq } from 'yaml';
import type { Input } from '../read/input.js';
import type { Result } from '../base/results.js';
import { planEdits } from '../apply/edit.js';
import { inLineBreaksOf, ordered, type Edit, type TextEdit } from '../apply/splice.js';
import type { Renderer } from '../apply/render.js';
import { detectStyle } from '../apply/style.js';
import { wellFormed } from '../base/go-yaml.js';

/** The edits that make the output: each changed item's, and for a ResourceList its results. */
export function outputEdits<T>(
  input: Input,
  itemEdits: readonly Edit<T>[],
  results: readonly Result[],
  renderer: Renderer,
): Edit<T | string>[] {
  const edits: Edit<T | string>[] = [...itemEdits];
  if (input.shape === 'ResourceList' && input.envelope && results.length)
    edits.push(...resultsEdits(input, results, renderer));
  return edits;
}

/** A sink for the items' edits that encodes each one's text as it comes (see runToBytes). */
export const encodingInto =
  (edits: Edit<Uint8Array>[]) =>
  (edit: TextEdit): void => {
    edits.push({ ...edit, text: Buffer.from(edit.text) });
  };

/**
 * The output as bytes, from the input's bytes and the edits (whose offsets are the text's; their new
 * text may be encoded already): the untouched text, nearly all of a large render, is copied rather
 * than encoded again.
 */
export function spliceBytes(
  text: string,
  bytes: Uint8Array,
  edits: readonly Edit<string | Uint8Array>[],
): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  // Offsets in the text and in the bytes, walked together; in ASCII they are the same.
  const ascii = bytes.length === text.length;
  let at = 0;
  let byteAt = 0;
  const advanceTo = (offset: number) => {
    byteAt = ascii ? offset : byteAt + Buffer.byteLength(text.slice(at, offset));
    at = offset;
  };
  for (const edit of ordered(edits)) {
    const copiedFrom = byteAt;
    advanceTo(edit.start);
    chunks.push(bytes.subarray(copiedFrom, byteAt), typeof edit.text === 'string' ? Buffer.from(edit.text) : edit.text);
    advanceTo(edit.end);
  }
  chunks.push(bytes.subarray(byteAt));
  return chunks;
}

/**
 * A result as it can be written. A message may quote a string with a lone surrogate (from an escape in
 * the input), which no output can hold (src/base/go-yaml.ts): it is written as U+FFFD, as Go would read
 * it, rather than losing the result.
 */
function writable<T>(value: T): T {
  if (typeof value === 'string') return wellFormed(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(writable) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), writable(v)])) as T;
}

function resultsEdits(input: Input, results: readonly Result[], renderer: Renderer): TextEdit[] {
  const written = results.map(writable);
  const { root, text: envelopeText } = input.envelope!;
  const style = detectStyle(envelopeText, root);
  // (A scanned envelope never has these: the scanner leaves them to the full parse.)
  if (root.flow || isSeq(root.get('results', true))) {
    const appended = planEdits(
      input.text,
      root,
      [{ op: 'append', path: ['results'], values: written }],
      style,
      renderer,
    );
    // The envelope's results list is plain data the orchestrator wrote: it holds no alias or anchor.
    if (!appended.ok) throw new Error(`internal error: the results cannot be appended: ${appended.error.message}`);
    return appended.value.edits;
  }
  // A new results key goes at the very end, after any comments that close the last item, which an
  // insertion after the last value would separate from it.
  const text = input.text;
  const end = /\n\.\.\.\s*$/.exec(text)?.index ?? text.length;
  const lead = end > 0 && text[end - 1] !== '\n' ? '\n' : '';
  return inLineBreaksOf(text, [
    { start: end, end, text: lead + renderer.list('results', written, style) + '\n', depth: 0 },
  ]);
}
