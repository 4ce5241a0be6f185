// Short content hashes for the status record: of an entry (to tell a stale injection) and of each
// injected value (to tell one edited by hand). Canonical JSON, so key order does not count.
import type * as Crypto from 'node:crypto';
import { remembered } from './memo.js';

// The injection config's entries are frozen (config/sources.ts) and the same in every resource: each
// one's canonical text and hash are kept, so that a resource's wrappers around them cost little.
const canonicals = new WeakMap<object, string>();
const frozenHashes = new WeakMap<object, string>();
const hashes = new Map<string, string>();

function canonical(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  let text = canonicals.get(value);
  if (text !== undefined) return text;
  text = Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : `{${Object.keys(value)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
        .join(',')}}`;
  if (Object.isFrozen(value)) canonicals.set(value, text);
  return text;
}

// node:crypto takes some 3 ms to load, more than the rest of start-up's own code, and a run that expands
// no runtime hashes nothing: it is loaded at the first hash. (getBuiltinModule is Node 20.16 and later.)
let crypto: typeof Crypto | undefined;
const sha256 = (text: string): string => {
  crypto ??= process.getBuiltinModule?.('node:crypto') ?? (require('node:crypto') as typeof Crypto);
  return crypto.createHash('sha256').update(text).digest('hex');
};

export function contentHash(value: unknown): string {
  const frozen = typeof value === 'object' && value !== null && Object.isFrozen(value);
  if (frozen) {
    const known = frozenHashes.get(value);
    if (known !== undefined) return known;
  }
  const text = canonical(value);
  const hash = remembered(hashes, text, () => sha256(text).slice(0, 12));
  if (frozen) frozenHashes.set(value, hash);
  return hash;
}
