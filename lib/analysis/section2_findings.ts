/**
 * "What this run supports" for Section 2: each claim of the paper decided
 * from the measured top-1s over seeds by the decision rule (findings.ts):
 * paired tests over the shared seeds, equalities by TOST within
 * EQUAL_TOP1_MARGIN, Holm-corrected within the notebook.
 */
import { scaleMomentsQuadrature } from "../augment/scale_moments.ts";
import type { ZoomAccuracy } from "./growing_zoom.ts";
import type { IouSummary } from "../metrics/helped_samples.ts";
import { mean } from "../metrics/stats.ts";
import { welchFromSummaries } from "./decision.ts";
import {
  about,
  above,
  againstOnly,
  allOf,
  best,
  combination,
  describeComparison as describe,
  exact,
  type Finding,
  given,
  pct,
  tested,
  worst,
} from "./findings.ts";

/**
 * Two methods' top-1s count as equal when they differ by less than 1 point: the
 * size of the smallest differences the paper's Table 1(a) discusses. An "equal"
 * claim is supported only when the run shows the difference inside ±1 point.
 */
export const EQUAL_TOP1_MARGIN = 0.01;
const pts = { unit: "points" } as const;

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
  const [leader, second] = means;
  out.push({
    claim: "RandomResizedCrop gives the best accuracy of the seven methods",
    decision: best(s, "RRC", pts),
    paper: "yes: RRC is the best of the seven (Table 1a)",
    evidence: `ranking: ${means.map(([k, m]) => `${k} ${pct(m)}`).join(" > ")}; ${
      leader[0] === "RRC" ? describe("RRC", s.RRC, second[0], s[second[0]]) : describe(leader[0], s[leader[0]], "RRC", s.RRC)
    }`,
  });
  const gain = above(s.RRC, s.None, { ...pts, label: "RRC − None" });
  const gainHolds = mean(s.RRC) > mean(s.None);
  // T − None > ½(RRC − None)  ⇔  T − ½RRC − ½None > 0.
  const gainRrc = mean(s.RRC) - mean(s.None), gainT = mean(s.T) - mean(s.None);
  out.push({
    claim: "Translation alone (T.(30%)) recovers most (> 50 %) of RRC's gain over no augmentation",
    decision: given(gain, combination([[1, s.T], [-0.5, s.RRC], [-0.5, s.None]], { ...pts, label: "T − ½(RRC + None)" })),
    paper: "yes: T.(30%) ≈ T.(30%) + RSCC, which almost matches RRC",
    evidence: gainHolds
      ? `T recovers ${(100 * gainT / gainRrc).toFixed(0)} % of RRC's gain (${pct(gainT)} of ${pct(gainRrc)} points)`
      : `premise not met: RRC shows no gain over no augmentation here (${describe("RRC", s.RRC, "None", s.None)})`,
  });
  out.push({
    claim: `T.(30%) + RSCC is about equal to T.(30%) (within ±${100 * EQUAL_TOP1_MARGIN} point, TOST)`,
    decision: about(s["T+RSCC"], s.T, EQUAL_TOP1_MARGIN, { ...pts, label: "T+RSCC − T" }),
    paper: "yes: T.(30%) ≈ T.(30%) + RSCC",
    evidence: describe("T+RSCC", s["T+RSCC"], "T", s.T),
  });
  out.push({
    claim: "T.(30%) is clearly above RSCC and FixedSizeRandomCrop",
    decision: allOf(["RSCC", "FSRC"].map((m) => above(s.T, s[m], { ...pts, label: `T − ${m}` }))),
    paper: "yes: both clearly above RSCC ≈ FSRC (67.9 %)",
    evidence: `${describe("T", s.T, "RSCC", s.RSCC)}; ${describe("T", s.T, "FSRC", s.FSRC)}`,
  });
  out.push({
    claim: `RSCC and FixedSizeRandomCrop are about equal (within ±${100 * EQUAL_TOP1_MARGIN} point, TOST)`,
    decision: about(s.RSCC, s.FSRC, EQUAL_TOP1_MARGIN, { ...pts, label: "RSCC − FSRC" }),
    paper: "yes: RSCC ≈ FSRC ≈ 67.9 %",
    evidence: describe("RSCC", s.RSCC, "FSRC", s.FSRC),
  });
  const last = means[means.length - 1], secondLast = means[means.length - 2];
  out.push({
    claim: "No augmentation is last",
    decision: worst(s, "None", pts),
    paper: "yes: 63.5 %, the lowest of the seven",
    evidence: last[0] === "None"
      ? describe(secondLast[0], s[secondLast[0]], "None", s.None)
      : `lowest: ${last[0]} ${pct(last[1])}; ${describe("None", s.None, last[0], s[last[0]])}`,
  });
  if (extra.within && extra.chance) {
    const chance = extra.chance;
    const rows = Object.entries(extra.within).filter(([k]) => chance[k]);
    // Above chance for every method (Welch from the two summaries): the lists share more than accident would give.
    const checks = rows.map(([k, v]) =>
      tested(
        welchFromSummaries({ mean: v.mean, se: v.sem, n: v.pairs }, {
          mean: chance[k].mean,
          se: chance[k].sem,
          n: chance[k].pairs,
        }),
        { label: `${k} IoU − chance`, n: `${v.pairs} + ${chance[k].pairs} pairs` },
      )
    );
    out.push({
      claim: "Appendix B: helped lists of one method overlap more than random lists of the same sizes",
      decision: allOf(checks),
      paper: "no consistency within or across methods (Appendix B; no chance level given)",
      evidence: rows.map(([k, v]) =>
        `${k}: ${v.mean.toFixed(3)} ± ${v.sem.toFixed(3)} vs chance ${chance[k].mean.toFixed(3)} ± ${chance[k].sem.toFixed(3)}`
      ).join("; "),
    });
  }
  if (extra.meanFractionHurt !== undefined) {
    out.push({
      claim: "Appendix D.1: RRC hurts some classes even when it helps overall",
      decision: given(gain, exact(extra.meanFractionHurt > 0)),
      paper: "yes: 17 classes hurt in more than 70 % of the 25 comparisons (Table A2)",
      evidence:
        (gainHolds ? "" : `premise not met: RRC does not help overall here (${describe("RRC", s.RRC, "None", s.None)}); `) +
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
    decision: best(Object.fromEntries(rows.map((r) => [String(r.beta), r.top1])), "1", pts),
    paper: "yes: any law other than the uniform one loses accuracy (Table 1b)",
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
      claim: `β = ${b} is worse than β = 1`,
      decision: above(uni, t, { ...pts, label: `β 1 − β ${b}` }),
      paper: b === 0.1 ? "yes: β = 0.1 is also poor" : "yes",
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
      decision: allOf([
        above(at(rrc, 0), at(rrc, last), { ...pts, label: "RRC m 1 − m 6" }),
        above(at(none, 0), at(none, last), { ...pts, label: "none m 1 − m 6" }),
      ]),
      evidence: `m 1 → 6: RRC ${pct(mean(at(rrc, 0)))} → ${pct(mean(at(rrc, last)))}, no aug. ${pct(mean(at(none, 0)))} → ${
        pct(mean(at(none, last)))
      }`,
    },
    {
      claim: "The model trained without augmentation falls faster",
      decision: above(dropsN, dropsR, { ...pts, label: "drop none − drop RRC" }),
      evidence: `drop over m 1 → 6: ${describe("no aug.", dropsN, "RRC", dropsR)}`,
    },
    {
      claim: `RRC's invariance is partial: it already loses accuracy at m = ${rrc[0][small].m.toFixed(2)}`,
      decision: above(at(rrc, 0), at(rrc, small), { ...pts, label: `RRC m 1 − m ${rrc[0][small].m.toFixed(2)}` }),
      evidence: describe("m 1", at(rrc, 0), `m ${rrc[0][small].m.toFixed(2)}`, at(rrc, small)),
    },
  ];
}

/**
 * Appendix C's reading of Table 1(b): a crop law trades scale variability
 * against the train/test gap in apparent object size (mean zoom E[1/√s]), so
 * accuracy should peak at an intermediate mean zoom. Supported when the best
 * law lies strictly inside the zoom ordering and beats both extremes by
 * the decision rule; contradicted when an extreme law beats the best interior one.
 */
export function apparentSizeFindings(rows: { beta: number; top1: number[] }[]): Finding[] {
  if (rows.length < 3) return [];
  const byZoom = [...rows].sort((a, b) =>
    scaleMomentsQuadrature(a.beta).meanInvSqrtS - scaleMomentsQuadrature(b.beta).meanInvSqrtS
  );
  const least = byZoom[0], most = byZoom[byZoom.length - 1], inner = byZoom.slice(1, -1);
  const bestLaw = [...rows].sort((a, b) => mean(b.top1) - mean(a.top1))[0];
  const bestInner = [...inner].sort((a, b) => mean(b.top1) - mean(a.top1))[0];
  const interior = bestLaw !== least && bestLaw !== most;
  const name = (r: { beta: number }) => `β ${r.beta} (E[1/√s] ${scaleMomentsQuadrature(r.beta).meanInvSqrtS.toFixed(2)})`;
  const decision = interior
    ? allOf([
      above(bestLaw.top1, least.top1, { ...pts, label: "best − least zoom" }),
      above(bestLaw.top1, most.top1, { ...pts, label: "best − most zoom" }),
    ])
    : againstOnly(above(bestLaw.top1, bestInner.top1, { ...pts, label: "best extreme − best interior" }));
  return [{
    claim: "Appendix C: accuracy peaks at an intermediate mean zoom (the best law beats the least- and the most-zooming law)",
    decision,
    paper: "yes: an intermediate apparent size is best (Appendix C)",
    evidence: interior
      ? `best ${name(bestLaw)}; ${describe(`β ${bestLaw.beta}`, bestLaw.top1, `least zoom ${name(least)}`, least.top1)}; ${
        describe(`β ${bestLaw.beta}`, bestLaw.top1, `most zoom ${name(most)}`, most.top1)
      }`
      : `the best law is an extreme of the zoom ordering: ${name(bestLaw)}; ${
        describe(`β ${bestLaw.beta}`, bestLaw.top1, `best interior ${name(bestInner)}`, bestInner.top1)
      }`,
  }];
}
