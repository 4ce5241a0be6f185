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
  /** How many of them must exercise the law (the check returned true). */
  floor: number;
}

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * Checks a law over cases generated from the arbitraries, in the mocha test whose context is given.
 * `check` asserts the law and returns whether the case exercised it: false for a case that returns
 * early, so that it counts as generated but not as evidence. The test fails on a counterexample (with
 * the seed and the command that replays it), and when fewer than `floor` cases exercised the law. On
 * success its title says the seed and both counts.
 */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(
  test: Mocha.Context,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  check: (...args: Ts) => boolean,
  { runs, floor }: PropertyOptions,
): void {
  const runnable = test.test;
  assert.ok(runnable, 'checkProperty runs inside a mocha test: pass `this` of `it(title, function () {...})`');
  const replay =
    `SEED=${SEED} npx mocha ${relative(process.cwd(), runnable.file ?? '')} ` +
    `--fgrep ${shellQuote(runnable.fullTitle())}`;

  let cases = 0;
  let exercised = 0;
  const property = fc.property(...arbitraries, (...args: Ts) => {
    const did = check(...args);
    cases++;
    if (did) exercised++;
  });
  const details = fc.check(property, { seed: SEED, numRuns: runs });
  if (details.failed) {
    const report = fc.defaultReportMessage(details) ?? 'the property failed';
    throw new Error(`${report}\n\nReplay it with: ${replay}`, { cause: details.errorInstance });
  }
  runnable.title += ` (seed ${SEED}: ${exercised} of ${cases} cases exercised it, floor ${floor})`;
  if (exercised < floor)
    assert.fail(
      `only ${exercised} of ${cases} generated cases exercised the law, fewer than its floor of ${floor}: the ` +
        `cases now mostly return early (the code refuses them, or the generator no longer makes them). ` +
        `Replay it with: ${replay}`,
    );
}
