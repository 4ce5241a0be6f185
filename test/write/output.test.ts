// The output as bytes must be the output text, encoded: whatever the input's characters.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splice, type Edit, type TextEdit } from '../../src/apply/splice.js';
import { run, runToBytes, type RunOutcome } from '../../src/pipeline.js';
import { spliceBytes } from '../../src/write/output.js';
import { CONFIG } from '../helpers/arbitraries.js';
import { checkProperty } from '../helpers/property.js';

const text = fc.string({ unit: fc.constantFrom('a', ' ', '\n', 'é', '日', '😀', '-'), maxLength: 40 });

/** A run's output, which must have been made. */
function outputOf<O>(outcome: RunOutcome<O>): O {
  assert.ok(outcome.ok);
  return outcome.output;
}

describe('write/output', () => {
  it('spliceBytes gives the bytes of splice, for ASCII and multi-byte text, new text encoded or not', function () {
    checkProperty(
      this,
      [text, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), text), { maxLength: 4 })],
      (input, raw) => {
        // Non-overlapping edits at code point boundaries (a cut surrogate pair has no UTF-8).
        const points = [...input];
        const offsets = points.map((_, i) => points.slice(0, i).join('').length).concat(input.length);
        const edits: TextEdit[] = [];
        let from = 0;
        for (const [at, length, insert] of raw) {
          const start = Math.max(from, offsets[at % offsets.length]!);
          const end = offsets.find((o) => o >= start + length) ?? input.length;
          if (start > input.length) break;
          edits.push({ start, end, text: insert, depth: 0 });
          from = end;
        }
        const expected = Buffer.from(splice(input, edits));
        assert.deepEqual(Buffer.concat(spliceBytes(input, Buffer.from(input), edits)), expected);
        // Edits whose text is encoded already (as the CLI keeps them) give the same bytes.
        const encoded: Edit<string | Uint8Array>[] = edits.map((e, i) =>
          i % 2 ? { ...e, text: Buffer.from(e.text) } : e,
        );
        assert.deepEqual(Buffer.concat(spliceBytes(input, Buffer.from(input), encoded)), expected);
        // Evidence: an edit in multi-byte text (ASCII alone cannot tell bytes from characters).
        return edits.length > 0 && Buffer.byteLength(input) !== input.length;
      },
      { runs: 2000, floor: 1120 },
    );
  });

  it('runToBytes keeps a byte order mark and copies the input from where each byte stands', () => {
    const sandbox =
      'apiVersion: agents.kruise.io/v1alpha1\nkind: Sandbox\nmetadata:\n  name: s # é\nspec:\n  runtimes:\n  - name: csi\n  template:\n    spec:\n      containers:\n      - name: main\n        image: busybox\n';
    for (const text of ['\ufeff---\n' + sandbox, '\ufeff' + sandbox + '---\nkind: A\n']) {
      const input = Buffer.from(text);
      const bytes = Buffer.concat(outputOf(runToBytes(input, { configText: CONFIG })));
      assert.deepEqual(bytes, Buffer.from(outputOf(run(input, { configText: CONFIG }))));
      assert.deepEqual(bytes.subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]));
      assert.notEqual(bytes.toString(), text, 'csi was injected');
      const back = Buffer.concat(outputOf(runToBytes(bytes, { configText: CONFIG, mode: 'uninject' })));
      assert.deepEqual(back, input);
    }
  });
});
