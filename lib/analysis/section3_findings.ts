/**
 * "What this run supports" for Section 3: each of the paper's claims decided
 * from the measured medians. Rows carry the training seed of their model;
 * a claim compares the per-seed values of two models by the 2-SEM rule
 * (findings.ts), and is undecided when a model has only one seed.
 */
import { about, above, allOf, type Finding, positiveMean } from "./findings.ts";
import type { InvarianceRow } from "./invariance_profile.ts";
import { mean, sem } from "../metrics/stats.ts";

/** Mean over magnitudes of the median invariance (or, with metric "eq", equivariance) of `model` under `transforms` (all seeds pooled). */
export function medianInvariance(
  rows: InvarianceRow[],
  model: string,
  transforms: string[],
  mags: number[],
  metric: "inv" | "eq" = "inv",
): number {
  const xs = rows.filter((r) => r.model === model && transforms.includes(r.transformation) && mags.includes(r.magnitude))
    .map((r) => (metric === "inv" ? r.inv_median : r.eq_median));
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** The same value for each seed of `model` (rows without a seed count as one seed). */
export function medianInvariancePerSeed(
  rows: (InvarianceRow & { seed?: number })[],
  model: string,
  transforms: string[],
  mags: number[],
  metric: "inv" | "eq" = "inv",
): number[] {
  const seeds = [...new Set(rows.filter((r) => r.model === model).map((r) => r.seed ?? 0))].sort((a, b) => a - b);
  return seeds.map((sd) => medianInvariance(rows.filter((r) => (r.seed ?? 0) === sd), model, transforms, mags, metric))
    .filter(Number.isFinite);
}

function spreadPerSeed(rows: (InvarianceRow & { seed?: number })[], model: string, t: string, mags: number[]): number[] {
  const seeds = [...new Set(rows.filter((r) => r.model === model).map((r) => r.seed ?? 0))];
  return seeds.map((sd) => {
    const xs = rows.filter((r) =>
      (r.seed ?? 0) === sd && r.model === model && r.transformation === t && mags.includes(r.magnitude)
    )
      .map((r) => r.inv_q75 - r.inv_q25);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  }).filter(Number.isFinite);
}

const f3 = (x: number) => x.toFixed(3);
/** "label 0.512 ± 0.004 (3 seeds)". */
export const show = (label: string, xs: number[]) =>
  `${label} ${f3(mean(xs))}${xs.length > 1 ? ` ± ${f3(sem(xs))}` : ""} (${xs.length} seed${xs.length > 1 ? "s" : ""})`;

export function section3Findings(rows: (InvarianceRow & { seed?: number })[]): Finding[] {
  const trans = ["translateX", "translateY"], m18 = [1, 2, 3, 4, 5, 6, 7, 8], m19 = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const appearance = [...new Set(rows.filter((r) => r.family === "appearance").map((r) => r.transformation))];
  const fams = ["ResNet", "ViT"];
  const out: Finding[] = [];
  const per = (model: string, ts: string[], mags: number[]) => medianInvariancePerSeed(rows, model, ts, mags);
  /** "a > b" (dir 1) or "a < b" (dir −1) for every listed pair of models. */
  const cmp = (claim: string, pairs: [string, string][], ts: string[], mags: number[], dir: 1 | -1, paper = "yes (Fig. 2)") => {
    const parts = pairs.map(([ma, mb]) => {
      const a = per(ma, ts, mags), b = per(mb, ts, mags);
      return {
        d: dir === 1 ? above(a, b, { label: `${ma} − ${mb}` }) : above(b, a, { label: `${mb} − ${ma}` }),
        text: `${show(ma, a)} vs ${show(mb, b)}`,
      };
    });
    out.push({ claim, decision: allOf(parts.map((p) => p.d)), paper, evidence: parts.map((p) => p.text).join("; ") });
  };
  const trainedVsUntrained = fams.map((f) => [`${f} trained w/o aug`, `${f} untrained`] as [string, string]);
  cmp(
    "Training raises translation invariance (trained w/o aug vs untrained, median, magnitudes 1–8)",
    trainedVsUntrained,
    trans,
    m18,
    1,
  );
  cmp(
    "Training raises invariance to appearance transformations (median over the six, magnitudes 1–9)",
    trainedVsUntrained,
    appearance,
    m19,
    1,
  );
  cmp("Training lowers rotation and shear invariance", trainedVsUntrained, ["rotate", "shearX", "shearY"], m19, -1);
  {
    const parts = fams.map((f) => {
      const a = per(`${f} trained w/o aug`, ["scale_zoom_in"], m19), b = per(`${f} untrained`, ["scale_zoom_in"], m19);
      const sa = spreadPerSeed(rows, `${f} trained w/o aug`, "scale_zoom_in", m19),
        sb = spreadPerSeed(rows, `${f} untrained`, "scale_zoom_in", m19);
      // |Δ median| < 0.1 by TOST, and a smaller interquartile range.
      return {
        d: allOf([
          about(a, b, 0.1, { label: `${f} median trained − untrained` }),
          above(sb, sa, { label: `${f} spread untrained − trained` }),
        ]),
        text: `${f}: median ${f3(mean(b))} → ${f3(mean(a))}, interquartile range ${f3(mean(sb))} → ${f3(mean(sa))}`,
      };
    });
    out.push({
      claim: "Zoom-in invariance keeps its median after training (within ±0.1, TOST) with a smaller spread",
      decision: allOf(parts.map((p) => p.d)),
      paper: "yes (Fig. 2)",
      evidence: parts.map((p) => p.text).join("; "),
    });
  }
  cmp(
    "Augmentation adds a little translation invariance to the ResNet (trained with RRC + flip vs without)",
    [["ResNet trained", "ResNet trained w/o aug"]],
    trans,
    m18,
    1,
  );
  cmp(
    "The untrained ViT is more translation-invariant than the untrained ResNet",
    [["ViT untrained", "ResNet untrained"]],
    trans,
    m18,
    1,
  );
  cmp(
    "After training, the ViT is (slightly) more translation-invariant than the ResNet",
    [["ViT trained", "ResNet trained"]],
    trans,
    m18,
    1,
  );
  // Fig. A10 (Appendix D): alignment of the embedding's displacements, above 0 when it moves consistently under T.
  const eqOf = (model: string) => medianInvariancePerSeed(rows, model, trans, m18, "eq");
  const eqR = eqOf("ResNet untrained"), eqV = eqOf("ViT untrained");
  if (eqR.length) {
    out.push({
      claim: "Fig. A10: the untrained ResNet is translation-equivariant (median alignment above 0, magnitudes 1–8)",
      decision: positiveMean(eqR, { label: "ResNet untrained alignment" }),
      paper: "yes (Fig. A10)",
      evidence: show("ResNet untrained", eqR),
    });
  }
  if (eqR.length && eqV.length) {
    out.push({
      claim: "Fig. A10: the untrained ViT is less translation-equivariant than the untrained ResNet",
      decision: above(eqR, eqV, { label: "ResNet − ViT alignment" }),
      paper: "yes (Fig. A10)",
      evidence: `${show("ResNet untrained", eqR)} vs ${show("ViT untrained", eqV)}`,
    });
  }
  return out;
}
