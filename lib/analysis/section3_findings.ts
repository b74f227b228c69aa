/**
 * "What this run supports" for Section 3: each of the paper's claims checked
 * against the measured medians, with the numbers that decide it.
 */
import type { Finding } from "./findings.ts";
import type { InvarianceRow } from "./invariance_profile.ts";

/** Mean over magnitudes of the median invariance of `model` under `transforms`. */
export function medianInvariance(rows: InvarianceRow[], model: string, transforms: string[], mags: number[]): number {
  const xs = rows.filter((r) => r.model === model && transforms.includes(r.transformation) && mags.includes(r.magnitude)).map((
    r,
  ) => r.inv_median);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

function spread(rows: InvarianceRow[], model: string, t: string, mags: number[]): number {
  const xs = rows.filter((r) => r.model === model && r.transformation === t && mags.includes(r.magnitude)).map((r) =>
    r.inv_q75 - r.inv_q25
  );
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

const f2 = (x: number) => x.toFixed(3);

export function section3Findings(rows: InvarianceRow[]): Finding[] {
  const trans = ["translateX", "translateY"], m18 = [1, 2, 3, 4, 5, 6, 7, 8], m19 = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const appearance = [...new Set(rows.filter((r) => r.family === "appearance").map((r) => r.transformation))];
  const fams = ["ResNet", "ViT"];
  const out: Finding[] = [];
  const cmp = (claim: string, pairs: [string, number, string, number][], dir: 1 | -1) => {
    const ok = pairs.every(([, a, , b]) => dir * (a - b) > 0);
    out.push({ claim, supported: ok, evidence: pairs.map(([la, a, lb, b]) => `${la} ${f2(a)} vs ${lb} ${f2(b)}`).join("; ") });
  };
  cmp(
    "Training raises translation invariance (trained w/o aug vs untrained, median, magnitudes 1–8)",
    fams.map((
      f,
    ) => [
      `${f} trained w/o aug`,
      medianInvariance(rows, `${f} trained w/o aug`, trans, m18),
      `${f} untrained`,
      medianInvariance(rows, `${f} untrained`, trans, m18),
    ]),
    1,
  );
  cmp(
    "Training raises invariance to appearance transformations (median over the six, magnitudes 1–9)",
    fams.map((
      f,
    ) => [
      `${f} trained w/o aug`,
      medianInvariance(rows, `${f} trained w/o aug`, appearance, m19),
      `${f} untrained`,
      medianInvariance(rows, `${f} untrained`, appearance, m19),
    ]),
    1,
  );
  cmp(
    "Training lowers rotation and shear invariance",
    fams.map((
      f,
    ) => [
      `${f} trained w/o aug`,
      medianInvariance(rows, `${f} trained w/o aug`, ["rotate", "shearX", "shearY"], m19),
      `${f} untrained`,
      medianInvariance(rows, `${f} untrained`, ["rotate", "shearX", "shearY"], m19),
    ]),
    -1,
  );
  {
    const parts = fams.map((f) => {
      const a = medianInvariance(rows, `${f} trained w/o aug`, ["scale_zoom_in"], m19),
        b = medianInvariance(rows, `${f} untrained`, ["scale_zoom_in"], m19);
      const sa = spread(rows, `${f} trained w/o aug`, "scale_zoom_in", m19),
        sb = spread(rows, `${f} untrained`, "scale_zoom_in", m19);
      return {
        ok: Math.abs(a - b) < 0.1 && sa < sb,
        text: `${f}: median ${f2(b)} → ${f2(a)}, interquartile range ${f2(sb)} → ${f2(sa)}`,
      };
    });
    out.push({
      claim: "Zoom-in invariance keeps its median after training (within 0.1) with a smaller spread",
      supported: parts.every((p) => p.ok),
      evidence: parts.map((p) => p.text).join("; "),
    });
  }
  cmp("Augmentation adds a little translation invariance to the ResNet (trained with RRC + flip vs without)", [[
    "ResNet trained",
    medianInvariance(rows, "ResNet trained", trans, m18),
    "ResNet trained w/o aug",
    medianInvariance(rows, "ResNet trained w/o aug", trans, m18),
  ]], 1);
  cmp("The untrained ViT is more translation-invariant than the untrained ResNet", [[
    "ViT untrained",
    medianInvariance(rows, "ViT untrained", trans, m18),
    "ResNet untrained",
    medianInvariance(rows, "ResNet untrained", trans, m18),
  ]], 1);
  cmp("After training, the ViT is (slightly) more translation-invariant than the ResNet", [[
    "ViT trained",
    medianInvariance(rows, "ViT trained", trans, m18),
    "ResNet trained",
    medianInvariance(rows, "ResNet trained", trans, m18),
  ]], 1);
  return out;
}
