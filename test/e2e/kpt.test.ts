// The example kpt package through the real kpt: `kpt fn eval --exec` and `kpt fn render --allow-exec`
// must leave it exactly as examples/kpt/.expected/ holds (which differs from the input, so a function
// that did not run fails here).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBundle, ROOT } from '../helpers/bundle.js';

const EXAMPLE = join(ROOT, 'examples/kpt');
const EXPECTED = join(EXAMPLE, '.expected');

/** Runs a test on a copy of the example package (at dir/pkg), removed afterwards. */
function withPackage(test: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'isr-kpt-'));
  try {
    cpSync(EXAMPLE, join(dir, 'pkg'), { recursive: true });
    test(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertExpected(pkg: string): void {
  const files = readdirSync(EXPECTED);
  assert.ok(files.includes('sandboxset.yaml'));
  for (const file of files) assert.equal(readFileSync(join(pkg, file), 'utf8'), readFileSync(join(EXPECTED, file), 'utf8'), file);
  assert.notEqual(readFileSync(join(EXAMPLE, 'sandboxset.yaml'), 'utf8'), readFileSync(join(EXPECTED, 'sandboxset.yaml'), 'utf8'));
}

describe('e2e: kpt', () => {
  const bundle = requireBundle();

  it('kpt fn eval --exec expands the example package', () =>
    withPackage((dir) => {
      execFileSync('kpt', ['fn', 'eval', join(dir, 'pkg'), '--exec', bundle, '--', 'regionId=cn-hangzhou'], { stdio: ['ignore', 'pipe', 'pipe'] });
      assertExpected(join(dir, 'pkg'));
    }));

  it('kpt fn render --allow-exec runs the Kptfile pipeline with the function on PATH', () =>
    withPackage((dir) => {
      mkdirSync(join(dir, 'bin'));
      symlinkSync(bundle, join(dir, 'bin', 'inject-sandbox-runtimes'));
      execFileSync('kpt', ['fn', 'render', join(dir, 'pkg'), '--allow-exec'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` },
      });
      assertExpected(join(dir, 'pkg'));
    }));

  it('kpt fails the step when the function reports an error', () =>
    withPackage((dir) => {
      // No regionId: the built-in defaults keep <region-id>, which is an error result and exit 1.
      assert.throws(
        () => execFileSync('kpt', ['fn', 'eval', join(dir, 'pkg'), '--exec', bundle], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
        (e: { stderr: string }) => /no regionId is set/.test(e.stderr),
      );
      assert.equal(readFileSync(join(dir, 'pkg/sandboxset.yaml'), 'utf8'), readFileSync(join(EXAMPLE, 'sandboxset.yaml'), 'utf8'));
    }));
});
