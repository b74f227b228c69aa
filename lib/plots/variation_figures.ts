/**
 * Figures of notebook 07: a measure against the amount of variation in one
 * factor, the variation coming from the data or from augmentation, with the
 * untrained architectures as reference lines; and the cross-factor view.
 */
import {
  aggregateVariation,
  type VariationCell,
  type VariationMetric,
  type VariationRow,
  withoutCollapsedSeeds,
} from "../analysis/variation_findings.ts";
import type { GeometricFactor } from "../variation_laws.ts";
import { type Figure, Plot, plot } from "./figure.ts";

const SOURCE_COLOURS = {
  "variation in the data": "#1f77b4",
  "augmentation (same law)": "#d62728",
  "ViT, variation in the data": "#9467bd",
};
const UNTRAINED = { "untrained ResNet": "#555", "untrained ViT": "#2ca02c" };

/** Mean ± 1 SEM (over seeds) as lo/hi for error bars; a single seed draws no bar. */
function withSemBand<C extends VariationCell>(c: C): C & { lo: number; hi: number } {
  const se = Number.isFinite(c.sem) ? c.sem : 0;
  return { ...c, lo: c.mean - se, hi: c.mean + se };
}

/**
 * Points with ±1 SEM error bars (over seeds) for the trained cells (the ResNet's data and augmentation lines, the
 * ViT's data line where the grid trains it); untrained means as dashed lines. Seeds with a run at chance are left out,
 * as in the verdicts.
 */
function cellsFor(rows: VariationRow[], metric: VariationMetric) {
  const cells = aggregateVariation(withoutCollapsedSeeds(rows)).filter((c) => c.metric === metric);
  const trained = cells.filter((c) => c.source !== "untrained").map((c) => ({
    ...withSemBand(c),
    series: c.family === "vit"
      ? "ViT, variation in the data"
      : c.source === "data" || c.amount === 0
      ? "variation in the data"
      : "augmentation (same law)",
  }));
  // Amount 0 is one run for both sources: draw it once per series so both lines start there.
  const zero = trained.filter((c) => c.amount === 0 && c.source === "data" && c.family === "resnet").map((c) => ({
    ...c,
    series: "augmentation (same law)",
  }));
  const untrained = cells.filter((c) => c.source === "untrained").map((c) => ({
    ...c,
    series: c.family === "resnet" ? "untrained ResNet" : "untrained ViT",
  }));
  return { trained: [...trained, ...zero], untrained };
}

/**
 * The layout both figures share: one panel per factor (`panel` field), a
 * measure against the amount (0–1), one line with ±1 SEM bars and dots per
 * `series`, and any `extra` marks drawn first.
 */
function amountPanels(
  points: Record<string, unknown>[],
  opts: {
    title: string;
    subtitle?: string;
    factors: GeometricFactor[];
    panel: string;
    series: string;
    labels: { x: string; y: string; panel: string };
    color: { domain: string[]; range?: string[] };
    extra?: Plot.Markish[];
  },
): Figure {
  const { panel: fx, series } = opts;
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 330 * opts.factors.length + 80,
    height: 330,
    marginRight: 20,
    x: { label: opts.labels.x, domain: [-0.05, 1.05] },
    y: { label: opts.labels.y, grid: true },
    fx: { label: opts.labels.panel, domain: opts.factors },
    color: { legend: true, ...opts.color },
    marks: [
      ...(opts.extra ?? []),
      Plot.line(points, { x: "amount", y: "mean", fx, stroke: series, sort: "amount" }),
      Plot.ruleX(points, { x: "amount", y1: "lo", y2: "hi", fx, stroke: series }),
      Plot.dot(points, { x: "amount", y: "mean", fx, fill: series, r: 3.5 }),
    ],
  });
}

/**
 * A measure of the ResNet against the amount of variation in its factor,
 * one panel per factor (trained and measured on that factor): variation in
 * the data vs augmentation with the same law, and the ViT on the data where
 * the grid trains it; the untrained ResNet and ViT as dashed lines
 * (architecture alone).
 */
export function variationFigure(
  rows: VariationRow[],
  opts: { metric: VariationMetric; factors: GeometricFactor[]; title: string; subtitle?: string },
): Figure {
  const { trained, untrained } = cellsFor(rows, opts.metric);
  const u = untrained.filter((c) => opts.factors.includes(c.measured));
  return amountPanels(trained.filter((c) => c.factor === c.measured), {
    ...opts,
    panel: "measured",
    series: "series",
    labels: {
      x: "amount of variation (0 = none, 1 = strongest)",
      y: opts.metric === "invariance" ? "invariance (median, Eq. 1)" : "top-1 on held-out scenes",
      panel: "factor (trained and measured)",
    },
    color: {
      domain: [...Object.keys(SOURCE_COLOURS), ...Object.keys(UNTRAINED)],
      range: [...Object.values(SOURCE_COLOURS), ...Object.values(UNTRAINED)],
    },
    extra: [Plot.ruleY(u, { y: "mean", fx: "measured", stroke: "series", strokeDasharray: "5,4", strokeWidth: 1.5 })],
  });
}

/**
 * Cross-factor view: for models trained with variation in the data of one
 * factor (panel), invariance to every factor (colour) against the amount.
 */
export function crossFactorFigure(
  rows: VariationRow[],
  opts: { factors: GeometricFactor[]; title: string; subtitle?: string },
): Figure {
  const cells = aggregateVariation(withoutCollapsedSeeds(rows))
    .filter((c) => c.metric === "invariance" && c.source === "data" && c.family === "resnet")
    .map((c) => ({ ...withSemBand(c), measuredOn: `invariance to ${c.measured}` }));
  return amountPanels(cells, {
    ...opts,
    panel: "factor",
    series: "measuredOn",
    labels: {
      x: "amount of variation in the training data (0 = none, 1 = strongest)",
      y: "invariance (median, Eq. 1)",
      panel: "factor varied in the training data",
    },
    color: { domain: opts.factors.map((f) => `invariance to ${f}`) },
  });
}
