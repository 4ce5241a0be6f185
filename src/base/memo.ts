// The caches for what is the same in every resource of a run (renderings, hashes, decisions about a
// string). They live as long as their run (the Renderer and the Hasher are made per run); within a
// large render a cache still starts over once it holds more than a bound, rather than growing with
// every distinct value it has seen.
const BOUND = 20_000;

/** The value kept for key, made (and kept) if there is none. */
export function remembered<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= BOUND) cache.clear();
    cache.set(key, (value = make()));
  }
  return value;
}
