// Short content hashes for the status record: of an entry (to tell a stale injection) and of each
// injected value (to tell one edited by hand). Canonical JSON, so key order does not count.
import type * as Crypto from 'node:crypto';
import { canonicalJson } from './data.js';
import { remembered } from './memo.js';

// node:crypto takes some 3 ms to load, more than the rest of start-up's own code, and a run that expands
// no runtime hashes nothing: it is loaded at the first hash. (getBuiltinModule is Node 20.16 and later.)
let crypto: typeof Crypto | undefined;
const sha256 = (text: string): string => {
  crypto ??= process.getBuiltinModule?.('node:crypto') ?? (require('node:crypto') as typeof Crypto);
  return crypto.createHash('sha256').update(text).digest('hex');
};

/**
 * The hashes of one run. The injection config's entries are deep-frozen when resolved and the same in
 * every resource, so each frozen value's canonical text and hash are kept by identity: the wrappers
 * planning puts around the same entries in every resource then cost little. Made per run and passed
 * down, so nothing is kept by identity beyond the run whose entries were frozen.
 */
export class Hasher {
  private readonly canonicals = new WeakMap<object, string>();
  private readonly frozenHashes = new WeakMap<object, string>();
  private readonly hashes = new Map<string, string>();

  /** 12 hex digits of a SHA-256 of the value's canonical JSON. */
  contentHash(value: unknown): string {
    const frozen = typeof value === 'object' && value !== null && Object.isFrozen(value);
    if (frozen) {
      const known = this.frozenHashes.get(value);
      if (known !== undefined) return known;
    }
    const text = this.canonical(value);
    const hash = remembered(this.hashes, text, () => sha256(text).slice(0, 12));
    if (frozen) this.frozenHashes.set(value, hash);
    return hash;
  }

  /** The 8 hex digits the status record keeps per injected value. */
  shortHash(value: unknown): string {
    return this.contentHash(value).slice(0, 8);
  }

  private canonical(value: unknown): string {
    return canonicalJson(value, this.frozenTexts);
  }

  /** The canonical texts of frozen values only: anything else may change within the run. */
  private readonly frozenTexts = {
    get: (o: object) => this.canonicals.get(o),
    set: (o: object, text: string) => {
      if (Object.isFrozen(o)) this.canonicals.set(o, text);
    },
  };
}
