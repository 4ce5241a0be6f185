// The table of characters the function writes escaped, held to a real Go reader (test/helpers/go-yaml.ts):
// code point by code point, raw in a plain, a double-quoted and a block scalar, a character outside the
// table reads alike in Go and in `yaml`, and one inside it (but the byte order mark, which both read
// alike and the function escapes to show it) does not; escaped, every one reads alike.
import assert from 'node:assert/strict';
import {
  describeCharacter,
  ESCAPED_FOR_GO,
  escapeForGo,
  escapedForGoIn,
  GO_YAML_TABLE,
  LONE_SURROGATE,
  wellFormed,
} from '../../src/base/go-yaml.js';
import { readWithGo, readWithYaml, sameRead } from '../helpers/go-yaml.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
// The C0 and C1 controls, Latin, the general punctuation (LS, PS), the ends of the BMP's ranges (the
// specials: U+FEFF, U+FFFE, U+FFFF), and characters beyond the BMP.
const CODE_POINTS = [
  ...range(0, 0x2ff),
  ...range(0x2000, 0x206f),
  ...range(0xd7f0, 0xd7ff),
  ...range(0xe000, 0xe00f),
  ...range(0xfdd0, 0xfdef),
  ...range(0xfe00, 0xffff),
  0x10000,
  0x1f600,
  0x10ffff,
];
// Each raw, inside a scalar of a nested mapping; LF and CR LF are line breaks to both, as YAML syntax.
const CONTEXTS = {
  plain: (c: string) => `a:\n  k: x${c}y\n  z: 1\n`,
  double: (c: string) => `a:\n  k: "x${c === '"' || c === '\\' ? '' : c}y"\n  z: 1\n`,
  block: (c: string) => `a:\n  k: |\n    x${c}y\n  z: 1\n`,
};
const SYNTAX = new Set(['\n']);

describe('base/go-yaml', () => {
  it("is go-yaml's table: raw, a character reads otherwise in Go exactly when the table has it", function () {
    this.timeout(60_000);
    const cases = CODE_POINTS.filter((cp) => !SYNTAX.has(String.fromCodePoint(cp))).flatMap((cp) =>
      Object.entries(CONTEXTS).map(([context, write]) => ({ cp, context, text: write(String.fromCodePoint(cp)) })),
    );
    const go = readWithGo(cases.map((c) => c.text));
    const differs = new Map<number, string[]>();
    cases.forEach((c, i) => {
      if (!sameRead(go[i]!, readWithYaml(c.text))) differs.set(c.cp, [...(differs.get(c.cp) ?? []), c.context]);
    });
    const wrong: string[] = [];
    for (const cp of CODE_POINTS) {
      const character = String.fromCodePoint(cp);
      if (SYNTAX.has(character)) continue;
      const inTable = ESCAPED_FOR_GO.test(character) && character !== '\ufeff';
      const contexts = differs.get(cp);
      if (inTable !== (contexts !== undefined))
        wrong.push(`${describeCharacter(character)}: ${inTable ? 'in the table' : `reads otherwise in ${contexts}`}`);
    }
    assert.deepEqual(wrong, [], `${cases.length} texts read`);
    // A CR alone is a break to Go; in CR LF it is one to both.
    assert.equal(escapedForGoIn('a\r\nb'), undefined);
    assert.equal(escapedForGoIn('a\rb')?.character, '\r');
  });

  it('escapes each character of the table so that both readers read it, in YAML and in JSON', () => {
    const characters = CODE_POINTS.map((cp) => String.fromCodePoint(cp)).filter((c) => ESCAPED_FOR_GO.test(c));
    const value = `x${characters.join('')}y`;
    const escaped = escapeForGo(JSON.stringify(value));
    assert.doesNotMatch(escaped, ESCAPED_FOR_GO);
    assert.equal(JSON.parse(escaped), value);
    const texts = [`k: ${escaped}\n`, `[${escaped}]\n`];
    const go = readWithGo(texts);
    texts.forEach((text, i) => {
      assert.deepEqual(go[i], readWithYaml(text), text);
      assert.ok('docs' in go[i]!);
    });
    assert.deepEqual(go[0], { docs: [{ k: value }] });
  });

  it('names a character and its class for a message', () => {
    assert.equal(describeCharacter('\u2028'), 'U+2028 (line separator)');
    assert.equal(describeCharacter('\x01'), 'U+0001 (a control character)');
    assert.equal(describeCharacter('\ufffe'), 'U+FFFE');
    assert.match(escapedForGoIn('a\x7f')!.class.consequence, /refuses the whole file/);
    assert.match(escapedForGoIn('a\u0085')!.class.consequence, /line break/);
    assert.equal(GO_YAML_TABLE.length, 3);
    assert.equal(escapedForGoIn('ab\u2028', 0, 2), undefined);
  });

  it('tells lone surrogates from pairs, and makes them U+FFFD', () => {
    assert.ok(LONE_SURROGATE.test('a\ud800'));
    assert.ok(LONE_SURROGATE.test('\udc00a'));
    assert.ok(!LONE_SURROGATE.test('\ud83d\ude00'));
    assert.equal(wellFormed('a\ud800b\ud83d\ude00\udc00'), 'a\ufffdb\ud83d\ude00\ufffd');
  });
});
