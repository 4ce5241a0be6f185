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
    'live-pod-expand-traffic-proxy',
    "an internal error where the probe rewrite writes into an entry's frozen proxy container",
    (output) => {
      assert.equal(output.stderr, '');
      assert.equal(output.exitCode, 0);
      const set = items(output)[0]!;
      assert.equal(set.spec.runtimes, undefined, 'traffic-proxy leaves spec.runtimes');
      const [main, proxy] = set.spec.template.spec.containers as Obj[];
      assert.equal(main!.readinessProbe.httpGet.port, 15020, 'the probe goes to the proxy');
      assert.equal(proxy!.name, 'istio-proxy');
      const probers = (proxy!.env as Obj[]).find((e) => e.name === 'ISTIO_KUBE_APP_PROBERS');
      assert.match(probers!.value, /"timeoutSeconds":1/, 'the webhook-defaulted probe');
      assert.match(probers!.value, /"scheme":"HTTP"/);
      assert.match(probers!.value, /"port":"http"|"port":8080/);
      assert.ok(output.results.some((r) => r.severity === 'warning' && r.message.includes('CA-bundle injection')));
    },
  );

  knownBug(
    'live-pod-traffic-proxy-without-entry-configmap',
    'a warning that traffic-proxy "is expanded here (expandTrafficProxy)" though the option is off',
    (output) => {
      assert.equal(output.exitCode, 1);
      assert.ok(
        output.results.some((r) => r.message.includes('injection template traffic-proxy not found')),
        'the error',
      );
      assert.ok(!output.results.some((r) => r.message.includes('is expanded here (expandTrafficProxy)')));
    },
  );

  knownBug(
    'live-pod-check-would-differ-sidecarless',
    'check says "edited by hand" where the live Pod would differ (nothing is expanded afresh to compare)',
    (output) => {
      assert.equal(output.exitCode, 1);
      const errors = output.results.filter((r) => r.severity === 'error').map((r) => r.message);
      assert.ok(
        errors.some((m) => m.startsWith('check: the live Pod would differ: spec.containers[0].env')),
        errors.join('\n'),
      );
    },
  );

  knownBug(
    'live-pod-openkruise-traffic-proxy-probe',
    "an internal error with the default options: the model writes into the built-in entry's proxy",
    (output) => {
      assert.equal(output.stderr, '');
      assert.equal(output.exitCode, 0);
      assert.ok(output.results.some((r) => r.message.startsWith('runtime "traffic-proxy" is left for the controller')));
    },
  );

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
