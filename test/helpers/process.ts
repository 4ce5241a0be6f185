// A run as the CLI shows it (stdout, stderr, exit code), with its results: what golden cases and most
// tests compare.
import type { Result } from '../../src/base/results.js';
import { run, type RunOptions } from '../../src/pipeline.js';
import { toStreams, type Streams } from '../../src/streams.js';

export type RunOutput = Streams<string> & {
  results: Result[];
  /** True when stdout is a ResourceList that carries the results (pipeline.ts's RunOutcome). */
  resultsInOutput: boolean;
};

export function runAsProcess(source: string | Uint8Array, options: RunOptions = {}): RunOutput {
  const outcome = run(source, options);
  return {
    ...toStreams(outcome, ''),
    results: outcome.ok ? outcome.results : [],
    resultsInOutput: outcome.ok && outcome.resultsInOutput,
  };
}
