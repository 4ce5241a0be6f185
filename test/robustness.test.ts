// Bad input never costs a resource, a crash or unbounded work: generated streams, broken at random,
// must give exit 0 or 1 with output that parses, every item once and in order, and the untouched
// ones byte for byte; prototype keys stay data; alias bombs stay cheap; the CLI prints no stack trace.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { runAsProcess as run } from './helpers/process.js';
import { checkProperty } from './helpers/property.js';
import { floorPerKind, format, item, TEST_KINDS, writeItem } from './helpers/arbitraries.js';
import { requireBundle, ROOT } from './helpers/bundle.js';

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata: {name: function-input}
data:
  regionId: cn-hangzhou
  logger: '{"containers":[{"name":"logger","image":"logger:v1"}]}'
  traffic-proxy: '{"containers":[{"name":"istio-proxy","image":"proxy:v1"}]}'
`;

/** A break in the text: a character dropped, a line doubled, a tab or a stray quote put in. */
const breakage = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('drop', 'double-line', 'tab', 'quote', 'colon', 'truncate'),
});

function breakText(text: string, b: { at: number; kind: string }): string {
  const at = text.length ? b.at % text.length : 0;
  switch (b.kind) {
    case 'drop':
      return text.slice(0, at) + text.slice(at + 1);
    case 'double-line': {
      const start = text.lastIndexOf('\n', at) + 1;
      const end = text.indexOf('\n', at) + 1 || text.length;
      return text.slice(0, end) + text.slice(start, end) + text.slice(end);
    }
    case 'tab':
      return text.slice(0, at) + '\t' + text.slice(at);
    case 'quote':
      return text.slice(0, at) + '"' + text.slice(at);
    case 'colon':
      return text.slice(0, at) + ': ' + text.slice(at);
    default:
      return text.slice(0, at);
  }
}

/** Items under a ResourceList's items:, each written in its own style. */
const resourceList = (texts: string[]) =>
  `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${texts.map((t) => '- ' + t.trimEnd().split('\n').join('\n  ') + '\n').join('')}`;

interface ItemText {
  text: string;
  kind: unknown;
}

/** Each item's text and kind, or undefined when the input is not readable YAML (duplicate keys aside). */
function itemsOf(text: string): ItemText[] | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.some((e) => e.code !== 'DUPLICATE_KEY'))) return undefined;
  const of = (node: unknown): ItemText => {
    const n = node as { range?: number[]; get?: (k: string, keep: boolean) => { value?: unknown } | undefined } | null;
    return { text: n?.range ? text.slice(n.range[0], n.range[1]) : '', kind: n?.get?.('kind', true)?.value };
  };
  const only = docs.length === 1 ? (docs[0]!.contents as { get?: (k: string, keep: boolean) => unknown } | null) : null;
  const kind = only?.get?.('kind', true) as { value?: unknown } | undefined;
  const apiVersion = only?.get?.('apiVersion', true) as { value?: unknown } | undefined;
  if (kind?.value === 'ResourceList' && String(apiVersion?.value).startsWith('config.kubernetes.io/')) {
    const items = only!.get!('items', true) as { items?: unknown[] } | undefined;
    if (!items?.items) return undefined;
    return items.items.map(of);
  }
  // Any other document whose kind ends in List, with items, stands for its items (docs/io.md).
  return docs.flatMap((d) => {
    const contents = d.contents as { get?: (k: string, keep: boolean) => unknown } | null;
    const items = contents?.get?.('items', true) as { items?: unknown[] } | undefined;
    const listKind = String((contents?.get?.('kind', true) as { value?: unknown } | undefined)?.value);
    if (listKind.endsWith('List') && Array.isArray(items?.items)) return items.items.map(of);
    return [{ ...of(d.contents), text: text.slice(d.range[0], d.range[1]) }];
  });
}

describe('robustness', () => {
  it('broken streams and ResourceLists: exit 0 or 1, output that parses, items kept in order, untouched ones byte for byte', function () {
    checkProperty(
      this,
      [
        fc.array(fc.tuple(item, format), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.array(breakage, { maxLength: 2 }),
      ],
      (items, asResourceList, breaks) => {
        const texts = items.map(([value, f]) => writeItem(value, f));
        const whole = asResourceList ? resourceList(texts) : texts.join('---\n');
        const input = breaks.reduce(breakText, whole);
        const output = run(input, { configText: CONFIG, kinds: TEST_KINDS });
        assert.ok(output.exitCode === 0 || output.exitCode === 1);
        // Input that cannot be read (even just its envelope) gives nothing on stdout and a reason.
        if (output.stdout === '') {
          assert.equal(output.exitCode, 1);
          assert.notEqual(output.stderr, '');
          return false;
        }
        const before = itemsOf(input);
        if (!before) {
          // A ResourceList whose other items are broken: they pass through unread. With nothing
          // injected (mode check), the output is the input, with the results after it.
          const checked = run(input, { configText: CONFIG, mode: 'check', kinds: TEST_KINDS });
          if (checked.stdout !== '') assert.ok(checked.stdout.startsWith(input.replace(/\s*$/, '')));
          return false;
        }
        const after = itemsOf(output.stdout);
        assert.ok(after, 'the output parses');
        assert.equal(after.length, before.length);
        // (Results appended to a ResourceList that ends without a newline start with one, so white
        // space at the very end may differ.)
        before.forEach((was, i) => {
          if (!String(was.kind).startsWith('Sandbox'))
            assert.equal(after[i]!.text.replace(/\s+$/, ''), was.text.replace(/\s+$/, ''));
        });
        // Evidence: a readable input, by the kinds of its items.
        return before.flatMap((was) => TEST_KINDS.filter((k) => k.kind === was.kind).map((k) => k.kind));
      },
      { runs: 300, floor: 120, floors: floorPerKind(45, 15) },
    );
  });

  it('__proto__ and constructor keys pollute no prototype', () => {
    const input = readFileSync(join(ROOT, 'test/golden/bad-input-proto-keys/input.yaml'), 'utf8');
    const output = run(input);
    assert.equal(output.exitCode, 0);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
    assert.match(output.stdout, /labels: \{__proto__: "x", constructor: x\}/);
  });

  it('alias bombs cost little, in a Sandbox or passed through', () => {
    const levels = (indent: string) =>
      [
        `${indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`,
        ...Array.from(
          { length: 14 },
          (_, i) => `${indent}l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`,
        ),
      ].join('\n');
    const input = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: laughs}\ndata:\n${levels('  ')}\n---\napiVersion: agents.kruise.io/v1alpha1\nkind: Sandbox\nmetadata: {name: box}\nspec:\n  runtimes: [{name: logger}]\n  template: {spec: {containers: [{name: main}]}}\n  extra:\n${levels('    ')}\n`;
    const started = process.hrtime.bigint();
    const output = run(input, { configText: CONFIG });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    assert.ok(seconds < 2, `${seconds} s`);
    assert.equal(output.exitCode, 1);
    assert.equal(output.stdout, input);
    assert.match(output.stderr, /aliases expand it to more than a PiB of data, over the 16 MiB allowed/);
  });

  it('the CLI prints a sentence, never a stack trace, for every bad input', () => {
    for (const name of readdirSync(join(ROOT, 'test/golden')).filter((n) => n.startsWith('bad-input-'))) {
      const r = spawnSync(requireBundle(), [], {
        input: readFileSync(join(ROOT, 'test/golden', name, 'input.yaml')),
        encoding: 'utf8',
      });
      assert.ok(r.status === 0 || r.status === 1, `${name}: exit ${r.status}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /, name);
    }
  });
});
