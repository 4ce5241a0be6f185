// What is the same in many Pods of a run: the entries' sidecars, volumes and mounts are in every Pod that
// declares their runtime, and in the Pods from the input and from the output of each resource. Such values
// are shared: the model's entries, and what it decodes from the function's entries (which the planner
// writes into the output, frozen). What the model makes of a shared value (its Go value, its defaults, its
// compared form) is made once per run and kept by the value's identity, and no rule of the model writes a
// shared value (it copies what it changes, as ./inject.ts says). A value not shared is worked on each time.
// On W1v (1,000 SandboxSets that share no plan) the model made the same sidecars again for every resource.
// Shared values are marked, not frozen: V8 reads the properties of frozen prototype-less objects more
// slowly, and the controller's conflict checks read them quadratically (6,000 runtimes took twice as long).

/** A copy of plain data (bigints and all), cheaper than structuredClone; objects without a prototype. */
export function copied(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copied);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = Object.create(null);
  // for-in over own keys: Object.keys' array was most of what copying allocated.
  for (const key in value) if (Object.hasOwn(value, key)) out[key] = copied((value as Record<string, unknown>)[key]);
  return out;
}

/** What the model made of shared values, for one run: by purpose, then by the value. */
export class Shared {
  private readonly marked = new WeakSet<object>();
  private readonly made = new Map<string, WeakMap<object, unknown>>();

  /** Marks a value and everything in it as shared; returns it. */
  mark<T>(value: T): T {
    const work: unknown[] = [value];
    while (work.length) {
      const next = work.pop();
      if (next === null || typeof next !== 'object' || this.marked.has(next)) continue;
      this.marked.add(next);
      for (const inner of Object.values(next)) work.push(inner);
    }
    return value;
  }

  /** Whether a value is shared: marked, or frozen (the function's entries, frozen whole where resolved). */
  has(value: unknown): value is object {
    return value !== null && typeof value === 'object' && (this.marked.has(value) || Object.isFrozen(value));
  }

  /** What `make` makes of `value` for `purpose`: once per run for a shared value, else each time. */
  of<T>(purpose: string, value: unknown, make: () => T): T {
    if (!this.has(value)) return make();
    const kept = this.kept(purpose);
    if (kept.has(value)) return kept.get(value) as T;
    const made = make();
    kept.set(value, made);
    return made;
  }

  /** What was made of shared values for `purpose`, for a caller that keeps only some of what it makes. */
  kept(purpose: string): WeakMap<object, unknown> {
    let kept = this.made.get(purpose);
    if (kept === undefined) this.made.set(purpose, (kept = new WeakMap()));
    return kept;
  }
}
