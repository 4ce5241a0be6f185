// kubectl's kustomize runs the function as a legacy exec plugin (it skips exec KRM functions silently,
// so that form cannot be what is tested here): the build must give examples/kustomize/expected.yaml.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBundle, ROOT } from '../helpers/bundle.js';

const EXAMPLE = join(ROOT, 'examples/kustomize');
const build = (dir: string) =>
  execFileSync('kubectl', ['kustomize', '--enable-alpha-plugins', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KUSTOMIZE_PLUGIN_HOME: join(EXAMPLE, 'plugins') },
  });

describe('e2e: kubectl kustomize', () => {
  before(requireBundle);

  it('runs the legacy exec plugin and gives the expected output', () => {
    const output = build(join(EXAMPLE, 'legacy-plugin'));
    assert.equal(output, readFileSync(join(EXAMPLE, 'expected.yaml'), 'utf8'));
    assert.match(output, /initContainers:/, 'the function ran');
  });

  it('fails the build with the function message when the function reports an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isr-kustomize-'));
    try {
      cpSync(EXAMPLE, dir, { recursive: true });
      writeFileSync(
        join(dir, 'legacy-plugin/inject.yaml'),
        'apiVersion: fn.sandbox-inject.dev/v1alpha1\nkind: SandboxRuntimeInjection\nmetadata:\n  name: inject\n',
      );
      assert.throws(
        () => build(join(dir, 'legacy-plugin')),
        (e: { stderr: string }) => /no regionId is set/.test(e.stderr),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
