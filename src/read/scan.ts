// Finding item boundaries without parsing. Orchestrators send ResourceLists in one plain layout
// (`items:` at column 0, each item a block mapping starting with `- key:` at column 0), in which an
// item ends where the next line at column 0 begins. Only the items that may be Sandboxes (or a config
// source) are then parsed at all, which is what makes a large render cheap; the orchestrator has
// parsed the others already. Any other layout, and every plain stream (which may come straight from
// files), gets undefined, and the full parse is used. (No YAML library splits a ResourceList into item
// texts without lexing all of it, hence the hand-written scanner; it decides nothing about what an
// item means.)

import { lineStart } from './text.js';

export interface Chunk {
  index: number;
  /** Offset of the item's first key. */
  start: number;
  /** End of the item's last line. */
  end: number;
  /** Column of the item's first key, where its mapping stands. */
  column: number;
}

export interface Scanned {
  chunks: Chunk[];
  /** The ResourceList without its items, to be parsed for functionConfig (offsets are not the text's). */
  envelope: string;
}

const TOP_KEY = /^[A-Za-z_][\w.-]*:(\s|$)/;
const ITEM_START = /^- [A-Za-z_"'][^\n]*?:(\s|$)/;
const CONTENT = /^(\s+\S|#|\s*$)/;
const INDENTED_CONTENT = /^\s+[^\s#]/;
// The newline before the next line that does not start with a space (or the last newline).
const INDENTED_RUN_END = /\n(?! )/g;

const SPACE = 32;
const HASH = 35;
const DASH = 45;

export function scan(text: string): Scanned | undefined {
  if (!/^(#[^\n]*\n|\s*\n)*(apiVersion|kind):/.test(text) || !/(^|\n)kind: ResourceList\s*(\n|$)/.test(text))
    return undefined;
  const chunks: Chunk[] = [];
  let itemsStart = -1;
  let itemsEnd = -1;
  let current: Chunk | undefined;
  let lastContentEnd = 0;
  // Lines by hand, not by a regex each: a large render has a hundred thousand of them, nearly all an
  // item's indented content, which is skipped over in runs.
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const lineEnd = newline === -1 ? text.length : newline;
    const next = newline === -1 ? text.length : newline + 1;
    const first = text.charCodeAt(start);
    if (itemsStart === -1 || itemsEnd !== -1) {
      const header = text.slice(start, lineEnd);
      if (itemsStart === -1 && header === 'items:') itemsStart = next;
      else if (!TOP_KEY.test(header) && !CONTENT.test(header)) return undefined;
      else if (itemsEnd !== -1 && (header.startsWith('results:') || header === 'items:')) return undefined;
    } else if (first === DASH) {
      const header = text.slice(start, lineEnd);
      if (!ITEM_START.test(header) || /^- [{[]/.test(header)) return undefined;
      if (current) current.end = lastContentEnd;
      current = { index: chunks.length, start: start + 2, end: next, column: 2 };
      chunks.push(current);
      lastContentEnd = next;
    } else if (first === SPACE) {
      // A run of indented lines, up to the next line that is not: its last line with content (not a
      // comment, not blank) is where the item's text ends so far.
      INDENTED_RUN_END.lastIndex = start;
      const runEnd = INDENTED_RUN_END.exec(text)?.index ?? text.length;
      for (let at = lineStart(text, runEnd); ; at = lineStart(text, at - 1)) {
        const end = text.indexOf('\n', at);
        if (INDENTED_CONTENT.test(text.slice(at, end === -1 ? text.length : end))) {
          if (!current) return undefined;
          lastContentEnd = end === -1 ? text.length : end + 1;
          break;
        }
        if (at <= start) break;
      }
      start = runEnd < text.length ? runEnd + 1 : runEnd;
      continue;
    } else if (first !== HASH && start !== lineEnd) {
      // Anything else at column 0 (but comments and blank lines): the next top-level key, or not this layout.
      const line = text.slice(start, lineEnd);
      if (TOP_KEY.test(line)) itemsEnd = start;
      else if (!CONTENT.test(line)) return undefined;
      else if (/^\s+[^\s#]/.test(line)) {
        if (!current) return undefined;
        lastContentEnd = next;
      }
    }
    start = next;
  }
  if (itemsStart === -1) return undefined;
  if (current) current.end = lastContentEnd;
  if (itemsEnd === -1) itemsEnd = text.length;
  const envelope = text.slice(0, itemsStart) + text.slice(itemsEnd);
  return { chunks, envelope };
}
