// New YAML text for injected values, written by the `yaml` package and shaped to fit the item's own
// indentation style. Strings that a YAML 1.1 parser (as Kubernetes tooling still uses) would read as
// something else are quoted.
import { Document, parse, visit, type ToStringOptions } from 'yaml';

export interface Style {
  /** Spaces per nesting level. */
  indent: number;
  /** `wide` indents a list under its key; `compact` puts the dashes at the key's column. */
  seqIndent: 'compact' | 'wide';
}

export const DEFAULT_STYLE: Style = { indent: 2, seqIndent: 'compact' };

function toDocument(value: unknown, flow: boolean): Document {
  const doc = new Document(value, { flow, keepUndefined: false, aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && misreadByYaml11(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc;
}

/** True when a plain scalar with this text would not be this string to a YAML 1.1 parser. */
export function misreadByYaml11(text: string): boolean {
  // Multi-line strings become block scalars, which are strings in every YAML version.
  if (text === '' || text.includes('\n')) return false;
  try {
    return typeof parse(text, { version: '1.1' }) !== 'string';
  } catch {
    return false;
  }
}

const options = (style: Style): ToStringOptions => ({
  indent: style.indent,
  indentSeq: style.seqIndent === 'wide',
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
});

/** Lines of a block rendering; the caller places them at a column. */
export function renderBlock(value: unknown, style: Style): string[] {
  const text = toDocument(value, false).toString(options(style));
  return text.replace(/\n$/, '').split('\n');
}

/** A one-line flow rendering, for insertion into a flow collection. */
export function renderFlow(value: unknown): string {
  return toDocument(value, true).toString({ ...options(DEFAULT_STYLE), flowCollectionPadding: false }).replace(/\n$/, '');
}

/** Places rendered lines at a column: the first line where the caller stands, the rest indented. */
export function placeLines(lines: readonly string[], column: number): string {
  const pad = ' '.repeat(column);
  return lines.map((line, i) => (i === 0 || line === '' ? line : pad + line)).join('\n');
}
