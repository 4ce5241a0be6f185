// Expected failures are values: a function that can fail on its input says so in its type, and its
// caller decides what the failure means (an error result, a skipped item, a fallback). Exceptions are
// for bugs only. (Not `Result`: that name is the KRM function result's, in ./results.ts.)

export type Outcome<T, E> = Success<T> | Failure<E>;

export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

export interface Failure<E> {
  readonly ok: false;
  readonly error: E;
}

export const success = <T>(value: T): Success<T> => ({ ok: true, value });

export const failure = <E>(error: E): Failure<E> => ({ ok: false, error });
