// What an object is, by its apiVersion and kind, as every YAML reader would take it (issue 17 item 1):
// a Sandbox kind, a List to flatten, or something else. Where the `yaml` package reads a value one way
// and Go's YAML (kubectl, kustomize) might read it another, the object is "disguised": the function
// cannot know which resource the cluster gets, and says so rather than pass it through.
import { KINDS, kindOf, SANDBOX_GROUP, type Kind } from '../base/kinds.js';

export type Classified = { kind: Kind } | { disguised: true } | undefined;

/** A Sandbox kind (of the kinds table), or a value that another reader may take for one. */
export function sandboxKind(object: Record<string, unknown>, kinds: readonly Kind[] = KINDS): Classified {
  const kind = kindOf(object.apiVersion, object.kind, kinds);
  if (kind) return { kind };
  return kindOf(loosely(object.apiVersion), loosely(object.kind), kinds) ? { disguised: true } : undefined;
}

/**
 * Whether an object is of the Sandbox API group, as any reader may take it: what a kinds table given
 * to the run may hold, whatever its kinds are called.
 */
export function inSandboxGroup(object: Record<string, unknown>): boolean {
  const apiVersion = loosely(object.apiVersion);
  return typeof apiVersion === 'string' && apiVersion.startsWith(SANDBOX_GROUP + '/');
}

/** Whether an object is a List, as kubectl's kustomize flattens them: a kind that ends in List, with items. */
export function listKind(object: Record<string, unknown>): 'list' | 'disguised' | undefined {
  const kind = object.kind;
  if (typeof kind === 'string' && kind.endsWith('List')) return 'list';
  const loose = loosely(kind);
  return typeof loose === 'string' && loose.endsWith('List') ? 'disguised' : undefined;
}

/**
 * A scalar as a reader that differs might take it: go-yaml decodes a `!!binary` value into the string
 * of its bytes, and reads U+0085, U+2028 and U+2029 as line breaks, which fold to spaces or end the
 * value; whitespace then counts for nothing here (a false alarm costs an error, a miss a hidden resource).
 */
function loosely(value: unknown): unknown {
  const text = value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
  return typeof text === 'string' ? text.replace(/[\s\u0085\u2028\u2029]/g, '') : value;
}

/** Why an object the reader cannot be sure of is an error. */
export const DISGUISED =
  'its apiVersion or kind is written so that YAML readers differ on it (a !!binary value, or a line break ' +
  'or space inside it), so which resource the cluster gets is not known here; write both as plain text';
