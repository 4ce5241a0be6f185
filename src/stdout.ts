// Writing the output to stdout: the chunks where they lie, in gathering writes. The output of a large
// render is mostly slices of the input's bytes; batching them into one buffer cost as much memory again
// (7 MB of peak RSS on the 2.7 MB W1 workload, bench/workloads.mjs).
import { writevSync } from 'node:fs';
import type { Outcome } from './base/outcome.js';
import { failure, success } from './base/outcome.js';
import { waitForThePeer } from './stdin.js';

/** The most buffers one writev takes: Linux's IOV_MAX. */
const IOV_MAX = 1024;

/**
 * Writes all the chunks, in order, with `writev` (writevSync on a descriptor, by default stdout's):
 * after a short write it goes on from the byte where the write stopped, and it waits for a slow reader
 * of a non-blocking descriptor. Fails, with what to say, when the output cannot be written.
 */
export function writeAll(
  chunks: readonly Uint8Array[],
  writev: (batch: Uint8Array[]) => number = (batch) => writevSync(1, batch),
): Outcome<void, string> {
  let next = 0;
  // What is left of chunks[next], after a short write that ended inside it.
  let head = chunks[next];
  while (head !== undefined) {
    const batch = [head, ...chunks.slice(next + 1, next + IOV_MAX)];
    let written: number;
    try {
      written = writev(batch);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        waitForThePeer();
        continue;
      }
      return failure(`cannot write the output: ${cannotWrite(e as NodeJS.ErrnoException)}`);
    }
    for (const chunk of batch) {
      if (written < chunk.length) {
        head = chunk.subarray(written);
        written = 0;
        break;
      }
      written -= chunk.length;
      head = chunks[++next];
    }
  }
  return success(undefined);
}

function cannotWrite(e: NodeJS.ErrnoException): string {
  if (e.code === 'EPIPE') return 'its reader closed it before the end (EPIPE); the output is incomplete';
  if (e.code === 'ENOSPC') return 'no space left on the device (ENOSPC); the output is incomplete';
  return e.message;
}
