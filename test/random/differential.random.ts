// `npm run test:random`: the random differential test (./differential.ts) with a fresh seed. SEED=<n> replays
// one, RUNS=<n> sets the number of cases (1,000 by default), SHRINK_SECONDS=<n> how long each distinct failure
// is shrunk (20 by default).
import { differential } from './differential.js';

const seed = process.env.SEED ? Number(process.env.SEED) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
const runs = Number(process.env.RUNS ?? 1000);
differential({
  seed,
  runs,
  shrinkSeconds: Number(process.env.SHRINK_SECONDS ?? 20),
  replay: `SEED=${seed} RUNS=${runs} npm run test:random`,
});
