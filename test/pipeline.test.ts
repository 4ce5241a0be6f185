// The run's boundary around each item: a bug that one item brings out costs that item only.
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { run } from '../src/pipeline.js';
import { generic } from '../src/runtimes/generic.js';
import { RUNTIMES, RuntimeTable } from '../src/runtimes/table.js';
import type { RuntimeUnit } from '../src/runtimes/unit.js';

// A runtime whose rules fail as a bug would: with an exception, not a result.
const crashing: RuntimeUnit = {
  ...generic,
  name: 'crashing',
  expand() {
    throw new TypeError('a bug in the rules');
  },
};
const runtimes = new RuntimeTable([...RUNTIMES.units, crashing]);

const sandbox = (name: string, runtime: string) => `apiVersion: agents.kruise.io/v1alpha1
kind: Sandbox
metadata:
  name: ${name}
spec:
  runtimes:
  - name: ${runtime}
  template:
    spec:
      containers:
      - name: main
        image: main:v1
`;
const config = `apiVersion: fn.sandbox-inject.dev/v1alpha1
kind: SandboxRuntimeInjection
metadata: {name: config}
spec:
  injectionConfig:
    logger: {containers: [{name: logger, image: "logger:v1"}]}
    crashing: {containers: [{name: crash, image: "crash:v1"}]}
`;

describe('pipeline', () => {
  it('an exception in one item is an error naming it; that item comes out as it came, and the others are processed', () => {
    const input = [sandbox('before', 'logger'), sandbox('broken', 'crashing'), sandbox('after', 'logger')].join(
      '---\n',
    );
    const outcome = run(input, { configText: config, runtimes });
    assert.ok(outcome.ok);
    const errors = outcome.results.filter((r) => r.severity === 'error');
    assert.deepEqual(
      errors.map((r) => r.message),
      [
        'document 2 (line 14) could not be processed: internal error: a bug in the rules; it is left unchanged. ' +
          'This is a bug: please report it with the input',
      ],
    );
    const [before, broken, after] = outcome.output.split('---\n');
    assert.equal(broken, sandbox('broken', 'crashing'));
    for (const done of [before!, after!]) assert.match(done, /- name: logger\n\s+image: logger:v1/);
    assert.equal(parseAllDocuments(outcome.output).length, 3);
  });
});
