// "Did you mean": how close a name is to one the function knows (docs/config.md). Case, `-` and `_` are
// ignored, and then the names may differ by at most two edits (insertions, deletions, substitutions).
const MAX_EDITS = 2;

const normal = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

/** The edit distance between two strings, or MAX_EDITS + 1 when it is more than MAX_EDITS. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > MAX_EDITS) return MAX_EDITS + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return Math.min(previous[b.length]!, MAX_EDITS + 1);
}

/** The closest of the candidates to a name that is not one of them, if one is close enough. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_EDITS + 1;
  for (const candidate of candidates) {
    if (candidate === name) return undefined;
    const d = distance(normal(name), normal(candidate));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= MAX_EDITS ? best : undefined;
}

/** "; did you mean X?" for a name close to a candidate, or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = closest(name, candidates);
  return near === undefined ? '' : `; did you mean ${near}?`;
}
