/**
 * Medians for the outlier checks, in linear time and with DuckDB's definition: median() is
 * quantile_cont(0.5), for an even count the mean of the two middle values computed as
 * lo * 0.5 + hi * 0.5 (the floating-point expression DuckDB 1.5 evaluates: lo + 0.5 * (hi - lo)
 * differs in the last digit for about one pair in six, test/checks-engine-internals.test.ts), so the
 * figures a flag shows are exactly what an analyst gets from the warehouse with SQL.
 */

/**
 * Puts the k-th smallest of a[0..n) (0-based) at a[k], smaller-or-equal values before it and
 * greater-or-equal after it, and returns it. Hoare selection with a median-of-three pivot:
 * expected O(n), in place, no allocation (it runs on every peer group and history).
 */
export function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i]; a[i] = a[j]; a[j] = t;
        i++;
        j--;
      }
    }
    // [lo..j] <= pivot, (j..i) == pivot, [i..hi] >= pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Lower and upper middle values of a[0..n) (equal for odd n); reorders a. n must be > 0. */
export function middles(a: Float64Array, n: number): [number, number] {
  const f = (n - 1) >>> 1;
  const lo = selectKth(a, n, f);
  if (n % 2 === 1) return [lo, lo];
  // After selection everything right of f is >= a[f]: the upper middle is their least.
  let hi = Infinity;
  for (let i = f + 1; i < n; i++) if (a[i] < hi) hi = a[i];
  return [lo, hi];
}

/** DuckDB's interpolation between the two middle values. */
export function interpolate(lo: number, hi: number): number {
  return lo === hi ? lo : lo * 0.5 + hi * 0.5;
}

/** median() of a[0..n) as DuckDB computes it; reorders a. NaN for n = 0. */
export function median(a: Float64Array, n: number): number {
  if (n <= 0) return NaN;
  const [lo, hi] = middles(a, n);
  return interpolate(lo, hi);
}
