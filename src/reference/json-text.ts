// JSON text read as Go's encoding/json reads it (scanner.go, go1.25): the whole text is checked first
// (Unmarshal's checkValid), with the scanner's error messages, and then decoded by type (./go-decode.ts).
// Written by hand because JSON.parse loses what Go's decoding depends on: a number's literal text (`9090.0`
// is not an int32), every key of an object in order (a repeated key is decoded again into the same field),
// and Go's handling of invalid surrogate escapes.
import type { Outcome } from '../base/outcome.js';

/** A JSON number, with its literal text: Go decides per target type whether the text fits. */
export class GoNumber {
  constructor(readonly text: string) {}
}

/** A JSON object, every key in document order, repeats included. */
export class GoObject {
  constructor(readonly pairs: readonly (readonly [string, JsonValue])[]) {}
}

export type JsonValue = null | boolean | string | GoNumber | GoObject | JsonValue[];

/** scanner.go's maxNestingDepth. */
const MAX_DEPTH = 10000;

/** Go's quoteChar (scanner.go): the offending byte, quoted. */
function quoteChar(text: string, at: number): string {
  const code = text.codePointAt(at)!;
  // Go reports the first byte of the character's UTF-8 encoding, as a code point of its own.
  const byte = code < 0x80 ? code : Buffer.from(String.fromCodePoint(code))[0]!;
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  const escapes: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
  if (escapes[byte]) return `'${escapes[byte]}'`;
  if (byte === 0x5c) return `'\\\\'`;
  if (byte < 0x20 || byte === 0x7f) return `'\\x${byte.toString(16).padStart(2, '0')}'`;
  if (byte >= 0x80 && (byte < 0xa1 || byte === 0xad)) return `'\\u00${byte.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(byte)}'`;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Reads a whole JSON text as Go's Unmarshal does before decoding: a syntax error is Go's message
 * ("invalid character 'x' after object key", "unexpected end of JSON input"). Iterative: nesting is
 * bounded by Go's own limit, not by the JavaScript stack.
 */
export function readJsonText(text: string): Outcome<JsonValue, string> {
  let at = 0;
  const fail = (context: string) =>
    at >= text.length
      ? { ok: false as const, error: 'unexpected end of JSON input' }
      : { ok: false as const, error: `invalid character ${quoteChar(text, at)} ${context}`.trimEnd() };
  const skip = () => {
    while (at < text.length && WHITESPACE.has(text[at]!)) at++;
  };
  // The open containers: an array's items, or an object's pairs and the key being read.
  type Frame = { items: JsonValue[] } | { pairs: [string, JsonValue][]; key: string };
  const stack: Frame[] = [];
  for (;;) {
    // A value begins here.
    skip();
    let value: JsonValue;
    const c = text[at];
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_DEPTH) return fail('exceeded max depth');
      at++;
      skip();
      if (c === '[') {
        if (text[at] === ']') {
          at++;
          value = [];
        } else {
          stack.push({ items: [] });
          continue;
        }
      } else if (text[at] === '}') {
        at++;
        value = new GoObject([]);
      } else {
        const key = readKey();
        if (typeof key !== 'string') return key;
        stack.push({ pairs: [], key });
        continue;
      }
    } else if (c === '"') {
      const read = readString();
      if (typeof read !== 'string') return read;
      value = read;
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const read = readNumber();
      if (typeof read === 'object') return read;
      value = new GoNumber(read);
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      for (let i = 1; i < word.length; i++) {
        at++;
        if (text[at] !== word[i]) return fail(`in literal ${word} (expecting '${word[i]}')`);
      }
      at++;
      value = c === 't' ? true : c === 'f' ? false : null;
    } else return fail('looking for beginning of value');
    // The value ends here: it goes into its container, which may end too.
    for (;;) {
      const frame = stack[stack.length - 1];
      skip();
      if (!frame) {
        if (at < text.length) return fail('after top-level value');
        return { ok: true, value };
      }
      if ('items' in frame) {
        frame.items.push(value);
        if (text[at] === ',') {
          at++;
          break;
        }
        if (text[at] !== ']') return fail('after array element');
        at++;
        stack.pop();
        value = frame.items;
        continue;
      }
      frame.pairs.push([frame.key, value]);
      if (text[at] === ',') {
        at++;
        skip();
        const key = readKey();
        if (typeof key !== 'string') return key;
        frame.key = key;
        break;
      }
      if (text[at] !== '}') return fail('after object key:value pair');
      at++;
      stack.pop();
      value = new GoObject(frame.pairs);
    }
  }

  function readKey(): string | { ok: false; error: string } {
    if (text[at] !== '"') return fail('looking for beginning of object key string');
    const key = readString();
    if (typeof key !== 'string') return key;
    skip();
    if (text[at] !== ':') return fail('after object key');
    at++;
    return key;
  }

  function readString(): string | { ok: false; error: string } {
    at++;
    let out = '';
    let start = at;
    for (;;) {
      const ch = text[at];
      if (ch === undefined) return fail('');
      if (ch === '"') {
        out += text.slice(start, at);
        at++;
        return out;
      }
      if (ch < ' ') return fail('in string literal');
      if (ch !== '\\') {
        at++;
        continue;
      }
      out += text.slice(start, at);
      at++;
      const e = text[at];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        at++;
      } else if (e === 'u') {
        const unit = readHex();
        if (typeof unit !== 'number') return unit;
        // Go's unquote: a valid surrogate pair is one character; any other surrogate is U+FFFD.
        if (unit >= 0xd800 && unit < 0xdc00 && text[at] === '\\' && text[at + 1] === 'u') {
          const save = at;
          at++;
          const low = readHex();
          if (typeof low !== 'number') return low;
          if (low >= 0xdc00 && low < 0xe000) out += String.fromCharCode(unit, low);
          else {
            out += '\ufffd';
            at = save;
          }
        } else out += unit >= 0xd800 && unit < 0xe000 ? '\ufffd' : String.fromCharCode(unit);
      } else return fail('in string escape code');
      start = at;
    }
  }

  function readHex(): number | { ok: false; error: string } {
    at++;
    let unit = 0;
    for (let i = 0; i < 4; i++, at++) {
      const h = text[at];
      if (h === undefined || !/[0-9a-fA-F]/.test(h)) return fail('in \\u hexadecimal character escape');
      unit = unit * 16 + parseInt(h, 16);
    }
    return unit;
  }

  function readNumber(): string | { ok: false; error: string } {
    const start = at;
    if (text[at] === '-') {
      at++;
      if (!isDigit(text[at])) return fail('in numeric literal');
    }
    if (text[at] === '0') at++;
    else while (isDigit(text[at])) at++;
    if (text[at] === '.') {
      at++;
      if (!isDigit(text[at])) return fail('after decimal point in numeric literal');
      while (isDigit(text[at])) at++;
    }
    if (text[at] === 'e' || text[at] === 'E') {
      at++;
      if (text[at] === '+' || text[at] === '-') at++;
      if (!isDigit(text[at])) return fail('in exponent of numeric literal');
      while (isDigit(text[at])) at++;
    }
    return text.slice(start, at);
  }
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * A value already parsed (from YAML) as the JSON text the API server would hold for it: a number becomes
 * the literal Go's encoder writes for a float64, which is JavaScript's own for every finite number.
 */
export function fromPlain(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return new GoNumber(Number.isFinite(value) ? String(value) : 'null');
  if (typeof value === 'bigint') return new GoNumber(value.toString());
  if (Array.isArray(value)) return value.map(fromPlain);
  if (typeof value === 'object')
    return new GoObject(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromPlain(v)] as const));
  return null;
}
