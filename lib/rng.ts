/**
 * Seeded random source used by every sampler, so that a run is reproducible
 * from its seed alone. The generator is sfc32 (small, fast, passes PractRand),
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const rng = createRng(0);
 * const s = rng.uniform(0.08, 1);
 * assert.ok(s >= 0.08 && s < 1);
 * assert.deepEqual([...rng.permutation(10)].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 * assert.equal(createRng(7).next(), createRng(7).next()); // same seed, same stream
 * ```
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [lo, hi], both ends included (like Python's randint). */
  int(lo: number, hi: number): number;
  /** Standard normal draw (Box–Muller). */
  normal(): number;
  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array;
  /** Shuffles an array in place and returns it. */
  shuffle<T>(items: T[]): T[];
  /** A new independent generator derived from this one (for per-worker streams). */
  fork(): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a seeded random source. Seeds are integers; the same seed gives the same stream. */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be a finite number, got ${seed}`);
  const init = splitmix32(Math.floor(seed) ^ Math.floor(seed / 2 ** 32));
  let a = init(), b = init(), c = init(), d = init();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // 53-bit float from two 32-bit draws.
  const next = () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
  let spare: number | null = null;
  const rng: Rng = {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int(lo, hi) {
      if (hi < lo) throw new RangeError(`Rng.int: empty range [${lo}, ${hi}]`);
      return lo + Math.floor(next() * (hi - lo + 1));
    },
    normal() {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    permutation(n) {
      const p = new Int32Array(n);
      for (let i = 0; i < n; i++) p[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
    fork: () => createRng(u32() * 4096 + (u32() & 4095)),
  };
  return rng;
}
