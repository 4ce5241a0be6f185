// The benchmark's CI gate (issue 6): W1-small through the bundled CLI must take at most 0.3 of the naive
// round trip's time. The two alternate in 5 rounds, and the figure is the median of the ratios within a
// round, so that a slow spell of a shared machine (which falls on both commands of a round alike) does
// not turn CI red; a few seconds in all. Exit code 1 when the ratio is over the limit.
import { cli, measure, median, naive } from './measure.mjs';
import { resourceList, WORKLOADS } from './workloads.mjs';

const LIMIT = 0.3;
const ROUNDS = 5;
const input = Buffer.from(resourceList(WORKLOADS['W1-small']()));
const rounds = Array.from({ length: ROUNDS }, () => ({
  naive: measure('node', [naive], input),
  cli: measure('node', [cli], input),
}));
const ratio = median(rounds.map((r) => r.cli.seconds / r.naive.seconds));
const seconds = (key) => median(rounds.map((r) => r[key].seconds)).toFixed(3);
console.log(
  `bench gate: W1-small cli ${seconds('cli')} s, naive ${seconds('naive')} s, ratio ${ratio.toFixed(2)} (limit ${LIMIT})`,
);
process.exitCode = ratio <= LIMIT ? 0 : 1;
