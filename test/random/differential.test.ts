// The random differential test (./differential.ts) in `npm test`, so in CI: 1,000 cases from the suite's seed
// (test/helpers/property.ts: fixed, unless SEED says otherwise), each failure shrunk for a few seconds.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED } from '../helpers/property.js';
import { differential } from './differential.js';

differential({
  seed: SEED,
  runs: 1000,
  shrinkSeconds: 5,
  replay: `SEED=${SEED} npx mocha ${relative(process.cwd(), fileURLToPath(import.meta.url))}`,
});
