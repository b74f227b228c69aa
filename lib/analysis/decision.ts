/**
 * The one decision rule every notebook's verdicts go through.
 *
 * - A difference between two sets of per-seed scores is tested with a paired
 *   t-test when the runs share seeds (same length, same seed order), with
 *   Welch's t-test otherwise; the effect is mean(a) − mean(b) with its 95 %
 *   confidence interval.
 * - A claim of equality ("about equal", "buys the same") is tested by two
 *   one-sided tests (TOST) against a margin the claim states: supported only
 *   when the difference is shown to lie inside ±margin. Failing to find a
 *   difference is not equality: it is undecided.
 * - A grid of cells with the same comparison in each (notebook 08's map)
 *   may pool the seed-to-seed variance of the paired differences over its
 *   cells (a one-way ANOVA's error term), unless Levene's test finds the
 *   cells' spreads unequal: with 3 seeds a cell's own test has 2 degrees of
 *   freedom, and no effect short of a collapse survives Holm over a map.
 * - Within one notebook every test's p-value is corrected by Holm's
 *   step-down method, and a test decides at α = 0.05 on its corrected p.
 *
 * The t distribution comes from the regularised incomplete beta function
 * (a continued fraction), checked against scipy.stats in the tests.
 */
import { mean, std } from "../metrics/stats.ts";

export const ALPHA = 0.05;

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
  const c = [
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The q-quantile of Student's t (bisection on the CDF). */
export function studentTQuantile(q: number, df: number): number {
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile needs 0 < q < 1, got ${q}`);
  if (q < 0.5) return -studentTQuantile(1 - q, df);
  let lo = 0, hi = 1;
  while (studentTCdf(hi, df) < q) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A comparison's test: the effect mean(a) − mean(b), its 95 % CI, a two-sided p-value, the sizes. */
export interface DifferenceTest {
  test: "paired t" | "Welch t" | "pooled paired t";
  effect: number;
  se: number;
  df: number;
  ci: [number, number];
  /** Two-sided p of "no difference". */
  p: number;
  n: number[];
}

/** A t-test from an effect, its standard error and degrees of freedom: 95 % CI and two-sided p. */
export function fromT(test: DifferenceTest["test"], effect: number, se: number, df: number, n: number[]): DifferenceTest {
  const half = Number.isFinite(df) && df > 0 ? studentTQuantile(0.975, df) * se : NaN;
  let p: number;
  if (!(df > 0)) p = NaN;
  else if (se === 0) p = effect === 0 ? 1 : 0;
  else p = 2 * studentTCdf(-Math.abs(effect / se), df);
  return { test, effect, se, df, ci: [effect - half, effect + half], p, n };
}

/** Paired t-test of a − b over runs that share seeds (same order); needs ≥ 2 pairs. */
export function pairedTest(a: ArrayLike<number>, b: ArrayLike<number>): DifferenceTest {
  if (a.length !== b.length) throw new RangeError(`a paired test needs equal lengths, got ${a.length} and ${b.length}`);
  const d = Array.from(a, (x, i) => x - b[i]), n = d.length;
  const se = n >= 2 ? std(d) / Math.sqrt(n) : NaN;
  return fromT("paired t", mean(d), se, n - 1, [n]);
}

/** P(F > f) for Fisher's F with (d1, d2) degrees of freedom. */
export function fUpperTail(f: number, d1: number, d2: number): number {
  if (!(d1 > 0 && d2 > 0)) return NaN;
  if (!(f > 0)) return 1;
  return incompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/**
 * Levene's test of equal variances across groups (absolute deviations from
 * each group's mean, compared by a one-way ANOVA): the p of "the spreads are equal".
 */
export function leveneTest(groups: ArrayLike<number>[]): { F: number; df1: number; df2: number; p: number } {
  const z = groups.map((g) => {
    const m = mean(g);
    return Array.from(g, (x) => Math.abs(x - m));
  });
  const k = z.length, n = z.reduce((a, g) => a + g.length, 0);
  const means = z.map(mean), grand = mean(z.flat());
  const between = z.reduce((a, g, i) => a + g.length * (means[i] - grand) ** 2, 0) / (k - 1);
  const within = z.reduce((a, g, i) => a + g.reduce((b, x) => b + (x - means[i]) ** 2, 0), 0) / (n - k);
  const df1 = k - 1, df2 = n - k;
  const F = within === 0 ? (between === 0 ? 0 : Infinity) : between / within;
  return { F, df1, df2, p: F === Infinity ? 0 : fUpperTail(F, df1, df2) };
}

/**
 * One paired comparison in each cell of a grid (each entry: a cell's per-seed
 * differences a − b), tested with the variance pooled over the cells: the
 * standard error of a cell's mean is s_pooled/√nᵢ with Σ(nᵢ − 1) degrees of
 * freedom. When Levene's test finds the cells' spreads unequal (p < 0.05), or
 * fewer than two cells can be pooled, each cell keeps its own paired t-test.
 */
export function pooledPairedTests(
  diffs: ArrayLike<number>[],
): { tests: DifferenceTest[]; pooled: boolean; sd: number; df: number; leveneP: number } {
  const usable = diffs.filter((d) => d.length >= 2);
  const own = (d: ArrayLike<number>) => pairedTest(d, Array.from(d, () => 0));
  const levene = usable.length >= 2 ? leveneTest(usable) : undefined;
  if (!levene || !(levene.p >= ALPHA)) {
    return { tests: diffs.map(own), pooled: false, sd: NaN, df: NaN, leveneP: levene?.p ?? NaN };
  }
  const df = usable.reduce((a, d) => a + d.length - 1, 0);
  const sd = Math.sqrt(usable.reduce((a, d) => a + (d.length - 1) * std(d) ** 2, 0) / df);
  const tests = diffs.map((d) =>
    d.length >= 2 ? fromT("pooled paired t", mean(d), sd / Math.sqrt(d.length), df, [d.length]) : own(d)
  );
  return { tests, pooled: true, sd, df, leveneP: levene.p };
}

/** Welch's t-test of mean(a) − mean(b) over independent samples; needs ≥ 2 values in each. */
export function welchTest(a: ArrayLike<number>, b: ArrayLike<number>): DifferenceTest {
  const summary = (x: ArrayLike<number>) => ({
    mean: mean(x),
    se: x.length >= 2 ? std(x) / Math.sqrt(x.length) : NaN,
    n: x.length,
  });
  return welchFromSummaries(summary(a), summary(b));
}

/** Welch's t-test from two summaries (mean, standard error of the mean, size): lists kept only as mean ± SEM. */
export function welchFromSummaries(
  a: { mean: number; se: number; n: number },
  b: { mean: number; se: number; n: number },
): DifferenceTest {
  const va = a.se ** 2, vb = b.se ** 2;
  // Welch–Satterthwaite; with both variances 0 the df is undefined but the test is exact (se = 0).
  const df = va + vb === 0 ? a.n + b.n - 2 : (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return fromT("Welch t", a.mean - b.mean, Math.sqrt(va + vb), df, [a.n, b.n]);
}

/** Paired when the runs share seeds, else Welch. */
export function differenceTest(a: ArrayLike<number>, b: ArrayLike<number>, paired: boolean): DifferenceTest {
  return paired ? pairedTest(a, b) : welchTest(a, b);
}

/** One-sided p of "effect ≥ margin" (non-superiority): small when the effect is shown below the margin. */
export function atMostP(t: DifferenceTest, margin: number): number {
  if (!(t.df > 0)) return NaN;
  if (t.se === 0) return t.effect < margin ? 0 : 1;
  return studentTCdf((t.effect - margin) / t.se, t.df);
}

/**
 * Two one-sided tests of |effect| < margin on a difference test: the p-value
 * of "the difference lies outside ±margin" (the larger of the two one-sided p's).
 */
export function tostP(t: DifferenceTest, margin: number): number {
  if (!(margin > 0)) throw new RangeError(`an equivalence margin must be > 0, got ${margin}`);
  if (!(t.df > 0)) return NaN;
  if (t.se === 0) return Math.abs(t.effect) < margin ? 0 : 1;
  // H0: effect ≥ +margin, and (mirrored) H0: effect ≤ −margin.
  const upper = atMostP(t, margin), lower = atMostP({ ...t, effect: -t.effect }, margin);
  return Math.max(lower, upper);
}

/** Holm's step-down adjustment: adjusted p-values in the input's order (NaN stays NaN and is not counted). */
export function holm(ps: number[]): number[] {
  const idx = ps.map((p, i) => [p, i] as const).filter(([p]) => !Number.isNaN(p)).sort((x, y) => x[0] - y[0]);
  const m = idx.length, out = ps.map(() => NaN);
  let running = 0;
  idx.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}
