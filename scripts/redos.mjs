// The lint's ReDoS check (issue 17 item 6): every regular expression in src/ runs on input someone
// else wrote, so each must match in linear time. recheck, a ReDoS analyser, decides it for every
// regex literal and every RegExp built from what can be worked out from the file alone (string and
// regex literals, the `source` of a constant regex, a constant table's regexes joined); a RegExp built
// from anything else cannot be checked, and is refused. Exit code 1 with the list of those that fail.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as acorn from 'acorn';
import { transformSync } from 'esbuild';
import { check } from 'recheck';

/** What the file alone does not say. */
const UNKNOWN = Symbol('unknown');

const files = execFileSync('git', ['ls-files', 'src/*.ts'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const found = [];
for (const file of files) {
  // esbuild takes the types off and keeps the code as written (no lowering); acorn then finds the regexes.
  const js = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', target: 'esnext' }).code;
  const program = acorn.parse(js, { ecmaVersion: 'latest', sourceType: 'module' });
  // The file's top-level constants, by name, to work out what a RegExp is built from.
  const constants = new Map();
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration' && declaration.kind === 'const')
      for (const d of declaration.declarations) if (d.id.type === 'Identifier') constants.set(d.id.name, d.init);
  }
  const evaluate = (node) => constantValue(node, constants);
  const walk = (node) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'Literal' && node.regex)
      found.push({ file, pattern: node.regex.pattern, flags: node.regex.flags });
    if ((node.type === 'NewExpression' || node.type === 'CallExpression') && node.callee.name === 'RegExp') {
      const [source, flags] = node.arguments.map(evaluate);
      if (typeof source === 'string' && (flags === undefined || typeof flags === 'string'))
        found.push({ file, pattern: source, flags: flags ?? '' });
      else found.push({ file, dynamic: js.slice(node.start, node.end) });
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'regex') walk(value);
  };
  walk(program);
}

/**
 * What an expression is, where the file alone says: a string, a regex ({ source }), an array or object
 * of them, undefined for an absent argument; `unknown` (a symbol) otherwise. Enough for RegExps built
 * from other regexes' sources, and from a constant table's regexes joined with `|`.
 */
function constantValue(node, constants, seen = new Set()) {
  const of = (n) => constantValue(n, constants, seen);
  if (node === undefined) return undefined;
  switch (node.type) {
    case 'Literal':
      return node.regex ? { source: node.regex.pattern } : typeof node.value === 'string' ? node.value : UNKNOWN;
    case 'Identifier':
      // (A constant defined by itself, through others, is not worked out.)
      if (!constants.has(node.name) || seen.has(node.name)) return UNKNOWN;
      return constantValue(constants.get(node.name), constants, new Set([...seen, node.name]));
    case 'NewExpression': {
      const source = node.callee.name === 'RegExp' ? of(node.arguments[0]) : UNKNOWN;
      return typeof source === 'string' ? { source } : UNKNOWN;
    }
    case 'ArrayExpression':
      return node.elements.map(of);
    case 'ObjectExpression':
      return Object.fromEntries(
        node.properties
          .filter((p) => p.type === 'Property' && !p.computed)
          .map((p) => [p.key.name ?? p.key.value, of(p.value)]),
      );
    case 'MemberExpression': {
      const object = of(node.object);
      const key = node.computed ? undefined : node.property.name;
      return object !== null && typeof object === 'object' && key !== undefined && key in object
        ? object[key]
        : UNKNOWN;
    }
    case 'CallExpression': {
      if (node.callee.type !== 'MemberExpression' || node.callee.computed) return UNKNOWN;
      const target = of(node.callee.object);
      const method = node.callee.property.name;
      if (method === 'join' && Array.isArray(target) && target.every((t) => typeof t === 'string')) {
        const separator = node.arguments.length ? of(node.arguments[0]) : ',';
        return typeof separator === 'string' ? target.join(separator) : UNKNOWN;
      }
      // .map(x => <an expression of x>), over a constant array.
      const fn = node.arguments[0];
      if (
        method === 'map' &&
        Array.isArray(target) &&
        fn?.type === 'ArrowFunctionExpression' &&
        fn.params.length === 1
      ) {
        const parameter = fn.params[0].name;
        return target.map((element) => {
          const inner = new Map(constants);
          inner.set(parameter, { type: 'Constant', value: element });
          return constantValue(fn.body, inner, new Set());
        });
      }
      return UNKNOWN;
    }
    case 'Constant':
      return node.value;
    default:
      return UNKNOWN;
  }
}

const failures = [];
for (const regex of found) {
  if (regex.dynamic) {
    failures.push(`${regex.file}: ${regex.dynamic.slice(0, 100)}: a RegExp built at run time cannot be checked`);
    continue;
  }
  // A fixed seed: the fuzzing checker, used where the automaton one cannot be, then decides the same each run.
  const verdict = await check(regex.pattern, regex.flags, { randomSeed: 17, timeout: 30000 });
  if (verdict.status !== 'safe') {
    const why = verdict.status === 'vulnerable' ? verdict.complexity.summary : (verdict.error?.kind ?? verdict.status);
    failures.push(`${regex.file}: /${regex.pattern}/${regex.flags}: ${verdict.status} (${why})`);
  }
}
if (failures.length) {
  console.error(
    `${failures.length} of the ${found.length} regular expressions in src/ may take more than linear time:`,
  );
  console.error(failures.join('\n'));
  console.error('rewrite each so that no two ways of matching overlap (e.g. [ \\t]* for \\s* within a line)');
  process.exit(1);
}
