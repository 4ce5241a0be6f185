// How a run's outcome reaches a process: the output on stdout, results the output cannot carry as
// lines on stderr, and exit code 1 iff there is an error result or the input could not be read.
import { hasError, summarize } from './base/results.js';
import type { RunOutcome } from './pipeline.js';

export interface Streams<Output> {
  stdout: Output;
  stderr: string;
  exitCode: 0 | 1;
}

export function toStreams<Output>(outcome: RunOutcome<Output>, nothing: Output): Streams<Output> {
  if (!outcome.ok) return { stdout: nothing, stderr: outcome.error + '\n', exitCode: 1 };
  const stderr = outcome.resultsInOutput ? '' : summarize(outcome.results);
  return { stdout: outcome.output, stderr, exitCode: hasError(outcome.results) ? 1 : 0 };
}
