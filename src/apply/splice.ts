// Text edits: what they are, the order they apply in, and the text they make. Every edit of an item,
// and of the whole input, goes through here.

export interface Edit<T> {
  start: number;
  end: number;
  text: T;
  /** Column of the inserted content: at one offset, deeper content goes first (it closes first). */
  depth: number;
}

export type TextEdit = Edit<string>;

/** Whether a text breaks its lines with CRLF (as its first line does). */
export function usesCrlf(text: string): boolean {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r';
}

/** New text with the line breaks of the text it goes into: yaml renders LF, a CRLF file keeps CRLF. */
export function inLineBreaksOf<E extends TextEdit>(text: string, edits: E[]): E[] {
  if (!usesCrlf(text)) return edits;
  return edits.map((edit) => ({ ...edit, text: edit.text.replace(/\r?\n/g, '\r\n') }));
}

/** Applies edits to a text; edits must not overlap. */
export function splice(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of ordered(edits)) {
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** Edits in the order they apply: by offset, deeper insertions first at one offset, else as given. */
export function ordered<E extends Edit<unknown>>(edits: readonly E[]): E[] {
  const sorted = inOrder(edits);
  if (sorted === undefined) throw new Error('internal error: overlapping edits');
  return sorted;
}

/** Edits in the order they apply, or undefined when two overlap. */
export function inOrder<E extends Edit<unknown>>(edits: readonly E[]): E[] | undefined {
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.start - b.edit.start || b.edit.depth - a.edit.depth || a.order - b.order)
    .map((e) => e.edit);
  return sorted.some((edit, i) => i > 0 && edit.start < sorted[i - 1]!.end) ? undefined : sorted;
}
