// npm run bench: time and peak memory of the bundled CLI against `node -e 0`, the naive round trip
// and kpt's own pass with `cat`, on each workload; medians of RUNS runs, the commands alternating.
// Then the hostile workload (bench/hostile.mjs): each case on its own, the CLI against the naive round
// trip. Prints the ratios and writes them, with the machine, to bench/RESULTS.md. Ratios are the
// figures: absolute times depend on the machine. `node bench/run.mjs W1 minified-json` runs only
// those, and writes nothing.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, measureAlternating, naive } from './measure.mjs';
import { HOSTILE } from './hostile.mjs';
import { packageFile, resourceList, WORKLOADS } from './workloads.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'isr-bench-'));

const rows = [];
for (const [name, make] of Object.entries(WORKLOADS)) {
  if (only.length && !only.includes(name)) continue;
  const items = make();
  const input = Buffer.from(resourceList(items));
  const pkg = join(work, name);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'resources.yaml'), items.length ? packageFile(items) : '');
  const commands = {
    'node -e 0': ['node', ['-e', '0'], undefined],
    naive: ['node', [naive], input],
    cli: ['node', [cli], input],
    'kpt + cat': ['kpt', ['fn', 'eval', pkg, '--exec', 'cat', '-o', 'stdout'], undefined],
  };
  const m = measureAlternating(commands, RUNS);
  rows.push({ name, m });
  process.stderr.write(`${name}: ${JSON.stringify(m)}\n`);
}

// Each hostile case within 2× the naive round trip, or, where that fails on the input, within 1 s per MB.
const hostile = [];
for (const [name, { input: make, config }] of Object.entries(HOSTILE)) {
  if (only.length && !only.includes(name)) continue;
  const input = Buffer.from(make());
  const args = [cli];
  if (config) {
    args.push(join(work, `${name}.config.yaml`));
    writeFileSync(args[1], config);
  }
  const m = measureAlternating({ naive: ['node', [naive], input], cli: ['node', args, input] }, RUNS);
  const megabytes = input.length / 1e6;
  const limit = m.naive.failed ? megabytes : 2 * m.naive.seconds;
  hostile.push({ name, megabytes, m, limit, met: m.cli.seconds <= limit });
  process.stderr.write(`${name}: ${JSON.stringify(m)}\n`);
}
rmSync(work, { recursive: true, force: true });

const f = (x) => x.toFixed(2);
const table = [
  '| workload | cli / node -e 0 | cli / naive (time) | cli / naive (peak RSS) | cli / kpt+cat | cli s | naive s |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    ({ name, m }) =>
      `| ${name} | ${f(m.cli.seconds / m['node -e 0'].seconds)} | ${f(m.cli.seconds / m.naive.seconds)} | ${f(m.cli.rss / m.naive.rss)} | ${f(m.cli.seconds / m['kpt + cat'].seconds)} | ${f(m.cli.seconds)} | ${f(m.naive.seconds)} |`,
  ),
];
const byName = Object.fromEntries(rows.map((r) => [r.name, r.m]));
// The targets of issues 6 and 19, each a ratio from this run (those whose workloads ran).
const targets = [
  ['W0 start-up ≤ 1.3× `node -e 0`', (m) => m.W0.cli.seconds / m.W0['node -e 0'].seconds, 1.3],
  ['W1 time ≤ 0.15× the naive round trip', (m) => m.W1.cli.seconds / m.W1.naive.seconds, 0.15],
  ['W1 peak RSS ≤ 0.3× the naive round trip', (m) => m.W1.cli.rss / m.W1.naive.rss, 0.3],
  ['W1 time ≤ 11× W1-small time', (m) => m.W1.cli.seconds / m['W1-small'].cli.seconds, 11],
  ['W2 time ≤ 0.6× the naive round trip', (m) => m.W2.cli.seconds / m.W2.naive.seconds, 0.6],
  // Issue 19: 1,000 SandboxSets that share no view, each planned and checked by the reference model.
  ['W1v time ≤ 0.25× the naive round trip', (m) => m.W1v.cli.seconds / m.W1v.naive.seconds, 0.25],
  [
    'W1-small time ≤ 0.3× the naive round trip (by wall time; the CI gate compares CPU time)',
    (m) => m['W1-small'].cli.seconds / m['W1-small'].naive.seconds,
    0.3,
  ],
];
const checks = targets.flatMap(([what, ratio, limit]) => {
  const value = (() => {
    try {
      return ratio(byName);
    } catch {
      return undefined;
    }
  })();
  return value === undefined ? [] : [`| ${what} | ${f(value)} | ${value <= limit ? 'yes' : 'no'} |`];
});
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, kpt ${execFileSync('kpt', ['version']).toString().trim()}`;
const hostileTable = [
  '| hostile case | input MB | cli s | naive s | target: cli s at most | met |',
  '|---|---|---|---|---|---|',
  ...hostile.map(
    ({ name, megabytes, m, limit, met }) =>
      `| ${name} | ${f(megabytes)} | ${f(m.cli.seconds)} | ${m.naive.failed ? 'fails' : f(m.naive.seconds)} | ` +
      `${f(limit)} (${m.naive.failed ? '1 s per MB' : '2× naive'}) | ${met ? 'yes' : 'no'} |`,
  ),
];
const report = `# Benchmark results

Machine: ${machine}. Medians of ${RUNS} runs, alternating. The CLI is run as \`node dist/inject-sandbox-runtimes.cjs\`.

${table.join('\n')}

| target | measured | met |
|---|---|---|
${checks.join('\n')}

The hostile workload (bench/hostile.mjs), each case on its own: the CLI within 2× the naive round trip,
or within 1 s per MB where the naive round trip fails on the input.

${hostileTable.join('\n')}
`;
console.log(report);
// What follows PAIRED in RESULTS.md (the builds compared by bench/pair.mjs, written by hand) is kept.
const results = new URL('./RESULTS.md', import.meta.url);
const PAIRED = '\n## Before and after';
const kept = (() => {
  try {
    const old = readFileSync(results, 'utf8');
    return old.includes(PAIRED) ? old.slice(old.indexOf(PAIRED)) : '';
  } catch {
    return '';
  }
})();
if (!only.length) writeFileSync(results, report + kept);
