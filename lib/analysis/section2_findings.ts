/**
 * "What this run supports" for Section 2: each claim of the paper checked
 * against the measured top-1s (findings.ts: clear when |z| ≥ 2 combined SEM,
 * "about equal" when |z| < 2).
 */
import type { ZoomAccuracy } from "./growing_zoom.ts";
import type { IouSummary } from "../metrics/helped_samples.ts";
import { mean } from "../metrics/stats.ts";
import { compareScores, describeComparison as describe, type Finding, pct } from "./findings.ts";

export interface Scores {
  /** Top-1 per seed (fractions), by method short name (RRC, RSCC, FSRC, T, T+RSCC, T+RSCC noAR, None). */
  [method: string]: number[];
}

/** Table 1(a)'s qualitative claims (spec §1.7) and Appendix B / D.1's. */
export function table1aFindings(
  s: Scores,
  extra: { within?: Record<string, IouSummary>; across?: Record<string, IouSummary>; meanFractionHurt?: number } = {},
): Finding[] {
  const out: Finding[] = [];
  const means = Object.entries(s).map(([k, v]) => [k, mean(v)] as const).sort((a, b) => b[1] - a[1]);
  const [best, second] = means;
  out.push({
    claim: "RandomResizedCrop gives the best accuracy of the seven methods",
    supported: best[0] === "RRC",
    evidence: `ranking: ${means.map(([k, m]) => `${k} ${pct(m)}`).join(" > ")}; ${
      describe(best[0], s[best[0]], second[0], s[second[0]])
    }`,
  });
  const gainRrc = mean(s.RRC) - mean(s.None), gainT = mean(s.T) - mean(s.None);
  out.push({
    claim: "Translation alone (T.(30%)) recovers most (> 50 %) of RRC's gain over no augmentation",
    supported: gainRrc > 0 && gainT / gainRrc > 0.5,
    evidence: gainRrc > 0
      ? `T recovers ${(100 * gainT / gainRrc).toFixed(0)} % of RRC's gain (${pct(gainT)} of ${pct(gainRrc)} points)`
      : `RRC has no gain over no augmentation here (${describe("RRC", s.RRC, "None", s.None)}), so there is nothing to recover`,
  });
  const ts = compareScores(s["T+RSCC"], s.T);
  out.push({
    claim: "T.(30%) + RSCC is about equal to T.(30%) (|Δ| < 2 SEM)",
    supported: Math.abs(ts.z) < 2,
    evidence: describe("T+RSCC", s["T+RSCC"], "T", s.T),
  });
  const tVsScale = ["RSCC", "FSRC"].map((m) => compareScores(s.T, s[m]));
  out.push({
    claim: "T.(30%) is clearly above RSCC and FixedSizeRandomCrop (Δ ≥ 2 SEM)",
    supported: tVsScale.every((c) => c.z >= 2),
    evidence: `${describe("T", s.T, "RSCC", s.RSCC)}; ${describe("T", s.T, "FSRC", s.FSRC)}`,
  });
  const rf = compareScores(s.RSCC, s.FSRC);
  out.push({
    claim: "RSCC and FixedSizeRandomCrop are about equal (|Δ| < 2 SEM)",
    supported: Math.abs(rf.z) < 2,
    evidence: describe("RSCC", s.RSCC, "FSRC", s.FSRC),
  });
  const last = means[means.length - 1];
  out.push({
    claim: "No augmentation is last",
    supported: last[0] === "None",
    evidence: `lowest: ${last[0]} ${pct(last[1])}; None ${pct(mean(s.None))}`,
  });
  if (extra.within && extra.across) {
    const w = Object.entries(extra.within), a = Object.entries(extra.across);
    const maxW = Math.max(...w.map(([, v]) => v.mean));
    out.push({
      claim:
        "Appendix B: the samples an augmentation helps are not consistent across seeds or methods (IoU of helped lists well below 1)",
      supported: maxW < 0.5,
      evidence: `within: ${w.map(([k, v]) => `${k} ${v.mean.toFixed(3)} ± ${v.sem.toFixed(3)}`).join(", ")}; across: ${
        a.map(([k, v]) => `${k} ${v.mean.toFixed(3)} ± ${v.sem.toFixed(3)}`).join(", ")
      }`,
    });
  }
  if (extra.meanFractionHurt !== undefined) {
    out.push({
      claim: "Appendix D.1: RRC hurts some classes even when it helps overall",
      supported: extra.meanFractionHurt > 0,
      evidence: `on average ${(100 * extra.meanFractionHurt).toFixed(0)} % of classes are hurt per RRC-vs-None seed comparison`,
    });
  }
  return out;
}

/** Table 1(b)'s claims: uniform scale (β = 1) is best; β = 0.1 and β = 10 are worse. */
export function table1bFindings(rows: { beta: number; top1: number[] }[]): Finding[] {
  const by = new Map(rows.map((r) => [r.beta, r.top1]));
  const uni = by.get(1)!;
  const best = [...rows].sort((a, b) => mean(b.top1) - mean(a.top1))[0];
  const out: Finding[] = [{
    claim: "The uniform scale law of standard RRC (β = 1) is the best of the six",
    supported: best.beta === 1,
    evidence: `best: β = ${best.beta} (${pct(mean(best.top1))}); ${
      rows.map((r) => `β ${r.beta}: ${pct(mean(r.top1))}`).join(", ")
    }`,
  }];
  for (const b of [0.1, 10]) {
    const t = by.get(b);
    if (!t) continue;
    const c = compareScores(uni, t);
    out.push({
      claim: `β = ${b} is worse than β = 1 (Δ ≥ 2 SEM)`,
      supported: c.z >= 2,
      evidence: describe("β 1", uni, `β ${b}`, t),
    });
  }
  return out;
}

/** Fig. A7's claims: accuracy falls with m for both; faster without augmentation; RRC already loses at small m. */
export function growingZoomFindings(rrc: ZoomAccuracy[][], none: ZoomAccuracy[][]): Finding[] {
  const at = (runs: ZoomAccuracy[][], i: number) => runs.map((r) => r[i].top1);
  const last = rrc[0].length - 1, small = 2; // m = 1.71
  const dropR = mean(at(rrc, 0)) - mean(at(rrc, last)), dropN = mean(at(none, 0)) - mean(at(none, last));
  return [
    {
      claim: "Accuracy falls as the test-time zoom grows, for both models",
      supported: dropR > 0 && dropN > 0,
      evidence: `m 1 → 6: RRC ${pct(mean(at(rrc, 0)))} → ${pct(mean(at(rrc, last)))}, no aug. ${pct(mean(at(none, 0)))} → ${
        pct(mean(at(none, last)))
      }`,
    },
    {
      claim: "The model trained without augmentation falls faster",
      supported: dropN > dropR,
      evidence: `drop over m 1 → 6: no aug. ${pct(dropN)} points, RRC ${pct(dropR)} points`,
    },
    {
      claim: `RRC's invariance is partial: it already loses accuracy at m = ${rrc[0][small].m.toFixed(2)} (Δ ≥ 2 SEM)`,
      supported: compareScores(at(rrc, 0), at(rrc, small)).z >= 2,
      evidence: describe("m 1", at(rrc, 0), `m ${rrc[0][small].m.toFixed(2)}`, at(rrc, small)),
    },
  ];
}
