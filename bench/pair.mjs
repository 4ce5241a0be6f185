// Paired measurement of several builds of the CLI (issue 19: "report W1 paired against the build before
// your change"): on each workload, every build's bundled CLI, the naive round trip and `node -e 0`, run in
// rounds in which they alternate, so that a slow spell of a shared machine falls on all of them alike.
// Each ratio is the median over rounds of the ratio within a round, of wall time, of CPU time (user and
// system: what others' load adds to less) and of peak RSS. Usage:
//   node bench/pair.mjs [--runs N] NAME=DIR... [WORKLOAD...]
// DIR is a checkout whose dist/ is built (npm run build); the workloads default to all of
// bench/workloads.mjs. It prints one Markdown table per build and writes nothing.
import { join, resolve } from 'node:path';
import { measure, median, naive } from './measure.mjs';
import { resourceList, WORKLOADS } from './workloads.mjs';

const args = process.argv.slice(2);
let runs = 5;
const builds = [];
const only = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--runs') runs = Number(args[++i]);
  else if (arg.includes('=')) {
    const [name, dir] = arg.split('=');
    builds.push({ name, cli: join(resolve(dir), 'dist/inject-sandbox-runtimes.cjs') });
  } else only.push(arg);
}
if (!builds.length) throw new Error('usage: node bench/pair.mjs [--runs N] NAME=DIR... [WORKLOAD...]');

const rows = [];
for (const [workload, make] of Object.entries(WORKLOADS)) {
  if (only.length && !only.includes(workload)) continue;
  const input = Buffer.from(resourceList(make()));
  const commands = {
    'node -e 0': ['node', ['-e', '0'], undefined],
    naive: ['node', [naive], input],
    ...Object.fromEntries(builds.map((b) => [b.name, ['node', [b.cli], input]])),
  };
  const rounds = [];
  for (let run = 0; run < runs; run++) {
    const round = {};
    for (const [key, [command, commandArgs, stdin]] of Object.entries(commands))
      round[key] = measure(command, commandArgs, stdin);
    rounds.push(round);
  }
  for (const { name } of builds) {
    const ratio = (of, to, field) => median(rounds.map((r) => r[of][field] / r[to][field]));
    rows.push({
      workload,
      build: name,
      startup: ratio(name, 'node -e 0', 'seconds'),
      time: ratio(name, 'naive', 'seconds'),
      cpu: ratio(name, 'naive', 'cpu'),
      cpuStartup: ratio(name, 'node -e 0', 'cpu'),
      rss: ratio(name, 'naive', 'rss'),
      versus: Object.fromEntries(builds.map((other) => [other.name, ratio(name, other.name, 'seconds')])),
      seconds: median(rounds.map((r) => r[name].seconds)),
      naive: median(rounds.map((r) => r.naive.seconds)),
    });
  }
  process.stderr.write(`${workload}: done\n`);
}

const f = (x) => x.toFixed(2);
console.log(`Medians of ${runs} alternating rounds; each ratio within a round.\n`);
console.log(
  `| workload | build | cli / node -e 0 | cli / naive (time) | cli / node -e 0 (CPU) | cli / naive (CPU) | cli / naive (peak RSS) | ${builds.map((b) => `time / ${b.name}`).join(' | ')} | cli s | naive s |`,
);
console.log(`|---|---|---|---|---|---|---|${builds.map(() => '---|').join('')}---|---|`);
for (const r of rows) {
  console.log(
    `| ${r.workload} | ${r.build} | ${f(r.startup)} | ${f(r.time)} | ${f(r.cpuStartup)} | ${f(r.cpu)} | ${f(r.rss)} | ${builds.map((b) => f(r.versus[b.name])).join(' | ')} | ${f(r.seconds)} | ${f(r.naive)} |`,
  );
}
