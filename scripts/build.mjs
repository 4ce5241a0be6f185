// Builds the single-file CLI bundle that the bin, the examples and the image run.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const outfile = 'dist/inject-sandbox-runtimes.cjs';
await build({
  entryPoints: ['src/cli.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile,
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
