// The output text: the input with each changed item's edits, and for a ResourceList the results
// appended to its own `results` list. Nothing else of the input is re-written.
import { isSeq } from 'yaml';
import type { Input } from '../read/input.js';
import type { Result } from '../results.js';
import { planEdits, splice, type TextEdit } from '../apply/edit.js';
import { renderList } from '../apply/render.js';
import { detectStyle } from '../apply/style.js';

export function writeOutput(input: Input, itemEdits: readonly TextEdit[], results: readonly Result[]): string {
  const edits = [...itemEdits];
  if (input.shape === 'ResourceList' && input.envelope && results.length) edits.push(...resultsEdits(input, results));
  return splice(input.text, edits);
}

function resultsEdits(input: Input, results: readonly Result[]): TextEdit[] {
  const { root, text: envelopeText } = input.envelope!;
  const style = detectStyle(envelopeText, root);
  // (A scanned envelope never has these: the scanner leaves them to the full parse.)
  if (root.flow || isSeq(root.get('results', true))) {
    return planEdits(input.text, root, [{ op: 'append', path: ['results'], values: [...results] }], style).edits;
  }
  // A new results key goes at the very end, after any comments that close the last item, which an
  // insertion after the last value would separate from it.
  const text = input.text;
  const end = /\n\.\.\.\s*$/.exec(text)?.index ?? text.length;
  const lead = end > 0 && text[end - 1] !== '\n' ? '\n' : '';
  return [{ start: end, end, text: lead + renderList('results', results, style) + '\n', depth: 0 }];
}
