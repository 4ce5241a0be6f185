// Reading stdin within a bound: an endless or oversized input, and a directory, are refused in words.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_INPUT_BYTES, readStdin } from '../src/stdin.js';
import { requireBundle } from './helpers/bundle.js';

const withFd = <T>(path: string, use: (fd: number) => T): T => {
  const fd = openSync(path, 'r');
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
};

describe('stdin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'isr-stdin-'));

  it('reads all of it, in chunks, up to the bound', () => {
    const file = join(dir, 'input.yaml');
    const text = 'x'.repeat(3 * (1 << 20) + 5);
    writeFileSync(file, text);
    const read = withFd(file, (fd) => readStdin(fd, text.length));
    assert.ok(read.ok);
    assert.equal(Buffer.from(read.bytes).toString(), text);
  });

  it('stops at the bound with a message', () => {
    const file = join(dir, 'large.yaml');
    writeFileSync(file, 'x'.repeat(2 << 20));
    const read = withFd(file, (fd) => readStdin(fd, 1 << 20));
    assert.deepEqual(read, {
      ok: false,
      error:
        'cannot read the input: it is larger than 1 MiB, more than any render needs; check what is piped in, ' +
        'or split the manifests into several runs',
    });
  });

  it('says that a directory is one', () => {
    const read = withFd(dir, (fd) => readStdin(fd));
    assert.ok(!read.ok);
    assert.match(read.error, /^cannot read the input: stdin is a directory; give the manifests as a file or a pipe/);
  });

  it('the CLI reads /dev/zero to the bound, and stops with exit 1', function () {
    this.timeout(20000);
    const r = spawnSync(process.execPath, [requireBundle()], { stdio: [openSync('/dev/zero', 'r'), 'pipe', 'pipe'] });
    assert.equal(r.status, 1);
    assert.equal(r.stdout.length, 0);
    assert.equal(
      r.stderr.toString(),
      `cannot read the input: it is larger than ${MAX_INPUT_BYTES / 2 ** 20} MiB, more than any render needs; ` +
        'check what is piped in, or split the manifests into several runs\n',
    );
  });
});
