// Invariants over generated Sandboxes, SandboxSets and other items in random YAML styles: the output
// parses, nothing is lost or reordered, unchanged items are byte-identical, the text edits mean exactly
// what the plan says, and a second run changes nothing.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { decodeFunctionConfig } from '../src/config/functionConfig.js';
import { Resolver } from '../src/config/sources.js';
import { planResource } from '../src/plan/planner.js';
import { STATUS_ANNOTATION } from '../src/provenance/status.js';
import { runAsProcess as run } from './helpers/process.js';
import { checkProperty, type Evidence, type PropertyOptions } from './helpers/property.js';
import { subjectOf } from '../src/read/metadata.js';
import { CONFIG, floorPerKind, format, item, kindExercised, TEST_KINDS, writeItem } from './helpers/arbitraries.js';
import { applyToValue } from './helpers/oracle.js';

/** A plain stream of generated items (one at least), each in its own style. */
const stream = fc
  .array(fc.tuple(item, format), { minLength: 1, maxLength: 6 })
  .map((items) => items.map(([value, f]) => writeItem(value, f)).join('---\n'));
const forStreams = (test: Mocha.Context, options: PropertyOptions, check: (input: string) => Evidence) =>
  checkProperty(test, [stream], check, options);
const docsOf = (text: string) => {
  const docs = parseAllDocuments(text);
  assert.ok(Array.isArray(docs));
  for (const doc of docs) assert.deepEqual(doc.errors, []);
  return docs;
};

/** The kinds that the stream's items exercised a law for in a run from input to output (kindExercised). */
function kindsExercised(input: string, output: string): string[] {
  const [before, after] = [docsOf(input), docsOf(output)];
  assert.equal(after.length, before.length);
  return before.flatMap((doc, i) => {
    const changed = input.slice(...doc.range.slice(0, 2)) !== output.slice(...after[i]!.range.slice(0, 2));
    return kindExercised(doc.toJS(), changed);
  });
}

/** The output without the status annotation (and the annotations key, if the input had none). */
function withoutStatus(output: { metadata?: { annotations?: Record<string, unknown> } }, input: unknown): unknown {
  const annotations = output.metadata?.annotations;
  if (annotations) {
    delete annotations[STATUS_ANNOTATION];
    if (Object.keys(annotations).length === 0 && !(input as typeof output).metadata?.annotations)
      delete output.metadata!.annotations;
  }
  return output;
}

const withMode = (mode: string) => CONFIG.replace('spec:\n', `spec:\n  mode: ${mode}\n`);
const UNINJECT = withMode('uninject');
const CHECK = withMode('check');
/** A run of the function with a config, knowing every generated kind. */
const runWith = (input: string, configText: string) => run(input, { configText, kinds: TEST_KINDS });

describe('properties', () => {
  const decoded = decodeFunctionConfig(parseAllDocuments(CONFIG)[0]!.toJS());
  assert.ok(decoded.ok);
  const created = Resolver.create(decoded.value, []);
  assert.ok(created.ok);
  const view = created.value.forPlanning();

  it('output parses, keeps every item in order, and unchanged items byte for byte', function () {
    forStreams(this, { runs: 150, floor: 85, floors: floorPerKind(28, 12) }, (input) => {
      const output = runWith(input, CONFIG);
      assert.ok(output.exitCode === 0 || output.exitCode === 1);
      const before = docsOf(input);
      const after = docsOf(output.stdout);
      assert.equal(after.length, before.length);
      before.forEach((doc, i) => {
        const was = doc.toJS();
        const now = after[i]!.toJS();
        assert.equal(now.metadata.name, was.metadata.name);
        if (JSON.stringify(now) === JSON.stringify(was)) {
          assert.equal(output.stdout.slice(...after[i]!.range.slice(0, 2)), input.slice(...doc.range.slice(0, 2)));
        }
      });
      // Evidence: an item with edits, beside which the items left alone must stay byte for byte.
      return kindsExercised(input, output.stdout);
    });
  });

  it('the text edits mean exactly what the plan says', function () {
    checkProperty(
      this,
      [item, format],
      (value, f) => {
        const text = writeItem(value, f);
        // The value as its YAML text means it: objects shared in the generated value (written as an
        // anchor and aliases) are separate values, each edited on its own.
        const meant = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
        const plan = planResource(structuredClone(meant), view, subjectOf(value), TEST_KINDS);
        const output = runWith(text, CONFIG);
        const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
        // Text that would take an anchor with it, or edit what an alias shares (yaml writes shared
        // objects as anchors and aliases), is refused, and the resource left as it was.
        const refused = output.results.some((r) => r.severity === 'error' && /anchor &|alias \*/.test(r.message));
        assert.deepEqual(
          withoutStatus(docsOf(output.stdout)[0]!.toJS(), value),
          plain(refused ? meant : applyToValue(meant, plan.changes)),
        );
        return refused ? false : kindExercised(value, plan.changes.length > 0);
      },
      { runs: 300, floor: 105, floors: floorPerKind(17, 5) },
    );
  });

  it('a second run changes nothing (a fixed point)', function () {
    forStreams(this, { runs: 150, floor: 85, floors: floorPerKind(28, 12) }, (input) => {
      const once = runWith(input, CONFIG).stdout;
      assert.equal(runWith(once, CONFIG).stdout, once);
      return kindsExercised(input, once);
    });
  });

  it('uninject(inject(x)) is x, byte for byte', function () {
    forStreams(this, { runs: 200, floor: 115, floors: floorPerKind(40, 17) }, (input) => {
      // Resources with errors are left as they were, so the law holds for a run with errors too.
      const injected = runWith(input, CONFIG);
      assert.notEqual(injected.stdout, '', 'a stream of readable items gives output');
      const uninjected = runWith(injected.stdout, UNINJECT);
      assert.equal(uninjected.stdout, input);
      assert.equal(uninjected.exitCode, 0);
      return kindsExercised(input, injected.stdout);
    });
  });

  it('check passes on inject(x), and fails on x when x declares a runtime the function expands', function () {
    forStreams(this, { runs: 200, floor: 85, floors: floorPerKind(26, 12) }, (input) => {
      const injected = runWith(input, CONFIG);
      if (injected.exitCode !== 0) return false;
      assert.equal(runWith(injected.stdout, CHECK).exitCode, 0, 'check(inject(x)) passes');
      const changes = injected.stdout !== input;
      const checked = runWith(input, CHECK);
      assert.equal(checked.exitCode, changes ? 1 : 0, 'check(x) fails exactly when inject would change x');
      assert.equal(checked.stdout, input, 'check changes nothing');
      return kindsExercised(input, injected.stdout);
    });
  });
});
