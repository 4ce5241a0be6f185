// The benchmark's CI gate (issue 6): W1-small through the bundled CLI must take at most 0.3 of the naive
// round trip's time. Medians of 3 alternating runs, a few seconds in all, so that one slow run of a
// shared machine does not turn CI red. Exit code 1 when the ratio is over the limit.
import { cli, measureAlternating, naive } from './measure.mjs';
import { resourceList, WORKLOADS } from './workloads.mjs';

const LIMIT = 0.3;
const input = Buffer.from(resourceList(WORKLOADS['W1-small']()));
const m = measureAlternating({ naive: ['node', [naive], input], cli: ['node', [cli], input] }, 3);
const ratio = m.cli.seconds / m.naive.seconds;
console.log(
  `bench gate: W1-small cli ${m.cli.seconds.toFixed(3)} s, naive ${m.naive.seconds.toFixed(3)} s, ratio ${ratio.toFixed(2)} (limit ${LIMIT})`,
);
process.exitCode = ratio <= LIMIT ? 0 : 1;
