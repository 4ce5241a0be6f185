// No deprecation warning from any build (issue 18, item 8): a run that reads a ConfigMap source loads
// the core/v1 validators, whose ajv-formats-draft2019 requires 'punycode'. Node's built-in of that name
// is deprecated (DEP0040: a runtime warning from Node 21, pending before), so the build aliases the
// userland package. --pending-deprecation makes Node 20 warn as 21 and later do, and
// --throw-deprecation turns any such warning into a failed run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBundle, ROOT } from '../helpers/bundle.js';

const APP = join(ROOT, 'examples/argocd/app');
const manifests = ['sandboxset.yaml', 'sandbox-injection-config.yaml']
  .map((f) => readFileSync(join(APP, f), 'utf8'))
  .join('---\n');
const STRICT = ['--pending-deprecation', '--throw-deprecation'];

describe('e2e: no deprecation warnings', () => {
  before(requireBundle);

  it('the CLI bundle reads a ConfigMap source with no warning', () => {
    const r = spawnSync(process.execPath, [...STRICT, requireBundle(), join(APP, 'fn-config.yaml')], {
      input: manifests,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /injection config: .* from ConfigMap sandbox-system\/sandbox-injection-config/);
    assert.doesNotMatch(r.stderr, /Warning|DEP\d/);
    assert.match(r.stdout, /envd-volume/, 'the entries were read');
  });

  it('the library reads a ConfigMap source with no warning', () => {
    const script = `const { run } = require(${JSON.stringify(join(ROOT, 'dist/index.cjs'))});
const out = run(require('node:fs').readFileSync(0, 'utf8'), { configText: require('node:fs').readFileSync(${JSON.stringify(join(APP, 'fn-config.yaml'))}, 'utf8') });
if (!out.ok || !out.output.includes('envd-volume')) throw new Error(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, [...STRICT, '-e', script], { input: manifests, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
  });
});
