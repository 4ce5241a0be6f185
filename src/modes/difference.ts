// The first place where two resources differ, in words, for the check mode's message.
import { joinPath } from '../base/decode.js';

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
};

export function describeDifference(found: unknown, expected: unknown, path: (string | number)[] = []): string {
  const where = joinPath(path) || 'the resource';
  if (Array.isArray(found) && Array.isArray(expected)) {
    const length = Math.min(found.length, expected.length);
    for (let i = 0; i < length; i++) {
      if (JSON.stringify(found[i]) !== JSON.stringify(expected[i]))
        return describeDifference(found[i], expected[i], [...path, i]);
    }
    return `${where} has ${found.length} items where the function writes ${expected.length}`;
  }
  if (
    found &&
    expected &&
    typeof found === 'object' &&
    typeof expected === 'object' &&
    !Array.isArray(found) &&
    !Array.isArray(expected)
  ) {
    const keys = [...new Set([...Object.keys(found), ...Object.keys(expected)])];
    for (const key of keys) {
      const a = (found as Record<string, unknown>)[key];
      const b = (expected as Record<string, unknown>)[key];
      if (JSON.stringify(a) !== JSON.stringify(b)) return describeDifference(a, b, [...path, key]);
    }
    return `${where} differs only in its formatting`;
  }
  return `${where} is ${show(found)} where the function writes ${show(expected)}`;
}
