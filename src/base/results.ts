// KRM function results, with the field names of the KRM Functions Specification
// (kpt-functions' own Result type says `warn` and `suggestedValue`, which the spec does not).

export type Severity = 'error' | 'warning' | 'info';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Result {
  message: string;
  severity: Severity;
  resourceRef?: ResourceRef;
  field?: { path: string };
  file?: { path: string; index?: number };
}

/** Where a result points: the resource, and the file it came from when the orchestrator said so. */
export interface Subject {
  ref: ResourceRef;
  file?: { path: string; index?: number };
}

export function result(severity: Severity, message: string, subject?: Subject, fieldPath?: string): Result {
  const out: Result = { message, severity };
  if (subject) {
    out.resourceRef = subject.ref;
    if (fieldPath !== undefined) out.field = { path: fieldPath };
    if (subject.file) out.file = subject.file;
  }
  return out;
}

export const hasError = (results: readonly Result[]): boolean => results.some((r) => r.severity === 'error');

/** One line per result, for stderr in the modes whose output has no place for results. */
export function summarize(results: readonly Result[]): string {
  return results
    .map((r) => {
      const ref = r.resourceRef;
      const field = r.field ? ' ' + r.field.path : '';
      const where = ref ? ` [${ref.kind} ${ref.namespace ? ref.namespace + '/' : ''}${ref.name}${field}]` : '';
      return `${r.severity}: ${r.message}${where}\n`;
    })
    .join('');
}
