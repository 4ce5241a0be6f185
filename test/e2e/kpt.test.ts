// The example kpt packages through the real kpt: each must end up exactly as its .expected/ holds
// (which differs from the input, so a function that did not run fails here).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBundle, ROOT } from '../helpers/bundle.js';

const example = (name: string) => join(ROOT, 'examples', name);

/** Runs a test on a copy of an example package, with the function on PATH; all removed afterwards. */
function withPackage(name: string, test: (pkg: string, env: NodeJS.ProcessEnv) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'isr-kpt-'));
  try {
    cpSync(example(name), join(dir, 'pkg'), { recursive: true });
    mkdirSync(join(dir, 'bin'));
    symlinkSync(requireBundle(), join(dir, 'bin', 'inject-sandbox-runtimes'));
    test(join(dir, 'pkg'), { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertExpected(name: string, pkg: string): void {
  const expected = join(example(name), '.expected');
  const files = readdirSync(expected);
  assert.ok(files.includes('sandboxset.yaml'));
  for (const file of files)
    assert.equal(readFileSync(join(pkg, file), 'utf8'), readFileSync(join(expected, file), 'utf8'), file);
  assert.notEqual(
    readFileSync(join(example(name), 'sandboxset.yaml'), 'utf8'),
    readFileSync(join(expected, 'sandboxset.yaml'), 'utf8'),
  );
}

const kpt = (args: string[], env: NodeJS.ProcessEnv) =>
  execFileSync('kpt', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });

describe('e2e: kpt', () => {
  it('kpt fn eval --exec with key=value arguments (examples/kpt), and again: a fixed point', () =>
    withPackage('kpt', (pkg, env) => {
      kpt(['fn', 'eval', pkg, '--exec', requireBundle(), '--', 'regionId=cn-hangzhou'], env);
      assertExpected('kpt', pkg);
      kpt(['fn', 'eval', pkg, '--exec', requireBundle(), '--', 'regionId=cn-hangzhou'], env);
      assertExpected('kpt', pkg);
    }));

  it('kpt fn eval with mode=uninject gives the package back as it was', () =>
    withPackage('kpt', (pkg, env) => {
      kpt(['fn', 'eval', pkg, '--exec', requireBundle(), '--', 'regionId=cn-hangzhou'], env);
      kpt(['fn', 'eval', pkg, '--exec', requireBundle(), '--', 'regionId=cn-hangzhou', 'mode=uninject'], env);
      assert.equal(
        readFileSync(join(pkg, 'sandboxset.yaml'), 'utf8'),
        readFileSync(join(example('kpt'), 'sandboxset.yaml'), 'utf8').replace(/ +#/g, ' #'),
      );
    }));

  it('kpt fn render --allow-exec with an exec step and configPath (examples/kpt-exec)', () =>
    withPackage('kpt-exec', (pkg, env) => {
      kpt(['fn', 'render', pkg, '--allow-exec'], env);
      assertExpected('kpt-exec', pkg);
    }));

  it('kpt fn render of the image pipeline with configMap, its image swapped for the exec (examples/kpt)', () =>
    withPackage('kpt', (pkg, env) => {
      const kptfile = readFileSync(join(pkg, 'Kptfile'), 'utf8');
      assert.match(kptfile, /- image: \S+\n {4}configMap:\n {6}regionId: cn-hangzhou/);
      writeFileSync(join(pkg, 'Kptfile'), kptfile.replace(/- image: \S+/, '- exec: inject-sandbox-runtimes'));
      kpt(['fn', 'render', pkg, '--allow-exec'], env);
      assertExpected('kpt', pkg);
    }));

  it('kpt fails the step when the function reports an error', () =>
    withPackage('kpt', (pkg, env) => {
      // No regionId: the built-in defaults keep <region-id>, which is an error result and exit 1.
      assert.throws(
        () => kpt(['fn', 'eval', pkg, '--exec', requireBundle()], env),
        (e: { stderr: string }) => /no regionId is set/.test(e.stderr),
      );
      assert.equal(
        readFileSync(join(pkg, 'sandboxset.yaml'), 'utf8'),
        readFileSync(join(example('kpt'), 'sandboxset.yaml'), 'utf8'),
      );
    }));

  it("a render whose function fails shows the error line within kpt's default truncation", () =>
    withPackage('kpt-exec', (pkg, env) => {
      // Infos about each resource (verbose) and a warning that fails the run (failOn: warning): kpt shows
      // the first four results and truncates the rest, so the error must come first.
      const config = readFileSync(join(pkg, 'fn-config.yaml'), 'utf8');
      writeFileSync(
        join(pkg, 'fn-config.yaml'),
        config.replace(/^spec:\n/m, 'spec:\n  verbose: true\n  failOn: warning\n'),
      );
      const hook = '        lifecycle:\n          postStart:\n            httpGet: {path: /ready, port: 8080}\n';
      const second =
        'apiVersion: agents.kruise.io/v1alpha1\nkind: Sandbox\nmetadata:\n  name: second\nspec:\n  runtimes:\n' +
        '  - name: agent-runtime\n  template:\n    spec:\n      containers:\n      - name: main\n        image: busybox\n' +
        hook;
      writeFileSync(join(pkg, 'second.yaml'), second);
      let stderr = '';
      assert.throws(
        () => kpt(['fn', 'render', pkg, '--allow-exec'], env),
        (e: { stderr: string }) => ((stderr = e.stderr), true),
      );
      assert.match(stderr, /line\(s\) truncated/, 'kpt truncated the results, as it does by default');
      assert.match(stderr, /Results:\n +\[error\]: failing on 1 warning \(failOn: warning\)/);
      assert.match(stderr, /\[warning\] .*Sandbox\/second .*postStart hook that is not exec/);
    }));
});
