// Measuring commands for the benchmark and its CI gate: wall time and peak RSS, medians of runs in
// which the commands alternate, so that a slow spell of the machine falls on all of them alike.
import { spawnSync } from 'node:child_process';

export const cli = new URL('../dist/inject-sandbox-runtimes.cjs', import.meta.url).pathname;
export const naive = new URL('./naive.cjs', import.meta.url).pathname;

/**
 * Wall seconds, CPU seconds (user and system), peak RSS (MiB) and exit status of one command, with GNU
 * time. On a shared machine CPU time varies less than wall time (others' load does not add to it).
 */
export function measure(command, args, input) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', command, ...args], {
    input,
    maxBuffer: 1 << 30,
    encoding: 'buffer',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  const lines = r.stderr.toString().trim().split('\n');
  const [user, system, rss] = lines[lines.length - 1].split(' ').map(Number);
  return { seconds, cpu: user + system, rss: rss / 1024, status: r.status };
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Per command ([command, args, stdin]), the median seconds and peak RSS of `runs` alternating runs, and
 * whether any run failed (exit status other than 0: the naive round trip on input it cannot read).
 */
export function measureAlternating(commands, runs) {
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let run = 0; run < runs; run++) {
    for (const [key, [command, args, stdin]] of Object.entries(commands))
      samples[key].push(measure(command, args, stdin));
  }
  return Object.fromEntries(
    Object.entries(samples).map(([k, s]) => [
      k,
      {
        seconds: median(s.map((x) => x.seconds)),
        rss: median(s.map((x) => x.rss)),
        failed: s.some((x) => x.status !== 0),
      },
    ]),
  );
}
