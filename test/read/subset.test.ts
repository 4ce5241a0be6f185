// The subset reader must agree with `yaml` wherever it answers: the same data (key order included), and
// the same nodes with the same ranges where the applier reads them. Generated documents mix the subset
// with what is outside it (multi-line scalars, anchors, numbers, tabs, odd keys) and random damage.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';
import { parseSubset } from '../../src/read/subset.js';
import { checkProperty } from '../helpers/property.js';

const WORDS = [
  'a',
  'x y',
  'true',
  'True',
  'FALSE',
  'yes',
  'null',
  'Null',
  '~',
  '1',
  '0',
  '01',
  '1.5',
  '-1',
  '+1',
  '.5',
  '1e3',
  '0x1F',
  '0o7',
  '.inf',
  '-.Inf',
  '.NaN',
  '-c',
  '--v=1',
  'a:b',
  'a: b',
  'a:',
  'a #b',
  'a#b',
  '#x',
  '[a]',
  '{a: 1}',
  '- a',
  '-',
  '?x',
  ':x',
  '&a',
  '*a',
  '!t',
  '|',
  '>',
  '%x',
  '@x',
  '`x',
  'é',
  '日本',
  '😀',
  'http://x/y',
  'a,b',
  'a]',
  '}',
  "it's",
  'say "hi"',
  'back\\slash',
  '',
  ' ',
  'x ',
  '__proto__',
  '<<',
  '123456789012345678',
  'nginx:1.25',
  'a\tb',
  'v1.2',
  '1Gi',
  '500m',
  '10.0.0.1',
  '1_000',
  '0b1',
  '1:30',
  '+.5',
  '1.',
  '0o8',
  '0xG',
  '1e',
  '.e1',
  '-',
  '+',
  '.',
];
const KEYS = [
  'a',
  'b',
  'name',
  'app.kubernetes.io/name',
  'x-y',
  '_k',
  '1',
  'true',
  'null',
  '__proto__',
  '"q"',
  "'s'",
  '"a"',
  'a b',
  '<<',
  'k:',
  '-k',
  '? k',
];

// What the subset is for: every document made of these alone must be read by it.
const SAFE_WORDS = [
  'a',
  'x y',
  'true',
  'False',
  'null',
  '~',
  '1',
  '0',
  '-c',
  '--v=1',
  'a:b',
  'a#b',
  'é',
  'http://x/y',
  'a,b',
  '1Gi',
  'nginx:1.25',
  'say "hi"',
];
const SAFE_KEYS = ['a', 'b', 'name', 'app.kubernetes.io/name', 'x-y', '_k', '"q"', "'s'"];

type Tree =
  | { kind: 'scalar'; text: string }
  | { kind: 'flow'; text: string }
  | { kind: 'empty' }
  | { kind: 'map'; entries: [string, Tree, string][]; step: number }
  | { kind: 'seq'; items: [Tree, string][]; step: number; wide: boolean };

/**
 * Block-style documents of the subset's words and keys, with comments and blank lines. With `oddOneIn`,
 * one choice in that many (a word, a key, keys that may repeat, a comment, a flow collection) is from
 * outside the subset too: WORDS and KEYS, duplicate keys, a comment with no space before it, odd flow
 * collections. Documents mostly of the subset, with a little outside it, are those where the subset
 * reader must tell what it can read.
 */
function documents(oddOneIn?: number): fc.Arbitrary<string> {
  const either = <T>(subset: fc.Arbitrary<T>, outside: fc.Arbitrary<T>): fc.Arbitrary<T> =>
    oddOneIn === undefined
      ? subset
      : fc.oneof({ weight: oddOneIn - 1, arbitrary: subset }, { weight: 1, arbitrary: outside });
  const scalarOf = (subset: string[]) => {
    const word = (pick: (w: string) => boolean) =>
      either(fc.constantFrom(...subset.filter(pick)), fc.constantFrom(...WORDS));
    return fc.oneof(
      word(() => true),
      word((w) => !w.includes('"')).map((w) => `"${w}"`),
      word(() => true).map((w) => `'${w.replaceAll("'", "''")}'`),
    );
  };
  const scalar = scalarOf(SAFE_WORDS);
  // A plain scalar in a flow collection ends at a comma, and the subset leaves colons there to yaml.
  const flowScalar = scalarOf(SAFE_WORDS.filter((w) => !/[:,]/.test(w)));
  const keyName = either(fc.constantFrom(...SAFE_KEYS), fc.constantFrom(...KEYS));
  const keys = <T>(value: fc.Arbitrary<T>, minLength: number) =>
    either(
      fc.uniqueArray(fc.tuple(keyName, value), {
        minLength,
        maxLength: 4,
        selector: ([k]) => k.replace(/["']/g, ''),
      }),
      fc.array(fc.tuple(keyName, value), { minLength, maxLength: 4 }),
    );
  const comment = either(fc.constantFrom('', '', '', ' # note', '  #x'), fc.constant('#tight'));
  const { tree } = fc.letrec<{ tree: Tree; flow: string }>((tie) => ({
    flow: fc.oneof(
      { depthSize: 'small' },
      flowScalar,
      fc.array(tie('flow'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
      keys(tie('flow'), 0).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
      either(fc.constantFrom('[ ]', '{}'), fc.constantFrom('[a,b]', '{a:1}', '[a, ]', '{a: }')),
    ),
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar.map((text): Tree => ({ kind: 'scalar', text })),
      tie('flow').map((text): Tree => ({ kind: 'flow', text: text as unknown as string })),
      fc.constant<Tree>({ kind: 'empty' }),
      fc
        .record({ entries: keys(fc.tuple(tie('tree'), comment), 1), step: fc.integer({ min: 1, max: 4 }) })
        .map((m): Tree => ({
          kind: 'map',
          entries: (m.entries as [string, [Tree, string]][]).map(([k, [v, c]]) => [k, v, c]),
          step: m.step,
        })),
      fc
        .record({
          items: fc.array(fc.tuple(tie('tree'), comment), { minLength: 1, maxLength: 4 }),
          step: fc.integer({ min: 1, max: 4 }),
          wide: fc.boolean(),
        })
        .map((s): Tree => ({ kind: 'seq', ...(s as { items: [Tree, string][]; step: number; wide: boolean }) })),
    ),
  })) as unknown as { tree: fc.Arbitrary<Tree> };
  return fc
    .tuple(
      keys(fc.tuple(tree, comment), 1),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 0, max: 2 }),
      fc.constantFrom('', '', '', '\n', '# above\n', '   # deep\n'),
    )
    .map(
      ([entries, step, column, gap]) =>
        ' '.repeat(column) +
        render({ kind: 'map', entries: entries.map(([k, [v, c]]) => [k, v, c]), step }, column, true, gap),
    );
}

/** Block text of a tree at a column; `inline` when its first line continues a `- `. */
function render(t: Tree, column: number, inline: boolean, gap: string): string {
  const pad = (first: boolean) => (inline && first ? '' : ' '.repeat(column));
  if (t.kind === 'map') {
    return t.entries
      .map(([key, value, note], i) => {
        const head = `${i > 0 ? gap : ''}${pad(i === 0)}${key}:`;
        if (value.kind === 'scalar' || value.kind === 'flow') return `${head} ${value.text}${note}\n`;
        if (value.kind === 'empty') return `${head}${note}\n`;
        const inner = value.kind === 'seq' && !value.wide ? column : column + t.step;
        return `${head}${note}\n${render(value, inner, false, gap)}`;
      })
      .join('');
  }
  if (t.kind === 'seq') {
    return t.items
      .map(([value, note], i) => {
        const head = `${i > 0 ? gap : ''}${pad(i === 0)}-`;
        if (value.kind === 'scalar' || value.kind === 'flow') return `${head} ${value.text}${note}\n`;
        if (value.kind === 'empty') return `${head}${note}\n`;
        if (value.kind === 'map') return `${head} ${render(value, column + 2, true, gap)}`;
        return `${head}${note}\n${render(value, column + t.step, false, gap)}`;
      })
      .join('');
  }
  return t.kind === 'empty' ? '\n' : `${t.text}\n`;
}

const anyDocument = documents(12);
const subsetDocument = documents();

/** What the applier reads of a tree: kinds, flow, scalar values and types, and ranges. */
function shape(root: Node): string[] {
  const out: string[] = [];
  visit(root, {
    Pair(_k, pair) {
      if (isPair(pair) && isScalar(pair.key))
        out.push(`key ${JSON.stringify(pair.key.value)} ${pair.key.range?.join(',')}`);
    },
    Node(_k, n) {
      if (isScalar(n)) out.push(`scalar ${JSON.stringify(n.value)} ${n.type} ${n.range?.[0]},${n.range?.[1]}`);
      // A block collection's end is never read (contentEnd goes to its last value), only its start.
      else if (isMap(n) || isSeq(n))
        out.push(
          `${isMap(n) ? 'map' : 'seq'} ${n.flow ? `flow ${n.range?.[0]},${n.range?.[1]}` : n.range?.[0]} ${n.items.length}`,
        );
      else out.push('other');
    },
  });
  return out;
}

function agrees(text: string): boolean {
  const subset = parseSubset(text);
  if (!subset) return false;
  const doc = parseDocument(text);
  assert.deepEqual(doc.errors, [], `the subset read text that yaml refuses: ${JSON.stringify(text)}`);
  assert.deepEqual(doc.warnings, [], `the subset read text that yaml warns about: ${JSON.stringify(text)}`);
  assert.equal(JSON.stringify(subset.value), JSON.stringify(doc.toJS()), `data differs for ${JSON.stringify(text)}`);
  assert.deepEqual(shape(subset.root), shape(doc.contents as Node), `nodes differ for ${JSON.stringify(text)}`);
  return true;
}

describe('read/subset', () => {
  it('agrees with yaml on every generated document it reads', function () {
    checkProperty(this, [anyDocument], agrees, { runs: 3000, floor: 900 });
  });

  it('reads every document made of the subset alone', function () {
    checkProperty(
      this,
      [subsetDocument],
      (text) => {
        assert.ok(agrees(text), `not read: ${JSON.stringify(text)}`);
        return true;
      },
      { runs: 2000, floor: 2000 },
    );
  });

  it('agrees with yaml on damaged documents', function () {
    const damage = fc.tuple(
      subsetDocument,
      fc.nat(),
      fc.constantFrom(':', '#', ' ', '-', '\t', '"', "'", '{', ']', '\n', '\n  ', '&', '|', ',', '\r'),
    );
    checkProperty(
      this,
      [damage],
      ([text, at, insert]) => {
        const i = at % (text.length + 1);
        return agrees(text.slice(0, i) + insert + text.slice(i));
      },
      { runs: 3000, floor: 620 },
    );
  });

  it('reads the manifests it is for', () => {
    const manifest = `  apiVersion: agents.kruise.io/v1alpha1
  kind: SandboxSet
  metadata:
    name: pool # the pool
    annotations:
      sandbox-inject.dev/status: '{"version":1,"runtimes":[]}'
  spec:
    replicas: 2
    runtimes:
    - name: csi

    template:
      spec:
        containers:
          - name: main
            image: "registry.example.com/app:v1"
            args: [--port, "8080"]
            resources: {limits: {cpu: "1", memory: 1Gi}}
            env:
            - name: EMPTY
              value:
`;
    assert.ok(agrees(manifest));
  });

  it('leaves to yaml what is outside the subset', () => {
    for (const text of [
      'a: |\n  x\n',
      'a: &x 1\nb: *x\n',
      'a: b\n  c\n',
      'a: 1.5\n',
      'a:\n- - x\n',
      'a: "x\\ty"\n',
      'a:\tb\n',
      '? a\n: b\n',
      'a: [x,\n  y]\n',
      '--- \na: 1\n',
      `a: ${'['.repeat(65)}${']'.repeat(65)}\n`,
    ]) {
      assert.equal(parseSubset(text), undefined, JSON.stringify(text));
    }
  });
});
