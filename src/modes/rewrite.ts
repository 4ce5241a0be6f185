// One item through the stages, in the run's mode: parsed on its own, its status record read, then
// injected (./inject.ts), uninjected (./uninject.ts) or checked (./check.ts). Items that are no Sandbox
// kind, or cannot be read, pass through as they are.
import { result } from '../base/results.js';
import type { Mode } from '../config/functionConfig.js';
import { readStatus, STATUS_ANNOTATION } from '../provenance/status.js';
import { DISGUISED, sandboxKind } from '../read/classify.js';
import { parseAlone } from '../read/input.js';
import { subjectOf } from '../read/metadata.js';
import { check } from './check.js';
import { inject } from './inject.js';
import type { ItemRun, ModeOf, Parsed, Rewritten } from './item.js';
import { uninject } from './uninject.js';

const MODES: Readonly<Record<Mode, ModeOf>> = { inject, uninject, check };

/**
 * Where an item is, for messages: its name (`items[3]`), the line it starts on, and what it may be if it
 * cannot be read on its own (read/sandboxes.ts: undefined for an item that certainly is no Sandbox kind).
 */
export interface ItemPlace {
  name: string;
  line: number;
  unreadable: () => string | undefined;
}

/**
 * Rewrites one item's text (indented as in the input: `text` starts with its column's spaces) in the
 * run's mode. `where` names the item, and the line it starts on, for messages about an item that
 * cannot be read.
 */
export function rewriteItem(text: string, run: ItemRun, where: ItemPlace): Rewritten {
  // The last item of a text without a final newline gets one while it is rewritten, and loses it
  // again: edits place whole lines, and output that ends as the input did reads the same to a re-run,
  // to check and to uninject.
  if (text === '' || text.endsWith('\n')) return rewriteLines(text, run, where);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const rewritten = rewriteLines(text + newline, run, where);
  return rewritten.text === undefined ? rewritten : { ...rewritten, text: rewritten.text.slice(0, -newline.length) };
}

function rewriteLines(text: string, run: ItemRun, where: ItemPlace): Rewritten {
  const parsed = parseAlone(text, where.line);
  if (!parsed.ok) {
    // Only what may be a Sandbox kind is an error; another item passes through as it is.
    const what = where.unreadable();
    if (what === undefined) return { results: [] };
    return {
      results: [
        result(
          'error',
          `${where.name} (${what}) cannot be read: ${parsed.error}; its runtimes are not expanded and ` +
            `it is left unchanged`,
        ),
      ],
    };
  }
  const original: Parsed = { text, ...parsed.value };
  const classified = sandboxKind(original.value, run.kinds);
  if (!classified) return { results: [] };
  const subject = subjectOf(original.value);
  if (!('kind' in classified)) return { results: [result('error', `${DISGUISED}; it is left unchanged`, subject)] };
  const { kind } = classified;
  const statusField = `metadata.annotations.${STATUS_ANNOTATION}`;
  const status = readStatus(original.value);
  if (status && run.config.options.statusRecords === 'refuse') {
    const message =
      `the ${STATUS_ANNOTATION} annotation is refused (statusRecords: refuse): this pipeline renders from ` +
      'sources that never hold injected output, so a status record in its input can only be forged; remove ' +
      'the annotation, and anything it recorded, from the source; the resource is left unchanged';
    return { results: [result('error', message, subject, statusField, 'status-records-refused')] };
  }
  if (status && !status.ok) {
    const message =
      `the ${STATUS_ANNOTATION} annotation cannot be read (${status.error}); remove it, and the injection ` +
      `it recorded, by hand; the resource is left unchanged`;
    return { results: [result('error', message, subject, statusField, 'forged-record')] };
  }
  const rewritten = MODES[run.mode]({ kind, original, status: status?.value, subject, run });
  if (rewritten.ok) return rewritten.value;
  const { message, at, field, reason } = rewritten.error;
  if (field !== undefined) return { results: [result('error', message, subject, field, reason)] };
  const line = at === undefined ? '' : ` (line ${where.line + original.text.slice(0, at).split('\n').length - 1})`;
  return {
    results: [result('error', `cannot rewrite this resource: ${message}${line}; it is left unchanged`, subject)],
  };
}
