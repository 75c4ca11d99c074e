/**
 * Bounded memoisation for pure functions of one string. Reports from hundreds of agencies share
 * templates, so the same labels, units and headings come back thousands of times in one ingest;
 * their readings are computed once. The cache is emptied when full (bounded memory, and the result
 * of a call never depends on whether it was cached).
 */
export function memoString<R>(fn: (s: string) => R, max = 20_000): (s: string) => R {
  const cache = new Map<string, R>();
  return (s: string) => {
    let r = cache.get(s);
    if (r === undefined && !cache.has(s)) {
      r = fn(s);
      if (cache.size >= max) cache.clear();
      cache.set(s, r);
    }
    return r as R;
  };
}
