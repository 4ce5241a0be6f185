// Go's YAML reader for the tests: test/helpers/go-yaml/main.go, which reads YAML with gopkg.in/yaml.v3 as
// kubectl, kustomize and kpt do. It is built with Debian's golang-go and golang-gopkg-yaml.v3-dev (GOPATH
// mode: no module proxy is needed), once per source hash, into node_modules/.cache. Without Go the tests
// that use it fail, saying what to install: a reader that is not there must not pass them silently.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './bundle.js';

const SOURCE = join(ROOT, 'test/helpers/go-yaml/main.go');
const GOPATH = '/usr/share/gocode';
const YAML_V3 = join(GOPATH, 'src/gopkg.in/yaml.v3');
export const INSTALL = 'apt-get install -y golang-go golang-gopkg-yaml.v3-dev (as .ci/run does)';

/** The reader's executable, built if this source has not been built yet. */
export function goYamlReader(): string {
  const source = readFileSync(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = join(ROOT, 'node_modules/.cache/go-yaml');
  const binary = join(dir, `go-yaml-${hash}`);
  if (existsSync(binary)) return binary;
  let go: string;
  try {
    go = execFileSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`Go's YAML reader for the tests needs Go, which is not installed: ${INSTALL}`);
  }
  if (!existsSync(YAML_V3))
    throw new Error(
      `Go's YAML reader for the tests needs gopkg.in/yaml.v3 in ${YAML_V3}, which is missing: ${INSTALL}`,
    );
  mkdirSync(dir, { recursive: true });
  // Built beside its final name and moved there, so that a build cut short leaves nothing to run.
  const building = `${binary}.${process.pid}`;
  execFileSync(go, ['build', '-o', building, SOURCE], {
    env: { ...process.env, GOPATH, GO111MODULE: 'off', GOFLAGS: '', GOCACHE: join(dir, 'gocache') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  renameSync(building, binary);
  return binary;
}

/**
 * A scalar that is not a string, as the reader prints it: `{"!": type, v: value}`. Go's int and float
 * are one `number` here, as JavaScript has one number.
 */
export type Typed = string | { '!': string; v: unknown } | Typed[] | { [key: string]: Typed };

/** What Go reads from a YAML stream: its documents, or its error. */
export type GoRead = { docs: Typed[] } | { error: string };

/** Each text read by Go's reader, with one process for them all. */
export function readWithGo(texts: readonly string[]): GoRead[] {
  const out = execFileSync(goYamlReader(), ['-batch'], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return out
    .trimEnd()
    .split('\n')
    .map((line) => {
      const read = JSON.parse(line) as { docs?: Typed[]; error?: string };
      return read.error !== undefined ? { error: read.error } : { docs: read.docs!.map(oneNumber) };
    });
}

function oneNumber(value: Typed): Typed {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(oneNumber);
  if (typeof value['!'] === 'string' && 'v' in value)
    return value['!'] === 'int' || value['!'] === 'float' ? { '!': 'number', v: value.v } : (value as Typed);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, oneNumber(v as Typed)]));
}

/** What the `yaml` package reads from a YAML stream, in the same form; an error as Go's is. */
export function readWithYaml(text: string): GoRead {
  const docs = parseAllDocuments(text, { merge: true });
  if (!Array.isArray(docs)) return { docs: [] };
  const error = docs.flatMap((d) => d.errors)[0];
  if (error) return { error: error.message };
  try {
    return { docs: docs.map((d) => typed(d.toJS())) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Whether two readers read the same: the same documents, or both an error (their words differ). */
export const sameRead = (a: GoRead, b: GoRead): boolean =>
  'error' in a || 'error' in b ? 'error' in a && 'error' in b : isDeepStrictEqual(a, b);

function typed(value: unknown): Typed {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return { '!': 'null', v: null };
  if (typeof value === 'number') return { '!': 'number', v: value };
  if (typeof value === 'boolean') return { '!': 'bool', v: value };
  if (Array.isArray(value)) return value.map(typed);
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typed(v)]));
  return { '!': typeof value, v: String(value) };
}
