// io-ts decoding with messages a person can act on: the path that is wrong, what was found there and
// what was expected. io-ts' PathReporter prints whole values and codec names like `({ name: string } & ...)`,
// which reads badly in a KRM result, so the problems are worded here.
import * as t from 'io-ts';
import { closest } from './names.js';
import { failure, success, type Outcome } from './outcome.js';

export interface Problem {
  /** Dotted path below the decoded value, with [i] for list indices; '' for the value itself. */
  path: string;
  message: string;
}

export type Decoded<A> = Outcome<A, Problem[]>;

export function decode<A>(codec: t.Decoder<unknown, A>, value: unknown): Decoded<A> {
  const result = codec.decode(value);
  if (result._tag === 'Right') return success(result.right);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of result.left) {
    const problem = describe(error);
    const key = problem.path + '\0' + problem.message;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return failure(keepDeepest(problems));
}

/** A union reports one error per member; the deepest paths say the most, so keep only those per branch. */
function keepDeepest(problems: Problem[]): Problem[] {
  return problems.filter(
    (p) => !problems.some((q) => q !== p && q.path.startsWith(p.path) && q.path.length > p.path.length),
  );
}

function describe(error: t.ValidationError): Problem {
  // Intersections add their member index to the context; it is not part of the data's path.
  const keys = error.context
    .slice(1)
    .filter((_entry, i) => !isCombinator(error.context[i]!.type))
    .map((entry) => entry.key);
  const path = joinPath(keys);
  // A codec that words its own failure (strictPartial) says all there is to say.
  if (error.message) return { path, message: error.message };
  const last = error.context[error.context.length - 1];
  const expected = expectedName(last?.type.name ?? 'a value');
  const found =
    error.value === undefined ? 'nothing' : [kindOf(error.value), preview(error.value)].filter(Boolean).join(' ');
  return { path, message: `expected ${expected}, found ${found}` };
}

const isCombinator = (type: t.Decoder<unknown, unknown>): boolean => {
  const { _tag: tag, type: inner } = type as { _tag?: string; type?: t.Decoder<unknown, unknown> };
  if (tag === 'ExactType' && inner) return isCombinator(inner);
  return tag === 'IntersectionType' || tag === 'UnionType';
};

export function joinPath(keys: readonly (string | number)[]): string {
  let out = '';
  for (const key of keys) {
    if (key === '') continue;
    if (typeof key === 'number' || /^\d+$/.test(key)) out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

function expectedName(codecName: string): string {
  if (codecName === 'string') return 'a string';
  if (codecName === 'boolean') return 'true or false';
  if (codecName.startsWith('Array<')) return 'a list';
  if (codecName.startsWith('{') || codecName.startsWith('(') || codecName.startsWith('Partial<')) return 'a mapping';
  return codecName;
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function preview(value: unknown): string {
  if (typeof value === 'object' && value !== null) return '';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/**
 * A codec that accepts null (and absence) as well, as Go's encoding/json does for pointers, slices and
 * maps. Not a t.union, so that a wrong value is reported once, against the codec itself.
 */
export const nullable = <C extends t.Mixed>(codec: C) =>
  new t.Type<t.TypeOf<C> | null | undefined, unknown, unknown>(
    codec.name,
    (u): u is t.TypeOf<C> | null | undefined => u === null || u === undefined || codec.is(u),
    (u, c) => (u === null || u === undefined ? t.success(u) : codec.validate(u, c)),
    t.identity,
  );

/** A list that may be null or absent, as Go's slices may, with a readable expectation. */
export const list = <C extends t.Mixed>(codec: C, expectation: string) => nullable(named(t.array(codec), expectation));

/** A named codec with a readable expectation, so messages say "a list of containers" rather than a type dump. */
export function named<C extends t.Any>(codec: C, expectation: string): C {
  return new t.Type(expectation, codec.is, codec.validate, codec.encode) as unknown as C;
}

const suggest = (near: string | undefined): string => (near === undefined ? '' : ` (did you mean ${near}?)`);

/**
 * Like t.partial, but an unknown key is an error naming it and the known ones: in a config, an unknown
 * key is almost always a typo, and silently ignoring it would hide the setting the user meant.
 */
export function strictPartial<P extends t.Props>(props: P, name: string) {
  const inner = t.partial(props);
  const known = Object.keys(props);
  return new t.Type<t.TypeOf<typeof inner>, unknown, unknown>(
    name,
    (u): u is t.TypeOf<typeof inner> => inner.is(u) && Object.keys(u as object).every((k) => known.includes(k)),
    (u, c) => {
      if (typeof u === 'object' && u !== null && !Array.isArray(u)) {
        const unknown = Object.keys(u).find((k) => !known.includes(k));
        if (unknown !== undefined) {
          return t.failure(
            u,
            [...c, { key: unknown, type: t.never, actual: (u as Record<string, unknown>)[unknown] }],
            `unknown field ${unknown}${suggest(closest(unknown, known))}; the fields here are ${known.join(', ')}`,
          );
        }
      }
      return inner.validate(u, c);
    },
    t.identity,
  );
}
