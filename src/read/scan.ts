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

interface Line {
  start: number;
  end: number;
  text: string;
}

function* lines(text: string): Generator<Line> {
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    yield { start, end, text: text.slice(start, newline === -1 ? text.length : newline) };
    start = end;
  }
}

export function scan(text: string): Scanned | undefined {
  if (!/^(#[^\n]*\n|\s*\n)*(apiVersion|kind):/.test(text) || !/(^|\n)kind: ResourceList\s*(\n|$)/.test(text)) return undefined;
  const chunks: Chunk[] = [];
  let itemsStart = -1;
  let itemsEnd = -1;
  let current: Chunk | undefined;
  let lastContentEnd = 0;
  for (const line of lines(text)) {
    if (itemsStart === -1) {
      if (line.text === 'items:') itemsStart = line.end;
      else if (!TOP_KEY.test(line.text) && !CONTENT.test(line.text)) return undefined;
      continue;
    }
    if (itemsEnd !== -1) {
      if (!TOP_KEY.test(line.text) && !CONTENT.test(line.text)) return undefined;
      if (line.text.startsWith('results:') || line.text === 'items:') return undefined;
      continue;
    }
    if (line.text.startsWith('-')) {
      if (!ITEM_START.test(line.text) || /^- [{[]/.test(line.text)) return undefined;
      if (current) current.end = lastContentEnd;
      current = { index: chunks.length, start: line.start + 2, end: line.end, column: 2 };
      chunks.push(current);
      lastContentEnd = line.end;
    } else if (TOP_KEY.test(line.text)) {
      itemsEnd = line.start;
    } else if (CONTENT.test(line.text)) {
      if (/^\s+[^\s#]/.test(line.text)) {
        if (!current) return undefined;
        lastContentEnd = line.end;
      }
    } else return undefined;
  }
  if (itemsStart === -1) return undefined;
  if (current) current.end = lastContentEnd;
  if (itemsEnd === -1) itemsEnd = text.length;
  const envelope = text.slice(0, itemsStart) + text.slice(itemsEnd);
  return { chunks, envelope };
}
