// What no output can hold faithfully, refused before anything is rendered: the item is left unchanged,
// with an error naming the field (src/base/go-yaml.ts has the reasons from Go's YAML reader).
import { joinPath } from '../base/decode.js';
import { describeCharacter, escapeForGo, GO_KEY_LIMIT, LONE_SURROGATE } from '../base/go-yaml.js';
import type { Change } from '../plan/changes.js';

type Key = string | number;

/**
 * Why a change cannot be written, naming the field, or undefined:
 * - a string of it (a key or a value) holds a lone surrogate. One comes only from an escape (`\ud800` in
 *   an entry's JSON, or in a YAML double-quoted string), and neither UTF-8 nor an escape Go's YAML
 *   reader takes can carry it;
 * - a key of it is too long for Go's YAML reader in flow style (as JSON is), however it is quoted. No
 *   Kubernetes label or annotation key, the keys an entry gives, is that long.
 */
export function unwritable(change: Change, clean: WeakSet<object> = new WeakSet()): string | undefined {
  const values =
    change.op === 'set' ? [change.value] : change.op === 'append' || change.op === 'prepend' ? change.values : [];
  if (!values.length) return undefined;
  // A key that a change creates (an annotation's) is in its path.
  for (const key of change.path) {
    const problem = typeof key === 'string' ? (textProblem(key) ?? keyProblem(key)) : undefined;
    if (problem) return `${joinPath(change.path)}: ${problem}`;
  }
  for (const [i, value] of values.entries()) {
    const found = problemIn(value, clean);
    if (!found) continue;
    const inner = joinPath(found.path);
    const name = (value as { name?: unknown } | null)?.name;
    const item = typeof name === 'string' ? `the item "${name}"` : `item ${i + 1} of those`;
    const where =
      change.op === 'set'
        ? joinPath([...change.path, ...found.path])
        : `${joinPath(change.path)}, in ${item} the function adds${inner ? `, at ${inner}` : ''}`;
    return `${where}: ${found.problem}`;
  }
  return undefined;
}

// Walked for every value a plan adds, so it allocates nothing on the way down: the path is made on the
// way back up, from a problem found. A value frozen through and through (an entry's, added to every
// resource that declares its runtime) cannot change, so once found clean it is not walked again in the
// run: `clean` holds those. (Freezing is shallow: a frozen value is held only once all it holds is.)
function problemIn(value: unknown, clean: WeakSet<object>): { path: Key[]; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path: [], problem } : undefined;
  }
  if (typeof value !== 'object' || value === null || clean.has(value)) return undefined;
  const found = Array.isArray(value) ? problemInList(value, clean) : problemInMapping(value, clean);
  if (!found && Object.isFrozen(value) && Object.values(value).every((inner) => heldClean(inner, clean)))
    clean.add(value);
  return found;
}

const heldClean = (value: unknown, clean: WeakSet<object>): boolean =>
  typeof value !== 'object' || value === null || clean.has(value);

function problemInList(list: readonly unknown[], clean: WeakSet<object>): { path: Key[]; problem: string } | undefined {
  for (let i = 0; i < list.length; i++) {
    const found = problemIn(list[i], clean);
    if (found) return (found.path.unshift(i), found);
  }
  return undefined;
}

function problemInMapping(mapping: object, clean: WeakSet<object>): { path: Key[]; problem: string } | undefined {
  for (const key of Object.keys(mapping)) {
    const problem = textProblem(key) ?? keyProblem(key);
    if (problem) return { path: [key], problem };
    const found = problemIn((mapping as Record<string, unknown>)[key], clean);
    if (found) return (found.path.unshift(key), found);
  }
  return undefined;
}

// Any surrogate, paired or not: a cheap test that almost every string fails, before the one for lone ones.
const SURROGATE = /[\uD800-\uDFFF]/;

function textProblem(text: string): string | undefined {
  const lone = SURROGATE.test(text) ? LONE_SURROGATE.exec(text) : null;
  if (!lone) return undefined;
  return (
    `${JSON.stringify(text)} holds a lone surrogate (${describeCharacter(lone[0])}), half of a character, which ` +
    "no UTF-8 text can hold and Go's YAML reader refuses as an escape; it comes from an escape such as \\ud800 " +
    "in the runtime's entry or in the resource: write the whole character (both halves), or U+FFFD, as which " +
    "the controller's JSON decoder reads it"
  );
}

function keyProblem(key: string): string | undefined {
  // Quoted, a character takes at most 6 (\u0085): a key this short fits however it is written.
  if (6 * key.length + 2 <= GO_KEY_LIMIT) return undefined;
  // The longest it can be written: double-quoted with escapes, or single-quoted with each ' doubled.
  const written = Math.max(escapeForGo(JSON.stringify(key)).length, key.length + 2 + key.split("'").length - 1);
  if (written <= GO_KEY_LIMIT) return undefined;
  return (
    `the key ${JSON.stringify(key.slice(0, 40))}... is ${key.length} characters long: Go's YAML reader reads ` +
    `at most ${GO_KEY_LIMIT} characters of a key in flow style (as JSON is), and no Kubernetes label or ` +
    'annotation key is this long (a 253-character prefix, /, and a 63-character name at most)'
  );
}
