// The design notes (docs/) made executable: every golden case must give its expected output, results
// and exit code exactly.
import assert from 'node:assert/strict';
import { runAsProcess as run } from './helpers/process.js';
import { expected, goldenCases, resultsText } from './helpers/golden.js';

describe('golden cases', () => {
  for (const c of goldenCases()) {
    it(c.name, () => {
      const output = run(c.input, c.options);
      const want = expected(c, output);
      assert.equal(output.stdout, want.stdout, 'stdout');
      assert.equal(output.stderr, want.stderr, 'stderr');
      assert.equal(resultsText(output), want.results, 'results');
      assert.equal(String(output.exitCode), want.exitCode, 'exit code');
    });
  }
});
