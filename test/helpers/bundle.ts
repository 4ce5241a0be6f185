// The built single-file CLI, as users run it. `npm test` builds it first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BUNDLE = fileURLToPath(new URL('../../dist/inject-sandbox-runtimes.cjs', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function requireBundle(): string {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` (npm test does)`);
  return BUNDLE;
}
