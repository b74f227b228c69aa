/** Figures of Appendix G: learned Augerino bounds against the regularisation λ (Fig. A8, A9). */
import { type Figure, Plot, plot } from "./figure.ts";

/**
 * One point per (λ, seed, generator): the learned bound in image units —
 * maximum translation as a fraction of the image size (w/4) and, for scale,
 * the maximum zoom-in factor e^{w/2}. Dashed: the shut-down levels.
 */
export function boundsFigure(
  rows: { lambda: number; seed: number; generator: string; width: number }[],
  opts: { title: string; subtitle?: string },
): Figure {
  const data = rows.map((r) => ({
    ...r,
    value: r.generator === "scale" ? Math.exp(r.width / 2) : r.width / 4,
    kind: r.generator === "scale" ? "maximum zoom-in factor" : "maximum translation (fraction of size)",
  }));
  const levels = [{ kind: "maximum translation (fraction of size)", value: 0.3 }, {
    kind: "maximum zoom-in factor",
    value: Math.sqrt(12.5),
  }].filter((l) => data.some((d) => d.kind === l.kind));
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 700,
    height: 300,
    x: {
      type: "log",
      label: "λ (regularisation strength)",
      ticks: [...new Set(rows.map((r) => r.lambda))],
      tickFormat: (d: number) => String(d),
    },
    y: { label: null, grid: true },
    fx: { label: null },
    color: { legend: true, domain: ["tx", "ty", "scale"], range: ["#d62728", "#2ca02c", "#1f77b4"] },
    marks: [
      Plot.ruleY(levels, { y: "value", fx: "kind", strokeDasharray: "4,3", stroke: "#777" }),
      Plot.dot(data, { x: "lambda", y: "value", fx: "kind", stroke: "generator", r: 3.5 }),
    ],
  });
}
