// The CLI's code as one CommonJS text, shared by scripts/build.mjs (the bundle that the bin, the
// examples and the image run) and scripts/build-binary.mjs (the single executables).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

export const common = {
  define: { PACKAGE_VERSION: JSON.stringify(version) },
  // ajv-formats-draft2019 (through @kubernetes-models/validate) requires 'punycode', which esbuild
  // leaves to Node's deprecated built-in (DEP0040, a warning on every run that reads an entry): the
  // userland package of the same API instead.
  alias: { punycode: 'punycode/' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
};

/** The CLI bundle's code: src/cli.ts with every dependency inlined, minified. */
export async function bundleCli() {
  // The core/v1 validators and fields, and the JSON reader of entries, stay compressed text in the CLI
  // until an entry of the run's own is first read (src/runtimes/models.ts): start-up then neither
  // compiles nor even scans them. The reader's ES module build: its UMD one loads its parts at run time.
  const models = await build({
    ...common,
    entryPoints: ['src/runtimes/models.ts'],
    write: false,
    minify: true,
    mainFields: ['module', 'main'],
  });
  const packed = gzipSync(models.outputFiles[0].text, { level: 9 }).toString('base64');
  const lazyModels = {
    name: 'lazy-models',
    setup(b) {
      b.onResolve({ filter: /\/models\.js$/ }, () => ({ path: 'models', namespace: 'lazy' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
        loader: 'js',
        contents: `const packed = ${JSON.stringify(packed)};
let loaded;
function load() {
  if (!loaded) {
    const code = require('node:zlib').gunzipSync(Buffer.from(packed, 'base64')).toString();
    const module = { exports: {} };
    new Function('module', 'exports', 'require', code)(module, module.exports, require);
    loaded = module.exports;
  }
  return loaded;
}
export const loadModels = () => load().MODELS;
export const loadCoreTypes = () => load().CORE_TYPES;
export const loadParseTree = () => load().parseTree;`,
      }));
    },
  };
  // Minified: start-up is mostly reading and compiling this one file.
  // The ES module builds of yaml (its browser build: the same code without Node's debug hooks), io-ts
  // and fp-ts: esbuild then keeps only what is used, and loading them runs no CommonJS wrappers, which
  // were most of the time start-up spent in their code.
  const cli = await build({
    ...common,
    entryPoints: ['src/cli.ts'],
    write: false,
    minify: true,
    plugins: [lazyModels],
    mainFields: ['module', 'main'],
    alias: { ...common.alias, yaml: './node_modules/yaml/browser/index.js' },
  });
  return cli.outputFiles[0].text;
}
