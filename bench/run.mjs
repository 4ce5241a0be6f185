// npm run bench: time and peak memory of the bundled CLI against `node -e 0`, the naive round trip
// and kpt's own pass with `cat`, on each workload; medians of RUNS runs, the commands alternating.
// Prints the ratios and writes them, with the machine, to bench/RESULTS.md. Ratios are the figures:
// absolute times depend on the machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile, resourceList, WORKLOADS } from './workloads.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const only = process.argv.slice(2);
const cli = new URL('../dist/inject-sandbox-runtimes.cjs', import.meta.url).pathname;
const naive = new URL('./naive.cjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'isr-bench-'));

/** Wall seconds and peak RSS (MiB) of one command, with GNU time. */
function measure(command, args, input) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { input, maxBuffer: 1 << 30, encoding: 'buffer' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  const lines = r.stderr.toString().trim().split('\n');
  return { seconds, rss: Number(lines[lines.length - 1]) / 1024 };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

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
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const [key, [command, args, stdin]] of Object.entries(commands)) samples[key].push(measure(command, args, stdin));
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, { seconds: median(s.map((x) => x.seconds)), rss: median(s.map((x) => x.rss)) }]));
  rows.push({ name, m });
  process.stderr.write(`${name}: ${JSON.stringify(m)}\n`);
}
rmSync(work, { recursive: true, force: true });

const f = (x) => x.toFixed(2);
const table = [
  '| workload | cli / node -e 0 | cli / naive (time) | cli / naive (peak RSS) | cli / kpt+cat | cli s | naive s |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(({ name, m }) =>
    `| ${name} | ${f(m.cli.seconds / m['node -e 0'].seconds)} | ${f(m.cli.seconds / m.naive.seconds)} | ${f(m.cli.rss / m.naive.rss)} | ${f(m.cli.seconds / m['kpt + cat'].seconds)} | ${f(m.cli.seconds)} | ${f(m.naive.seconds)} |`,
  ),
];
const w1 = rows.find((r) => r.name === 'W1');
const w1s = rows.find((r) => r.name === 'W1-small');
const growth = w1 && w1s ? `\nW1 time / W1-small time: ${f(w1.m.cli.seconds / w1s.m.cli.seconds)}\n` : '';
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, kpt ${execFileSync('kpt', ['version']).toString().trim()}`;
const report = `# Benchmark results\n\nMachine: ${machine}. Medians of ${RUNS} runs, alternating.\n\n${table.join('\n')}\n${growth}`;
console.log(report);
if (!only.length) writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
