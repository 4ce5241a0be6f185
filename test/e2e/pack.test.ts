// The npm package as a user gets it: `npm pack` of a checkout with nothing built (prepack builds),
// then an install of the tarball into an empty folder. The bundles inline every runtime dependency,
// so the install adds one package and warns about nothing (the dependencies' engines say Node 22,
// which made npm warn EBADENGINE on Node 20), and the command and the library work from there.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers/bundle.js';

const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8' });

describe('e2e: npm pack and install', () => {
  let dir: string;
  let files: string[];
  let app: string;

  before(function () {
    this.timeout(180_000);
    dir = mkdtempSync(join(tmpdir(), 'isr-pack-'));
    // A checkout without dist/: what `git clone` and `npm ci` leave.
    const src = join(dir, 'src');
    cpSync(ROOT, src, {
      recursive: true,
      filter: (path) => !/^(node_modules|dist|\.git)(\/|$)/.test(relative(ROOT, path)),
    });
    symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'));
    const packed = npm(['pack', '--pack-destination', dir], src);
    assert.equal(packed.status, 0, packed.stderr);
    const [tarball] = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    files = execFileSync('tar', ['tzf', join(dir, tarball)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    app = join(dir, 'app');
    mkdirSync(app);
    const installed = npm(['install', '--no-audit', '--no-fund', join(dir, tarball)], app);
    assert.equal(installed.status, 0, installed.stderr);
    assert.equal(installed.stderr, '', 'the install prints no warnings');
    assert.match(installed.stdout, /added 1 package\b/);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('packs the CLI, the library, its types and the license, built by prepack', () => {
    for (const f of [
      'LICENSE',
      'README.md',
      'package.json',
      'dist/inject-sandbox-runtimes.cjs',
      'dist/index.cjs',
      'dist/kpt.cjs',
      'dist/types/index.d.ts',
      'dist/types/kpt.d.ts',
    ])
      assert.ok(files.includes(f), f);
    // Made by the packer's node, which is not the user's: see docs/install.md, "The npm package".
    assert.deepEqual(
      files.filter((f) => f.endsWith('.cache')),
      [],
      'no V8 code cache in the package',
    );
  });

  it('has no runtime dependencies: the bundles inline them', () => {
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/inject-sandbox-runtimes/package.json'), 'utf8'));
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(readdirSync(join(app, 'node_modules')).sort(), [
      '.bin',
      '.package-lock.json',
      'inject-sandbox-runtimes',
    ]);
  });

  it('npx inject-sandbox-runtimes reproduces examples/basic', () => {
    const r = spawnSync('npx', ['--no', 'inject-sandbox-runtimes'], {
      cwd: app,
      input: readFileSync(join(ROOT, 'examples/basic/resource-list.yaml')),
      encoding: 'utf8',
    });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, readFileSync(join(ROOT, 'examples/basic/expected.yaml'), 'utf8'));
  });

  it('the library loads and type checks from the installed package, with nothing else installed', () => {
    writeFileSync(
      join(app, 'use.cts'),
      `import { run, type RunOutcome } from 'inject-sandbox-runtimes';
import { readFileSync } from 'node:fs';
const out: RunOutcome = run(readFileSync(0, 'utf8'), { mode: 'inject' });
if (!out.ok) throw new Error(out.error);
process.stdout.write(out.output);
`,
    );
    // A wrong call must fail: the types say something, they did not collapse to any.
    writeFileSync(
      join(app, 'wrong.cts'),
      `import { run } from 'inject-sandbox-runtimes';\nrun('', { mode: 'bogus' });\n`,
    );
    // skipLibCheck off: the declarations the library reaches must name nothing the package does not
    // install (its types are plain interfaces, not io-ts codecs).
    const typecheck = (file: string) => {
      writeFileSync(
        join(app, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            strict: true,
            skipLibCheck: false,
            outDir: 'out',
            typeRoots: [join(ROOT, 'node_modules/@types')],
            types: ['node'],
          },
          files: [file],
        }),
      );
      return spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', app], { encoding: 'utf8' });
    };
    const wrong = typecheck('wrong.cts');
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stdout, /'"bogus"' is not assignable/);
    const checked = typecheck('use.cts');
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    const r = spawnSync(process.execPath, [join(app, 'out/use.cjs')], {
      input: readFileSync(join(ROOT, 'examples/basic/resource-list.yaml')),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(join(ROOT, 'examples/basic/expected.yaml'), 'utf8'));
  });
});
