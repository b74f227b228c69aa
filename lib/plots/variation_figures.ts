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
} from "../analysis/variation_findings.ts";
import type { GeometricFactor } from "../variation_laws.ts";
import { type Figure, Plot, plot } from "./figure.ts";

const SOURCE_COLOURS = { "variation in the data": "#1f77b4", "augmentation (same law)": "#d62728" };
const UNTRAINED = { "untrained ResNet": "#555", "untrained ViT": "#2ca02c" };

/** Points with ±1 SEM error bars (over seeds) for the trained cells; untrained means as dashed lines. */
function cellsFor(rows: VariationRow[], metric: VariationMetric) {
  const cells = aggregateVariation(rows).filter((c) => c.metric === metric);
  const trained = cells.filter((c) => c.source !== "untrained" && c.family === "resnet").map((c) => ({
    ...c,
    series: c.source === "data" || c.amount === 0 ? "variation in the data" : "augmentation (same law)",
    lo: c.mean - (Number.isFinite(c.sem) ? c.sem : 0),
    hi: c.mean + (Number.isFinite(c.sem) ? c.sem : 0),
  }));
  // Amount 0 is one run for both sources: draw it once per series so both lines start there.
  const zero = trained.filter((c) => c.amount === 0 && c.source === "data").map((c) => ({
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
 * A measure of the ResNet against the amount of variation in its factor,
 * one panel per factor (trained and measured on that factor): variation in
 * the data vs augmentation with the same law; the untrained ResNet and ViT
 * as dashed lines (architecture alone). `amountLabels` names the amounts
 * of each factor for the caption.
 */
export function variationFigure(
  rows: VariationRow[],
  opts: { metric: VariationMetric; factors: GeometricFactor[]; title: string; subtitle?: string },
): Figure {
  const { trained, untrained } = cellsFor(rows, opts.metric);
  const own = (c: VariationCell) => c.factor === c.measured;
  const t = trained.filter(own);
  const u = untrained.filter((c) => opts.factors.includes(c.measured));
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 330 * opts.factors.length + 80,
    height: 330,
    marginRight: 20,
    x: { label: "amount of variation (0 = none, 1 = strongest)", domain: [-0.05, 1.05] },
    y: { label: opts.metric === "invariance" ? "invariance (median, Eq. 1)" : "top-1 on held-out scenes", grid: true },
    fx: { label: "factor (trained and measured)", domain: opts.factors },
    color: {
      legend: true,
      domain: [...Object.keys(SOURCE_COLOURS), ...Object.keys(UNTRAINED)],
      range: [...Object.values(SOURCE_COLOURS), ...Object.values(UNTRAINED)],
    },
    marks: [
      Plot.ruleY(u, { y: "mean", fx: "measured", stroke: "series", strokeDasharray: "5,4", strokeWidth: 1.5 }),
      Plot.line(t, { x: "amount", y: "mean", fx: "measured", stroke: "series", sort: "amount" }),
      Plot.ruleX(t, { x: "amount", y1: "lo", y2: "hi", fx: "measured", stroke: "series" }),
      Plot.dot(t, { x: "amount", y: "mean", fx: "measured", fill: "series", r: 3.5 }),
    ],
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
  const cells = aggregateVariation(rows).filter((c) => c.metric === "invariance" && c.source === "data" && c.family === "resnet")
    .map((c) => ({ ...c, lo: c.mean - (c.sem || 0), hi: c.mean + (c.sem || 0), measuredOn: `invariance to ${c.measured}` }));
  return plot({
    title: opts.title,
    subtitle: opts.subtitle,
    width: 330 * opts.factors.length + 80,
    height: 330,
    marginRight: 20,
    x: { label: "amount of variation in the training data (0 = none, 1 = strongest)", domain: [-0.05, 1.05] },
    y: { label: "invariance (median, Eq. 1)", grid: true },
    fx: { label: "factor varied in the training data", domain: opts.factors },
    color: { legend: true, domain: opts.factors.map((f) => `invariance to ${f}`) },
    marks: [
      Plot.line(cells, { x: "amount", y: "mean", fx: "factor", stroke: "measuredOn", sort: "amount" }),
      Plot.ruleX(cells, { x: "amount", y1: "lo", y2: "hi", fx: "factor", stroke: "measuredOn" }),
      Plot.dot(cells, { x: "amount", y: "mean", fx: "factor", fill: "measuredOn", r: 3.5 }),
    ],
  });
}
