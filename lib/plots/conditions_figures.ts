/**
 * Figures of notebook 08: for each of Section 2's claims, a heat map over
 * crop size × object-area law of the claim's effect (RRC − its strongest
 * rival; β = 1 − the better end law) with its 95 % CI and verdict; and the
 * top-1 of every method in every cell as small multiples.
 */
import { type CellEffect, type CellScores, CONDITION_LABELS } from "../analysis/conditions_findings.ts";
import { mean, sem } from "../metrics/stats.ts";
import { type Figure, Plot, plot } from "./figure.ts";

const VERDICT_MARK = { supported: "✓ supported", contradicted: "✗ contradicted", undecided: "? undecided" } as const;
/** A white outline, so that the numbers read on the darkest cells too. */
const HALO = { fill: "black", stroke: "white", strokeWidth: 3, paintOrder: "stroke" } as const;
const pts = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}` : "—");

/** One claim's effect per cell: colour = effect in points (diverging at 0), text = effect, CI and verdict. */
export function conditionHeatmap(
  effects: CellEffect[],
  opts: { claim: CellEffect["claim"]; areas: string[]; crops: number[]; title: string; subtitle?: string },
): Figure {
  const cells = effects.filter((e) => e.claim === opts.claim).map((e) => ({
    crop: `${e.crop} px`,
    area: e.area,
    points: 100 * e.effect,
    line1: `${pts(e.effect)} vs ${e.rival}`,
    line2: `[${pts(e.ci[0])}, ${pts(e.ci[1])}], n = ${e.seeds}`,
    line3: VERDICT_MARK[e.verdict],
  }));
  const span = Math.max(1, ...cells.map((c) => Math.abs(c.points)).filter(Number.isFinite));
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 170 * opts.crops.length + 120,
    height: 90 * opts.areas.length + 70,
    marginLeft: 80,
    padding: 0.04,
    x: { label: "crop size", domain: opts.crops.map((c) => `${c} px`) },
    y: { label: "object-area law", domain: opts.areas },
    // No colour legend: a continuous ramp needs a canvas, which a headless render lacks; each cell prints its number.
    color: { type: "diverging", scheme: "RdBu", domain: [-span, span] },
    marks: [
      Plot.cell(cells, { x: "crop", y: "area", fill: "points", inset: 1 }),
      Plot.text(cells, { x: "crop", y: "area", text: "line1", dy: -14, fontSize: 12, fontWeight: "bold", ...HALO }),
      Plot.text(cells, { x: "crop", y: "area", text: "line2", dy: 2, fontSize: 10, ...HALO }),
      Plot.text(cells, { x: "crop", y: "area", text: "line3", dy: 17, fontSize: 10, ...HALO }),
    ],
  });
}

/** Top-1 (mean ± 1 SEM over seeds) of every method, one panel per cell: crops across, area laws down. */
export function conditionMethodsFigure(
  cells: CellScores[],
  opts: { areas: string[]; crops: number[]; title: string; subtitle?: string },
): Figure {
  const order = Object.keys(CONDITION_LABELS);
  const rows = cells.flatMap((c) =>
    Object.entries(c.scores).map(([k, xs]) => {
      const m = mean(xs), s = xs.length > 1 ? sem(xs) : 0;
      return {
        crop: `${c.crop} px`,
        area: c.area,
        method: CONDITION_LABELS[k] ?? k,
        top1: 100 * m,
        lo: 100 * (m - s),
        hi: 100 * (m + s),
      };
    })
  );
  const methods = order.map((k) => CONDITION_LABELS[k]).filter((m) => rows.some((r) => r.method === m));
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 230 * opts.crops.length + 160,
    height: 170 * opts.areas.length + 60,
    marginLeft: 110,
    fx: { label: "crop size", domain: opts.crops.map((c) => `${c} px`) },
    fy: { label: "object-area law", domain: opts.areas },
    x: { label: "last-epoch top-1 (%)", grid: true },
    y: { label: null, domain: methods },
    color: { domain: methods, legend: false },
    marks: [
      Plot.ruleY(rows, { fx: "crop", fy: "area", y: "method", x1: "lo", x2: "hi", stroke: "method" }),
      Plot.dot(rows, { fx: "crop", fy: "area", y: "method", x: "top1", fill: "method", r: 3.5 }),
    ],
  });
}
