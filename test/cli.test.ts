// The command as users run it: flags, the config file argument, streams and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch } from 'diff';
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

  it('an unknown flag is a usage error in its own words, with the flag it may mean, exit 2', () => {
    const r = cli(['--frobnicate']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      'inject-sandbox-runtimes: unknown flag --frobnicate\n(--help lists the flags and options)\n',
    );
    assert.match(cli(['--print-default']).stderr, /: unknown flag --print-default; did you mean --print-defaults\?/);
    assert.match(cli(['--regionId', 'x']).stderr, /did you mean --region-id\?/);
    assert.match(cli(['--fail-of', 'warning']).stderr, /did you mean --fail-on\?/);
    const dryRun = cli(['--dry-run', 'fn-config.yaml']);
    assert.equal(dryRun.status, 2);
    assert.doesNotMatch(dryRun.stderr, /positional|Unknown option/);
    assert.match(cli(['-x']).stderr, /unknown flag -x \(a flag of more than one letter takes two dashes\)/);
    assert.match(cli(['--mode']).stderr, /--mode needs a value: --mode inject\|uninject\|check/);
    assert.match(cli(['--mode', '--verbose']).stderr, /--mode needs a value/);
    assert.match(cli(['--verbose=yes']).stderr, /--verbose takes no value, found "yes"/);
    assert.match(cli(['--mode', 'sideways']).stderr, /--mode must be one of: inject, uninject, check, not "sideways"/);
    assert.match(cli(['--fail-on', 'info']).stderr, /--fail-on must be one of: error, warning, not "info"/);
  });

  it('-v is --version and -h is --help', () => {
    assert.equal(cli(['-v']).stdout, `${pkg.version}\n`);
    assert.equal(cli(['-h']).stdout, cli(['--help']).stdout);
    assert.equal(cli(['-h']).status, 0);
  });

  it('takes the config file as the first argument or --fn-config, for a plain stream', () => {
    const input = golden('stream-with-config-file', 'input.yaml');
    const config = join(ROOT, 'test/golden/stream-with-config-file/fn-config.yaml');
    // The golden cases run verbose (test/helpers/golden.ts).
    for (const args of [
      [config, '--verbose'],
      ['--fn-config', config, '--verbose'],
    ]) {
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
      assert.match(r.stderr, /^inject-sandbox-runtimes: unexpected argument sandbox.yaml: .*the manifests go on stdin/);
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

  it('a file of manifests given as the argument, with stdin on a terminal: named as such, exit 2', () => {
    const manifests = join(ROOT, 'test/golden/stream-with-config-file/input.yaml');
    const r = spawnSync('script', ['-qec', `${requireBundle()} ${manifests}; echo "exit $?"`, '/dev/null'], {
      input: '',
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.ifError(r.error);
    assert.match(
      r.stdout,
      new RegExp(`${manifests} looks like manifests; pipe them on stdin: inject-sandbox-runtimes < ${manifests}`),
    );
    assert.match(r.stdout, /exit 2/);
    assert.doesNotMatch(r.stdout, /reading the manifests from stdin/);
  });

  describe('flags for a run', () => {
    const sandbox = golden('stream-with-config-file', 'input.yaml');
    const config = join(ROOT, 'test/golden/stream-with-config-file/fn-config.yaml');

    it('--region-id and --defaults set the option over the config file', () => {
      const byConfig = cli([config], sandbox);
      assert.match(byConfig.stdout, /registry-cn-hangzhou/);
      const byFlag = cli([config, '--region-id', 'cn-beijing'], sandbox);
      assert.equal(byFlag.status, 0);
      assert.match(byFlag.stdout, /registry-cn-beijing/);
      assert.doesNotMatch(byFlag.stdout, /cn-hangzhou/);
      const openkruise = cli([config, '--defaults', 'openkruise'], sandbox);
      assert.match(openkruise.stdout, /openkruise\/agent-runtime/);
      assert.match(
        openkruise.stderr,
        /injection config: agent-runtime from the built-in defaults of the openkruise profile/,
      );
      // With no config at all, the flag is the config.
      assert.equal(cli(['--region-id', 'cn-hangzhou'], sandbox).stdout, byConfig.stdout);
      assert.match(cli(['--region-id', 'CN'], sandbox).stderr, /--region-id must be a DNS label/);
    });

    it('--fail-on warning: the same output, one more error counting the warnings, first, and exit 1', () => {
      const mesh = golden('traffic-proxy-not-expanded', 'input.yaml');
      const passing = cli([], mesh);
      assert.equal(passing.status, 0);
      const failing = cli(['--fail-on', 'warning'], mesh);
      assert.equal(failing.status, 1);
      const results = (text: string) => text.slice(text.indexOf('\nresults:\n'));
      assert.equal(
        failing.stdout.replace(results(failing.stdout), ''),
        passing.stdout.replace(results(passing.stdout), ''),
      );
      assert.match(results(failing.stdout), /^\nresults:\n- message: .failing on 1 warning \(failOn: warning\)/);
      assert.equal(cli(['--fail-on', 'warning'], golden('no-runtimes', 'input.yaml')).status, 0, 'no warning');
    });

    it('--verbose gives the infos about each resource too', () => {
      assert.doesNotMatch(cli([config], sandbox).stderr, /expanded runtimes/);
      assert.match(cli([config, '--verbose'], sandbox).stderr, /info: expanded runtimes agent-runtime into/);
    });

    it('--diff prints a unified diff of the input to the output, with the exit code of the run', () => {
      const output = cli([config], sandbox).stdout;
      const r = cli([config, '--diff'], sandbox);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^--- input\n\+\+\+ output\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
      assert.equal(applyPatch(sandbox, r.stdout), output);
      assert.equal(cli([config, '--diff'], output).stdout, '', 'nothing changes, nothing to show');
      const broken = cli(['--diff'], golden('config-defaults-without-region', 'input.yaml'));
      assert.equal(broken.status, 1);
      assert.match(broken.stdout, /^--- input\n\+\+\+ output\n[\s\S]*\n\+results:\n\+- message: .*no regionId is set/);
    });
  });

  it('a flag or a name with control characters is shown escaped, never raw', () => {
    const r = cli(['--\u001b[31mred']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown flag --\\u001b\[31mred/);
    assert.ok(!r.stderr.includes('\u001b'), 'no raw escape');
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
    const r = cli(['--verbose'], golden('config-defaults-without-region', 'input.yaml'));
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

  it('on piped input loads neither node:tty nor the stream modules that node -e 0 does not', () => {
    // They were a twentieth of a run on an empty input (bench W0): tty is asked only for a character device,
    // and process.stderr is made only to write to it.
    const dir = mkdtempSync(join(tmpdir(), 'modules-'));
    const spy = join(dir, 'spy.cjs');
    writeFileSync(
      spy,
      `process.on('exit', () => require('node:fs').writeSync(3, process.moduleLoadList.filter((m) => /^NativeModule (tty|net|stream)$/.test(m)).join(',')));`,
    );
    const loaded = (args: string[], input = golden('no-runtimes', 'input.yaml')) => {
      const r = spawnSync(process.execPath, ['-r', spy, ...args], {
        input,
        stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      });
      return (r.output[3] as string).split(',').filter(Boolean).sort();
    };
    try {
      const baseline = loaded(['-e', '0']);
      assert.deepEqual(loaded([requireBundle()]), baseline);
      // The spy sees them where they are loaded: a run that has something to say makes process.stderr.
      const refused = loaded([requireBundle()], golden('bad-input-items-missing', 'input.yaml'));
      assert.ok(refused.length > baseline.length, `${refused} beside ${baseline}`);
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
      spawnSync(process.execPath, ['-r', spy, requireBundle(), '--verbose'], { input, encoding: 'utf8' });
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
