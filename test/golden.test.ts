// The design notes (docs/) made executable: every golden case must give its expected output, results
// and exit code exactly, and its output run again must be a fixed point (kpt's `runCount: 2`).
import assert from 'node:assert/strict';
import { runAsProcess as run, type RunOutput } from './helpers/process.js';
import { goldenCases, goldenDiffs, unifiedDiff, withoutResults } from './helpers/golden.js';

/** The resources a run's results say it expanded, or found up to date, by their resourceRef. */
const about = (output: RunOutput, message: RegExp): string[] =>
  output.results.filter((r) => message.test(r.message) && r.resourceRef).map((r) => JSON.stringify(r.resourceRef));

describe('golden cases', () => {
  // The cases whose second run had something to find up to date: the check is evidence only there.
  let foundUpToDate = 0;
  for (const c of goldenCases()) {
    const options = c.options;

    it(c.name, () => {
      const diffs = goldenDiffs(c, run(c.input, options));
      if (diffs.length)
        assert.fail(
          `${c.name}: the output differs from the expectations; each file it got is beside its expectation as ` +
            `<file>.actual (UPDATE_GOLDEN=1 npx mocha test/golden.test.ts rewrites them, for review):\n` +
            diffs.join('\n'),
        );
    });

    // The output, handed back as kpt hands a package to the next run (without the results), gives the
    // same output and exit code: an error case, whose output is its input, simply gives it again.
    it(`${c.name}, run again on its output, is a fixed point`, () => {
      const first = run(c.input, options);
      const once = withoutResults(first);
      const again = run(once, options);
      const twice = withoutResults(again);
      if (twice !== once)
        assert.fail(`the second run changed the output:\n${unifiedDiff('first', once, 'second', twice)}`);
      assert.equal(
        again.exitCode,
        first.exitCode,
        `exit code; the second run's results:\n${JSON.stringify(again.results)}`,
      );
      assert.deepEqual(about(again, /^expanded runtimes /), [], 'the second run expands nothing again');
      const expanded = about(first, /^expanded runtimes /);
      assert.deepEqual(
        about(again, /^injection up to date$/),
        expanded,
        'the second run finds up to date each resource the first expanded',
      );
      if (expanded.length) foundUpToDate++;
    });
  }

  // 80 cases of 153 expand something. Were the results to stop saying so, every check above would pass.
  it('second runs found up to date what the first expanded, in 60 cases or more', () => {
    assert.ok(foundUpToDate >= 60, `only ${foundUpToDate} cases: do the results still name what was expanded?`);
  });
});
