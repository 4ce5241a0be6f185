// The output text: the input with each changed item's edits, and for a ResourceList the results
// appended to its own `results` list. Nothing else of the input is re-written.
import type { Input } from '../read/input.js';
import type { Result } from '../results.js';
import { planEdits, splice, type TextEdit } from '../apply/edit.js';
import { detectStyle } from '../apply/style.js';

export function writeOutput(input: Input, itemEdits: readonly TextEdit[], results: readonly Result[]): string {
  const edits = [...itemEdits];
  if (input.shape === 'ResourceList' && input.envelope && results.length) {
    const { root } = input.envelope;
    edits.push(...planEdits(input.text, root, [{ op: 'append', path: ['results'], values: [...results] }], detectStyle(input.text, root)));
  }
  return splice(input.text, edits);
}
