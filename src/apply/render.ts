// New YAML text for injected values, written by the `yaml` package and shaped to fit the item's own
// indentation style. Strings that a YAML 1.1 parser (as Kubernetes tooling still uses) would read as
// something else are quoted, and so are strings that Go's YAML reader would read otherwise than `yaml`
// (src/base/go-yaml.ts): every scalar written reads the same in both.
import { Document, parseDocument, visit, type ToStringOptions } from 'yaml';
import { escapeForGo, ESCAPED_FOR_GO, LONE_SURROGATE } from '../base/go-yaml.js';
import { isPlainMapping, setData } from '../base/data.js';
import { remembered } from '../base/memo.js';
import type { Change } from '../plan/changes.js';
import { unwritable } from './unwritable.js';

export interface Style {
  /** Spaces per nesting level. */
  indent: number;
  /** `wide` indents a list under its key; `compact` puts the dashes at the key's column. */
  seqIndent: 'compact' | 'wide';
  /** The item is written in JSON syntax: what goes into its flow collections is JSON too. */
  json?: boolean;
}

export const DEFAULT_STYLE: Style = { indent: 2, seqIndent: 'compact' };

// A string that looks like nothing but a scalar is resolved by the schema's tag patterns alone, so
// yaml's own 1.1 patterns decide it without a parse; anything that may read as structure is parsed.
const YAML11_PATTERNS = new Document(null, { version: '1.1' }).schema.tags.flatMap((tag) =>
  tag.default === true && tag.test ? [tag.test] : [],
);
const MAY_BE_STRUCTURE = /^[?:,[\]{}#&*!|>'"%@`\s]|^-(?:\s|$|--)|^\.\.\.|: | #|:$|\s$|[^\x20-\x7e]/;

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// Single quotes where quoting is needed: JSON in an annotation reads without escapes. Strings that
// YAML 1.1 would misread are double-quoted by the visitor in toDocument.
const options = (style: Style): ToStringOptions => ({
  singleQuote: true,
  indent: style.indent,
  indentSeq: style.seqIndent === 'wide',
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
  // A double-quoted string stays on one line, its line breaks escaped.
  doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
});

/**
 * A string that yaml would write in a style that some reader reads back otherwise. In a flow collection:
 * a `?` anywhere in a plain scalar, where Go's YAML reader ends the scalar (scannerc.go:2726-2731), or
 * starts a key, and a `:` first, which Go takes for a value indicator there (scannerc.go:801). As a block scalar: lines of nothing but blanks (a `|+` scalar that yaml reads back without
 * them); a first line that starts with a tab, where Go's reader finds "a tab character where an indentation
 * space is expected" (scannerc.go:2401-2405); or one that starts with a space in a style whose indent is not
 * 2 (yaml's indentation indicator is 2 whatever the indent).
 */
function readsOtherwise(text: string, layout: Style | 'flow'): boolean {
  if (layout === 'flow') return text.includes('?') || text.startsWith(':');
  if (!text.includes('\n')) return false;
  return !/[^ \t\n]/.test(text) || /^\n*\t/.test(text) || (layout.indent !== 2 && /^\n* /.test(text));
}

const STAND_IN = /standin(\d+)x/g;
const STAND_IN_KEY = /standin\d+x/;

/** The value with each scalar replaced by a plain stand-in; undefined if a scalar needs a block. */
function standIns(value: unknown, scalars: unknown[]): unknown {
  if (typeof value === 'string' && value.includes('\n')) return undefined;
  if (typeof value !== 'object' || value === null) return `standin${scalars.push(value) - 1}x`;
  const entries = Object.entries(value);
  if (entries.length === 0) return undefined;
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  for (const [k, v] of entries) {
    const inner = standIns(v, scalars);
    if (inner === undefined || STAND_IN_KEY.test(k)) return undefined;
    (out as Record<string, unknown>)[k] = inner;
  }
  return out;
}

/**
 * A string that yaml writes as a literal block (`|`) of its own lines, whatever the style around it: lines
 * of printable ASCII, none empty, none with a blank at either end or a document marker at its start, and
 * one line break at the end. Every status record is one (JSON lines), and each is another string: laid out
 * once, by yaml, with a stand-in, its lines are put in place of the stand-in's (yaml wrote each record in a
 * document of its own, a tenth of W1v's time). test/apply/render.test.ts holds this to what yaml writes.
 */
export const LITERAL_LINES = /^(?:(?![%]|---|\.\.\.)[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?\n)+$/;
const literalStandIn = (i: number) => `literalstandin${i}x`;

/** The length from which a string is fingerprinted by id rather than by its text (Renderer.fingerprint). */
const LONG_STRING = 64;

/** The value with each literal string (LITERAL_LINES) replaced by a one-line stand-in, pushed to `literals`. */
function withLiteralStandIns(value: unknown, literals: string[]): unknown {
  if (typeof value === 'string') {
    if (!value.includes('\n') || !LITERAL_LINES.test(value)) return value;
    return `${literalStandIn(literals.push(value) - 1)}\n`;
  }
  // A frozen value (an entry's) keeps its identity, by which its rendering is kept.
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return value.map((item) => withLiteralStandIns(item, literals));
  if (!isPlainMapping(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setData(out, key, withLiteralStandIns(value[key], literals));
  return out;
}

/**
 * The layout's lines with each stand-in's line replaced by its literal's lines, at its indentation; undefined
 * unless each stand-in is found once, as the one line of a `|` block.
 */
function withLiterals(layout: readonly string[], literals: readonly string[]): string[] | undefined {
  const lines = [...layout];
  for (let i = literals.length - 1; i >= 0; i--) {
    const standIn = literalStandIn(i);
    const found = lines.flatMap((line, n) => (line.trimStart() === standIn ? [n] : []));
    const at = found[0];
    if (found.length !== 1 || at === undefined || at < 1 || !lines[at - 1]!.endsWith('|')) return undefined;
    const indent = lines[at]!.slice(0, lines[at]!.length - standIn.length);
    lines.splice(
      at,
      1,
      ...literals[i]!.slice(0, -1)
        .split('\n')
        .map((line) => indent + line),
    );
  }
  return lines;
}

// Kubernetes names: plain in every YAML version, unless they spell a 1.1 boolean or null, or start with
// an e (1.1 reads e0 as a float). test/apply/render.test.ts holds this to what yaml writes.
const PLAIN_NAME = /^[a-df-z](?:[-a-z0-9.]*[a-z0-9])?$/;
const YAML11_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

/**
 * Writes new YAML text, keeping what it wrote for the run: every resource gets the same entries, so a
 * rendering is made once. Made per run by the pipeline and passed down; entries are deep-frozen when
 * resolved, so within the run a rendering kept by an entry's identity cannot go stale.
 */
export class Renderer {
  /** The same few strings (images, env names, paths) are injected everywhere: each is decided once. */
  private readonly misread = new Map<string, boolean>();
  private readonly rendered = new Map<string, string[]>();
  /** Frozen values are named by a short id, so that a key stays short for the wrappers around them. */
  private readonly frozenIds = new WeakMap<object, string>();
  private nextId = 0;
  private readonly stringIds = new Map<string, string>();
  private readonly placed = new WeakMap<readonly string[], Map<number, string>>();
  private readonly layouts = new Map<string, string>();
  private readonly scalars = new Map<unknown, string>();
  /** Alike resources share their plan's changes, so each is looked through once. */
  private readonly refusals = new WeakMap<Change, string | undefined>();
  /** The frozen values (entries') that unwritable found nothing in: the same in every resource. */
  private readonly writable = new WeakSet<object>();

  /** Why a change cannot be written, naming the field (src/apply/unwritable.ts), or undefined. */
  unwritable(change: Change): string | undefined {
    let refusal = this.refusals.get(change);
    if (refusal === undefined && !this.refusals.has(change))
      this.refusals.set(change, (refusal = unwritable(change, this.writable)));
    return refusal;
  }

  /** True when a plain scalar with this text would not be this string to a YAML 1.1 parser. */
  misreadByYaml11(text: string): boolean {
    // Multi-line strings become block scalars, which are strings in every YAML version.
    if (text === '' || text.includes('\n')) return false;
    return remembered(this.misread, text, () => {
      if (!MAY_BE_STRUCTURE.test(text)) return YAML11_PATTERNS.some((pattern) => pattern.test(text));
      // JSON (the status annotation) is a flow collection to YAML.
      if (/^[{[]/.test(text) && isJson(text)) return true;
      // A document, not parse(), and no warnings: parse() prints them (a `%` directive, a `!` tag), and so does
      // toJS (a collection as a key), on stderr.
      const doc = parseDocument(text, { version: '1.1', logLevel: 'error' });
      if (doc.errors.length) return false;
      try {
        return typeof doc.toJS() !== 'string';
      } catch {
        // An alias of no anchor (`*a`), which yaml quotes as it quotes every string that starts with `*`.
        return false;
      }
    });
  }

  /** Lines of a block rendering; the caller places them at a column. Renderings are shared, not copied. */
  block(value: unknown, style: Style): readonly string[] {
    return remembered(this.rendered, this.keyOf(value, style), () => {
      const literals: string[] = [];
      const layout = withLiteralStandIns(value, literals);
      return (literals.length && withLiterals(this.whole(layout, style), literals)) || this.rendering(value, style);
    });
  }

  /** block, of the value as yaml writes it whole (a layout with stand-ins, kept as any rendering is). */
  private whole(value: unknown, style: Style): readonly string[] {
    return remembered(this.rendered, this.keyOf(value, style), () => this.rendering(value, style));
  }

  private keyOf(value: unknown, style: Style): string {
    return `${style.indent}${style.seqIndent}${this.fingerprint(value)}`;
  }

  private rendering(value: unknown, style: Style): string[] {
    return this.text(this.document(value, style), options(style)).replace(/\n$/, '').split('\n');
  }

  /** A one-line flow rendering, for insertion into a flow collection; JSON into an item written in JSON. */
  flow(value: unknown, style?: Style): string {
    // Outside its strings JSON text is ASCII, so what the escape finds is in a string.
    if (style?.json) return escapeForGo(JSON.stringify(value));
    return this.text(this.document(value, 'flow'), { ...options(DEFAULT_STYLE), flowCollectionPadding: false }).replace(
      /\n$/,
      '',
    );
  }

  /** Places rendered lines at a column: the first line where the caller stands, the rest indented. */
  place(lines: readonly string[], column: number): string {
    let byColumn = this.placed.get(lines);
    if (!byColumn) this.placed.set(lines, (byColumn = new Map()));
    let text = byColumn.get(column);
    if (text === undefined) {
      const pad = ' '.repeat(column);
      text = lines.map((line, i) => (i === 0 || line === '' ? line : pad + line)).join('\n');
      byColumn.set(column, text);
    }
    return text;
  }

  /**
   * block({ [key]: items }), for many items of few shapes (a ResourceList's results): each shape is
   * laid out once, by yaml, with stand-ins for its scalars, and each scalar is rendered once. One yaml
   * document of ten thousand results took a tenth of a large render.
   */
  list(key: string, items: readonly object[], style: Style): string {
    const out = [`${key}:`];
    for (const item of items) {
      const scalars: unknown[] = [];
      const template = standIns(item, scalars);
      if (template === undefined) {
        out.push(...this.block({ [key]: [item] }, style).slice(1));
        continue;
      }
      const layout = this.layoutOf(key, template, style);
      out.push(layout.replace(STAND_IN, (_, i: string) => this.scalar(scalars[Number(i)])));
    }
    return out.join('\n');
  }

  /** One scalar as block() writes it as a mapping value on one line. */
  scalar(value: unknown): string {
    if (typeof value === 'string' && PLAIN_NAME.test(value) && !YAML11_WORDS.has(value)) return value;
    return remembered(this.scalars, value, () => this.block({ k: value }, DEFAULT_STYLE)[0]!.slice(3));
  }

  /** One list item's lines, with its scalars' stand-ins, kept by shape (every result of a kind has one). */
  private layoutOf(key: string, template: unknown, style: Style): string {
    const shape = `${key}${style.indent}${style.seqIndent}${JSON.stringify(template)}`;
    return remembered(this.layouts, shape, () =>
      this.block({ [key]: [template] }, style)
        .slice(1)
        .join('\n'),
    );
  }

  private fingerprint(value: unknown): string {
    if (typeof value === 'string') {
      if (value.length < LONG_STRING) return JSON.stringify(value);
      // A long string (a status record) is named by a short id: V8 keeps a string's hash, so a Map finds it
      // without reading it, where quoting it into the key read and copied it twice per look-up.
      return remembered(this.stringIds, value, () => `$${this.nextId++}`);
    }
    if (typeof value !== 'object' || value === null) return String(value);
    if (Object.isFrozen(value)) {
      let id = this.frozenIds.get(value);
      if (id === undefined) this.frozenIds.set(value, (id = `#${this.nextId++}`));
      return id;
    }
    if (Array.isArray(value)) return `[${value.map((v) => this.fingerprint(v)).join(',')}]`;
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${this.fingerprint((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }

  /** The value as a document to write in block style (in this style) or in flow style. */
  private document(value: unknown, layout: Style | 'flow'): Document {
    const flow = layout === 'flow';
    const doc = new Document(value, { flow, keepUndefined: false, aliasDuplicateObjects: false });
    visit(doc, {
      Scalar: (_key, node) => {
        if (typeof node.value !== 'string') return;
        // Callers refuse these first (unwritable): no text can hold one.
        if (LONE_SURROGATE.test(node.value))
          throw new Error(`internal error: a lone surrogate reached the renderer in ${JSON.stringify(node.value)}`);
        // Double quotes as Kubernetes manifests mostly have them; single ones when that saves escapes (JSON).
        // A plain `<<` key is a merge key to every reader with merge keys, Go's among them.
        if (this.misreadByYaml11(node.value) || node.value === '<<')
          node.type = /"/.test(node.value) && !/['\n]/.test(node.value) ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
        // Double quotes, on one line with escapes, where no other style reads back the same string:
        // lines in a flow collection, where a block scalar cannot stand and a single-quoted one would
        // spread over lines (the status record in a flow mapping); a character Go reads otherwise, which
        // only an escape can write; and what yaml would write in a style read back otherwise.
        if (
          (flow && node.value.includes('\n')) ||
          ESCAPED_FOR_GO.test(node.value) ||
          readsOtherwise(node.value, layout)
        )
          node.type = 'QUOTE_DOUBLE';
      },
    });
    return doc;
  }

  /**
   * A document's text with each character Go would misread escaped. yaml writes them raw, even in
   * double quotes (its escapes are JSON.stringify's); document() double-quotes every string that holds
   * one, and the text has no other scalars or comments, so each is in a double-quoted scalar.
   */
  private text(doc: Document, toString: ToStringOptions): string {
    return escapeForGo(doc.toString(toString));
  }
}
