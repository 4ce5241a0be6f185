// The law of issue 17 item 2, over generated input: nothing outside a Sandbox changes. In one List or
// ResourceList document, a Sandbox's nodes carry anchors, and the other items alias them; after the
// run every other item reads the same data, aliases expanded, and is the same text, byte for byte,
// while the Sandbox is expanded or an error names it (read/anchors.ts). SEED=<n> replays a run;
// RUNS=<n> sets its size.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument, type YAMLSeq } from 'yaml';
import { aliasesFromOutside, changedAnchors } from '../../src/read/anchors.js';
import { readInput } from '../../src/read/input.js';
import { run } from '../../src/pipeline.js';
import { checkProperty } from '../helpers/property.js';

const CONFIG = `apiVersion: fn.sandbox-inject.dev/v1alpha1
kind: SandboxRuntimeInjection
metadata: {name: config}
spec:
  injectionConfig:
    logger: {containers: [{name: logger, image: "logger:v1"}]}
`;

/** The Sandbox, with a slot before each node an anchor may be put on (`{0}` … `{9}`). */
const SANDBOX = `- apiVersion: agents.kruise.io/v1alpha1
  kind: Sandbox
  metadata: {0}
    name: sbx
    labels: {1}
      app: web
  spec:
    runtimes: {2}
    - name: logger
    template: {3}
      metadata:
        labels: {4}
          tier: front
      spec: {5}
        containers: {6}
        - {7}name: main
          image: {8}main:v1
          env: {9}
          - name: MODE
            value: "on"
`;
const SLOTS = 10;

/** Which slots have anchors, and which anchors each other item aliases, in what shape of document. */
interface Generated {
  anchored: number[];
  aliasing: number[][];
  resourceList: boolean;
}
const arbitrary: fc.Arbitrary<Generated> = fc.record({
  anchored: fc.uniqueArray(fc.integer({ min: 0, max: SLOTS - 1 }), { minLength: 1, maxLength: 4 }),
  aliasing: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  resourceList: fc.boolean(),
});

function render({ anchored, aliasing, resourceList }: Generated): string {
  const sandbox = SANDBOX.replace(/\{(\d)\}/g, (_, slot: string) =>
    anchored.includes(Number(slot)) ? `&a${slot}${Number(slot) >= 7 && Number(slot) <= 8 ? ' ' : ''}` : '',
  );
  const others = aliasing.map((picks, i) => {
    const data = picks.map((pick, k) => `    k${k}: *a${anchored[pick % anchored.length]}\n`).join('');
    return `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: other-${i}\n  data:\n${data}`;
  });
  const items = [sandbox, ...others].join('');
  return resourceList
    ? `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}functionConfig:\n` +
        CONFIG.replace(/^/gm, '  ').trimEnd() +
        '\n'
    : `apiVersion: v1\nkind: List\nitems:\n${items}`;
}

/** Each item of the document: its data, aliases expanded in the whole document, and its text. */
function itemsOf(text: string): { data: unknown; text: string }[] {
  const doc = parseDocument(text, { merge: true });
  const seq = doc.get('items', true) as YAMLSeq;
  const data = (doc.toJS() as { items: unknown[] }).items;
  return seq.items.map((node, i) => ({
    data: data[i],
    text: text.slice((node as { range: number[] }).range[0], (node as { range: number[] }).range[1]),
  }));
}

describe('read/anchors', () => {
  it('finds the aliases in other items of an anchor, and which anchors a rewrite changes', () => {
    const text = render({ anchored: [5, 8], aliasing: [[0], [1]], resourceList: false });
    const input = readInput(text);
    assert.ok(input.ok);
    const [sandbox] = input.value.items;
    assert.deepEqual(
      aliasesFromOutside(input.value)
        .get(sandbox!)
        ?.map((a) => [a.name, a.item.where]),
      [
        ['a5', 'items[1]'],
        ['a8', 'items[2]'],
      ],
    );
    const before = 'a: &x [1]\nb: &y 2\n';
    assert.deepEqual(changedAnchors(before, 'a: &x [1, 3]\nb: &y 2\n', ['x', 'y']), ['x']);
    assert.deepEqual(changedAnchors(before, 'a: [1]\nb: &y 2\n', ['x', 'y']), ['x']);
    assert.deepEqual(changedAnchors(before, before, ['x', 'y']), []);
  });

  it('nothing outside a Sandbox changes, aliases included; the Sandbox is expanded or named by an error', function () {
    checkProperty(
      this,
      [arbitrary],
      (generated) => {
        const input = render(generated);
        const outcome = run(input, generated.resourceList ? {} : { configText: CONFIG });
        assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
        const [before, after] = [itemsOf(input), itemsOf(outcome.output)];
        assert.equal(after.length, before.length);
        for (let i = 1; i < before.length; i++) {
          assert.deepEqual(after[i]!.data, before[i]!.data, `items[${i}] reads the same\n${input}`);
          assert.equal(after[i]!.text, before[i]!.text, `items[${i}] is the same text`);
        }
        const errors = outcome.results.filter((r) => r.severity === 'error').map((r) => r.message);
        const status = (after[0]!.data as { metadata: { annotations?: Record<string, unknown> } }).metadata
          .annotations?.['sandbox-inject.dev/status'];
        if (!status) {
          assert.equal(after[0]!.text, before[0]!.text);
          // Named with the alias's place; or, where the injection would remove an anchor's text, refused
          // by the applier whether or not an alias uses it (apply/aliases.ts).
          assert.ok(errors.length > 0, input);
          for (const error of errors)
            assert.match(
              error,
              /^items\[0\]: the injection would change what its anchor &a\d \(line \d+\) holds, which the alias \*a\d in items\[\d\] \(line \d+\) reads|^cannot rewrite this resource: .* defines the anchor &a\d/,
            );
        }
        return [status ? 'expanded' : 'refused'];
      },
      { runs: 150, floor: 150, floors: { expanded: 30, refused: 30 } },
    );
  });
});
