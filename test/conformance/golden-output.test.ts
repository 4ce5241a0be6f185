// The function's output makes the controller's Pod: for each golden case made from a whole-injection
// entry of utils_test.go (make-golden.ts), the reference model of the controller run on the golden OUTPUT (the
// Sandbox's template and the runtimes still declared, with the ConfigMap source's entries) passes the
// Go test's assertions, gives the Pod derived from reading the controller, and is the Pod it gives for
// the input: what the function expanded, the controller's guard then skips or finds done.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GOLDEN_DIR, goldenInput } from './make-golden.js';
import { caseTitle, goldenName, WHOLE_CASES, type Template } from './whole-cases.js';
import { podDifference, REFERENCE } from './subjects.js';

interface Item {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: { runtimes?: { name: string }[]; template?: Template };
  data?: Record<string, string>;
}

const subject = REFERENCE;
describe(`conformance: the golden outputs of utils_test.go make the controller build the Go test’s Pod, on ${subject.name}`, () => {
  for (const c of WHOLE_CASES) {
    const name = goldenName(c);
    it(`${name} (${caseTitle(c)})`, () => {
      const dir = join(GOLDEN_DIR, name);
      assert.equal(readFileSync(join(dir, 'input.yaml'), 'utf8'), goldenInput(c), 'the input is make-golden.ts’s');
      const { items } = parse(readFileSync(join(dir, 'expected.yaml'), 'utf8')) as { items: Item[] };
      const sandbox = items.find((i) => i.kind === 'Sandbox')!;
      const configMap = items.find(
        (i) =>
          i.kind === 'ConfigMap' &&
          i.metadata.name === 'sandbox-injection-config' &&
          i.metadata.namespace === 'sandbox-system',
      );
      const declared = (sandbox.spec?.runtimes ?? []).map((r) => r.name);
      const fromOutput = subject.inject(sandbox.spec!.template!, declared, configMap?.data);
      c.goCheck(fromOutput);
      if (c.derived) assert.equal(podDifference(c.derived, fromOutput.pod), undefined, 'the derived Pod');
      const fromInput = subject.inject(c.pod, c.runtimes, c.data);
      assert.deepEqual(fromOutput.error, fromInput.error, 'the same failure, if any');
      assert.equal(podDifference(fromInput.pod, fromOutput.pod), undefined, 'the Pod made from the input');
    });
  }
});
