/** Figures of Section 2: Table 1(a) and 1(b) as dot plots with SEM bars, and Fig. A7. */
import type { ZoomAccuracy } from "../analysis/growing_zoom.ts";
import { mean, sem } from "../metrics/stats.ts";
import { type Figure, Plot, plot } from "./figure.ts";

export interface MethodScore {
  method: string;
  /** Last-epoch top-1 per seed (fractions). */
  top1: number[];
}

/** Mean ± SEM of fractions, in percent, as the band a figure draws (a single value: no band). */
function percentBand(xs: number[]): { mean: number; lo: number; hi: number } {
  const m = 100 * mean(xs), s = sem(xs), e = 100 * (Number.isFinite(s) ? s : 0);
  return { mean: m, lo: m - e, hi: m + e };
}

function summaries(scores: MethodScore[]) {
  return scores.map((s) => ({ method: s.method, ...percentBand(s.top1) }));
}

/** Table 1(a) as a figure: one row per method, seeds as dots, mean ± SEM as a bar. */
export function methodsFigure(scores: MethodScore[], opts: { title: string; subtitle?: string; xLabel?: string }): Figure {
  const seeds = scores.flatMap((s) => s.top1.map((t) => ({ method: s.method, top1: 100 * t })));
  // Each label sits right of everything drawn on its row (the bar and every seed), inside a margin wide enough for it.
  const sum = summaries(scores).map((d) => ({
    ...d,
    right: Math.max(d.hi, ...seeds.filter((s) => s.method === d.method).map((s) => s.top1)),
  }));
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 760,
    height: 60 + 34 * scores.length,
    marginLeft: 230,
    marginRight: 90,
    x: { label: opts.xLabel ?? "last-epoch top-1 (%)", grid: true, inset: 8 },
    y: { label: null, domain: scores.map((s) => s.method) },
    marks: [
      Plot.ruleY(sum, { y: "method", x1: "lo", x2: "hi", stroke: "#1f77b4", strokeWidth: 3 }),
      Plot.dot(seeds, { y: "method", x: "top1", stroke: "#999", r: 3 }),
      Plot.tickX(sum, { y: "method", x: "mean", stroke: "black", strokeWidth: 2 }),
      Plot.text(sum, {
        y: "method",
        x: "right",
        text: (d: { mean: number; hi: number; lo: number }) => `${d.mean.toFixed(1)} ± ${(d.hi - d.mean).toFixed(1)}`,
        dx: 8,
        textAnchor: "start",
        fontSize: 11,
      }),
    ],
  });
}

/** Table 1(b) beside the variance of 1/s: top-1 against β (log axis), mean ± SEM. */
export function betaFigure(rows: { beta: number; top1: number[] }[], opts: { title: string; subtitle?: string }): Figure {
  const sum = rows.map((r) => ({ beta: r.beta, ...percentBand(r.top1) }));
  const seeds = rows.flatMap((r) => r.top1.map((t) => ({ beta: r.beta, top1: 100 * t })));
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 620,
    height: 320,
    x: {
      type: "log",
      label: "β of Beta(1, β) (β = 1: uniform, standard RRC)",
      ticks: rows.map((r) => r.beta),
      tickFormat: (d: number) => String(d),
    },
    y: { label: "last-epoch top-1 (%)", grid: true },
    marks: [
      Plot.line(sum, { x: "beta", y: "mean", stroke: "#1f77b4" }),
      Plot.ruleX(sum, { x: "beta", y1: "lo", y2: "hi", stroke: "#1f77b4", strokeWidth: 2 }),
      Plot.dot(seeds, { x: "beta", y: "top1", stroke: "#999", r: 3 }),
      Plot.dot(sum, { x: "beta", y: "mean", fill: "#1f77b4", r: 4 }),
    ],
  });
}

/** Fig. A7: top-1 against the maximal size increase m, one line per training method, SEM band over training seeds. */
export function growingZoomFigure(
  curves: { method: string; runs: ZoomAccuracy[][] }[],
  opts: { title: string; subtitle?: string },
): Figure {
  const rows = curves.flatMap((c) =>
    c.runs[0].map((point, i) => ({ method: c.method, m: point.m, ...percentBand(c.runs.map((r) => r[i].top1)) }))
  );
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 620,
    height: 340,
    x: { label: "maximal size increase m (s ~ U(1/m², 1))", grid: true },
    y: { label: "top-1 on augmented test images (%)", grid: true },
    color: { legend: true, label: "trained with" },
    marks: [
      Plot.areaY(rows, { x: "m", y1: "lo", y2: "hi", fill: "method", fillOpacity: 0.2 }),
      Plot.line(rows, { x: "m", y: "mean", stroke: "method" }),
      Plot.dot(rows, { x: "m", y: "mean", fill: "method", r: 2.5 }),
    ],
  });
}
