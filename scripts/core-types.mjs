// Generates src/base/core-types.ts, the fields of the core/v1 types an injection config entry holds
// (Container and Volume) and a pod template holds (PodTemplateSpec), and every type below them, from the
// type declarations that kubernetes-models generates from the Kubernetes OpenAPI schema. The function's
// entry decoder (src/runtimes/godecode.ts) and the reference model's Go decoder (src/reference/) read it
// to match keys as Go's encoding/json does. Run `node scripts/core-types.mjs` after upgrading
// kubernetes-models (and scripts/go-fields.mjs for the Go declarations); test/base/core-types.test.ts
// fails while the file is stale.
//
// CORE_TYPES writes a field's type as: 's' a scalar (string, number, boolean, an enum, int-or-string, a
// quantity: kept as written), '*' a value kept whole (no properties known), '[]T' a list of T, '{}T' a
// map of T (keys kept), or the name of another struct in the table.
//
// GO_STRUCTS adds what kubernetes-models does not say, from the Go declarations in scripts/go-fields.json:
// each struct's Go name, and its fields in Go's order, each with its Go type as declared (a pointer, a
// named type, int32 or int64), the embedded struct it is promoted from, and whether it is omitempty.
// GO_NAMED gives the underlying type of each named Go type used.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';

const locate = (specifier) => fileURLToPath(import.meta.resolve(specifier));
const ROOTS = ['Container', 'Volume', 'PodTemplateSpec'];
const OUT = fileURLToPath(new URL('../src/base/core-types.ts', import.meta.url));

/** The declaration file of a module specifier imported from `from`. */
function declarationFile(specifier, from) {
  if (specifier.startsWith('.')) return resolve(dirname(from), specifier.replace(/\.js$/, '.d.ts'));
  return locate(specifier).replace(/\.js$/, '.d.ts');
}

/** `interface`, `alias` or `unknown`, with its properties or aliased type and the file's imports. */
function readDeclaration(file) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const imports = new Map();
  for (const m of text.matchAll(/import \{([^}]*)\} from "([^"]+)"/g)) {
    for (const name of m[1].split(',').map((s) => s.trim())) if (name) imports.set(name, declarationFile(m[2], file));
  }
  const body = /export interface I\w+ \{([\s\S]*?)\n\}/.exec(text);
  if (body) {
    const props = new Map();
    // A property runs from its quoted name to the `;` that closes it (a map type has its own `;` inside).
    let rest = body[1];
    for (;;) {
      const m = /^\s*"([^"]+)"\??: /.exec(rest);
      if (!m) break;
      rest = rest.slice(m[0].length);
      let depth = 0;
      let i = 0;
      for (; i < rest.length; i++) {
        const c = rest[i];
        if (c === '{' || c === '<' || c === '(') depth++;
        else if (c === '}' || c === '>' || c === ')') depth--;
        else if (c === ';' && depth === 0) break;
      }
      props.set(m[1], rest.slice(0, i).replace(/\s+/g, ' ').trim());
      rest = rest.slice(i + 1);
    }
    if (rest.trim() !== '') throw new Error(`${file}: cannot read the properties at: ${rest.slice(0, 80)}`);
    return { kind: 'interface', props, imports };
  }
  const alias = /export type I\w+ = ([^;]+);/.exec(text);
  if (alias) return { kind: 'alias', type: alias[1].trim(), imports };
  return { kind: 'unknown', imports };
}

export async function generate() {
  const structs = new Map();
  const start = locate('kubernetes-models/v1/Container').replace(/Container\.js$/, '');
  const queue = ROOTS.map((name) => ({ name, file: `${start}${name}.d.ts` }));
  const short = (ref) => ref.replace(/^IIoK8s/, '');

  /** The table's notation for a TypeScript type written in `decl`'s file. */
  function typeOf(type, decl) {
    if (/^(string|number|boolean)$/.test(type) || /^"[^"]*"( \| "[^"]*")*$/.test(type)) return 's';
    const list = /^Array<(.+)>$/.exec(type);
    if (list) return '[]' + typeOf(list[1], decl);
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) return '{}' + typeOf(map[1], decl);
    if (/^IIoK8s\w+$/.test(type)) {
      const file = decl.imports.get(type);
      if (!file) throw new Error(`no import for ${type}`);
      const target = readDeclaration(file);
      if (target.kind === 'alias') {
        // int-or-string, quantity, time: one JSON scalar or another, kept as written.
        if (/^((string|number|boolean)( \| )?)+$/.test(target.type)) return 's';
        throw new Error(`${type}: unexpected alias ${target.type}`);
      }
      if (target.kind === 'unknown' || target.props.size === 0) return '*';
      if (!structs.has(short(type))) queue.push({ name: short(type), file });
      return short(type);
    }
    if (/^(any|unknown|object|\{\})$/.test(type)) return '*';
    throw new Error(`unexpected type ${type}`);
  }

  const names = ROOTS.map((r) => `ApiCoreV1${r}`);
  queue.forEach((q, i) => (q.name = names[i]));
  while (queue.length) {
    const { name, file } = queue.shift();
    if (structs.has(name)) continue;
    const decl = readDeclaration(file);
    if (decl.kind !== 'interface') throw new Error(`${file}: not an interface`);
    const fields = {};
    structs.set(name, fields);
    for (const [prop, type] of decl.props) fields[prop] = typeOf(type, decl);
  }
  const table = Object.fromEntries([...structs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const { version } = JSON.parse(readFileSync(locate('kubernetes-models/package.json'), 'utf8'));
  const { goStructs, goNamed, source, newer, older } = goDeclarations(table);
  const text = `// Generated by scripts/core-types.mjs: do not edit. From kubernetes-models ${version} and
// ${source}.
// The fields of the core/v1 types in an injection config entry and a pod template, for the entry decoders.
export const CORE_TYPES: Record<string, Record<string, string>> = ${JSON.stringify(table)};

/**
 * A Go field: its JSON name, its Go type as declared, the embedded struct it is promoted from ('' if none),
 * and 1 if omitempty.
 */
export type GoField = readonly [json: string, goType: string, embeddedIn: string, omitempty: 0 | 1];

/**
 * Each struct's Go name and fields, in Go's declaration order. Left out, as newer than the Go declarations:
 * ${newer.join(', ')}.
 * In Go only, and so kept whole by the reference decoder: ${older.join(', ')}.
 */
export const GO_STRUCTS: Record<string, { go: string; fields: readonly GoField[] }> = ${JSON.stringify(goStructs)};

/** The underlying type of each named Go type the fields use. */
export const GO_NAMED: Record<string, string> = ${JSON.stringify(goNamed)};
`;
  return format(text, { ...(await resolveConfig(OUT)), parser: 'typescript', filepath: OUT });
}

/**
 * The Go declarations of the table's structs (scripts/go-fields.json), each field in Go's order with the
 * embedded struct it is promoted from. kubernetes-models may be newer than the Go declarations: a field
 * or struct it has and Go does not is left out here (the controller's Go decoding drops it), and listed.
 * A Go field that kubernetes-models lacks (an alpha field it has since replaced) has no structure in
 * CORE_TYPES: the reference decoder keeps its value whole. Both are listed in the generated file.
 */
function goDeclarations(table) {
  const go = JSON.parse(readFileSync(new URL('./go-fields.json', import.meta.url), 'utf8'));
  const goName = (key) => key.replace(/^ApiCoreV1/, 'v1.').replace(/^ApimachineryPkgApisMetaV1/, 'metav1.');
  const goStructs = {};
  const newer = [];
  const older = [];
  const used = new Set();
  const flatten = (name, via) =>
    (go.structs[name] ?? []).flatMap(([json, , type, flag]) =>
      flag === 2 ? flatten(type.replace(/^\*/, ''), via || type.replace(/^\*?\w+\./, '')) : [[json, type, via, flag]],
    );
  for (const [key, fields] of Object.entries(table)) {
    const name = goName(key);
    if (!go.structs[name]) {
      newer.push(key);
      continue;
    }
    const goFields = flatten(name, '');
    const jsonNames = goFields.map(([json]) => json);
    for (const field of Object.keys(fields)) if (!jsonNames.includes(field)) newer.push(`${key}.${field}`);
    for (const json of jsonNames) if (!Object.hasOwn(fields, json)) older.push(`${key}.${json}`);
    for (const [, type] of goFields) for (const m of type.matchAll(/\w+\.\w+/g)) used.add(m[0]);
    goStructs[key] = { go: name, fields: goFields };
  }
  const goNamed = {};
  for (const name of [...used].sort()) if (go.named[name]) goNamed[name] = go.named[name];
  return { goStructs, goNamed, source: go.source, newer, older };
}

export const outFile = OUT;

if (import.meta.url === pathToFileURL(process.argv[1]).href) writeFileSync(OUT, await generate());
