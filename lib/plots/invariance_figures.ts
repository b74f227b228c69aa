/**
 * Figures of Section 3 (Fig. 2, A3, A10): per transformation, per magnitude,
 * one box per model summarising the distribution over samples — box 25–75 %,
 * whiskers 5–95 %, tick at the median. Colours as the paper: ViTs in warm
 * tones, ResNets in blues (dark = with augmentation, light = untrained).
 */
import type { InvarianceRow } from "../analysis/invariance_profile.ts";
import { type Figure, Plot, plot } from "./figure.ts";

export const MODEL_COLORS: Record<string, string> = {
  "ViT trained": "#b2182b",
  "ViT trained w/o aug": "#ef8a62",
  "ViT untrained": "#fddbc7",
  "ResNet trained": "#08519c",
  "ResNet trained w/o aug": "#4292c6",
  "ResNet untrained": "#c6dbef",
};

/** The lowest invariance drawn (the paper's axes start there); whiskers below it are cut and counted in the subtitle. */
export const INVARIANCE_AXIS_FLOOR = -0.5;

export function invarianceFigure(
  rows: InvarianceRow[],
  opts: { transformations: string[]; metric?: "inv" | "eq"; title: string; subtitle?: string; models?: string[] },
): Figure {
  const metric = opts.metric ?? "inv";
  const models = opts.models ?? Object.keys(MODEL_COLORS).filter((m) => rows.some((r) => r.model === m));
  const data = rows.filter((r) => opts.transformations.includes(r.transformation) && models.includes(r.model));
  const k = (q: string) => `${metric}_${q}` as keyof InvarianceRow;
  // Invariance is drawn from −0.5 up, as the paper's figures; say how many whiskers that cuts.
  const floor = metric === "inv" ? INVARIANCE_AXIS_FLOOR : undefined;
  const cut = floor === undefined ? 0 : data.filter((r) => (r[k("q05")] as number) < floor).length;
  const axisNote = floor === undefined
    ? undefined
    : `y axis cut at ${floor} as in the paper: ${cut} of ${data.length} lower whiskers (5th percentile) reach below it`;
  return plot({
    title: opts.title,
    subtitle: [opts.subtitle, axisNote].filter(Boolean).join(" · ") || undefined,
    width: 980,
    height: 60 + 190 * opts.transformations.length,
    marginLeft: 50,
    marginRight: 110,
    fx: { label: "magnitude index", domain: [...new Set(data.map((r) => r.magnitude))] },
    fy: { label: null, domain: opts.transformations },
    x: { domain: models, axis: null, paddingInner: 0.1 },
    y: {
      label: metric === "inv" ? "invariance" : "equivariance",
      grid: true,
      domain: floor === undefined ? undefined : [floor, 1],
    },
    color: { domain: models, range: models.map((m) => MODEL_COLORS[m] ?? "#999"), legend: true },
    marks: [
      Plot.ruleY([0], { stroke: "#aaa" }),
      Plot.ruleX(data, {
        x: "model",
        y1: k("q05"),
        y2: k("q95"),
        fx: "magnitude",
        fy: "transformation",
        stroke: "model",
        clip: true,
      }),
      Plot.barY(data, {
        x: "model",
        y1: k("q25"),
        y2: k("q75"),
        fx: "magnitude",
        fy: "transformation",
        fill: "model",
        stroke: "#444",
        strokeWidth: 0.3,
        clip: true,
      }),
      Plot.tickY(data, {
        x: "model",
        y: k("median"),
        fx: "magnitude",
        fy: "transformation",
        stroke: "black",
        strokeWidth: 1.2,
        clip: true,
      }),
    ],
  });
}
