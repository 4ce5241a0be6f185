// What identifies an item in results: its resourceRef, and the file the orchestrator read it from.
import type { Subject } from '../base/results.js';

const PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'];
const INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'];

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const asString = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);

export function subjectOf(object: unknown): Subject {
  const o = asRecord(object);
  const metadata = asRecord(o.metadata);
  const annotations = asRecord(metadata.annotations);
  const subject: Subject = {
    ref: { apiVersion: asString(o.apiVersion), kind: asString(o.kind), name: asString(metadata.name) },
  };
  if (metadata.namespace !== undefined && metadata.namespace !== null)
    subject.ref.namespace = asString(metadata.namespace);
  const path = PATH_ANNOTATIONS.map((k) => annotations[k]).find((v) => v !== undefined);
  if (path !== undefined) {
    subject.file = { path: asString(path) };
    const index = INDEX_ANNOTATIONS.map((k) => annotations[k]).find((v) => v !== undefined);
    if (index !== undefined && /^\d+$/.test(asString(index))) subject.file.index = Number(index);
  }
  return subject;
}
