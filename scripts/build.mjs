// Builds what the package ships: the single-file CLI that the bin, the examples and the image run,
// and two library entries (the pipeline, and the kpt-functions adapter) with their type declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = { define: { PACKAGE_VERSION: JSON.stringify(version) }, bundle: true, platform: 'node', target: 'node20', format: 'cjs', legalComments: 'none', logLevel: 'warning' };
const cli = 'dist/inject-sandbox-runtimes.cjs';

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  // Minified: start-up is mostly reading and compiling this one file.
  build({ ...common, entryPoints: ['src/cli.ts'], outfile: cli, minify: true, banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.cjs' }),
  // The SDK stays the user's own copy: it is a peer dependency, not bundled.
  build({ ...common, entryPoints: ['src/kpt.ts'], outfile: 'dist/kpt.cjs', external: ['kpt-functions'] }),
]);
chmodSync(cli, 0o755);
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
