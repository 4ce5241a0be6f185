// The lint's ReDoS check (issue 17 item 6): every regular expression in src/ runs on input someone
// else wrote, so each must match in linear time. recheck, a ReDoS analyser, decides it for every
// regex literal and every RegExp built from a literal; a RegExp built from anything else cannot be
// checked, and is refused. Exit code 1 with the list of those that fail.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as acorn from 'acorn';
import { transformSync } from 'esbuild';
import { check } from 'recheck';

const files = execFileSync('git', ['ls-files', 'src/*.ts'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const found = [];
for (const file of files) {
  // esbuild takes the types off and keeps the code as written (no lowering); acorn then finds the regexes.
  const js = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', target: 'esnext' }).code;
  const walk = (node) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'Literal' && node.regex)
      found.push({ file, pattern: node.regex.pattern, flags: node.regex.flags });
    if ((node.type === 'NewExpression' || node.type === 'CallExpression') && node.callee.name === 'RegExp') {
      const [source, flags] = node.arguments;
      const literal = (n) => n === undefined || (n.type === 'Literal' && typeof n.value === 'string');
      if (literal(source) && literal(flags)) found.push({ file, pattern: source.value, flags: flags?.value ?? '' });
      else found.push({ file, dynamic: js.slice(node.start, node.end) });
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'regex') walk(value);
  };
  walk(acorn.parse(js, { ecmaVersion: 'latest', sourceType: 'module' }));
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
