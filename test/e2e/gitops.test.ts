// The drift gate of examples/gitops-ci, as CI and kpt run it: it passes on the committed, injected
// package and fails, naming the resource, once an injected part is changed by hand.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBundle, ROOT } from '../helpers/bundle.js';

function withCopy(test: (pkg: string, env: NodeJS.ProcessEnv) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'isr-gitops-'));
  try {
    cpSync(join(ROOT, 'examples/gitops-ci'), join(dir, 'pkg'), { recursive: true });
    mkdirSync(join(dir, 'bin'));
    symlinkSync(requireBundle(), join(dir, 'bin', 'inject-sandbox-runtimes'));
    test(join(dir, 'pkg'), { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const drift = (pkg: string) => {
  const file = join(pkg, 'sandboxset.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('acs/agent-runtime:v0.0.5', 'acs/agent-runtime:v0.0.6'));
};

describe('e2e: GitOps drift gate (examples/gitops-ci)', () => {
  it('check.sh passes on the injected package and fails once it drifts', () =>
    withCopy((pkg, env) => {
      const gate = () => spawnSync('sh', [join(pkg, 'check.sh'), pkg], { env, encoding: 'utf8' });
      assert.equal(gate().status, 0, gate().stderr);
      drift(pkg);
      const failed = gate();
      assert.equal(failed.status, 1);
      assert.match(
        failed.stderr,
        /error: check: the injection was edited by hand.*\[SandboxSet default\/code-interpreter\]/,
      );
    }));

  it('as a kpt validator, render passes on the injected package and fails once it drifts', () =>
    withCopy((pkg, env) => {
      execFileSync('kpt', ['fn', 'render', pkg, '--allow-exec'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      drift(pkg);
      assert.throws(
        () =>
          execFileSync('kpt', ['fn', 'render', pkg, '--allow-exec'], {
            env,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        (e: { stderr: string }) => /edited by hand/.test(e.stderr),
      );
    }));
});
