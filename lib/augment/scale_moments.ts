/**
 * Moments of RandomResizedCrop's area fraction s = a + L·B, B ~ Beta(1, β)
 * (Section 2.2, Appendix C, Table A1): by quadrature over u with
 * B = 1 − u^{1/β} (smooth in u for every β), and by Monte Carlo from the
 * library's own sampler.
 */
import { createRng } from "../rng.ts";
import { betaScaleSampler, sampleCropBox } from "./samplers.ts";

export interface ScaleMoments {
  beta: number;
  /** Var(1/s), the paper's measure of scale variability (Table A1). */
  varInvS: number;
  meanS: number;
  meanInvS: number;
  meanSqrtS: number;
  meanInvSqrtS: number;
}

function moments(beta: number, expect: (g: (s: number) => number) => number): ScaleMoments {
  const m1 = expect((s) => 1 / s), m2 = expect((s) => 1 / (s * s));
  return {
    beta,
    varInvS: m2 - m1 * m1,
    meanS: expect((s) => s),
    meanInvS: m1,
    meanSqrtS: expect(Math.sqrt),
    meanInvSqrtS: expect((s) => 1 / Math.sqrt(s)),
  };
}

/** Exact moments by composite Gauss–Legendre quadrature (the integrands are smooth). */
export function scaleMomentsQuadrature(beta: number, range: [number, number] = [0.08, 1]): ScaleMoments {
  const [a, b] = range, L = b - a;
  // 5-point Gauss–Legendre nodes and weights on [−1, 1].
  const x = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
  const w = [0.5688888888888889, 0.47862867049936647, 0.47862867049936647, 0.23692688505618908, 0.23692688505618908];
  const panels = 4000;
  const expect = (g: (s: number) => number) => {
    let total = 0;
    for (let p = 0; p < panels; p++) {
      const lo = p / panels, hi = (p + 1) / panels, mid = (lo + hi) / 2, half = (hi - lo) / 2;
      for (let k = 0; k < 5; k++) {
        const u = mid + half * x[k];
        total += half * w[k] * g(a + L * (1 - Math.pow(u, 1 / beta)));
      }
    }
    return total;
  };
  return moments(beta, expect);
}

/**
 * Monte-Carlo moments from `draws` samples of the library's sampler. With
 * `realised`, s is read off RandomResizedCrop's accepted boxes on a
 * width×height image (rejections and rounding included).
 */
export function scaleMomentsMonteCarlo(
  beta: number,
  draws: number,
  seed: number,
  opts: { realised?: { width: number; height: number } } = {},
): ScaleMoments {
  const rng = createRng(seed), sampler = betaScaleSampler(beta);
  const s = new Float64Array(draws);
  const r = opts.realised;
  for (let i = 0; i < draws; i++) {
    if (r) {
      const box = sampleCropBox(rng, r.width, r.height, { scaleSampler: sampler });
      s[i] = (box.width * box.height) / (r.width * r.height);
    } else s[i] = sampler(rng);
  }
  const expect = (g: (v: number) => number) => {
    let t = 0;
    for (let i = 0; i < draws; i++) t += g(s[i]);
    return t / draws;
  };
  return moments(beta, expect);
}

/** The density of s on [a, b] for Beta(1, β): β(1 − (x − a)/L)^{β−1}/L. */
export function scaleDensity(beta: number, x: number, range: [number, number] = [0.08, 1]): number {
  const [a, b] = range, L = b - a;
  if (x < a || x > b) return 0;
  return (beta * Math.pow(1 - (x - a) / L, beta - 1)) / L;
}

/** Table A1 as the paper prints it (Monte-Carlo estimates of Var(1/s)), for comparison only. */
export const PAPER_TABLE_A1: Readonly<Record<number, number>> = {
  0.1: 0.823,
  0.5: 3.193,
  1: 4.962,
  2: 6.809,
  3: 7.626,
  10: 7.317,
};

export interface TableA1Row {
  beta: number;
  paper: number | null;
  quadrature: number;
  monteCarlo: number;
  realised: number;
  meanS: number;
}

/**
 * Table A1: Var(1/s) by quadrature, by Monte Carlo from the sampler, and as
 * realised by RandomResizedCrop's boxes on a width×height image (after
 * rejections and rounding), beside the paper's values and E[s].
 */
export function tableA1(
  betas: readonly number[],
  opts: { draws?: number; seed?: number; image?: { width: number; height: number } } = {},
): TableA1Row[] {
  const draws = opts.draws ?? 1_000_000, seed = opts.seed ?? 0, image = opts.image ?? { width: 500, height: 375 };
  return betas.map((beta) => {
    const q = scaleMomentsQuadrature(beta);
    return {
      beta,
      paper: PAPER_TABLE_A1[beta] ?? null,
      quadrature: q.varInvS,
      monteCarlo: scaleMomentsMonteCarlo(beta, draws, seed).varInvS,
      realised: scaleMomentsMonteCarlo(beta, Math.min(draws, 200_000), seed + 1, { realised: image }).varInvS,
      meanS: q.meanS,
    };
  });
}
