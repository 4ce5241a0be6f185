// Known bugs of the live-pod law (issue 10), each with its input under test/known-bugs/<case>/ and what
// the rules say should happen. Each test passes while the bug stands and fails once src/ is fixed,
// saying so: then move the case into test/golden/, generate its expectations with UPDATE_GOLDEN=1,
// review them, and delete its test here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/bundle.js';
import { runAsProcess as run, type RunOutput } from '../helpers/process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const runCase = (name: string) => run(readFileSync(join(ROOT, 'test/known-bugs', name, 'input.yaml')));
const items = (output: RunOutput) => (parse(output.stdout) as { items: Obj[] }).items;

/** Passes while `rules` fails on the output: the bug still stands. */
function knownBug(name: string, bug: string, rules: (output: RunOutput) => void): void {
  it(`${name}: ${bug}`, () => {
    let holds = true;
    try {
      // An internal error is thrown by run (the CLI prints it): the rules do not hold either.
      rules(runCase(name));
    } catch {
      holds = false;
    }
    assert.ok(!holds, `fixed: ${name} now does what the rules say; move it to test/golden/ (see the header)`);
  });
}

describe('plan/expand: known bugs of the live-pod law', () => {
  knownBug(
    'live-pod-anchor-alias',
    'the prepend into an anchored postStart changes its alias in another container too',
    (output) => {
      const refused = output.results.some((r) => r.severity === 'error' && r.message.includes('defines the anchor'));
      const [, web] = items(output)[0]!.spec.template.spec.containers as Obj[];
      assert.ok(refused || JSON.stringify(web!.lifecycle.postStart.exec.command) === '["echo","old"]');
    },
  );
});
