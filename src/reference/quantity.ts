// resource.Quantity as apimachinery v0.35.0 reads, rounds and writes it (pkg/api/resource/quantity.go,
// suffix.go, amount.go, math.go), exactly, with bigints for Go's int64 and inf.Dec: what a Pod's quantities
// become on their way through the controller and the API server, so that two Pods compare by the amounts
// they hold, as apimachinery's Semantic.DeepEqual compares them (pkg/api/equality/semantic.go: Cmp), and not
// by how each was spelt (`1000m` and `1`, `1Gi` and `1024Mi`).
import type { Outcome } from '../base/outcome.js';

export type Format = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** A quantity's amount, mantissa × 10^exponent, exact; and the format it is written back in. */
export interface Quantity {
  mantissa: bigint;
  exponent: number;
  format: Format;
  /** The text Go keeps from parsing and writes back as it is (quantity.go:333-342), when it kept one. */
  cached?: string;
}

/** quantity.go:150-158. */
const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${SPLIT_RE}'`;
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const MAX_INT64 = 2n ** 63n - 1n;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** quantity.go:161-275, parseQuantityString: sign, numerator (leading zeros gone), denominator, suffix. */
function parseQuantityString(
  str: string,
): Outcome<{ positive: boolean; value: string; num: string; denom: string; suffix: string }, string> {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] !== '-';
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { ok: true, value: { positive, value: '0', num: '0', denom: '', suffix: '' } };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  let num = str.slice(pos, i);
  if (i >= end) return { ok: true, value: { positive, value: str, num, denom: '', suffix: '' } };
  pos = i;
  if (num === '') num = '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { ok: true, value: { positive, value: str, num, denom, suffix: '' } };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos]!)) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) return { ok: false, error: ERR_FORMAT_WRONG };
  return { ok: true, value: { positive, value, num, denom, suffix: str.slice(suffixStart) } };
}

/** suffix.go:183-199, interpret: base, exponent (Go truncates a decimal exponent to int32) and format. */
function interpret(suffix: string): { base: 10 | 2; exponent: number; format: Format } | undefined {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    // strconv.ParseInt(suffix[1:], 10, 64), then int32(parsed)
    const digits = suffix.slice(1);
    if (!/^[+-]?\d+$/.test(digits)) return undefined;
    const parsed = BigInt(digits);
    if (parsed < -(2n ** 63n) || parsed > MAX_INT64) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** A bigint's magnitude divided by 10^k, rounded away from zero (inf.RoundUp, amount.go negativeScaleInt64). */
function divideRoundingUp(mantissa: bigint, k: number): bigint {
  if (k <= 0) return mantissa;
  const magnitude = mantissa < 0n ? -mantissa : mantissa;
  // More digits dropped than there are: any non-zero amount is one unit.
  if (k > magnitude.toString().length) return magnitude === 0n ? 0n : mantissa < 0n ? -1n : 1n;
  const divisor = 10n ** BigInt(k);
  const rounded = magnitude / divisor + (magnitude % divisor === 0n ? 0n : 1n);
  return mantissa < 0n ? -rounded : rounded;
}

/** quantity.go:277-392, ParseQuantity, with its errors. */
export function parseQuantity(str: string): Outcome<Quantity, string> {
  if (str.length === 0) return { ok: false, error: ERR_FORMAT_WRONG };
  if (str === '0') return { ok: true, value: { mantissa: 0n, exponent: 0, format: 'DecimalSI', cached: str } };
  const scanned = parseQuantityString(str);
  if (!scanned.ok) return scanned;
  const { positive, value, num, denom, suffix } = scanned.value;
  const interpreted = interpret(suffix);
  if (!interpreted) return { ok: false, error: ERR_SUFFIX };
  const { base, exponent } = interpreted;
  let format = interpreted.format;
  // The int64 fast path (quantity.go:296-346), taken when the digits surely fit; Go keeps the text it was
  // given when it is already in canonical form.
  const precision =
    base === 10
      ? 18 - (num.length + denom.length)
      : exponent >= 0 && denom.length === 0
        ? 15 - num.length - Math.trunc((exponent * 3) / 10) - 1
        : -1;
  const scale = (base === 10 ? exponent : 0) - denom.length;
  if (precision >= 0 && scale >= -9) {
    const shifted = num + denom;
    const digits = BigInt(shifted) * (base === 2 ? 2n ** BigInt(exponent) : 1n);
    if (digits <= MAX_INT64) {
      const mantissa = positive ? digits : -digits;
      const canonical =
        base === 2
          ? exponent % 10 === 0 && (BigInt(shifted) & 7n) !== 0n
          : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
      return { ok: true, value: { mantissa, exponent: scale, format, ...(canonical ? { cached: str } : {}) } };
    }
  }
  // The inf.Dec path (quantity.go:348-391): the text up to the suffix must be a decimal number.
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(value)) return { ok: false, error: ERR_NUMERIC };
  const [whole = '', fraction = ''] = value.replace(/^[+-]/, '').split('.');
  let mantissa = BigInt(whole + fraction || '0');
  let scaleOut = -fraction.length;
  if (base === 10) scaleOut += exponent;
  else mantissa *= 2n ** BigInt(exponent);
  // Non-zero amounts are rounded up to a nano; binary ones are capped at 2^63-1.
  if (scaleOut < -9) {
    mantissa = divideRoundingUp(mantissa, -9 - scaleOut);
    scaleOut = -9;
  }
  if (format === 'BinarySI' && compare({ mantissa, exponent: scaleOut }, { mantissa: MAX_INT64, exponent: 0 }) > 0) {
    mantissa = MAX_INT64;
    scaleOut = 0;
  }
  if (format === 'BinarySI' && mantissa !== 0n && compare({ mantissa, exponent: scaleOut }, ONE) < 0)
    format = 'DecimalSI';
  return { ok: true, value: { mantissa: positive ? mantissa : -mantissa, exponent: scaleOut, format } };
}

const ONE = { mantissa: 1n, exponent: 0 };

/** The amount with its mantissa's factors of ten moved into the exponent: one form per amount. */
function normal(mantissa: bigint, exponent: number): { mantissa: bigint; exponent: number } {
  if (mantissa === 0n) return { mantissa, exponent: 0 };
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  return { mantissa, exponent };
}

/** Cmp of two amounts. */
function compare(a: { mantissa: bigint; exponent: number }, b: { mantissa: bigint; exponent: number }): number {
  const [x, y] = [normal(a.mantissa, a.exponent), normal(b.mantissa, b.exponent)];
  const low = Math.min(x.exponent, y.exponent);
  // Amounts of very different sizes differ at their signs or their lengths; only near ones are scaled.
  const size = (v: { mantissa: bigint; exponent: number }) =>
    v.mantissa.toString().replace('-', '').length + v.exponent;
  if (x.mantissa === 0n || y.mantissa === 0n || x.mantissa < 0n !== y.mantissa < 0n || size(x) !== size(y)) {
    const sign = (v: bigint) => (v > 0n ? 1 : v < 0n ? -1 : 0);
    if (sign(x.mantissa) !== sign(y.mantissa)) return sign(x.mantissa) - sign(y.mantissa);
    return (size(x) - size(y)) * sign(x.mantissa);
  }
  const scaled = (v: { mantissa: bigint; exponent: number }) => v.mantissa * 10n ** BigInt(v.exponent - low);
  const d = scaled(x) - scaled(y);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/** quantity.go RoundUp (amount.go AsScale): the amount rounded away from zero to 10^scale. */
export function roundUp(q: Quantity, scale: number): Quantity {
  if (q.exponent >= scale) return q;
  const rounded = normal(q.mantissa, q.exponent);
  if (rounded.exponent >= scale) return { mantissa: rounded.mantissa, exponent: rounded.exponent, format: q.format };
  return { mantissa: divideRoundingUp(rounded.mantissa, scale - rounded.exponent), exponent: scale, format: q.format };
}

const DECIMAL_SUFFIX_OF: Record<number, string> = Object.fromEntries(
  Object.entries(DECIMAL_SUFFIXES).map(([suffix, exponent]) => [exponent, suffix]),
);
const BINARY_SUFFIX_OF: Record<number, string> = Object.fromEntries(
  Object.entries(BINARY_SUFFIXES).map(([suffix, exponent]) => [exponent, suffix]),
);

/**
 * quantity.go MarshalJSON and CanonicalizeBytes: the text kept from parsing, else the canonical form. A
 * binary amount under 1024 or not whole is written as a decimal one; a decimal one with an exponent that has
 * no suffix (above E, 10^18) is written without one, so `1000E` is written "1" (suffix.go constructBytes).
 */
export function quantityText(q: Quantity): string {
  if (q.cached !== undefined) return q.cached;
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const small = compare(q, { mantissa: -1024n, exponent: 0 }) > 0 && compare(q, { mantissa: 1024n, exponent: 0 }) < 0;
    if (small || normal(q.mantissa, q.exponent).exponent < 0) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let { mantissa, exponent } = normal(q.mantissa, q.exponent);
    mantissa *= 10n ** BigInt(exponent);
    let power = 0;
    while (mantissa % 1024n === 0n) {
      mantissa /= 1024n;
      power += 10;
    }
    return `${mantissa}${BINARY_SUFFIX_OF[power] ?? ''}`;
  }
  let { mantissa, exponent } = normal(q.mantissa, q.exponent);
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  return `${mantissa}${DECIMAL_SUFFIX_OF[exponent] ?? ''}`;
}

/** The amount a quantity's text stands for, as one string ("15e-1"): equal amounts, equal strings. */
export function amountOf(text: string): string | undefined {
  const parsed = parseQuantity(text);
  if (!parsed.ok) return undefined;
  const { mantissa, exponent } = normal(parsed.value.mantissa, parsed.value.exponent);
  return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
}

/** The amount a quantity holds once Go has written it back (so `1000E` holds 1). */
export function storedAmount(text: string): string | undefined {
  const parsed = parseQuantity(text);
  return parsed.ok ? amountOf(quantityText(parsed.value)) : undefined;
}
