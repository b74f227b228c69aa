/** Summary statistics used by every notebook, with scipy's conventions. */

export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/**
 * The median, as numpy's (the mean of the two middle values for an even count); NaN when empty.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(median([3, 1, 2]), 2);
 * assert.equal(median([4, 1, 3, 2]), 2.5);
 * ```
 */
export function median(xs: ArrayLike<number>): number {
  if (xs.length === 0) return NaN;
  const s = Array.from(xs).sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Sample standard deviation (n − 1 denominator); NaN for fewer than 2 values. */
export function std(xs: ArrayLike<number>): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Standard error of the mean, std/√n, as scipy.stats.sem. */
export function sem(xs: ArrayLike<number>): number {
  return std(xs) / Math.sqrt(xs.length);
}

/** "81.2 ± 0.4" from fractions, in percent, or from raw values with `scale: 1`. */
export function formatMeanSem(xs: ArrayLike<number>, opts: { scale?: number; digits?: number } = {}): string {
  const k = opts.scale ?? 100, d = opts.digits ?? 1;
  const s = sem(xs);
  return `${(mean(xs) * k).toFixed(d)} ± ${Number.isFinite(s) ? (s * k).toFixed(d) : "—"}`;
}

/**
 * One-sided binomial tail: P(X ≥ k) ("upper") or P(X ≤ k) ("lower") for
 * X ~ Binomial(n, p), summed exactly in log space.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(binomialTail(9, 10, 0.5, "upper") - 11 / 1024) < 1e-12);
 * assert.equal(binomialTail(0, 10, 0.5, "upper"), 1);
 * ```
 */
export function binomialTail(k: number, n: number, p: number, side: "upper" | "lower"): number {
  const logChoose = (m: number) => lgammaInt(n) - lgammaInt(m) - lgammaInt(n - m);
  let total = 0;
  const [from, to] = side === "upper" ? [Math.max(0, k), n] : [0, Math.min(n, k)];
  for (let m = from; m <= to; m++) {
    total += p === 0
      ? (m === 0 ? 1 : 0)
      : p === 1
      ? (m === n ? 1 : 0)
      : Math.exp(logChoose(m) + m * Math.log(p) + (n - m) * Math.log(1 - p));
  }
  return Math.min(1, total);
}

/** ln(m!) for an integer m ≥ 0. */
function lgammaInt(m: number): number {
  let s = 0;
  for (let i = 2; i <= m; i++) s += Math.log(i);
  return s;
}
