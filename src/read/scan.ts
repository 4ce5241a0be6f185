// Finding item boundaries without parsing. Orchestrators send ResourceLists in one plain layout
// (`items:` at column 0, each item a block mapping starting with `- key:` at column 0), in which an
// item ends where the next line at column 0 begins. Only the items that may be Sandboxes (or a config
// source) are then parsed at all, which is what makes a large render cheap; the orchestrator has
// parsed the others already. Any other layout, and every plain stream (which may come straight from
// files), gets undefined, and the full parse is used. (No YAML library splits a ResourceList into item
// texts without lexing all of it, hence the hand-written scanner; it decides nothing about what an
// item means.)

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

const SPACE = 32;
const HASH = 35;
const DASH = 45;

export function scan(text: string): Scanned | undefined {
  if (!/^(#[^\n]*\n|\s*\n)*(apiVersion|kind):/.test(text) || !/(^|\n)kind: ResourceList\s*(\n|$)/.test(text)) return undefined;
  const chunks: Chunk[] = [];
  let itemsStart = -1;
  let itemsEnd = -1;
  let current: Chunk | undefined;
  let lastContentEnd = 0;
  // Lines by hand, not by a regex each: a large render has a hundred thousand of them, nearly all an
  // item's indented content, told by their first characters.
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const lineEnd = newline === -1 ? text.length : newline;
    const next = newline === -1 ? text.length : newline + 1;
    const line = () => text.slice(start, lineEnd);
    const first = text.charCodeAt(start);
    if (itemsStart === -1 || itemsEnd !== -1) {
      const header = line();
      if (itemsStart === -1 && header === 'items:') itemsStart = next;
      else if (!TOP_KEY.test(header) && !CONTENT.test(header)) return undefined;
      else if (itemsEnd !== -1 && (header.startsWith('results:') || header === 'items:')) return undefined;
    } else if (first === DASH) {
      const header = line();
      if (!ITEM_START.test(header) || /^- [{[]/.test(header)) return undefined;
      if (current) current.end = lastContentEnd;
      current = { index: chunks.length, start: start + 2, end: next, column: 2 };
      chunks.push(current);
      lastContentEnd = next;
    } else if (first === HASH || start === lineEnd) {
      // A comment or blank line at column 0: between items, or inside one, but not its content.
    } else {
      // Indented content, by its first characters; anything unusual goes through the patterns.
      let at = start;
      while (text.charCodeAt(at) === SPACE) at++;
      const c = text.charCodeAt(at);
      const plain = first === SPACE && (at === lineEnd || c === HASH || c > SPACE);
      const l = plain ? '' : line();
      if (!plain && TOP_KEY.test(l)) itemsEnd = start;
      else if (!plain && !CONTENT.test(l)) return undefined;
      else if (plain ? at < lineEnd && c !== HASH : /^\s+[^\s#]/.test(l)) {
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
