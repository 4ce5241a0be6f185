// The applier on a text of its own, as the applier's tests use it.
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { planEdits } from '../../src/apply/edit.js';
import { Renderer } from '../../src/apply/render.js';
import { splice } from '../../src/apply/splice.js';
import { detectStyle } from '../../src/apply/style.js';
import type { Change } from '../../src/plan/changes.js';

/** The edits for changes to a text (with `data`, the text's value, to write out what aliases share). */
export function edit(text: string, changes: Change[], data?: unknown) {
  const doc = parseDocument(text, { merge: true });
  const root = doc.contents!;
  return planEdits(text, root, changes, detectStyle(text, root), new Renderer(), data);
}

/** The text with the changes made, which must be possible. */
export function apply(text: string, changes: Change[], data?: unknown): string {
  const planned = edit(text, changes, data);
  assert.ok(planned.ok, JSON.stringify(planned));
  return splice(text, planned.value.edits);
}
