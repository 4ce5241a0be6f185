// JSON text the way people and tools write it, for the injection entries of the random differential test:
// the same value with its numbers spelt in every form JSON allows (`9090`, `9090.0`, `9.09e3`, `9090e0`,
// `-0`), struct keys in other case, unknown keys, nulls in place of values, and a key given twice. Go's
// encoding/json reads each of these its own way (src/reference/go-decode.ts), which is where imitation goes
// wrong. The choices are made by a small seeded generator, so that a case is its seed and replays.

/** A value to write: plain data, where a number may carry the spelling to write it with. */
export type Plain = null | boolean | string | number | Spelt | Plain[] | { [key: string]: Plain };

/** A number written as given (`9090.0`, `1e400`): the spelling is the point of the case. */
export class Spelt {
  constructor(readonly text: string) {}
}

/** How often each oddity is written. */
export interface Oddities {
  /** The seed of the choices. */
  seed: number;
  /** Numbers spelt other than plainly. */
  numbers: number;
  /** Struct keys in other case (Go folds them; a map's keys it keeps). */
  keyCase: number;
  /** An unknown key added to a struct. */
  unknownKeys: number;
  /** A value written as null. */
  nulls: number;
  /** A key given twice, the first time with another value. */
  repeats: number;
}

export const NO_ODDITIES: Oddities = { seed: 0, numbers: 0, keyCase: 0, unknownKeys: 0, nulls: 0, repeats: 0 };

/** Keys whose values are maps, not structs: their keys are data, never folded. */
const MAP_KEYS = new Set(['labels', 'annotations', 'limits', 'requests', 'nodeSelector', 'data']);

/** The spellings of an integer JSON allows, each the same number to JSON.parse (but not to Go's int32). */
function spellings(n: number): string[] {
  if (n === 0) return ['0', '-0', '0.0', '0e5', '0E-2'];
  const s = String(n);
  const digits = s.replace('-', '');
  const sign = n < 0 ? '-' : '';
  const shifted = `${sign}${digits[0]}.${digits.slice(1) || '0'}e${digits.length - 1}`;
  return [s, `${s}.0`, `${s}e0`, `${s}.000`, shifted, `${s}0E-1`];
}

/** JSON text of a value, with oddities at the rates given. */
export function writeJson(value: Plain, odd: Oddities): string {
  let state = odd.seed >>> 0 || 1;
  const random = () => {
    // xorshift32: small, seeded, the same on every machine.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const write = (v: Plain, inMap: boolean): string => {
    if (v !== null && random() < odd.nulls) return 'null';
    if (v === null || typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return JSON.stringify(v);
    if (v instanceof Spelt) return v.text;
    if (typeof v === 'number') {
      if (Number.isInteger(v) && random() < odd.numbers) return pick(spellings(v));
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) return `[${v.map((item) => write(item, false)).join(',')}]`;
    const pairs: string[] = [];
    for (const [key, item] of Object.entries(v)) {
      const isMap = MAP_KEYS.has(key);
      let written = key;
      if (!inMap && random() < odd.keyCase)
        written = pick([key.toUpperCase(), key[0]!.toUpperCase() + key.slice(1), key.toLowerCase()]);
      if (!inMap && random() < odd.repeats)
        pairs.push(`${JSON.stringify(written)}:${write(typeof item === 'string' ? `${item}-before` : null, isMap)}`);
      pairs.push(`${JSON.stringify(written)}:${write(item, isMap)}`);
    }
    if (!inMap && random() < odd.unknownKeys)
      pairs.push(pick(['"imagePullPolicyy":"Always"', '"postStartShell":"sh"', '"x-extra":{"a":[1,2]}']));
    return `{${pairs.join(',')}}`;
  };
  return write(value, false);
}

/** The value as plain data, as JSON.parse would give it for text without oddities. */
export function plainOf(value: Plain): unknown {
  return JSON.parse(writeJson(value, NO_ODDITIES));
}
