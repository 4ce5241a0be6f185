// The Kubernetes core/v1 schema for what an entry injects, from kubernetes-models: a sidecar with a
// misspelt field or a bad quantity is caught here, at build time, not at pod creation.
import { joinPath, type Problem } from '../base/decode.js';
import { loadModels, type Models } from './models.js';
import { ENTRY_FIELDS, type Entry, type EntryField } from './entry.js';

export type CoreKind = keyof Models;

interface SchemaError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Problems of one value against a core/v1 type, with paths below `at`. */
function schemaProblems(kind: CoreKind, value: unknown, at: (string | number)[]): Problem[] {
  try {
    new (loadModels()[kind])(value as never).validate();
    return [];
  } catch (e) {
    const errors = ((e as { errors?: SchemaError[] }).errors ?? [
      { instancePath: '', message: (e as Error).message },
    ]) as SchemaError[];
    // A union (a quantity is a number or a string) fails once per member and once as a whole: one
    // problem per path, its alternatives joined.
    const byPath = new Map<string, string[]>();
    for (const error of errors) {
      const below = error.instancePath
        .split('/')
        .filter(Boolean)
        .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
      const path = joinPath([...at, ...below]);
      const messages = byPath.get(path) ?? [];
      byPath.set(path, messages);
      if (!messages.includes(error.message ?? 'invalid')) messages.push(error.message ?? 'invalid');
    }
    return [...byPath].map(([path, messages]) => {
      const specific = messages.filter((m) => !m.includes('"oneOf"') && !m.includes('"anyOf"'));
      return { path, message: `not a valid ${kind}: ${(specific.length ? specific : messages).join(' or ')}` };
    });
  }
}

/** A value of an entry (a list item, or the postStart handler) that is no valid core/v1 value, with its problems. */
export interface InvalidItem {
  readonly value: unknown;
  readonly problems: readonly Problem[];
}

/**
 * The values in the fields of an entry that its runtime injects (`fields`, its unit's) that are no valid
 * core/v1 values. Each is a problem only where it reaches a Pod: the controller skips some (a csi mount whose
 * name the main container has, a runtime its guard skips), so the expansion judges them (plan/expand.ts).
 */
export function invalidItems(entry: Entry, fields: readonly EntryField[]): InvalidItem[] {
  return fields.flatMap((field) => {
    const { type, values } = ENTRY_FIELDS[field];
    if (type === undefined) return [];
    const at = field.split('.');
    // A handler is one value; the other fields are lists, their items numbered.
    return values(entry).flatMap((value, i) => {
      const problems = schemaProblems(type, value, type === 'LifecycleHandler' ? at : [...at, i]);
      return problems.length ? [{ value, problems }] : [];
    });
  });
}
