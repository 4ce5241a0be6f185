// The built single-file CLI, as users run it. A test that runs it gets it through requireBundle, which
// rebuilds dist/ first when the sources are newer: a stale build cannot pass for the code in src/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLE = fileURLToPath(new URL('../../dist/inject-sandbox-runtimes.cjs', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the build reads: the sources, the build script and its configuration, the installed packages. */
const BUILD_INPUTS = ['src', 'scripts/build.mjs', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
const INSTALLED = 'node_modules/.package-lock.json';

/** The newest modification time among the files at (or under) path, with that file. */
function newest(path: string): { file: string; mtimeMs: number } {
  const stat = statSync(path);
  if (!stat.isDirectory()) return { file: path, mtimeMs: stat.mtimeMs };
  return readdirSync(path)
    .map((name) => newest(join(path, name)))
    .reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a), { file: path, mtimeMs: stat.mtimeMs });
}

/** Why dist/ must be built again, or undefined when it is newer than everything it is built from. */
function staleness(): string | undefined {
  const bundle = relative(ROOT, BUNDLE);
  if (!existsSync(BUNDLE)) return `${bundle} is missing`;
  const built = statSync(BUNDLE).mtimeMs;
  const inputs = [...BUILD_INPUTS, INSTALLED].map((p) => join(ROOT, p)).filter((p) => existsSync(p));
  const latest = inputs.map(newest).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
  return latest.mtimeMs > built ? `${relative(ROOT, latest.file)} is newer than ${bundle}` : undefined;
}

/**
 * The path of the built CLI, rebuilt first (`npm run build`, about two seconds) when it is missing or
 * older than a file it is built from. Checking costs a walk of src/ (a few milliseconds), so it is done
 * at each call, and an edit made while the tests run is caught too.
 */
export function requireBundle(): string {
  if (process.env.TEST_WITHOUT_DIST)
    throw new Error(
      'this test runs dist/, which npm run test:unit (TEST_WITHOUT_DIST=1) neither builds nor runs: add its ' +
        "file to test:unit's --ignore patterns and to test:cli's files in package.json",
    );
  const why = staleness();
  if (why === undefined) return BUNDLE;
  process.stderr.write(`    (${why}: rebuilding dist/ with npm run build)\n`);
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`dist/ is stale (${why}) and npm run build failed:\n${(e as { stderr?: Buffer }).stderr ?? e}`);
  }
  return BUNDLE;
}
