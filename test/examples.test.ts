// The bundled examples give the output checked in beside them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBundle, ROOT } from './helpers/bundle.js';

describe('examples', () => {
  it('basic: the README command gives examples/basic/expected.yaml', () => {
    const dir = join(ROOT, 'examples/basic');
    const stdout = execFileSync(requireBundle(), {
      input: readFileSync(join(dir, 'resource-list.yaml')),
      encoding: 'utf8',
    });
    assert.equal(stdout, readFileSync(join(dir, 'expected.yaml'), 'utf8'));
  });
});
