// A fast reader for the YAML that Kubernetes manifests are nearly always written in: block mappings and
// lists, one-line scalars and one-line flow collections, comments. It gives the same data as the
// `yaml` package and the same nodes, with the same ranges where the applier reads them (where every
// node starts, where scalars and flow collections end), and gives up (undefined) on anything else,
// which then goes to `yaml`. Why by hand: `yaml` takes about 160 µs to compose a 20-line resource,
// most of a large render, and no lossless YAML library is faster; this reader takes a sixth of that.
// test/read/subset.test.ts checks it against `yaml` on generated documents, nodes and data alike.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

export interface SubsetParse {
  root: YAMLMap;
  value: Record<string, unknown>;
}

/** Thrown (not an Error: no stack to capture) where the text leaves the subset. */
const OUTSIDE = { outside: true };

// Printable text only: tabs, carriage returns, BOMs, control and astral characters all go to `yaml`.
const UNUSUAL_CHARACTER = /[^\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/;
const KEY = /[A-Za-z0-9_][A-Za-z0-9_./-]*/y;
const SPACES = / */y;
const MAX_DEPTH = 64;

// The YAML 1.2 core schema, as `yaml` composes manifests with it; its collections are made with their
// schema (yaml 3's constructors require one, and yaml 2's accept it).
const SCHEMA = new Document().schema;
// The YAML 1.2 core schema's plain scalars that are not strings (as `yaml` resolves them). Numbers
// other than small decimal integers go to `yaml`, so that their exact value is its to decide;
// NUMBER_LIKE is the union of the schema's int and float patterns, a little widened.
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const SMALL_INT = /^(?:0|[1-9][0-9]{0,14})$/;
const NUMBER_LIKE =
  /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|[-+]?\.(?:nan|NaN|NAN)|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

interface Line {
  /** Offset of the first non-space character. */
  content: number;
  indent: number;
  /** Offset of the line's end (its newline, or the end of the text). */
  end: number;
}

interface Parsed {
  node: Node;
  value: unknown;
}

export function parseSubset(text: string): SubsetParse | undefined {
  if (UNUSUAL_CHARACTER.test(text)) return undefined;
  try {
    return new SubsetReader(text).read();
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

function outside(): never {
  throw OUTSIDE;
}

class SubsetReader {
  /** The lines with content (comments and blank lines are skipped). */
  private readonly lines: Line[] = [];
  private at = 0;
  /** Collections open now; deep nesting goes to yaml, whose own limits then apply as before. */
  private depth = 0;

  constructor(private readonly text: string) {
    let start = 0;
    while (start <= text.length) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      let content = start;
      while (text.charCodeAt(content) === 32) content++;
      if (content < end && text[content] !== '#') {
        // Directives and document markers make a stream, not one resource.
        if (
          content === start &&
          (text.startsWith('---', start) || text.startsWith('...', start) || text[start] === '%')
        )
          outside();
        this.lines.push({ content, indent: content - start, end });
      }
      if (newline === -1) break;
      start = newline + 1;
    }
  }

  read(): SubsetParse {
    const first = this.lines[0];
    if (!first) outside();
    const { node, value } = this.mapAt(first.content, first.indent);
    if (this.at !== this.lines.length) outside();
    return { root: node as YAMLMap, value: value as Record<string, unknown> };
  }

  private get line(): Line | undefined {
    return this.lines[this.at];
  }

  private isDash(line: Line): boolean {
    const next = this.text.charCodeAt(line.content + 1);
    return this.text[line.content] === '-' && (line.content + 1 === line.end || next === 32);
  }

  /** A block mapping whose first key is at `offset`, at column `column`, on the current line. */
  private mapAt(offset: number, column: number): Parsed {
    this.enter();
    const map = new YAMLMap(SCHEMA);
    const value: Record<string, unknown> = {};
    let keyAt = offset;
    for (;;) {
      const key = this.key(keyAt);
      // A duplicate key is yaml's to report (and __proto__ its to keep as data).
      if (Object.hasOwn(value, key.value) || key.value === '__proto__') outside();
      let entry: Parsed;
      const line = this.line!;
      const afterColon = key.end + 1;
      const valueAt = this.skipSpaces(afterColon);
      if (valueAt === line.end || (this.text[valueAt] === '#' && valueAt > afterColon)) {
        this.at++;
        entry = this.blockValue(column, valueAt, true);
      } else {
        if (valueAt === afterColon) outside();
        entry = this.inlineValue(valueAt);
      }
      map.items.push(new Pair(key.node, entry.node));
      value[key.value] = entry.value;
      const next = this.line;
      if (!next || next.indent < column) break;
      if (next.indent > column || this.isDash(next)) outside();
      keyAt = next.content;
    }
    map.range = [offset, this.lastEnd(map), this.lastEnd(map)];
    this.depth--;
    return { node: map, value };
  }

  /**
   * The value of `key:` or `-` with nothing after it on the line: a nested block, or null. Only a key's
   * list may stand at the key's own column (`compact`).
   */
  private blockValue(column: number, emptyAt: number, compact: boolean): Parsed {
    const next = this.line;
    if (next && next.indent > column) {
      if (this.isDash(next)) return this.seqAt(next.indent);
      return this.mapAt(next.content, next.indent);
    }
    if (compact && next && next.indent === column && this.isDash(next)) return this.seqAt(column);
    const empty = new Scalar(null);
    empty.type = Scalar.PLAIN;
    empty.range = [emptyAt, emptyAt, emptyAt];
    return { node: empty, value: null };
  }

  /** A block list whose dashes are at `column`, from the current line. */
  private seqAt(column: number): Parsed {
    this.enter();
    const seq = new YAMLSeq(SCHEMA);
    const value: unknown[] = [];
    const start = this.line!.content;
    for (;;) {
      const line = this.line!;
      const afterDash = line.content + 1;
      const itemAt = this.skipSpaces(afterDash);
      let entry: Parsed;
      if (itemAt === line.end || this.text[itemAt] === '#') {
        this.at++;
        entry = this.blockValue(column, itemAt, false);
      } else if (this.text[itemAt] === '-' && (this.text.charCodeAt(itemAt + 1) === 32 || itemAt + 1 === line.end)) {
        outside();
      } else if (this.startsKey(itemAt, line.end)) {
        entry = this.mapAt(itemAt, itemAt - line.content + line.indent);
      } else {
        entry = this.inlineValue(itemAt);
      }
      seq.items.push(entry.node);
      value.push(entry.value);
      const next = this.line;
      if (!next || next.indent < column) break;
      if (next.indent > column) outside();
      if (!this.isDash(next)) break;
    }
    seq.range = [start, this.lastEnd(seq), this.lastEnd(seq)];
    this.depth--;
    return { node: seq, value };
  }

  /**
   * A scalar or flow collection that ends its line (but for a comment); the line is then done. (A deeper
   * line after it, which would continue a scalar, is refused by the collection it is in.)
   */
  private inlineValue(offset: number): Parsed {
    const line = this.line!;
    const parsed = this.flowOrScalar(offset, line.end, false);
    const after = this.skipSpaces(parsed.node.range![1]);
    if (after !== line.end && !(this.text[after] === '#' && after > parsed.node.range![1])) outside();
    this.at++;
    return parsed;
  }

  private flowOrScalar(offset: number, end: number, inFlow: boolean): Parsed {
    const c = this.text[offset];
    if (c === '{' || c === '[') return this.flow(offset, end);
    if (c === '"' || c === "'") return this.quoted(offset, end);
    return this.plain(offset, end, inFlow);
  }

  private plain(offset: number, end: number, inFlow: boolean): Parsed {
    const c = this.text[offset]!;
    const next = this.text[offset + 1] ?? '';
    if (
      '?:,]}#&*!|>%@`'.includes(c) ||
      (c === '-' && (offset + 1 === end || next === ' ' || (inFlow && ',[]{}'.includes(next))))
    )
      outside();
    let stop = offset;
    while (stop < end) {
      const ch = this.text[stop]!;
      if (ch === '#' && this.text[stop - 1] === ' ') break;
      if (ch === ':' && (stop + 1 === end || this.text[stop + 1] === ' ' || inFlow)) outside();
      if (inFlow && (ch === ',' || ch === ']' || ch === '}')) break;
      if (inFlow && (ch === '[' || ch === '{')) outside();
      stop++;
    }
    while (this.text[stop - 1] === ' ') stop--;
    const source = this.text.slice(offset, stop);
    const scalar = new Scalar(resolvePlain(source));
    scalar.type = Scalar.PLAIN;
    scalar.range = [offset, stop, stop];
    return { node: scalar, value: scalar.value };
  }

  private quoted(offset: number, end: number): Parsed {
    const quote = this.text[offset]!;
    let close = offset + 1;
    for (;;) {
      close = this.text.indexOf(quote, close);
      if (close === -1 || close >= end) outside();
      if (quote === "'" && this.text[close + 1] === "'") close += 2;
      else break;
    }
    const inner = this.text.slice(offset + 1, close);
    if (quote === '"' && inner.includes('\\')) outside();
    const scalar = new Scalar(quote === "'" ? inner.replaceAll("''", "'") : inner);
    scalar.type = quote === "'" ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
    scalar.range = [offset, close + 1, close + 1];
    return { node: scalar, value: scalar.value };
  }

  /** A flow collection closed on the same line. */
  private flow(offset: number, end: number): Parsed {
    this.enter();
    const isMap = this.text[offset] === '{';
    const close = isMap ? '}' : ']';
    const node = isMap ? new YAMLMap(SCHEMA) : new YAMLSeq(SCHEMA);
    node.flow = true;
    const value: Record<string, unknown> | unknown[] = isMap ? {} : [];
    let at = this.skipSpaces(offset + 1);
    if (this.text[at] !== close) {
      for (;;) {
        if (at >= end) outside();
        if (isMap) {
          const key = this.key(at);
          if (Object.hasOwn(value, key.value) || key.value === '__proto__' || this.text[key.end + 1] !== ' ') outside();
          const entry = this.flowOrScalar(this.skipSpaces(key.end + 1), end, true);
          (node as YAMLMap).items.push(new Pair(key.node, entry.node));
          (value as Record<string, unknown>)[key.value] = entry.value;
          at = entry.node.range![1];
        } else {
          const entry = this.flowOrScalar(at, end, true);
          (node as YAMLSeq).items.push(entry.node);
          (value as unknown[]).push(entry.value);
          at = entry.node.range![1];
        }
        at = this.skipSpaces(at);
        if (this.text[at] === close) break;
        if (this.text[at] !== ',') outside();
        at = this.skipSpaces(at + 1);
        if (this.text[at] === close) outside();
      }
    }
    if (at >= end) outside();
    node.range = [offset, at + 1, at + 1];
    this.depth--;
    return { node, value };
  }

  /** A mapping key (plain or quoted, a string) and its colon, at `offset`. */
  private key(offset: number): { node: Scalar; value: string; end: number } {
    const line = this.line!;
    let node: Scalar;
    const c = this.text[offset];
    if (c === '"' || c === "'") {
      node = this.quoted(offset, line.end).node as Scalar;
    } else {
      KEY.lastIndex = offset;
      if (!KEY.test(this.text)) outside();
      const source = this.text.slice(offset, KEY.lastIndex);
      if (resolvePlain(source) !== source) outside();
      node = new Scalar(source);
      node.type = Scalar.PLAIN;
      node.range = [offset, KEY.lastIndex, KEY.lastIndex];
    }
    const end = node.range![1];
    if (this.text[end] !== ':') outside();
    return { node, value: node.value as string, end };
  }

  /** Whether a list item's text starts with a mapping key. */
  private startsKey(offset: number, end: number): boolean {
    const c = this.text[offset];
    if (c === '"' || c === "'") {
      const close = this.text.indexOf(c, offset + 1);
      return close !== -1 && close < end && this.text[close + 1] === ':';
    }
    KEY.lastIndex = offset;
    return (
      KEY.test(this.text) &&
      this.text[KEY.lastIndex] === ':' &&
      (KEY.lastIndex + 1 === end || this.text[KEY.lastIndex + 1] === ' ')
    );
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) outside();
  }

  private skipSpaces(offset: number): number {
    SPACES.lastIndex = offset;
    SPACES.test(this.text);
    return SPACES.lastIndex;
  }

  /** Where a block collection's content ends: the end of its last value. */
  private lastEnd(collection: YAMLMap | YAMLSeq): number {
    const last = collection.items[collection.items.length - 1]!;
    const node = (last instanceof Pair ? last.value : last) as Node;
    return node.range![1];
  }
}

function resolvePlain(source: string): unknown {
  if (NULL.test(source)) return null;
  if (TRUE.test(source)) return true;
  if (FALSE.test(source)) return false;
  if (SMALL_INT.test(source)) return Number(source);
  if (NUMBER_LIKE.test(source)) outside();
  return source;
}
