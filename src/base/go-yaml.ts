// The characters that the function never writes raw, for Go's YAML reader: kubectl, kustomize and kpt
// read YAML with gopkg.in/yaml.v3 (or sigs.k8s.io/yaml/goyaml.v3, its fork with the same reader), and it
// reads them otherwise than the `yaml` package does. The table is yaml.v3 v3.0.1's, with the file and
// lines of each class; test/base/go-yaml.test.ts holds it to a real Go reader, code point by code point.
// The renderer double-quotes a scalar that holds one and writes it as a `\uXXXX` escape, which both
// readers read as the character (docs/io.md, "What the function writes").

/** One class of characters, and what one raw does, in words for a message. */
export interface GoYamlClass {
  readonly characters: RegExp;
  /** What happens with one raw, completing "… holds U+2028 (line separator) raw: …". */
  readonly consequence: string;
}

const GO_READER = "Go's YAML reader (kubectl, kustomize, kpt)";

/** The characters Go's YAML reader reads as line breaks, and yaml does not. */
export const GO_LINE_BREAKS: GoYamlClass = {
  // is_break, yamlprivateh.go:124-130, and read_line, scannerc.go:568-599: NEL, LS, PS and a CR are line
  // breaks to Go, and none of them is to yaml (a CR only in CR LF, where it is one to both).
  characters: /[\u0085\u2028\u2029]|\r(?!\n)/,
  consequence:
    `${GO_READER} reads it as a line break: in a plain or block scalar the line ends there, and what ` +
    'follows is read as YAML structure, so the cluster would not get the data this check reads',
};

export const GO_YAML_TABLE: readonly GoYamlClass[] = [
  GO_LINE_BREAKS,
  {
    // yaml_parser_update_buffer, readerc.go:363-381: only #x9, #xA, #xD, #x20-#x7E, #x85, #xA0-#xD7FF,
    // #xE000-#xFFFD and #x10000-#x10FFFF may stand raw, anywhere in the stream.
    // oxlint-disable-next-line no-control-regex -- the control characters are what this class is
    characters: /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/,
    consequence: `${GO_READER} refuses the whole file ("control characters are not allowed")`,
  },
  {
    // yaml_parser_scan_to_next_token, scannerc.go:1544-1547: a BOM is skipped where a token starts at
    // column 0, as yaml skips it, and kept elsewhere. Both read it alike where the function writes it;
    // escaped, it is also visible in a review.
    characters: /\ufeff/,
    consequence:
      "it is invisible in a review, and a reader that takes it for a byte order mark drops it (as Go's YAML " +
      'reader does where it starts a line)',
  },
];

/** Any character of the table, raw. */
export const ESCAPED_FOR_GO = new RegExp(GO_YAML_TABLE.map((c) => c.characters.source).join('|'));
const ESCAPED_FOR_GO_ALL = new RegExp(ESCAPED_FOR_GO.source, 'g');

/**
 * How far the `:` after a key may be from the key's start, in characters, where the key has no `?`
 * (yaml_simple_key_is_valid, scannerc.go:883-906, as YAML 1.2 says). yaml writes a longer key with `?`
 * in block style, but not in flow style, and JSON has no `?`.
 */
export const GO_KEY_LIMIT = 1024;

/**
 * A UTF-16 code unit that is half of no pair. No UTF-8 text holds one, and Go's YAML reader refuses the
 * escape of one ("found invalid Unicode character escape code", scannerc.go:2573), so no output can.
 */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** The text with each lone surrogate as U+FFFD, as Go's JSON decoder reads one (and Node writes one as UTF-8). */
export const wellFormed = (text: string): string =>
  LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text;

const hex4 = (character: string) => character.charCodeAt(0).toString(16).padStart(4, '0');

/**
 * The text with each character of the table as a `\uXXXX` escape: the same character in a YAML
 * double-quoted scalar and in a JSON string, the only places the caller may apply it.
 */
export function escapeForGo(text: string): string {
  return ESCAPED_FOR_GO.test(text) ? text.replace(ESCAPED_FOR_GO_ALL, (c) => `\\u${hex4(c)}`) : text;
}

const NAMES: Record<string, string> = {
  '\r': 'carriage return',
  '\u0085': 'next line',
  '\u2028': 'line separator',
  '\u2029': 'paragraph separator',
  '\ufeff': 'byte order mark',
  '\x7f': 'delete',
};

/** A character for a message: `U+2028 (line separator)`. */
export function describeCharacter(character: string): string {
  const code = character.codePointAt(0)!;
  const name = NAMES[character] ?? (code < 0x20 || (code >= 0x80 && code < 0xa0) ? 'a control character' : undefined);
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${name ? ` (${name})` : ''}`;
}

/**
 * The first character of the table in text[from, to), with its class; undefined when there is none. (The
 * whole text is given, so that a CR just before `to` is seen with what follows it.)
 */
export function escapedForGoIn(
  text: string,
  from = 0,
  to = text.length,
): { character: string; class: GoYamlClass } | undefined {
  const pattern = new RegExp(ESCAPED_FOR_GO.source, 'g');
  pattern.lastIndex = from;
  const found = pattern.exec(text);
  if (!found || found.index >= to) return undefined;
  const character = found[0];
  return { character, class: GO_YAML_TABLE.find((c) => c.characters.test(character))! };
}
