// "Did you mean": how close a name is to one the function knows (docs/config.md). Case, `-` and `_` are
// ignored, and then the names may differ by at most two edits (insertions, deletions, substitutions).
const MAX_EDITS = 2;

/**
 * How much comparing one index may cost over a run, in cells of the edit-distance table (tens of
 * milliseconds). A hint is worth little next to the run: thousands of unknown names against thousands
 * of known ones (an attack, or a generated config) get no hints once it is spent, rather than minutes.
 */
const MAX_WORK = 5_000_000;

const normal = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

/** Candidate names, indexed by length, to find the closest to a name that is not one of them. */
export class NameIndex {
  private readonly known = new Set<string>();
  /** Each candidate's normal form, with its place among the candidates, by the form's length. */
  private readonly byLength = new Map<number, { name: string; normal: string; order: number }[]>();
  private work = 0;

  constructor(candidates: Iterable<string>) {
    let order = 0;
    for (const name of candidates) {
      if (this.known.has(name)) continue;
      this.known.add(name);
      const form = normal(name);
      const bucket = this.byLength.get(form.length) ?? [];
      bucket.push({ name, normal: form, order: order++ });
      this.byLength.set(form.length, bucket);
    }
  }

  /**
   * The closest candidate (the first of the closest, in the candidates' order) to a name that is not
   * one of them, if one is close enough; undefined also once the index's work is spent.
   */
  closest(name: string): string | undefined {
    if (this.known.has(name)) return undefined;
    const form = normal(name);
    let best: { name: string; order: number } | undefined;
    let bestDistance = MAX_EDITS + 1;
    for (let length = form.length - MAX_EDITS; length <= form.length + MAX_EDITS; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        this.work += (Math.min(form.length, candidate.normal.length) + 1) * (2 * MAX_EDITS + 1);
        if (this.work > MAX_WORK) return undefined;
        const d = distance(form, candidate.normal);
        if (d < bestDistance || (d === bestDistance && best && candidate.order < best.order)) {
          [best, bestDistance] = [candidate, d];
        }
      }
    }
    return bestDistance <= MAX_EDITS ? best?.name : undefined;
  }
}

/**
 * The edit distance between two strings, or MAX_EDITS + 1 when it is more than MAX_EDITS: only the
 * table's band |i - j| <= MAX_EDITS can hold a distance that small, so only it is filled in (cells
 * outside it count as too far), and the walk stops at the first row whose band is all too far.
 */
function distance(a: string, b: string): number {
  const far = MAX_EDITS + 1;
  if (Math.abs(a.length - b.length) > MAX_EDITS) return far;
  let previous = new Int32Array(b.length + 1).fill(far);
  let current = new Int32Array(b.length + 1).fill(far);
  for (let j = 0; j <= Math.min(b.length, MAX_EDITS); j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const low = Math.max(0, i - MAX_EDITS);
    const high = Math.min(b.length, i + MAX_EDITS);
    if (low > 0) current[low - 1] = far;
    let rowBest = far;
    for (let j = low; j <= high; j++) {
      const up = j <= i - 1 + MAX_EDITS ? previous[j]! : far;
      const cell =
        j === 0 ? i : Math.min(up + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current[j] = Math.min(cell, far);
      rowBest = Math.min(rowBest, current[j]!);
    }
    if (rowBest >= far) return far;
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/** The closest of the candidates to a name that is not one of them, if one is close enough. */
export function closest(name: string, candidates: Iterable<string> | NameIndex): string | undefined {
  return (candidates instanceof NameIndex ? candidates : new NameIndex(candidates)).closest(name);
}

/** "; did you mean X?" for a name close to a candidate, or nothing. */
export function didYouMean(name: string, candidates: Iterable<string> | NameIndex): string {
  const near = closest(name, candidates);
  return near === undefined ? '' : `; did you mean ${near}?`;
}
