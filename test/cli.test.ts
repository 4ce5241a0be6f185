// The command as users run it: flags, the config file argument, streams and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import { requireBundle, ROOT } from './helpers/bundle.js';

const cli = (args: string[], input = '') => spawnSync(requireBundle(), args, { input, encoding: 'utf8' });
const golden = (name: string, file: string) => readFileSync(join(ROOT, 'test/golden', name, file), 'utf8');

describe('cli', () => {
  it('--version prints the package version', () => {
    const r = cli(['--version']);
    assert.equal(r.stdout, `${pkg.version}\n`);
    assert.equal(r.status, 0);
  });

  it('--help prints usage, the config forms and examples', () => {
    const r = cli(['--help']);
    assert.equal(r.status, 0);
    for (const text of ['Usage:', 'SandboxRuntimeInjection', 'kpt fn eval', 'kubectl kustomize'])
      assert.ok(r.stdout.includes(text), text);
  });

  it('an unknown flag is a usage error on stderr, exit 2', () => {
    const r = cli(['--frobnicate']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Unknown option '--frobnicate'[\s\S]*Usage:/);
    assert.match(cli(['--print-default']).stderr, /^Unknown option '--print-default'; did you mean --print-defaults\?/);
    assert.match(cli(['--regionId', 'x']).stderr, /did you mean --region-id\?/);
  });

  it('takes the config file as the first argument or --fn-config, for a plain stream', () => {
    const input = golden('stream-with-config-file', 'input.yaml');
    const config = join(ROOT, 'test/golden/stream-with-config-file/fn-config.yaml');
    for (const args of [[config], ['--fn-config', config]]) {
      const r = cli(args, input);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, golden('stream-with-config-file', 'expected.yaml'));
      assert.equal(r.stderr, golden('stream-with-config-file', 'stderr.txt'));
    }
  });

  it('a config file that cannot be read is an error naming it', () => {
    const r = cli(['/nonexistent/fn-config.yaml'], 'a: 1\n');
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /cannot read the functionConfig file \/nonexistent\/fn-config.yaml: there is no such file \(ENOENT\)/,
    );
    assert.match(cli([ROOT], 'a: 1\n').stderr, /: it is a directory, not a file \(EISDIR\)/);
  });

  it('an argument beyond the one config file is a usage error, exit 2, saying manifests go on stdin', () => {
    const config = join(ROOT, 'test/golden/stream-with-config-file/fn-config.yaml');
    for (const args of [
      [config, 'sandbox.yaml'],
      ['--fn-config', config, 'sandbox.yaml'],
    ]) {
      const r = cli(args, 'a: 1\n');
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^unexpected argument sandbox.yaml: .*the manifests go on stdin[\s\S]*Usage:/);
    }
  });

  it('manifests given as the config file: a message that they go on stdin', () => {
    const stream = join(ROOT, 'test/golden/stream-with-config-file/input.yaml');
    const r = cli([stream], 'a: 1\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /the functionConfig file holds 2 documents.*it goes on stdin/);
  });

  it('with stdin on a terminal, a one-line hint on stderr', () => {
    // script(1) gives the command a terminal for stdin; the empty input then ends it.
    const r = spawnSync('script', ['-qec', `${requireBundle()} --fn-config /dev/null`, '/dev/null'], {
      input: '',
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (r.error)
      assert.fail(
        `script(1) did not run (${r.error.message}): this test needs it to give the CLI a terminal; install ` +
          `it (Debian: apt-get install bsdutils; elsewhere it comes with util-linux), as .ci/run does`,
      );
    assert.match(r.stdout, /reading the manifests from stdin, a terminal: pipe them in/);
    assert.equal(cli([], golden('no-runtimes', 'input.yaml')).stderr, '', 'no hint when stdin is not a terminal');
  });

  it('input that is not YAML: message with line and column on stderr, nothing on stdout, exit 1', () => {
    const r = cli([], golden('bad-input-malformed-yaml', 'input.yaml'));
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /line 6, column 1/);
  });

  it('checks entries against core/v1 with the validators the bundle loads only when needed', () => {
    const r = cli([], golden('validate-entry-schema', 'input.yaml'));
    assert.equal(r.status, 1);
    assert.equal(r.stdout, golden('validate-entry-schema', 'expected.yaml'));
  });

  it('error results: exit 1, and the ResourceList with results is still written', () => {
    const r = cli([], golden('config-defaults-without-region', 'input.yaml'));
    assert.equal(r.status, 1);
    assert.equal(r.stdout, golden('config-defaults-without-region', 'expected.yaml'));
  });
  it('starts from its code cache, and works the same without it or with one that does not fit', () => {
    const bundle = requireBundle();
    assert.ok(existsSync(`${bundle}.cache`), 'npm run build makes the code cache');
    const input = golden('seed-worked-example', 'input.yaml');
    const expected = cli([], input).stdout;
    const dir = mkdtempSync(join(tmpdir(), 'isr-cli-'));
    try {
      const alone = join(dir, 'inject-sandbox-runtimes.cjs');
      copyFileSync(bundle, alone);
      const run = () => spawnSync(process.execPath, [alone], { input, encoding: 'utf8' });
      assert.equal(run().stdout, expected, 'without a cache');
      writeFileSync(`${alone}.cache`, 'not a V8 code cache');
      const r = run();
      assert.equal(r.stdout, expected, 'with a cache that does not fit');
      assert.equal(r.stderr, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says on stderr whether V8 accepted the code cache when asked (the image test relies on it)', () => {
    const bundle = requireBundle();
    const input = golden('seed-worked-example', 'input.yaml');
    const expected = cli([], input).stdout;
    const env = { ...process.env, INJECT_SANDBOX_RUNTIMES_REPORT_CODE_CACHE: '1' };
    const dir = mkdtempSync(join(tmpdir(), 'isr-cli-'));
    try {
      const alone = join(dir, 'inject-sandbox-runtimes.cjs');
      copyFileSync(bundle, alone);
      const run = () => spawnSync(process.execPath, [alone], { input, encoding: 'utf8', env });
      const report = (r: { stdout: string; stderr: string }) => {
        assert.equal(r.stdout, expected);
        return r.stderr;
      };
      assert.equal(report(run()), 'inject-sandbox-runtimes: code cache absent\n');
      // The build made this cache with the node that runs the tests.
      copyFileSync(`${bundle}.cache`, `${alone}.cache`);
      assert.equal(report(run()), 'inject-sandbox-runtimes: code cache accepted\n');
      writeFileSync(`${alone}.cache`, 'not a V8 code cache');
      assert.equal(report(run()), 'inject-sandbox-runtimes: code cache rejected\n');
      assert.equal(cli([], input).stderr, '', 'silent unless asked');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads the core/v1 fields, validators and JSON reader only for an entry of its own, not for the defaults', () => {
    // The bundle keeps them as compressed text (scripts/build.mjs): a preload counts the unpacking.
    const dir = mkdtempSync(join(tmpdir(), 'lazy-'));
    const spy = join(dir, 'spy.cjs');
    writeFileSync(
      spy,
      `const zlib = require('node:zlib'); const gunzip = zlib.gunzipSync;
zlib.gunzipSync = (...a) => { process.stderr.write('unpacked\\n'); return gunzip(...a); };`,
    );
    const run = (input: string) =>
      spawnSync(process.execPath, ['-r', spy, requireBundle()], { input, encoding: 'utf8' });
    try {
      assert.doesNotMatch(
        run(readFileSync(join(ROOT, 'examples/basic/resource-list.yaml'), 'utf8')).stderr,
        /unpacked/,
      );
      const repeated = run(golden('config-entry-go-duplicate-keys', 'input.yaml'));
      assert.match(repeated.stderr, /unpacked/);
      assert.equal(repeated.stdout, golden('config-entry-go-duplicate-keys', 'expected.yaml'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
