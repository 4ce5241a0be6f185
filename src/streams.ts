// How a run's outcome reaches a process: the output on stdout, results the output cannot carry as
// lines on stderr, and exit code 1 iff there is an error result or the input could not be read.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { hasError, printable, summarize } from './base/results.js';
import type { RunOutcome } from './pipeline.js';

export interface Streams<Output> {
  stdout: Output;
  stderr: string;
  exitCode: 0 | 1;
}

export function toStreams<Output>(outcome: RunOutcome<Output>, nothing: Output): Streams<Output> {
  if (!outcome.ok) return { stdout: nothing, stderr: printable(outcome.error) + '\n', exitCode: 1 };
  const stderr = outcome.resultsInOutput ? '' : summarize(outcome.results);
  return { stdout: outcome.output, stderr, exitCode: hasError(outcome.results) ? 1 : 0 };
}

/**
 * As toStreams, with a unified diff of the input to the output on stdout in place of the output (--diff,
 * for a preview): nothing when the run changes nothing.
 */
export function toDiffStreams(input: Uint8Array, outcome: RunOutcome): Streams<string> {
  const streams = toStreams(outcome, '');
  if (!outcome.ok) return streams;
  const before = Buffer.from(input).toString('utf8');
  const diff =
    before === outcome.output
      ? ''
      : createTwoFilesPatch('input', 'output', before, outcome.output, undefined, undefined, {
          headerOptions: FILE_HEADERS_ONLY,
        });
  return { ...streams, stdout: diff };
}
