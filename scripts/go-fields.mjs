// Extracts the Go declarations of the Kubernetes API structs from their Go source, into
// scripts/go-fields.json, which scripts/core-types.mjs merges into the generated field table. The
// TypeScript declarations of kubernetes-models say which fields a type has and their JSON types, but not
// what encoding/json needs: whether a field is a Go pointer (a later `null` clears it, or leaves it),
// its Go type as an error message names it (`v1.Protocol`, `int32`), and which embedded struct it is
// promoted from (`Probe.ProbeHandler.httpGet`). Run it with the Go source of the go.mod's version at hand:
//   node scripts/go-fields.mjs <k8s.io/api core/v1/types.go> <k8s.io/apimachinery meta/v1/types.go> <version>
// (k8s.io/api and k8s.io/apimachinery v0.35.0 for openkruise/agents 0b72c83).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('./go-fields.json', import.meta.url));

/** Qualifies a Go type spelled in package `pkg`: a local named type gets the package's prefix. */
function qualify(type, pkg) {
  const m = /^(\*|\[\]|map\[([^\]]+)\])(.*)$/.exec(type);
  if (m) {
    if (m[1].startsWith('map[')) return `map[${qualify(m[2], pkg)}]${qualify(m[3], pkg)}`;
    return m[1] + qualify(m[3], pkg);
  }
  if (/^(string|bool|byte|int|int32|int64|uint|uint32|uint64|float32|float64)$/.test(type)) return type;
  return type.includes('.') ? type : `${pkg}.${type}`;
}

/** The structs of one Go file: for each, its fields in order as [json name, Go name, Go type, embedded]. */
function read(file, pkg, structs, named) {
  const lines = readFileSync(file, 'utf8').split('\n');
  let current;
  for (const line of lines) {
    const start = /^type (\w+) struct \{/.exec(line);
    if (start) {
      current = [];
      structs[`${pkg}.${start[1]}`] = current;
      continue;
    }
    const alias = /^type (\w+) =? ?([\w.*[\]]+)\s*$/.exec(line);
    if (alias) named[`${pkg}.${alias[1]}`] = qualify(alias[2], pkg);
    if (!current) continue;
    if (line === '}') {
      current = undefined;
      continue;
    }
    const field = /^\t(\w+) ([\w.*[\]]+) `json:"([^"]*)"/.exec(line);
    const embedded = /^\t([\w.*]+) `json:"([^"]*)"/.exec(line);
    if (field) {
      const [name, ...options] = field[3].split(',');
      if (name === '-') continue;
      current.push([name || field[1], field[1], qualify(field[2], pkg), options.includes('omitempty') ? 1 : 0]);
    } else if (embedded) {
      // An embedded struct is promoted unless its tag names it, when it is a field like any other.
      const type = qualify(embedded[1], pkg);
      const [name, ...options] = embedded[2].split(',');
      const goName = type.replace(/^\*?\w+\./, '');
      current.push(name ? [name, goName, type, options.includes('omitempty') ? 1 : 0] : ['', goName, type, 2]);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [core, meta, version] = process.argv.slice(2);
  if (!core || !meta || !version)
    throw new Error('usage: go-fields.mjs <core/v1/types.go> <meta/v1/types.go> <version>');
  const structs = {};
  const named = {};
  read(core, 'v1', structs, named);
  read(meta, 'metav1', structs, named);
  const out = {
    source: `k8s.io/api ${version} core/v1/types.go, k8s.io/apimachinery ${version} pkg/apis/meta/v1/types.go`,
    legend: 'field: [json name ("" if embedded), Go name, Go type, 0 | 1 omitempty | 2 embedded]',
    structs,
    named,
  };
  writeFileSync(OUT, JSON.stringify(out, null, 0).replace(/\],\[/g, '],\n[') + '\n');
}
