// The design notes (docs/) made executable: every golden case must give its expected output, results
// and exit code exactly.
import assert from 'node:assert/strict';
import { runAsProcess as run } from './helpers/process.js';
import { goldenCases, goldenDiffs } from './helpers/golden.js';

describe('golden cases', () => {
  for (const c of goldenCases()) {
    const options = c.configText === undefined ? {} : { configText: c.configText };

    it(c.name, () => {
      const diffs = goldenDiffs(c, run(c.input, options));
      if (diffs.length)
        assert.fail(
          `${c.name}: the output differs from the expectations; each file it got is beside its expectation as ` +
            `<file>.actual (UPDATE_GOLDEN=1 npx mocha test/golden.test.ts rewrites them, for review):\n` +
            diffs.join('\n'),
        );
    });
  }
});
