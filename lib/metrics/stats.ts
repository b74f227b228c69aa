/** Summary statistics used by every notebook, with scipy's conventions. */

export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
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
