// The core/v1 fields the entry decoder reads are generated from kubernetes-models, never written by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain script, without type declarations
import { generate, outFile } from '../../scripts/core-types.mjs';

describe('base/core-types', () => {
  it('is what scripts/core-types.mjs makes from the installed kubernetes-models (run it after an upgrade)', async () => {
    assert.equal(readFileSync(outFile as string, 'utf8'), await (generate as () => Promise<string>)());
  });
});
