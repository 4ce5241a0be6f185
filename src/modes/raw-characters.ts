// Scalars whose text holds raw a character that the function writes escaped (src/base/go-yaml.ts): for
// check, which reads with `yaml` and so cannot see what Go's YAML reader, and the cluster, gets.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Path } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import { describeCharacter, ESCAPED_FOR_GO, escapedForGoIn, type GoYamlClass } from '../base/go-yaml.js';

export interface RawCharacter {
  /** The key's path, for a key that holds it. */
  path: Path;
  character: string;
  class: GoYamlClass;
}

/** Each scalar of the tree, key or value, whose own text holds such a character raw. */
export function rawCharacters(text: string, root: Node): RawCharacter[] {
  const found: RawCharacter[] = [];
  if (!ESCAPED_FOR_GO.test(text)) return found;
  const scalar = (node: unknown, path: Path) => {
    if (!isScalar(node) || !node.range) return;
    const raw = escapedForGoIn(text, node.range[0], node.range[1]);
    if (raw) found.push({ path, ...raw });
  };
  const walk = (node: unknown, path: Path): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const at = [...path, isScalar(pair.key) ? String(pair.key.value) : String(pair.key)];
        scalar(pair.key, at);
        walk(pair.value, at);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
    else scalar(node, path);
  };
  walk(root, []);
  return found;
}

/**
 * Why a resource's text is not as inject writes it, when that is a character raw in a scalar that inject
 * writes escaped (output of an earlier release), in words; undefined if it is not that. A character the
 * expected text holds raw too is in a scalar the function does not write, and is left as it is.
 */
export function writtenRaw(
  current: { text: string; root: Node },
  expected: { text: string; root: Node },
): string | undefined {
  const key = (r: RawCharacter) => `${joinPath(r.path)}\0${r.character}`;
  const kept = new Set(rawCharacters(expected.text, expected.root).map(key));
  const written = rawCharacters(current.text, current.root).filter((r) => !kept.has(key(r)));
  const [first] = written;
  if (!first) return undefined;
  const others = [...new Set(written.slice(1).map((r) => joinPath(r.path)))];
  const also = others.length ? ` (and at ${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''})` : '';
  return (
    `${joinPath(first.path)} holds ${describeCharacter(first.character)} raw, as an earlier release wrote ` +
    `it${also}: ${first.class.consequence}`
  );
}
