// Builds what the package ships: the single-file CLI that the bin, the examples and the image run,
// and two library entries (the pipeline, and the kpt-functions adapter) with their type declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { bundleCli, common, version } from './cli-bundle.mjs';

const cli = 'dist/inject-sandbox-runtimes.cjs';

rmSync('dist', { recursive: true, force: true });
const [bundle] = await Promise.all([
  bundleCli(),
  // The library entries take the ES module builds too: jsonc-parser's UMD build requires its parts at
  // load time by paths the bundle does not have, so an installed package failed on require.
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.cjs', mainFields: ['module', 'main'] }),
  // The SDK stays the user's own copy: it is a peer dependency, not bundled.
  build({
    ...common,
    entryPoints: ['src/kpt.ts'],
    outfile: 'dist/kpt.cjs',
    external: ['kpt-functions'],
    mainFields: ['module', 'main'],
  }),
]);

// The CLI file compiles its code with V8's code cache, made here by a run on the basic example, when
// the cache is there and fits the node that runs it (else it compiles as usual). Start-up is most of
// a small run, and compiling is most of start-up.
const CACHE_ENV = 'INJECT_SANDBOX_RUNTIMES_WRITE_CODE_CACHE';
// Whether V8 took the cache cannot be seen from outside (a rejected cache only costs time), so the
// image test asks for it: with this set, the CLI says on stderr whether the cache was accepted,
// rejected (made by another node) or absent.
const REPORT_ENV = 'INJECT_SANDBOX_RUNTIMES_REPORT_CODE_CACHE';
const wrapped = `(function (exports, require, module, __filename, __dirname) {${bundle}\n})`;
writeFileSync(
  cli,
  `#!/usr/bin/env node
// inject-sandbox-runtimes ${version} (built by scripts/build.mjs): the bundle below, compiled with the V8
// code cache beside this file when there is one that fits this node.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');
let cachedData;
try {
  cachedData = readFileSync(__filename + '.cache');
} catch {}
const script = new Script(${JSON.stringify(wrapped)}, { filename: __filename, cachedData });
if (process.env.${REPORT_ENV})
  process.stderr.write('inject-sandbox-runtimes: code cache ' + (cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted') + '\\n');
const cacheOut = process.env.${CACHE_ENV};
if (cacheOut) process.once('exit', () => writeFileSync(cacheOut, script.createCachedData()));
script.runInThisContext()(exports, require, module, __filename, __dirname);
`,
);
chmodSync(cli, 0o755);
execFileSync(process.execPath, [cli], {
  input: readFileSync('examples/basic/resource-list.yaml'),
  env: { ...process.env, [CACHE_ENV]: `${cli}.cache` },
  stdio: ['pipe', 'ignore', 'inherit'],
});
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
