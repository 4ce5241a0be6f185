// Text edits in the order they apply, and the text they make.
import assert from 'node:assert/strict';
import { inLineBreaksOf, ordered, splice, type TextEdit } from '../../src/apply/splice.js';

const at = (start: number, text: string, depth = 0, end = start): TextEdit => ({ start, end, text, depth });

describe('apply/splice', () => {
  it('applies edits by offset, deeper insertions first at one offset, else in the order given', () => {
    const edits = [at(3, 'b'), at(1, 'x', 0, 2), at(3, 'a', 4), at(3, 'c')];
    assert.deepEqual(ordered(edits), [edits[1], edits[2], edits[0], edits[3]]);
    assert.equal(splice('0123', edits), '0x2abc3');
  });

  it('takes two edits of one range as a bug', () => {
    assert.throws(() => ordered([at(0, 'a', 0, 2), at(1, 'b')]), /internal error: overlapping edits/);
  });

  it('gives new text the line breaks of the text it goes into', () => {
    assert.deepEqual(inLineBreaksOf('a\r\nb\r\n', [at(0, 'x\ny\n')]), [at(0, 'x\r\ny\r\n')]);
    assert.deepEqual(inLineBreaksOf('a\nb\n', [at(0, 'x\ny\n')]), [at(0, 'x\ny\n')]);
  });
});
