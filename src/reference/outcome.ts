// An expected failure is a value: the reference model never throws for input a user can write.
export type Outcome<T, E> = { ok: true; value: T } | { ok: false; error: E };
