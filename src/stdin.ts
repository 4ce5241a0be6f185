// Reading the input from stdin, within a bound (docs/io.md, "Limits"): an endless stdin (/dev/zero)
// stops at the bound with a message, rather than filling memory, and a stdin that cannot be read
// says why in words.
import { constants } from 'node:buffer';
import { fstatSync, readSync } from 'node:fs';

/**
 * The largest input read: 500 MiB, well above the largest renders seen (200 MB work), and below
 * V8's longest string (512 MiB), which the input's text must fit in.
 */
export const MAX_INPUT_BYTES = Math.min(500 * 2 ** 20, constants.MAX_STRING_LENGTH);

export type StdinRead = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

const CHUNK = 1 << 16;

/** All of stdin (or of another descriptor), or why not. */
export function readStdin(fd = 0, limit = MAX_INPUT_BYTES): StdinRead {
  // Each read into one buffer, and only what it read kept, as readFileSync does: no more held than
  // the input, until the one copy that joins it.
  const buffer = Buffer.allocUnsafe(CHUNK);
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(fd, buffer, 0, CHUNK, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A non-blocking stdin whose writer is slow: wait for it.
      if (code === 'EAGAIN') {
        waitForThePeer();
        continue;
      }
      return { ok: false, error: `cannot read the input: ${cannotRead(e as NodeJS.ErrnoException)}` };
    }
    if (read === 0) break;
    total += read;
    if (total > limit) {
      return {
        ok: false,
        error:
          `cannot read the input: it is larger than ${limit / 2 ** 20} MiB, more than any render needs; ` +
          'check what is piped in, or split the manifests into several runs',
      };
    }
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) };
}

/**
 * Whether stdin is a terminal. A terminal is a character device (as /dev/null is), and only then is node:tty
 * asked, loaded when it is: it loads the stream and net modules, a twentieth of a run on an empty input.
 * A node without process.getBuiltinModule (before 20.16) takes every character device for a terminal.
 */
export function stdinIsTerminal(): boolean {
  let characterDevice: boolean;
  try {
    characterDevice = fstatSync(0).isCharacterDevice();
  } catch {
    return false;
  }
  if (!characterDevice) return false;
  const tty = process.getBuiltinModule?.('node:tty') as typeof import('node:tty') | undefined;
  return tty === undefined || tty.isatty(0);
}

/**
 * Sleeps a few milliseconds: the wait for a slow peer of a non-blocking descriptor (EAGAIN), without
 * an event loop to wait in.
 */
export function waitForThePeer(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
}

function cannotRead(e: NodeJS.ErrnoException): string {
  if (e.code !== 'EISDIR') return e.message;
  return (
    'stdin is a directory; give the manifests as a file or a pipe ' +
    '(inject-sandbox-runtimes CONFIG.yaml < manifests.yaml)'
  );
}
