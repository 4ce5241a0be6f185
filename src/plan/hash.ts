// Short content hashes for the status record: of an entry (to tell a stale injection) and of each
// injected value (to tell one edited by hand). Canonical JSON, so key order does not count.
import { createHash } from 'node:crypto';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const contentHash = (value: unknown): string => createHash('sha256').update(canonical(value)).digest('hex').slice(0, 12);
