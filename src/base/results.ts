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
  /** The KRM result's tags: a refusal by design says its reason, `{reason: ...}`. */
  tags?: Record<string, string>;
}

/**
 * The refusals by design (docs/refusals.md says why each is one): errors the function gives for a reason of
 * its own, where the controller might still build a Pod. Each such result carries its reason as a stable
 * tag, `tags: {reason: <one of these>}`, for tools and tests to match rather than the words.
 */
export const REFUSAL_REASONS = [
  'placeholder-in-configmap-source',
  'placeholder-without-region',
  'no-entry',
  'inline-entry-beside-source',
  'invalid-function-config',
  'config-source-ambiguous',
  'config-source-missing',
  'config-source-unreadable',
  'forged-record',
  'hand-edit',
  'status-records-refused',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Where a result points: the resource, and the file it came from when the orchestrator said so. */
export interface Subject {
  ref: ResourceRef;
  file?: { path: string; index?: number };
}

export function result(
  severity: Severity,
  message: string,
  subject?: Subject,
  fieldPath?: string,
  reason?: RefusalReason,
): Result {
  const out: Result = { message, severity };
  if (subject) {
    out.resourceRef = subject.ref;
    if (fieldPath !== undefined) out.field = { path: fieldPath };
    if (subject.file) out.file = subject.file;
  }
  if (reason !== undefined) out.tags = { reason };
  return out;
}

export const hasError = (results: readonly Result[]): boolean => results.some((r) => r.severity === 'error');

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Control and invisible characters (C0, DEL, C1, line and paragraph separators, format characters such
 * as bidi overrides and zero-width spaces, lone surrogates) as \u escapes. Names and keys that users wrote
 * go into messages, and a terminal must show them, not obey them (an ANSI escape recolours or erases).
 */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A result as it leaves the run: every text in it printable. An orchestrator prints the reference too
 * (kpt's "[error] .../Sandbox/default/name: message"), and a name that is no Kubernetes name is one to
 * show, not to match.
 */
export function printableResult(r: Result): Result {
  const out: Result = { ...r, message: printable(r.message) };
  if (r.resourceRef) {
    const { apiVersion, kind, name, namespace } = r.resourceRef;
    out.resourceRef = { apiVersion: printable(apiVersion), kind: printable(kind), name: printable(name) };
    if (namespace !== undefined) out.resourceRef.namespace = printable(namespace);
  }
  if (r.field) out.field = { path: printable(r.field.path) };
  if (r.file) out.file = { ...r.file, path: printable(r.file.path) };
  return out;
}

/** How a run reports: the options verbose and failOn. */
export interface Reporting {
  verbose: boolean;
  failOn: 'error' | 'warning';
}

/**
 * The results a run reports. Infos about single resources only when verbose; under failOn: warning, one
 * more error that counts the warnings. Then errors, warnings and infos, each in the order they came: a
 * caller that shows only the first lines (kpt) shows the errors.
 */
export function reported(
  { run, resources, closing }: { run: Result[]; resources: Result[]; closing: Result[] },
  { verbose, failOn }: Reporting,
): Result[] {
  const results = [...run, ...resources.filter((r) => verbose || r.severity !== 'info'), ...closing];
  const warnings = results.filter((r) => r.severity === 'warning').length;
  if (failOn === 'warning' && warnings) {
    const some = warnings === 1 ? 'it is the warning that follows' : 'they are the warnings that follow';
    results.push(
      result(
        'error',
        `failing on ${warnings} warning${warnings === 1 ? '' : 's'} (failOn: warning): ${some} this error; ` +
          'fix what each says, or set failOn: error (--fail-on error) to let warnings pass',
      ),
    );
  }
  return results.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** One line per result, for stderr in the modes whose output has no place for results. */
export function summarize(results: readonly Result[]): string {
  return results
    .map((r) => {
      const ref = r.resourceRef;
      const field = r.field ? ' ' + r.field.path : '';
      const where = ref ? ` [${ref.kind} ${ref.namespace ? ref.namespace + '/' : ''}${ref.name}${field}]` : '';
      return printable(`${r.severity}: ${r.message}${where}`) + '\n';
    })
    .join('');
}
