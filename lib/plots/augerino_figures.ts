/** Figures of Appendix G: learned Augerino bounds against the regularisation λ (Fig. A8, A9). */
import { besideEachOther, type Figure, Plot, plot } from "./figure.ts";

/**
 * One point per (λ, seed, generator): the learned bound in image units —
 * maximum translation as a fraction of the image size (w/4) and, for scale,
 * the maximum zoom-in factor e^{w/2}, each in its own panel with its own y
 * axis. Dashed: the shut-down levels.
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
  // λ as evenly spaced categories: a log axis crowds 0.4–1 and drops their labels. One panel per kind, each with its own y.
  const lambdas = [...new Set(rows.map((r) => r.lambda))].sort((a, b) => a - b);
  const kinds = [...new Set(data.map((d) => d.kind))];
  const panels = kinds.map((kind) =>
    plot({
      width: kinds.length > 1 ? 420 : 700,
      height: 300,
      marginLeft: 55,
      x: {
        type: "point",
        domain: lambdas,
        label: "λ (regularisation strength)",
        tickFormat: (d: number) => String(d),
        padding: 0.4,
      },
      y: { label: kind, grid: true },
      color: { legend: true, domain: ["tx", "ty", "scale"], range: ["#d62728", "#2ca02c", "#1f77b4"] },
      marks: [
        Plot.ruleY(levels.filter((l) => l.kind === kind), { y: "value", strokeDasharray: "4,3", stroke: "#777" }),
        Plot.dot(data.filter((d) => d.kind === kind), { x: "lambda", y: "value", stroke: "generator", r: 3.5, dx: 0 }),
      ],
    })
  );
  return besideEachOther(panels, { title: opts.title, subtitle: opts.subtitle });
}
