// The one way property tests run: seeded, replayable, and held to a floor of cases that really
// exercised the law. A law checked only on cases that return early (the input was refused, nothing
// changed) passes whatever the code does; the floor makes such a test fail instead.
//
// SEED=<integer> replays a run; SEED=random (npm run test:random) draws a fresh seed, shown in each
// property's title; without SEED every run uses DEFAULT_SEED, so CI is deterministic.
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import fc from 'fast-check';

const DEFAULT_SEED = 20240607;

function seedFromEnvironment(value = process.env.SEED): number {
  if (value === undefined || value === '') return DEFAULT_SEED;
  // Drawn from the process's start time, not Math.random: mocha loads some test files through require
  // and others through import, so this module may be evaluated twice, and both must draw the same seed.
  if (value === 'random') return Math.floor(performance.timeOrigin * 1000) % 2 ** 31;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed))
    throw new Error(`SEED=${value}: expected an integer (a seed to replay) or "random" (a fresh one)`);
  return seed;
}

/** The seed of this test process: one for every property, so that one SEED replays them all. */
export const SEED = seedFromEnvironment();

export interface PropertyOptions {
  /** How many cases to generate. */
  runs: number;
  /** How many of them must exercise the law (the check returned true, or some label). */
  floor: number;
  /**
   * How many cases must exercise the law for each label (a kind, say), so that none of them drops out
   * unseen while the others keep the total above its floor.
   */
  floors?: Readonly<Record<string, number>>;
}

/**
 * What a case shows: whether it exercised the law, or what it exercised the law for (labels, such as the
 * kinds of the resources it checked), each counted on its own; no label is as false.
 */
export type Evidence = boolean | readonly string[];

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * Checks a law over cases generated from the arbitraries, in the mocha test whose context is given.
 * `check` asserts the law and returns whether the case exercised it (its Evidence): false for a case
 * that returns early, so that it counts as generated but not as evidence. The test fails on a
 * counterexample (with the seed and the command that replays it), and when fewer than `floor` cases
 * exercised the law, or fewer than `floors[label]` did for a label. On success its title says the seed
 * and the counts.
 */
/** How long one property may run, shrinking included, before it fails as interrupted. */
const TIME_LIMIT_MS = 120_000;

export function checkProperty<Ts extends [unknown, ...unknown[]]>(
  test: Mocha.Context,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  check: (...args: Ts) => Evidence,
  { runs, floor, floors = {} }: PropertyOptions,
): void {
  const runnable = test.test;
  assert.ok(runnable, 'checkProperty runs inside a mocha test: pass `this` of `it(title, function () {...})`');
  const replay =
    `SEED=${SEED} npx mocha ${relative(process.cwd(), runnable.file ?? '')} ` +
    `--fgrep ${shellQuote(runnable.fullTitle())}`;

  let cases = 0;
  let exercised = 0;
  const byLabel = new Map(Object.keys(floors).map((label) => [label, 0]));
  const property = fc.property(...arbitraries, (...args: Ts) => {
    const evidence = check(...args);
    const labels = typeof evidence === 'boolean' ? [] : [...new Set(evidence)];
    cases++;
    if (evidence === true || labels.length > 0) exercised++;
    for (const label of labels) byLabel.set(label, (byLabel.get(label) ?? 0) + 1);
  });
  // Bounded, shrinking included: a failure found is reported with the smallest case found in the time
  // (an unbounded shrink of a large Sandbox has run for a quarter of an hour, in one synchronous call
  // that mocha's timeout cannot stop); a property that passes takes seconds.
  const details = fc.check(property, {
    seed: SEED,
    numRuns: runs,
    interruptAfterTimeLimit: TIME_LIMIT_MS,
    markInterruptAsFailure: true,
  });
  if (details.failed) {
    const report = fc.defaultReportMessage(details) ?? 'the property failed';
    throw new Error(`${report}\n\nReplay it with: ${replay}`, { cause: details.errorInstance });
  }
  const labels = [...byLabel].map(([label, n]) => `${label} ${n}` + (label in floors ? `/${floors[label]}` : ''));
  runnable.title +=
    ` (seed ${SEED}: ${exercised} of ${cases} cases exercised it, floor ${floor}` +
    (labels.length ? `; by label, count/floor: ${labels.join(', ')})` : ')');
  const why = `(the code refuses them, or the generator no longer makes them). Replay it with: ${replay}`;
  if (exercised < floor)
    assert.fail(
      `only ${exercised} of ${cases} generated cases exercised the law, fewer than its floor of ${floor}: the ` +
        `cases now mostly return early ${why}`,
    );
  const short = Object.entries(floors).filter(([label, least]) => byLabel.get(label)! < least);
  if (short.length)
    assert.fail(
      `too few of ${cases} generated cases exercised the law for ` +
        short.map(([label, least]) => `${label} (${byLabel.get(label)}, fewer than its floor of ${least})`).join(', ') +
        `: such cases now return early ${why}`,
    );
}
