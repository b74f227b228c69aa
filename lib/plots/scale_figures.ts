/** Figures of Section 2.2 / Appendix C: the Beta laws of RandomResizedCrop's scale. */
import { scaleDensity } from "../augment/scale_moments.ts";
import { betaScaleSampler } from "../augment/samplers.ts";
import { createRng } from "../rng.ts";
import { type Figure, Plot, plot } from "./figure.ts";

/**
 * Fig. A1: for each β, the density of s = 0.08 + 0.92·Beta(1, β) (line) over
 * a histogram of `draws` samples from the library's sampler (bars).
 */
export function betaScaleFigure(betas: readonly number[], opts: { draws?: number; seed?: number; bins?: number } = {}): Figure {
  const draws = opts.draws ?? 20000, bins = opts.bins ?? 40;
  const width = 0.92 / bins;
  const hist: { beta: string; x1: number; x2: number; density: number }[] = [];
  const curve: { beta: string; s: number; density: number }[] = [];
  for (const b of betas) {
    const rng = createRng((opts.seed ?? 0) + Math.round(b * 1000)), sample = betaScaleSampler(b);
    const counts = new Array(bins).fill(0);
    for (let i = 0; i < draws; i++) counts[Math.min(bins - 1, Math.floor((sample(rng) - 0.08) / width))]++;
    counts.forEach((c, k) =>
      hist.push({ beta: `β = ${b}`, x1: 0.08 + k * width, x2: 0.08 + (k + 1) * width, density: c / draws / width })
    );
    for (let k = 0; k <= 200; k++) {
      const s = 0.08 + (0.92 * k) / 200;
      curve.push({ beta: `β = ${b}`, s, density: Math.min(scaleDensity(b, Math.min(s, 0.99999)), 12) });
    }
  }
  return plot({
    title: "Fig. A1 — scale s of RandomResizedCrop drawn from 0.08 + 0.92·Beta(1, β)",
    subtitle: `bars: histogram of ${draws} draws of the library's sampler; line: the density (clipped at 12)`,
    width: 900,
    height: 300,
    marginTop: 30,
    x: { label: "area fraction s", domain: [0.08, 1] },
    y: { label: "density", domain: [0, 12] },
    fx: { label: null, domain: betas.map((b) => `β = ${b}`) },
    marks: [
      Plot.rectY(hist, { x1: "x1", x2: "x2", y: (d) => Math.min(d.density, 12), fx: "beta", fill: "#9ab", fillOpacity: 0.7 }),
      Plot.line(curve, { x: "s", y: "density", fx: "beta", stroke: "#d33", strokeWidth: 1.5 }),
      Plot.ruleY([0]),
    ],
  });
}
