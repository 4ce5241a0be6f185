// Which items may be Sandbox kinds (issue 17 item 1). The function processes exactly the Sandbox kinds
// a full parse finds, with Lists flattened (input.ts), but parses only the items that may be one: a
// large render has thousands of items, and reading each would cost as much as the rest of the run.
//
// Why the test is sound. An item is a Sandbox kind only if its apiVersion's value starts with
// `agents.kruise.io/` (base/kinds.ts). That value is a scalar written in the item, unless it comes
// through an alias (`*`) or a merge key (`<<`). A scalar's value is its text, but for:
// - escapes, only in a double-quoted scalar (`\x2f`, `\/`, an escaped line break): `\` and `"`;
// - a tag, which may make it anything (`!!binary`, which go-yaml decodes into a string): `!`;
// - line folding, which joins a scalar's lines with a space or a line break, never with nothing, so
//   that a value without spaces is one line of its text; and `''` for `'` in single quotes, which the
//   mark has none of.
// So an item whose text has neither `agents.kruise.io/` nor one of those (`mayHide` in input.ts: `!` or
// `*` where a node may start, `<<`, or `\` with `"`) is provably none, and is never parsed. The common
// case stays fast: a tag or an alias is rare in manifests, and `#!/bin/sh` starts no node.
import { isMap, isScalar, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { isPlainMapping } from '../base/data.js';
import { describeCharacter, GO_LINE_BREAKS } from '../base/go-yaml.js';
import { KINDS, type Kind } from '../base/kinds.js';
import { success, type Outcome } from '../base/outcome.js';
import { sandboxKind } from './classify.js';
import { itemsContaining, SANDBOX_GROUP_MARK, type Input, type Item } from './input.js';
import { parseOne, toData } from './yaml.js';

/**
 * Where an item's text holds raw a character that Go's YAML reader (kubectl, kustomize, kpt) reads as a
 * line break and yaml does not (base/go-yaml.ts): in a comment or a scalar, what follows it is YAML
 * structure to Go (keys, or a `---` and a whole other resource) and text to this run, so the cluster
 * would get other data than the run reads. Such an item that may be a Sandbox kind, or the ConfigMap
 * source, cannot be judged here.
 */
export function goLineBreakIn(text: string): { character: string; offset: number } | undefined {
  const found = GO_LINE_BREAKS.characters.exec(text);
  return found ? { character: found[0], offset: found.index } : undefined;
}

/** The message for such an item, which is left unchanged. */
export function goLineBreakMessage(where: string, character: string, line: number): string {
  return (
    `${where} holds ${describeCharacter(character)} raw on line ${line}, which Go's YAML reader (kubectl, ` +
    'kustomize, kpt) reads as a line break and this function does not, so the cluster would read other data ' +
    `(other keys, or another resource) than this run checks; write it escaped in double quotes ` +
    `("\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}"), or remove it; it is left unchanged`
  );
}

/** The items that may be Sandbox kinds, in input order: any other is provably none. */
export function sandboxCandidates(input: Input): Item[] {
  const marked = new Set(itemsContaining(input, SANDBOX_GROUP_MARK));
  return input.items.filter((item) => marked.has(item) || input.hiding.has(item));
}

/**
 * What an item that cannot be read on its own (a duplicate key, an alias bomb, an alias of an anchor
 * outside it, broken YAML) may be, for its error: a Sandbox kind, maybe one, or (undefined) none, which
 * then passes through as it is. Its apiVersion and kind decide, where its mapping holds them as plain
 * values (no alias or merge key can change them then, and nothing else need be expanded); else its
 * data, if that can be had at all.
 */
export function unreadableKind(
  input: Input,
  item: Item,
  kinds: readonly Kind[] = KINDS,
): 'a Sandbox kind' | 'maybe a Sandbox kind' | undefined {
  const read = item.node && item.doc ? success({ root: item.node, doc: item.doc }) : alone(input, item);
  if (!read.ok) return 'maybe a Sandbox kind';
  const { root, doc } = read.value;
  const named = isMap(root) && !root.items.some((pair) => isMergeKey(pair.key)) ? plainKind(root) : undefined;
  if (named) return sandboxKind(named, kinds) ? 'a Sandbox kind' : undefined;
  const value = toData(root, doc);
  if (!value.ok) return 'maybe a Sandbox kind';
  return isPlainMapping(value.value) && sandboxKind(value.value, kinds) ? 'a Sandbox kind' : undefined;
}

function alone(input: Input, item: Item): Outcome<{ root: Node | null; doc: Document }, string> {
  const parsed = parseOne(' '.repeat(item.column) + input.text.slice(item.start, item.end));
  return parsed.ok ? success({ root: parsed.value.contents, doc: parsed.value }) : parsed;
}

/** A mapping's apiVersion and kind, when both are plain scalars (no alias, no tag). */
function plainKind(map: YAMLMap): Record<string, unknown> | undefined {
  const [apiVersion, kind] = [map.get('apiVersion', true), map.get('kind', true)];
  if (![apiVersion, kind].every((node) => node === undefined || (isScalar(node) && node.tag === undefined)))
    return undefined;
  return { apiVersion: (apiVersion as Scalar | undefined)?.value, kind: (kind as Scalar | undefined)?.value };
}

const isMergeKey = (key: unknown): boolean => isScalar(key) && (key.value === '<<' || typeof key.value === 'symbol');
