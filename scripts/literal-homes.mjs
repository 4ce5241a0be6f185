// The lint's homes for literals (issue 19): a runtime's name is written only in its own module,
// src/runtimes/<name>.ts, and a kind's paths only in src/base/kinds.ts. Everything else asks the runtime
// table or the kinds table, so that a runtime or a kind added in its one place is named right everywhere.
// The string literals come from Prettier's TypeScript parser: typescript 7 has no JavaScript API, and a
// hand-written tokenizer would misread regular expressions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as typescript from 'prettier/plugins/typescript';

// The product's help (--help, and the options' descriptions it is made of) speaks of the built-in
// runtimes and of Sandbox paths by name, as the README does.
const HELP_TEXT = new Set(['src/usage.ts', 'src/config/options.ts']);

// The reference model (src/reference/) is the controller's own code, ported: it names the runtimes by Go's
// constants (sidecarutils/utils.go) and may not ask the function's table (docs/live-pod.md). The generated
// field table holds Go's field names, one of which (VolumeSource.csi) is spelt as a runtime.
const OWN_RUNTIME_NAMES = (file) => file.startsWith('src/reference/') || file === 'src/base/core-types.ts';

const sources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });

/** Each runtime unit's name, with the module that declares it. */
const runtimeHomes = new Map(
  sources('src/runtimes').flatMap((file) => {
    const unit = /^export const \w+: RuntimeUnit = \{\s+name: '([^']+)'/m.exec(readFileSync(file, 'utf8'));
    return unit ? [[unit[1], file]] : [];
  }),
);

/** Every path of the kinds table, dotted (spec.template, spec.runtimes, ...). */
const KINDS = 'src/base/kinds.ts';
const kindPaths = new Set(
  [...readFileSync(KINDS, 'utf8').matchAll(/(?:podTemplate|runtimes|templateRef|claimTemplates): \[([^\]]*)\]/g)].map(
    ([, keys]) =>
      keys
        .split(',')
        .map((key) => key.trim().replace(/^'|'$/g, ''))
        .join('.'),
  ),
);

const word = (text) => new RegExp(`(?<![\\w.-])${text.replace(/[.]/g, '\\.')}(?![\\w-])`);

const problems = [];
for (const file of sources('src')) {
  if (HELP_TEXT.has(file)) continue;
  const text = readFileSync(file, 'utf8');
  const ast = await typescript.parsers.typescript.parse(text, {});
  const where = (node) => `${file}:${text.slice(0, node.range[0]).split('\n').length}`;
  const check = (node, value) => {
    for (const [name, home] of OWN_RUNTIME_NAMES(file) ? [] : runtimeHomes) {
      if (file !== home && word(name).test(value))
        problems.push(`${where(node)}: the runtime name ${name}, whose home is ${home}`);
    }
    for (const path of file === KINDS ? [] : kindPaths) {
      if (word(path).test(value)) problems.push(`${where(node)}: the kind path ${path}, whose home is ${KINDS}`);
    }
  };
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object' || typeof node.type !== 'string') return;
    // A module's name is no runtime's name: `import ... from './agent-runtime.js'`.
    if (
      node.type === 'ImportDeclaration' ||
      node.type === 'ExportNamedDeclaration' ||
      node.type === 'ExportAllDeclaration'
    )
      return walk(node.declaration ?? null);
    if (node.type === 'Literal' && typeof node.value === 'string') check(node, node.value);
    if (node.type === 'TemplateElement') check(node, node.value.cooked ?? node.value.raw);
    // A path as a list of keys: ['spec', 'template'].
    if (node.type === 'ArrayExpression' && node.elements.length > 1) {
      const keys = node.elements.map((e) =>
        e?.type === 'Literal' && typeof e.value === 'string' ? e.value : undefined,
      );
      if (keys.every((k) => k !== undefined)) check(node, keys.join('.'));
    }
    for (const [key, value] of Object.entries(node))
      if (key !== 'parent' && key !== 'loc' && key !== 'range') walk(value);
  };
  walk(ast.body);
}
if (problems.length) {
  console.error('Runtime names and kind paths belong in their homes: ask the runtime table or the kinds table.');
  console.error(problems.join('\n'));
  process.exit(1);
}
