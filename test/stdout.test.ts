// Writing the output: every byte, in order, whatever the writes take; a closed reader is said in words.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeAll } from '../src/stdout.js';
import { requireBundle } from './helpers/bundle.js';

/** A writev that takes at most `max` bytes a call, and fails with `errors` first. */
function writer(max: number, errors: string[] = []) {
  const written: Buffer[] = [];
  const calls: number[] = [];
  const writev = (batch: Uint8Array[]) => {
    const code = errors.shift();
    if (code !== undefined) throw Object.assign(new Error(`write ${code}`), { code });
    calls.push(batch.length);
    let room = max;
    for (const chunk of batch) {
      const taken = chunk.subarray(0, room);
      written.push(Buffer.from(taken));
      room -= taken.length;
      if (room === 0) break;
    }
    return max - room;
  };
  return { writev, written, calls };
}

describe('stdout', () => {
  const chunks = Array.from({ length: 2500 }, (_, i) => Buffer.alloc(i % 7, i % 251));

  it('writes every chunk in order, at most 1024 to a call, going on after short writes', () => {
    for (const max of [1, 3, 100, 10_000_000]) {
      const { writev, written, calls } = writer(max);
      assert.deepEqual(writeAll(chunks, writev), { ok: true, value: undefined });
      assert.deepEqual(Buffer.concat(written), Buffer.concat(chunks), `writes of at most ${max} bytes`);
      assert.ok(Math.max(...calls) <= 1024);
    }
  });

  it('waits for a slow reader of a non-blocking descriptor (EAGAIN)', () => {
    const { writev, written } = writer(50, ['EAGAIN', 'EAGAIN']);
    assert.ok(writeAll(chunks, writev).ok);
    assert.deepEqual(Buffer.concat(written), Buffer.concat(chunks));
  });

  it('says that the reader closed the output (EPIPE), or the disk is full (ENOSPC)', () => {
    assert.deepEqual(writeAll(chunks, writer(50, ['EPIPE']).writev), {
      ok: false,
      error: 'cannot write the output: its reader closed it before the end (EPIPE); the output is incomplete',
    });
    assert.deepEqual(writeAll(chunks, writer(50, ['ENOSPC']).writev), {
      ok: false,
      error: 'cannot write the output: no space left on the device (ENOSPC); the output is incomplete',
    });
  });

  it('the CLI whose reader stops early exits 1 with that sentence, not a stack trace', function () {
    this.timeout(20000);
    // The pipe's reader (head) goes after a byte; the output is well over a pipe's 64 KiB.
    const input = readFileSync('examples/basic/resource-list.yaml', 'utf8');
    const large = input.replace(
      /^items:\n/m,
      `items:\n${'- {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n'.repeat(20_000)}`,
    );
    const r = spawnSync(
      'bash',
      ['-c', `node ${requireBundle()} | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}" >&2`],
      {
        input: large,
      },
    );
    assert.equal(
      r.stderr.toString(),
      'inject-sandbox-runtimes: cannot write the output: its reader closed it before the end (EPIPE); the output is incomplete\n1\n',
    );
  });
});
