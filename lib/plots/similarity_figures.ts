/** Figures of Section 4: similarity change distributions (Fig 3A, A4, A5), class tops (3B), Fig 3C and Fig 4. */
import { quantiles } from "../metrics/invariance.ts";
import { type Figure, Plot, plot } from "./figure.ts";

const MODEL_COLOURS = { domain: ["trained w/o aug", "trained w/ aug"], range: ["#d62728", "#1f77b4"] };

/** Distribution over classes of the mean percent similarity change, one row per transformation, one panel per model. */
export function changeDistributionFigure(
  rows: { model: string; transform: string; value: number }[],
  opts: { title: string; subtitle?: string; order?: string[] },
): Figure {
  const order = opts.order ?? [...new Set(rows.map((r) => r.transform))];
  const data = rows.map((r) => ({ ...r, pct: 100 * r.value }));
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 900,
    height: 60 + 13 * order.length,
    marginLeft: 250,
    // Inset: changes slightly above 0 (autocontrast) were cut by the frame. Panels in the paper's order, w/o aug first.
    x: { label: "mean similarity change over the class's pairs (%)", grid: true, inset: 8 },
    y: { label: null, domain: order },
    fx: { label: null, domain: MODEL_COLOURS.domain.filter((m) => rows.some((r) => r.model === m)) },
    color: MODEL_COLOURS,
    marks: [
      Plot.ruleX([0], { stroke: "#444" }),
      Plot.boxX(data, { x: "pct", y: "transform", fx: "model", fill: "model", stroke: "model", r: 1.5 }),
    ],
  });
}

/** Fig 3B: per class, its top transformation's change against the global top transformation's. */
export function classTopFigure(
  rows: { class: string; kind: string; value: number; transform: string }[],
  opts: { title: string; subtitle?: string },
): Figure {
  const data = rows.map((r) => ({ ...r, pct: 100 * r.value }));
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 900,
    height: 80 + 22 * new Set(rows.map((r) => r.class)).size,
    marginLeft: 110,
    // The class's top transformation is named in a column right of the frame: beside its dot it ran off the
    // figure at the right end and covered the other dot where the two are close.
    marginRight: 230,
    x: { label: "mean similarity change (%)", grid: true, inset: 8 },
    y: { label: null },
    color: { legend: true },
    marks: [
      Plot.ruleX([0], { stroke: "#444" }),
      Plot.dot(data, { x: "pct", y: "class", fill: "kind", r: 5, title: "transform" }),
      Plot.text(data.filter((d) => d.kind.startsWith("the class's top")), {
        frameAnchor: "right",
        y: "class",
        text: "transform",
        dx: 12,
        textAnchor: "start",
        fontSize: 10,
      }),
    ],
  });
}

/** Fig 3C: mean share among classes' top 5 of the names whose invariance training lowered vs raised, ± SEM. */
export function gapShareFigure(
  rows: { architecture: string; bin: string; mean: number; sem: number }[],
  opts: { title: string; subtitle?: string },
): Figure {
  const data = rows.map((r) => ({
    ...r,
    pct: 100 * r.mean,
    lo: 100 * (r.mean - (r.sem || 0)),
    hi: 100 * (r.mean + (r.sem || 0)),
  }));
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 520,
    height: 320,
    x: { label: "invariance during training", domain: ["decreases", "increases"] },
    y: { label: "share among top 5 (%)", grid: true },
    fx: { label: null },
    marks: [
      Plot.barY(data, { x: "bin", y: "pct", fx: "architecture", fill: "bin" }),
      Plot.ruleX(data, { x: "bin", y1: "lo", y2: "hi", fx: "architecture", stroke: "black" }),
    ],
  });
}

/** Fig 4 (scaled down): WordNet similarity of two classes against the Spearman correlation of their transformation rankings. */
export function wordnetFigure(
  points: { pair: string; wup: number; rho: number }[],
  opts: { title: string; subtitle?: string },
): Figure {
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 640,
    height: 380,
    marginLeft: 50,
    // Inset so that the dots at the extremes are drawn whole, not cut by the frame.
    x: { label: "Wu–Palmer similarity of the two classes", grid: true, inset: 8 },
    y: { label: "Spearman ρ of their transformation rankings", grid: true, inset: 8, tickFormat: ".2f" },
    marks: [
      Plot.dot(points, { x: "wup", y: "rho", r: 4, fill: "#1f77b4", title: "pair" }),
      Plot.linearRegressionY(points, { x: "wup", y: "rho", stroke: "#999" }),
    ],
  });
}

/**
 * Foreground boxes (App E.1): one box per statistic on the relative-position
 * axis — 25–75 % box, 5–95 % whiskers, median tick — computed from all images
 * (no per-image outlier dots: 60 000 of them made a 2.8 MB figure).
 */
export function foregroundFigure(
  boxes: { centreRow: number; centreCol: number; area: number }[],
  opts: { title: string; subtitle?: string },
): Figure {
  const stats: [string, (b: { centreRow: number; centreCol: number; area: number }) => number][] = [
    ["centre x (column)", (b) => b.centreCol],
    ["centre y (row)", (b) => b.centreRow],
    ["area fraction", (b) => b.area],
  ];
  const data = stats.map(([stat, f]) => {
    const [q05, q25, q50, q75, q95] = quantiles(boxes.map(f), [0.05, 0.25, 0.5, 0.75, 0.95]);
    return { stat, q05, q25, q50, q75, q95 };
  });
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 640,
    height: 200,
    marginLeft: 120,
    x: { label: "relative position within image", domain: [0, 1], grid: true },
    y: { label: null, domain: stats.map(([s]) => s) },
    marks: [
      Plot.ruleY(data, { y: "stat", x1: "q05", x2: "q95", stroke: "#555" }),
      Plot.barX(data, { y: "stat", x1: "q25", x2: "q75", fill: "#9ecae1", stroke: "#3182bd" }),
      Plot.tickX(data, { y: "stat", x: "q50", stroke: "black", strokeWidth: 2 }),
    ],
  });
}
