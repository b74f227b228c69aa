/**
 * "What this run supports" for Section 2: each claim of the paper decided
 * from the measured top-1s over seeds by the 2-SEM rule (findings.ts).
 */
import { scaleMomentsQuadrature } from "../augment/scale_moments.ts";
import type { ZoomAccuracy } from "./growing_zoom.ts";
import type { IouSummary } from "../metrics/helped_samples.ts";
import { mean } from "../metrics/stats.ts";
import {
  allOf,
  describeComparison as describe,
  type Finding,
  linearCombination,
  pct,
  verdictAbout,
  verdictAbove,
  verdictBest,
  verdictExact,
  verdictPositive,
  verdictWorst,
} from "./findings.ts";

export interface Scores {
  /** Top-1 per seed (fractions), by method short name (RRC, RSCC, FSRC, T, T+RSCC, T+RSCC noAR, None). */
  [method: string]: number[];
}

/** Table 1(a)'s qualitative claims (spec §1.7) and Appendix B / D.1's. */
export function table1aFindings(
  s: Scores,
  extra: {
    within?: Record<string, IouSummary>;
    across?: Record<string, IouSummary>;
    /** chanceWithinIou of each method's lists, keyed as `within`. */
    chance?: Record<string, IouSummary>;
    meanFractionHurt?: number;
  } = {},
): Finding[] {
  const out: Finding[] = [];
  const means = Object.entries(s).map(([k, v]) => [k, mean(v)] as const).sort((a, b) => b[1] - a[1]);
  const [best, second] = means;
  out.push({
    claim: "RandomResizedCrop gives the best accuracy of the seven methods",
    verdict: verdictBest(s, "RRC"),
    evidence: `ranking: ${means.map(([k, m]) => `${k} ${pct(m)}`).join(" > ")}; ${
      best[0] === "RRC" ? describe("RRC", s.RRC, second[0], s[second[0]]) : describe(best[0], s[best[0]], "RRC", s.RRC)
    }`,
  });
  const gain = verdictAbove(s.RRC, s.None);
  // T − None > ½(RRC − None)  ⇔  T − ½RRC − ½None > 0.
  const half = linearCombination([[1, s.T], [-0.5, s.RRC], [-0.5, s.None]]);
  const gainRrc = mean(s.RRC) - mean(s.None), gainT = mean(s.T) - mean(s.None);
  out.push({
    claim: "Translation alone (T.(30%)) recovers most (> 50 %) of RRC's gain over no augmentation",
    verdict: gain === "supported" ? verdictPositive(half.z) : "undecided",
    evidence: gain === "supported"
      ? `T recovers ${(100 * gainT / gainRrc).toFixed(0)} % of RRC's gain (${pct(gainT)} of ${pct(gainRrc)} points); ` +
        `T − ½(RRC + None) = ${pct(half.diff)} points, ${half.z.toFixed(1)} SEM`
      : `premise not met: RRC shows no gain over no augmentation here (${describe("RRC", s.RRC, "None", s.None)})`,
  });
  out.push({
    claim: "T.(30%) + RSCC is about equal to T.(30%) (|Δ| < 2 SEM)",
    verdict: verdictAbout(s["T+RSCC"], s.T),
    evidence: describe("T+RSCC", s["T+RSCC"], "T", s.T),
  });
  out.push({
    claim: "T.(30%) is clearly above RSCC and FixedSizeRandomCrop (Δ ≥ 2 SEM)",
    verdict: allOf(["RSCC", "FSRC"].map((m) => verdictAbove(s.T, s[m]))),
    evidence: `${describe("T", s.T, "RSCC", s.RSCC)}; ${describe("T", s.T, "FSRC", s.FSRC)}`,
  });
  out.push({
    claim: "RSCC and FixedSizeRandomCrop are about equal (|Δ| < 2 SEM)",
    verdict: verdictAbout(s.RSCC, s.FSRC),
    evidence: describe("RSCC", s.RSCC, "FSRC", s.FSRC),
  });
  const last = means[means.length - 1], secondLast = means[means.length - 2];
  out.push({
    claim: "No augmentation is last",
    verdict: verdictWorst(s, "None"),
    evidence: last[0] === "None"
      ? describe(secondLast[0], s[secondLast[0]], "None", s.None)
      : `lowest: ${last[0]} ${pct(last[1])}; ${describe("None", s.None, last[0], s[last[0]])}`,
  });
  if (extra.within && extra.across) {
    const w = Object.entries(extra.within), a = Object.entries(extra.across);
    // Every within-method IoU below 0.5 by 2 SEM: supported; any above 0.5 by 2 SEM: contradicted.
    out.push({
      claim:
        "Appendix B: the samples an augmentation helps are not consistent across seeds or methods (IoU of helped lists below 0.5)",
      verdict: allOf(w.map(([, v]) => verdictPositive((0.5 - v.mean) / (v.sem || 1e-12)))),
      evidence: `within: ${w.map(([k, v]) => `${k} ${v.mean.toFixed(3)} ± ${v.sem.toFixed(3)}`).join(", ")}; across: ${
        a.map(([k, v]) => `${k} ${v.mean.toFixed(3)} ± ${v.sem.toFixed(3)}`).join(", ")
      }`,
    });
  }
  if (extra.within && extra.chance) {
    const chance = extra.chance;
    const rows = Object.entries(extra.within).filter(([k]) => chance[k]);
    // Above chance by 2 combined SEM for every method: the lists share more than accident would give.
    const z = rows.map(([k, v]) => (v.mean - chance[k].mean) / (Math.hypot(v.sem, chance[k].sem) || 1e-12));
    out.push({
      claim: "Appendix B: helped lists of one method overlap more than random lists of the same sizes",
      verdict: allOf(z.map(verdictPositive)),
      evidence: rows.map(([k, v], i) =>
        `${k}: ${v.mean.toFixed(3)} ± ${v.sem.toFixed(3)} vs chance ${chance[k].mean.toFixed(3)} ± ${chance[k].sem.toFixed(3)} (${
          z[i].toFixed(1)
        } SEM)`
      ).join("; "),
    });
  }
  if (extra.meanFractionHurt !== undefined) {
    out.push({
      claim: "Appendix D.1: RRC hurts some classes even when it helps overall",
      verdict: gain === "supported" ? verdictExact(extra.meanFractionHurt > 0) : "undecided",
      evidence: (gain === "supported"
        ? ""
        : `premise not met: RRC does not help overall here (${describe("RRC", s.RRC, "None", s.None)}); `) +
        `on average ${(100 * extra.meanFractionHurt).toFixed(0)} % of classes are hurt per RRC-vs-None seed comparison`,
    });
  }
  return out;
}

/** Table 1(b)'s claims: uniform scale (β = 1) is best; β = 0.1 and β = 10 are worse. */
export function table1bFindings(rows: { beta: number; top1: number[] }[]): Finding[] {
  const by = new Map(rows.map((r) => [r.beta, r.top1]));
  const uni = by.get(1)!;
  const ranked = [...rows].sort((a, b) => mean(b.top1) - mean(a.top1));
  const out: Finding[] = [{
    claim: "The uniform scale law of standard RRC (β = 1) is the best of the six",
    verdict: verdictBest(Object.fromEntries(rows.map((r) => [String(r.beta), r.top1])), "1"),
    evidence: `best: β = ${ranked[0].beta} (${pct(mean(ranked[0].top1))}); ${
      rows.map((r) => `β ${r.beta}: ${pct(mean(r.top1))}`).join(", ")
    }; ${
      ranked[0].beta === 1
        ? describe("β 1", uni, `β ${ranked[1].beta}`, ranked[1].top1)
        : describe(`β ${ranked[0].beta}`, ranked[0].top1, "β 1", uni)
    }`,
  }];
  for (const b of [0.1, 10]) {
    const t = by.get(b);
    if (!t) continue;
    out.push({
      claim: `β = ${b} is worse than β = 1 (Δ ≥ 2 SEM)`,
      verdict: verdictAbove(uni, t),
      evidence: describe("β 1", uni, `β ${b}`, t),
    });
  }
  return out;
}

/** Fig. A7's claims: accuracy falls with m for both; faster without augmentation; RRC already loses at small m. */
export function growingZoomFindings(rrc: ZoomAccuracy[][], none: ZoomAccuracy[][]): Finding[] {
  const at = (runs: ZoomAccuracy[][], i: number) => runs.map((r) => r[i].top1);
  const last = rrc[0].length - 1, small = 2; // m = 1.71
  const dropsR = rrc.map((r) => r[0].top1 - r[last].top1), dropsN = none.map((r) => r[0].top1 - r[last].top1);
  return [
    {
      claim: "Accuracy falls as the test-time zoom grows, for both models",
      verdict: allOf([verdictAbove(at(rrc, 0), at(rrc, last)), verdictAbove(at(none, 0), at(none, last))]),
      evidence: `m 1 → 6: RRC ${pct(mean(at(rrc, 0)))} → ${pct(mean(at(rrc, last)))}, no aug. ${pct(mean(at(none, 0)))} → ${
        pct(mean(at(none, last)))
      }`,
    },
    {
      claim: "The model trained without augmentation falls faster",
      verdict: verdictAbove(dropsN, dropsR),
      evidence: `drop over m 1 → 6: ${describe("no aug.", dropsN, "RRC", dropsR)}`,
    },
    {
      claim: `RRC's invariance is partial: it already loses accuracy at m = ${rrc[0][small].m.toFixed(2)} (Δ ≥ 2 SEM)`,
      verdict: verdictAbove(at(rrc, 0), at(rrc, small)),
      evidence: describe("m 1", at(rrc, 0), `m ${rrc[0][small].m.toFixed(2)}`, at(rrc, small)),
    },
  ];
}

/**
 * Appendix C's reading of Table 1(b): a crop law trades scale variability
 * against the train/test gap in apparent object size (mean zoom E[1/√s]), so
 * accuracy should peak at an intermediate mean zoom. Supported when the best
 * law lies strictly inside the zoom ordering and beats both extremes by
 * 2 SEM; contradicted when an extreme law beats the best interior one.
 */
export function apparentSizeFindings(rows: { beta: number; top1: number[] }[]): Finding[] {
  if (rows.length < 3) return [];
  const byZoom = [...rows].sort((a, b) =>
    scaleMomentsQuadrature(a.beta).meanInvSqrtS - scaleMomentsQuadrature(b.beta).meanInvSqrtS
  );
  const least = byZoom[0], most = byZoom[byZoom.length - 1], inner = byZoom.slice(1, -1);
  const best = [...rows].sort((a, b) => mean(b.top1) - mean(a.top1))[0];
  const bestInner = [...inner].sort((a, b) => mean(b.top1) - mean(a.top1))[0];
  const interior = best !== least && best !== most;
  const name = (r: { beta: number }) => `β ${r.beta} (E[1/√s] ${scaleMomentsQuadrature(r.beta).meanInvSqrtS.toFixed(2)})`;
  const verdict = interior
    ? allOf([verdictAbove(best.top1, least.top1), verdictAbove(best.top1, most.top1)])
    : verdictAbove(best.top1, bestInner.top1) === "supported"
    ? "contradicted"
    : "undecided";
  return [{
    claim: "Appendix C: accuracy peaks at an intermediate mean zoom (the best law beats the least- and the most-zooming law)",
    verdict,
    evidence: interior
      ? `best ${name(best)}; ${describe(`β ${best.beta}`, best.top1, `least zoom ${name(least)}`, least.top1)}; ${
        describe(`β ${best.beta}`, best.top1, `most zoom ${name(most)}`, most.top1)
      }`
      : `the best law is an extreme of the zoom ordering: ${name(best)}; ${
        describe(`β ${best.beta}`, best.top1, `best interior ${name(bestInner)}`, bestInner.top1)
      }`,
  }];
}
