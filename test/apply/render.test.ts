// The fast renderings must be exactly what yaml writes: Renderer.list against one block of the whole
// list, Renderer.scalar against a one-key mapping, over generated results, strings and styles.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import { LITERAL_LINES, Renderer, type Style } from '../../src/apply/render.js';
import { checkProperty } from '../helpers/property.js';
import { ESCAPED_FOR_GO } from '../../src/base/go-yaml.js';

// One renderer for the file, as for one run: its caches are part of what is tested.
const renderer = new Renderer();
const renderBlock = (value: unknown, style: Style) => renderer.block(value, style);
const renderList = (key: string, items: readonly object[], style: Style) => renderer.list(key, items, style);
const renderScalar = (value: unknown) => renderer.scalar(value);
const misreadByYaml11 = (text: string) => renderer.misreadByYaml11(text);

const DEFAULT: Style = { indent: 2, seqIndent: 'compact' };
const style: fc.Arbitrary<Style> = fc.record({
  indent: fc.integer({ min: 1, max: 4 }),
  seqIndent: fc.constantFrom('compact' as const, 'wide' as const),
});
// Short strings over an alphabet that spells numbers, booleans, nulls, indicators and names.
const text = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      'a',
      'n',
      'o',
      'y',
      'e',
      's',
      'x',
      '0',
      '1',
      '.',
      '-',
      ':',
      ' ',
      '#',
      '"',
      "'",
      '~',
      '\n',
      'é',
    ),
    maxLength: 6,
  }),
  fc.constantFrom(
    'pool-1',
    'team-3',
    'on',
    'No',
    'null',
    'true',
    '1e3',
    '0x1f',
    '0b101',
    '1:20',
    'agents.kruise.io/v1alpha1',
    'standin0x',
  ),
);
const scalar = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
const result = fc.record(
  {
    message: text,
    severity: fc.constantFrom('error', 'warning', 'info'),
    resourceRef: fc.record({ apiVersion: text, kind: text, name: text, namespace: text }, { requiredKeys: ['name'] }),
    field: fc.record({ path: text }),
    file: fc.record({ path: text, index: fc.nat() }, { requiredKeys: ['path'] }),
    tags: fc.array(scalar, { maxLength: 2 }),
  },
  { requiredKeys: ['message', 'severity'] },
);

// Lines as status records and scripts have them: printable, with indicators, blanks inside and markers.
const line = fc.string({
  unit: fc.constantFrom('a', '{', '}', '"', "'", ':', ' ', '-', '#', '|', '>', '%', '.', '*', '&', '!', '[', ','),
  minLength: 1,
  maxLength: 8,
});
const multiLine = fc
  .array(line, { minLength: 1, maxLength: 4 })
  .chain((lines) => fc.constantFrom(`${lines.join('\n')}\n`, lines.join('\n'), `${lines.join('\n')}\n\n`));
const nested: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    multiLine,
    text,
    fc.dictionary(fc.constantFrom('k', 'sandbox-inject.dev/status', 'b'), tie('value'), { minKeys: 1, maxKeys: 3 }),
    fc.array(tie('value'), { minLength: 1, maxLength: 3 }),
  ),
})).value;

describe('apply/render', () => {
  it('block writes a literal string in the lines yaml writes for it (frozen values go through yaml whole)', function () {
    checkProperty(
      this,
      [fc.dictionary(fc.constantFrom('annotations', 'k'), nested, { minKeys: 1 }), style],
      (value, s) => {
        const fast = renderBlock(value, s);
        const whole = renderBlock(Object.freeze(structuredClone(value)), s);
        assert.deepEqual(fast, whole);
        const literal = (v: unknown): boolean =>
          typeof v === 'string'
            ? LITERAL_LINES.test(v)
            : typeof v === 'object' && v !== null && Object.values(v).some(literal);
        return literal(value);
      },
      { runs: 2000, floor: 500 },
    );
  });

  it('list writes what block writes for the whole list', function () {
    checkProperty(
      this,
      [fc.array(result, { minLength: 1, maxLength: 4 }), style],
      (results, s) => {
        assert.equal(renderList('results', results, s), renderBlock({ results }, s).join('\n'));
        return true;
      },
      { runs: 2000, floor: 2000 },
    );
  });

  it('scalar writes what block writes for a mapping value', function () {
    checkProperty(
      this,
      [scalar.filter((v) => typeof v !== 'string' || !v.includes('\n'))],
      (value) => {
        assert.equal(`k: ${renderScalar(value)}`, renderBlock({ k: value }, { indent: 2, seqIndent: 'compact' })[0]);
        return true;
      },
      { runs: 3000, floor: 3000 },
    );
  });

  it('misreadByYaml11 says what a YAML 1.1 parse says, with or without parsing', function () {
    const unit = fc.constantFrom(
      'a',
      'n',
      'o',
      'y',
      'e',
      'E',
      's',
      'x',
      'O',
      'N',
      'f',
      'l',
      'u',
      'T',
      '0',
      '1',
      '7',
      '9',
      '_',
      '.',
      '-',
      '+',
      ':',
      ' ',
      '#',
      '~',
      'b',
      '\t',
      'é',
    );
    const json = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v));
    const strings = fc.oneof(
      fc.string({ unit, maxLength: 8 }),
      json,
      fc.constantFrom(
        '2001-12-14',
        '1:20',
        '0o17',
        '0b101',
        '.inf',
        'Yes',
        'OFF',
        '<<',
        '1_000',
        '0x_1F',
        '190:20:30.15',
        '...',
        '---',
        '... x',
      ),
    );
    checkProperty(
      this,
      [strings],
      (text) => {
        let expected: boolean;
        try {
          expected = typeof parse(text, { version: '1.1' }) !== 'string';
        } catch {
          expected = false;
        }
        assert.equal(misreadByYaml11(text), text === '' ? false : expected, JSON.stringify(text));
        // Evidence: a text YAML 1.1 misreads (most generated ones are read as the strings they are).
        return text !== '' && expected;
      },
      { runs: 5000, floor: 2900 },
    );
  });

  it('writes a string that holds a character Go reads otherwise double-quoted and escaped, block or flow', function () {
    const goText = fc.string({
      unit: fc.constantFrom('a', ' ', ':', '#', '"', "'", '\n', '\r', '\t', '\u0085', '\u2028', '\u2029', '\x7f'),
      minLength: 1,
      maxLength: 8,
    });
    const goValue = fc
      .oneof(
        goText,
        fc.dictionary(goText, goText, { minKeys: 1, maxKeys: 2 }),
        fc.array(goText, { minLength: 1, maxLength: 2 }),
      )
      .map((v): unknown => JSON.parse(JSON.stringify(v)));
    checkProperty(
      this,
      [goValue, style],
      (value, s) => {
        // The caller ends the lines with a line break, which a kept (`|+`) block scalar counts.
        const block = renderBlock({ k: value }, s).join('\n') + '\n';
        const flow = renderer.flow({ k: value });
        const json = renderer.flow({ k: value }, { ...s, json: true });
        for (const text of [block, flow, json]) {
          assert.doesNotMatch(text, ESCAPED_FOR_GO, text);
          assert.deepEqual(parse(text), { k: value }, text);
        }
        // Evidence: a value with a character to escape (the others must read back as well).
        return /\\r|\u0085|\u2028|\u2029|\x7f/.test(JSON.stringify(value));
      },
      { runs: 2000, floor: 1400 },
    );
    assert.equal(renderScalar('a\u2028b'), '"a\\u2028b"');
    assert.equal(renderBlock({ k: 'line\nx\u0085' }, DEFAULT)[0], 'k: "line\\nx\\u0085"');
  });

  it('refuses a change with a lone surrogate or a key Go cannot read, naming the field', () => {
    const values = [{ name: 'c', env: [{ value: 'a\ud800' }] }, { env: ['\udfff'] }];
    const append = { op: 'append' as const, path: ['spec', 'containers'], values };
    assert.match(
      renderer.unwritable(append) ?? '',
      /^spec\.containers, in the item "c" the function adds, at env\[0\]\.value: "a\\ud800" holds a lone surrogate \(U\+D800\)/,
    );
    const second = { ...append, values: [{ name: 'c' }, { env: ['\udfff'] }] };
    assert.match(
      renderer.unwritable(second) ?? '',
      /^spec\.containers, in item 2 of those the function adds, at env\[0\]:/,
    );
    assert.match(
      renderer.unwritable({ op: 'set', path: ['a'], value: { 'k\udc00': 'x' } }) ?? '',
      /^a\.k\udc00: "k\\udc00"/,
    );
    assert.equal(renderer.unwritable({ op: 'set', path: ['a'], value: '\ud83d\ude00' }), undefined);
    // A key longer than Go reads in flow style, however it is written: in the path, or in a value.
    const long = 'k'.repeat(1030);
    assert.match(
      renderer.unwritable({ op: 'set', path: ['labels', long], value: 'v' }) ?? '',
      /is 1030 characters long: Go's YAML reader reads at most 1024 /,
    );
    assert.match(
      renderer.unwritable({ op: 'set', path: ['labels'], value: { [long]: 'v' } }) ?? '',
      /^labels\.k+: the key/,
    );
    const quotes = "'".repeat(512);
    assert.match(renderer.unwritable({ op: 'set', path: ['a'], value: { [quotes]: 'v' } }) ?? '', /512 characters/);
    assert.equal(renderer.unwritable({ op: 'set', path: ['a'], value: { [quotes.slice(1)]: 'v' } }), undefined);
    assert.throws(() => renderBlock({ k: '\ud800' }, DEFAULT), /internal error: a lone surrogate/);
  });

  it('keeps by identity only what cannot change: frozen values found clean, long strings named by id', () => {
    const run = new Renderer();
    // A frozen value found clean is not walked again; an unfrozen one, changed since, is.
    const frozen = Object.freeze({ name: 'sidecar', env: Object.freeze([Object.freeze({ name: 'A', value: 'b' })]) });
    const open = { name: 'main', env: [{ name: 'A', value: 'b' }] };
    const append = (values: unknown[]) => ({ op: 'append' as const, path: ['spec', 'containers'], values });
    assert.equal(run.unwritable(append([frozen, open])), undefined);
    open.env[0]!.value = 'b\ud800';
    assert.match(
      run.unwritable(append([frozen, open])) ?? '',
      /in the item "main" the function adds, at env\[0\]\.value/,
    );
    // Freezing is shallow: a frozen value that holds one not frozen is walked again.
    const inner = { name: 'A', value: 'b' };
    const shallow = Object.freeze({ name: 'shallow', env: Object.freeze([inner]) });
    assert.equal(run.unwritable(append([shallow])), undefined);
    inner.value = 'b\ud800';
    assert.match(
      run.unwritable(append([shallow])) ?? '',
      /in the item "shallow" the function adds, at env\[0\]\.value/,
    );
    // A frozen value with a problem is refused every time it comes.
    const broken = Object.freeze({ name: 'bad', env: Object.freeze(['\udfff']) });
    assert.match(run.unwritable(append([broken])) ?? '', /in the item "bad"/);
    assert.match(run.unwritable(append([frozen, broken])) ?? '', /in the item "bad"/);
    // Long strings (status records) that differ in one character are two renderings, each yaml's own.
    const long = (c: string) => `{"version":3,"base":"/spec/template/spec","main":"${c}"}\n`.repeat(3);
    for (const value of [long('a'), long('b'), long('a'), `${long('a')}x`, long('a').slice(0, -1)]) {
      const lines = run.block({ annotations: { record: value } }, DEFAULT);
      assert.deepEqual(parse(lines.join('\n')), { annotations: { record: value } });
    }
  });

  it('decides strings that a YAML document would read as directives, tags or collection keys without a warning', () => {
    const warnings: unknown[] = [];
    const emit = process.emitWarning;
    process.emitWarning = (warning: string | Error) => void warnings.push(warning);
    try {
      for (const text of ['%x', '%YAML 1.1', '!y', '!!binary x', '%TAG ! x:', '[a]: b', '{}: c'])
        assert.equal(parse(renderBlock({ k: text }, DEFAULT)[0]!).k, text);
    } finally {
      process.emitWarning = emit;
    }
    assert.deepEqual(warnings, []);
  });
});
