// New YAML text for injected values, written by the `yaml` package and shaped to fit the item's own
// indentation style. Strings that a YAML 1.1 parser (as Kubernetes tooling still uses) would read as
// something else are quoted.
import { Document, parse, visit, type ToStringOptions } from 'yaml';
import { remembered } from '../base/memo.js';

export interface Style {
  /** Spaces per nesting level. */
  indent: number;
  /** `wide` indents a list under its key; `compact` puts the dashes at the key's column. */
  seqIndent: 'compact' | 'wide';
  /** The item is written in JSON syntax: what goes into its flow collections is JSON too. */
  json?: boolean;
}

export const DEFAULT_STYLE: Style = { indent: 2, seqIndent: 'compact' };

function toDocument(value: unknown, flow: boolean): Document {
  const doc = new Document(value, { flow, keepUndefined: false, aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      // Double quotes as Kubernetes manifests mostly have them; single ones when that saves escapes (JSON).
      if (typeof node.value === 'string' && misreadByYaml11(node.value))
        node.type = /"/.test(node.value) && !/['\n]/.test(node.value) ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
      // In a flow collection a block scalar cannot stand, and a single-quoted one would spread over
      // lines: lines go in one double-quoted line, as escapes (the status record in a flow mapping).
      if (flow && typeof node.value === 'string' && node.value.includes('\n')) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc;
}

// The same few strings (images, env names, paths) are injected into every resource; each is decided
// once.
const misread = new Map<string, boolean>();

// A string that looks like nothing but a scalar is resolved by the schema's tag patterns alone, so
// yaml's own 1.1 patterns decide it without a parse; anything that may read as structure is parsed.
const YAML11_PATTERNS = new Document(null, { version: '1.1' }).schema.tags.flatMap((tag) =>
  tag.default === true && tag.test ? [tag.test] : [],
);
const MAY_BE_STRUCTURE = /^[?:,[\]{}#&*!|>'"%@`\s]|^-(?:\s|$|--)|^\.\.\.|: | #|:$|\s$|[^\x20-\x7e]/;

/** True when a plain scalar with this text would not be this string to a YAML 1.1 parser. */
export function misreadByYaml11(text: string): boolean {
  // Multi-line strings become block scalars, which are strings in every YAML version.
  if (text === '' || text.includes('\n')) return false;
  return remembered(misread, text, () => {
    if (!MAY_BE_STRUCTURE.test(text)) return YAML11_PATTERNS.some((pattern) => pattern.test(text));
    // JSON (the status annotation) is a flow collection to YAML.
    if (/^[{[]/.test(text) && isJson(text)) return true;
    try {
      return typeof parse(text, { version: '1.1' }) !== 'string';
    } catch {
      return false;
    }
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// Single quotes where quoting is needed: JSON in an annotation reads without escapes. Strings that
// YAML 1.1 would misread are double-quoted by the visitor above.
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

const rendered = new Map<string, string[]>();

/** Lines of a block rendering; the caller places them at a column. Renderings are shared, not copied. */
export function renderBlock(value: unknown, style: Style): readonly string[] {
  // Every resource gets the same entries, so the rendering is kept by value and style.
  const key = `${style.indent}${style.seqIndent}${fingerprint(value)}`;
  return remembered(rendered, key, () =>
    toDocument(value, false).toString(options(style)).replace(/\n$/, '').split('\n'),
  );
}

// Frozen values (the injection config's entries, deep-frozen when resolved in config/sources.ts) cannot
// change, so each is named by a short id; other values are spelt out. A key thus stays short for the
// wrappers that planning puts around the same entries in every resource.
const frozenIds = new WeakMap<object, string>();
let nextId = 0;

function fingerprint(value: unknown): string {
  if (typeof value !== 'object' || value === null)
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  if (Object.isFrozen(value)) {
    let id = frozenIds.get(value);
    if (id === undefined) frozenIds.set(value, (id = `#${nextId++}`));
    return id;
  }
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  return `{${Object.keys(value)
    .map((k) => `${JSON.stringify(k)}:${fingerprint((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** A one-line flow rendering, for insertion into a flow collection; JSON into an item written in JSON. */
export function renderFlow(value: unknown, style?: Style): string {
  if (style?.json) return JSON.stringify(value);
  return toDocument(value, true)
    .toString({ ...options(DEFAULT_STYLE), flowCollectionPadding: false })
    .replace(/\n$/, '');
}

const placed = new WeakMap<readonly string[], Map<number, string>>();

/** Places rendered lines at a column: the first line where the caller stands, the rest indented. */
export function placeLines(lines: readonly string[], column: number): string {
  let byColumn = placed.get(lines);
  if (!byColumn) placed.set(lines, (byColumn = new Map()));
  let text = byColumn.get(column);
  if (text === undefined) {
    const pad = ' '.repeat(column);
    text = lines.map((line, i) => (i === 0 || line === '' ? line : pad + line)).join('\n');
    byColumn.set(column, text);
  }
  return text;
}

/**
 * renderBlock({ [key]: items }), for many items of few shapes (a ResourceList's results): each shape
 * is laid out once, by yaml, with stand-ins for its scalars, and each scalar is rendered once. One
 * yaml document of ten thousand results took a tenth of a large render.
 */
export function renderList(key: string, items: readonly object[], style: Style): string {
  const out = [`${key}:`];
  for (const item of items) {
    const scalars: unknown[] = [];
    const template = standIns(item, scalars);
    if (template === undefined) {
      out.push(...renderBlock({ [key]: [item] }, style).slice(1));
      continue;
    }
    out.push(layoutOf(key, template, style).replace(STAND_IN, (_, i: string) => renderScalar(scalars[Number(i)])));
  }
  return out.join('\n');
}

const layouts = new Map<string, string>();

/** One list item's lines, with its scalars' stand-ins, kept by shape (every result of a kind has one). */
function layoutOf(key: string, template: unknown, style: Style): string {
  const shape = `${key}${style.indent}${style.seqIndent}${JSON.stringify(template)}`;
  return remembered(layouts, shape, () =>
    renderBlock({ [key]: [template] }, style)
      .slice(1)
      .join('\n'),
  );
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

const renderedScalars = new Map<unknown, string>();
// Kubernetes names: plain in every YAML version, unless they spell a 1.1 boolean or null, or start with
// an e (1.1 reads e0 as a float). test/apply/render.test.ts holds this to what yaml writes.
const PLAIN_NAME = /^[a-df-z](?:[-a-z0-9.]*[a-z0-9])?$/;
const YAML11_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

/** One scalar as renderBlock writes it as a mapping value on one line. */
export function renderScalar(value: unknown): string {
  if (typeof value === 'string' && PLAIN_NAME.test(value) && !YAML11_WORDS.has(value)) return value;
  return remembered(renderedScalars, value, () => renderBlock({ k: value }, DEFAULT_STYLE)[0]!.slice(3));
}
