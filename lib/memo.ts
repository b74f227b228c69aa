/**
 * One loaded value per key for the life of the process (datasets, photos,
 * generated scenes): the promise is cached, so concurrent callers share one
 * load, and a failed load is forgotten, so the next call tries again.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * let loads = 0;
 * const double = memoizeAsync((n: number) => String(n), (n: number) => {
 *   loads++;
 *   return Promise.resolve(2 * n);
 * });
 * assert.equal(await double(3), 6);
 * assert.equal(await double(3), 6);
 * assert.equal(loads, 1);
 * ```
 */
export function memoizeAsync<A extends unknown[], T>(keyOf: (...args: A) => string, load: (...args: A) => Promise<T>) {
  const cache = new Map<string, Promise<T>>();
  return (...args: A): Promise<T> => {
    const key = keyOf(...args);
    let p = cache.get(key);
    if (!p) {
      p = load(...args);
      p.catch(() => cache.delete(key));
      cache.set(key, p);
    }
    return p;
  };
}
