// The random differential test of issue 20: generated cases (./generate.ts) run through the function and
// judged by the reference model (./judge.ts). It prints the seed, the number of cases and the share of each
// outcome, and for each distinct failure the smallest case fast-check shrinks it to. `npm test` runs it with
// a fixed seed (./differential.test.ts); `npm run test:random` with a fresh one (./differential.random.ts).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { caseArbitrary, caseOf, type CaseSpec } from './generate.js';
import { REFUSAL_REASONS } from '../../src/base/results.js';
import { judge, type Verdict } from './judge.js';

/** How a run is made: its seed and size, how long each failure is shrunk, and the command that replays it. */
export interface Run {
  seed: number;
  runs: number;
  shrinkSeconds: number;
  replay: string;
}

/** judge, with a crash of the function or of the model as a failure of its own. */
function verdictOf(spec: CaseSpec): Verdict {
  try {
    return judge(caseOf(spec));
  } catch (e) {
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return {
      class: 'both failed',
      failures: [{ key: `crash: ${message.split('\n')[0]}`, detail: message }],
      notes: [],
    };
  }
}

const percent = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;

/** The test, in the mocha file that calls it. */
export function differential({ seed, runs, shrinkSeconds, replay }: Run): void {
  describe('random differential test against the reference model (issue 20)', function () {
    this.timeout(0);

    it(`the function and the controller agree on generated cases (seed ${seed}, ${runs} cases)`, () => {
      console.log(`  seed ${seed}, ${runs} cases; replay with ${replay}`);
      const classes = new Map<string, number>();
      const notes = new Map<string, number>();
      const failures = new Map<string, { count: number; detail: string; run: number }>();
      let run = 0;
      fc.check(
        fc.property(caseArbitrary, (spec) => {
          const verdict = verdictOf(spec);
          run++;
          classes.set(verdict.class, (classes.get(verdict.class) ?? 0) + 1);
          for (const note of verdict.notes) notes.set(note, (notes.get(note) ?? 0) + 1);
          for (const f of verdict.failures) {
            const known = failures.get(f.key);
            failures.set(f.key, {
              count: (known?.count ?? 0) + 1,
              detail: known?.detail ?? f.detail,
              run: known?.run ?? run - 1,
            });
          }
          return true;
        }),
        { seed, numRuns: runs },
      );
      console.log(`  ${runs} cases:`);
      for (const c of ['expanded', 'left', 'refused', 'both failed'])
        console.log(`    ${c}: ${classes.get(c) ?? 0} (${percent(classes.get(c) ?? 0, runs)})`);
      for (const [note, n] of [...notes].sort(([a], [b]) => a.localeCompare(b))) console.log(`    (${note}: ${n})`);
      console.log(`  refusals by design (docs/refusals.md): ${REFUSAL_REASONS.join(', ')}`);
      if (failures.size === 0) return;

      // Each distinct failure, shrunk on its own from the first case that showed it (replayed by its path), for
      // at most shrinkSeconds: the smallest case found that still shows it.
      const report: string[] = [];
      for (const [key, { count, run: first }] of failures) {
        const shrunk = fc.check(
          fc.property(caseArbitrary, (spec) => !verdictOf(spec).failures.some((f) => f.key === key)),
          { seed, path: String(first), numRuns: runs, interruptAfterTimeLimit: shrinkSeconds * 1000 },
        );
        const spec = shrunk.counterexample?.[0];
        const detail = spec ? verdictOf(spec).failures.find((f) => f.key === key)?.detail : undefined;
        report.push(
          `${key} (${count} of ${runs} cases; first: case ${first})\n  ${detail ?? ''}\n` +
            `  smallest case found (SEED=${seed} path ${shrunk.counterexamplePath}):\n` +
            (spec ? caseOf(spec).text : '(not found again)').replace(/^/gm, '    '),
        );
      }
      console.log(`\n  ${failures.size} distinct failures:\n\n${report.join('\n')}`);
      assert.fail(`${failures.size} distinct failures (seed ${seed}): ${[...failures.keys()].join('; ')}`);
    });
  });
}
