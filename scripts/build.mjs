// Builds what the package ships: the single-file CLI that the bin, the examples and the image run,
// and two library entries (the pipeline, and the kpt-functions adapter) with their type declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = { define: { PACKAGE_VERSION: JSON.stringify(version) }, bundle: true, platform: 'node', target: 'node20', format: 'cjs', legalComments: 'none', logLevel: 'warning' };
const cli = 'dist/inject-sandbox-runtimes.cjs';

// The core/v1 validators stay compressed text in the CLI until an entry is first checked
// (src/validate/models.ts): start-up then neither compiles nor even scans them.
const models = await build({ ...common, entryPoints: ['src/validate/models.ts'], write: false, minify: true });
const packed = gzipSync(models.outputFiles[0].text, { level: 9 }).toString('base64');
const lazyModels = {
  name: 'lazy-models',
  setup(b) {
    b.onResolve({ filter: /\/models\.js$/ }, () => ({ path: 'models', namespace: 'lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      loader: 'js',
      contents: `const packed = ${JSON.stringify(packed)};
let models;
export function loadModels() {
  if (!models) {
    const code = require('node:zlib').gunzipSync(Buffer.from(packed, 'base64')).toString();
    const module = { exports: {} };
    new Function('module', 'exports', 'require', code)(module, module.exports, require);
    models = module.exports.MODELS;
  }
  return models;
}`,
    }));
  },
};

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  // Minified: start-up is mostly reading and compiling this one file.
  build({ ...common, entryPoints: ['src/cli.ts'], outfile: cli, minify: true, banner: { js: '#!/usr/bin/env node' }, plugins: [lazyModels] }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.cjs' }),
  // The SDK stays the user's own copy: it is a peer dependency, not bundled.
  build({ ...common, entryPoints: ['src/kpt.ts'], outfile: 'dist/kpt.cjs', external: ['kpt-functions'] }),
]);
chmodSync(cli, 0o755);
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
