// Finding item boundaries without parsing. Orchestrators send ResourceLists in one plain layout
// (`items:` at column 0, each item a block mapping starting with `- key:` at column 0), in which an
// item ends where the next line at column 0 begins. Its indented lines all belong to it, comment-like
// and blank ones too: without a parse they cannot be told apart from the last lines of a block scalar
// (a script's `# keep running`, a `|+` scalar's kept blank lines) or of a quoted scalar, and cutting
// them off would cut the scalar. Only the items that may be Sandboxes (or a config
// source) are then parsed at all, which is what makes a large render cheap; the orchestrator has
// parsed the others already. Any other layout, and every plain stream (which may come straight from
// files), gets undefined, and the full parse is used. (No YAML library splits a ResourceList into item
// texts without lexing all of it, hence the hand-written scanner; it decides nothing about what an
// item means.)

export interface Chunk {
  index: number;
  /** Offset of the item's first key. */
  start: number;
  /** End of the item's last line: the last indented (or blank) line before the next line at column 0. */
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
// The newline before the next line that does not start with a space (or the last newline).
const INDENTED_RUN_END = /\n(?! )/g;

const SPACE = 32;
const HASH = 35;
const DASH = 45;

export function scan(text: string): Scanned | undefined {
  // Comment and blank lines, one per repetition ([^\S\n] is whitespace within a line): a line can be
  // matched one way only, which keeps the regex linear.
  if (!/^(?:#[^\n]*\n|[^\S\n]*\n)*(?:apiVersion|kind):/.test(text) || !/(^|\n)kind: ResourceList\s*(\n|$)/.test(text))
    return undefined;
  const chunks: Chunk[] = [];
  let itemsStart = -1;
  let itemsEnd = -1;
  let current: Chunk | undefined;
  let lastContentEnd = 0;
  // After a comment at column 0 the item is over: a block scalar ends at a less indented line, so a
  // blank line after it belongs to no item (unless indented lines follow, which are the item's again).
  let closed = false;
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
      closed = false;
    } else if (first === SPACE) {
      // A run of indented lines, up to the next line that is not: all of it is the item's.
      INDENTED_RUN_END.lastIndex = start;
      const runEnd = INDENTED_RUN_END.exec(text)?.index ?? text.length;
      const runNext = runEnd < text.length ? runEnd + 1 : runEnd;
      if (current) {
        lastContentEnd = runNext;
        closed = false;
      } else if (/^ *[^\s#]/m.test(text.slice(start, runEnd))) return undefined;
      start = runNext;
      continue;
    } else if (first === HASH) {
      closed = true;
    } else if (start === lineEnd) {
      if (current && !closed) lastContentEnd = next;
    } else {
      // Anything else at column 0: the next top-level key, or not this layout.
      const line = text.slice(start, lineEnd);
      if (TOP_KEY.test(line)) itemsEnd = start;
      else if (!CONTENT.test(line)) return undefined;
      else if (/^\s*$/.test(line)) {
        if (current && !closed) lastContentEnd = next;
      } else {
        if (!current) return undefined;
        lastContentEnd = next;
        closed = false;
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
