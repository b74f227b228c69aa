/**
 * Section 4 from the search results: the per-class transformation sets for
 * per-class augmentation (spec §6.7), and "What this run supports", each
 * claim decided from the computed rows.
 */
import type { ClassTransformSets } from "../augment/per_class.ts";
import type { Dataset } from "../data/dataset.ts";
import {
  familyShares,
  globalTop,
  rankingSpearman,
  type SearchRow,
  topKPerClass,
  topPerClass,
  topSetIou,
} from "../metrics/similarity_search.ts";
import { mantelTest } from "../metrics/mantel.ts";
import { binomialTail, mean, sem, std } from "../metrics/stats.ts";
import { createRng } from "../rng.ts";
import {
  allOf,
  compareScores,
  type Finding,
  linearCombination,
  verdictExact,
  verdictFromP,
  verdictPositive,
} from "./findings.ts";

/** Each class's top `k` singles by proportion boosted, kept when proportion > minProportion and mean change ≥ minChange. */
export function perClassTransformSets(
  rows: (SearchRow & { index: number })[],
  classes: Dataset["classes"],
  opts: { k?: number; minProportion?: number; minChange?: number } = {},
): ClassTransformSets {
  const top = topKPerClass(rows, opts.k ?? 25, "proportionBoosted");
  const out: ClassTransformSets = {};
  for (const c of classes) {
    const rs = (top.get(c.name) ?? []).filter((r) =>
      r.proportionBoosted > (opts.minProportion ?? 0.4) && r.avgPercentChange >= (opts.minChange ?? 0)
    );
    out[String(c.index)] = rs.map((r) => [r.op, (r as SearchRow & { index: number }).index]);
  }
  return out;
}

/**
 * Fig. 3C's invariance gap per transformation: the median invariance of
 * `<arch> trained` minus that of `<arch> untrained` (Section 3's rows),
 * averaged over magnitudes 3…7. Transformations missing at every magnitude
 * are left out.
 */
export function invarianceGaps(
  rows: { model: string; transformation: string; magnitude: number; inv_median: number }[],
  arch: string,
  magnitudes: number[] = [3, 4, 5, 6, 7],
): Record<string, number> {
  const median = (model: string, t: string, m: number) =>
    rows.find((r) => r.model === model && r.transformation === t && r.magnitude === m)?.inv_median;
  const gap: Record<string, number> = {};
  for (const t of new Set(rows.map((r) => r.transformation))) {
    const d = magnitudes.map((m) => {
      const tr = median(`${arch} trained`, t, m), un = median(`${arch} untrained`, t, m);
      return tr !== undefined && un !== undefined ? tr - un : NaN;
    }).filter(Number.isFinite);
    if (d.length) gap[t] = mean(d);
  }
  return gap;
}

/** WordNet's similarity functions between two wnids (lib/wordnet/similarity.ts). */
export interface WordNetMeasures {
  wup(a: string, b: string): number;
  path(a: string, b: string): number;
  lch(a: string, b: string): number;
}

export interface ClassPairRow {
  pair: string;
  classA: string;
  classB: string;
  wup: number;
  path: number;
  lch: number;
  /** Spearman correlation of the two classes' rankings of the pool's operations. */
  rho: number;
  /** IoU of the base-operation sets of the two classes' top 25 and top 5 rows (Section 7.2's other measure). */
  iou25: number;
  iou5: number;
}

/** Fig. 4's points: every pair of classes, their WordNet similarities and how alike they rank the pool's operations. */
export function classPairRows(
  rows: SearchRow[],
  classes: Dataset["classes"],
  wn: WordNetMeasures,
  ops: readonly string[],
): ClassPairRow[] {
  const byClass = new Map<string, SearchRow[]>();
  for (const r of rows) byClass.set(r.class, [...(byClass.get(r.class) ?? []), r]);
  const out: ClassPairRow[] = [];
  for (let a = 0; a < classes.length; a++) {
    for (let b = a + 1; b < classes.length; b++) {
      const [ca, cb] = [classes[a], classes[b]];
      out.push({
        pair: `${ca.name} – ${cb.name}`,
        classA: ca.name,
        classB: cb.name,
        wup: wn.wup(ca.wnid, cb.wnid),
        path: wn.path(ca.wnid, cb.wnid),
        lch: wn.lch(ca.wnid, cb.wnid),
        rho: rankingSpearman(byClass.get(ca.name)!, byClass.get(cb.name)!, ops),
        iou25: topSetIou(byClass.get(ca.name)!, byClass.get(cb.name)!, 25),
        iou5: topSetIou(byClass.get(ca.name)!, byClass.get(cb.name)!, 5),
      });
    }
  }
  return out;
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

export interface Section4Inputs {
  none: SearchRow[];
  aug: SearchRow[];
  /** Share bins of Fig 3C per architecture. */
  gapBins?: Record<string, { bin: string; mean: number; sem: number }[]>;
  /** Fig 4's class pairs (classPairRows), tested with a Mantel permutation test. */
  wordnet?: ClassPairRow[];
  /** Per-class augmentation against RRC + flip, top-1 per seed. */
  perClass?: { perClass: number[]; rrc: number[]; none: number[] };
}

/** A count k of n against the rate p0: "p = …" for k ≥ (upper) and k ≤ (lower). */
function binomialText(k: number, n: number, p0: number): string {
  return `${k}/${n} against a rate of ${(100 * p0).toFixed(0)} %: P(≥ ${k}) = ${binomialTail(k, n, p0, "upper").toFixed(3)}`;
}

/** Section 4's claims, each decided over classes or transformations (findings.ts: 2 SEM, or p < 0.05). */
export function section4Findings(x: Section4Inputs): Finding[] {
  const out: Finding[] = [];
  const g = globalTop(x.none);
  // A claim of absence: contradicted when the best transformation's mean over classes is > 0 by 2 SEM.
  out.push({
    claim:
      "No single transformation raises same-class similarity across classes (the best one's mean over classes is not > 0 by 2 SEM)",
    verdict: (g.sem > 0 ? g.mean / g.sem : g.mean > 0 ? Infinity : 0) >= 2 ? "contradicted" : "supported",
    evidence: `best across classes: ${g.transform}, ${pct(g.mean)} ± ${pct(g.sem)}`,
  });
  // Per transformation, paired between the two models: mean change over classes, and its spread over classes.
  const byTransform = (rows: SearchRow[]) => {
    const by = new Map<string, number[]>();
    for (const r of rows) by.set(r.transform, [...(by.get(r.transform) ?? []), r.avgPercentChange]);
    return by;
  };
  const bn = byTransform(x.none), ba = byTransform(x.aug);
  const shared = [...bn.keys()].filter((t) => ba.has(t));
  const dChange = shared.map((t) => mean(ba.get(t)!) - mean(bn.get(t)!)),
    dStd = shared.map((t) => std(bn.get(t)!) - std(ba.get(t)!));
  const zc = linearCombination([[1, dChange]]), zs = linearCombination([[1, dStd]]);
  out.push({
    claim: "The model trained with augmentation shows smaller decreases and less variation over classes",
    verdict: allOf([verdictPositive(zc.z), verdictPositive(zs.z)]),
    evidence:
      `paired over ${shared.length} transformations: mean change w/ aug − w/o ${pct(zc.diff)} (${zc.z.toFixed(1)} SEM); ` +
      `std over classes w/o − w/ aug ${pct(zs.diff)} (${zs.z.toFixed(1)} SEM)`,
  });
  const tops = topPerClass(x.none);
  out.push({
    claim: "Every class has a transformation that raises its same-class similarity (class top > 0)",
    verdict: verdictExact(tops.every((t) => t.avgPercentChange > 0)),
    evidence: `class tops: mean ${pct(mean(tops.map((t) => t.avgPercentChange)))} ± ${
      pct(sem(tops.map((t) => t.avgPercentChange)))
    }; ${
      tops.filter((t) => t.avgPercentChange > 0).length
    }/${tops.length} positive (each the best of ${bn.size}, so biased upwards)`,
  });
  const distinctTops = new Set(tops.map((t) => t.transform)).size;
  out.push({
    claim: "Top transformations are class-specific (classes do not share one top)",
    verdict: verdictExact(distinctTops > 1),
    evidence: `${distinctTops} distinct top transformations over ${tops.length} classes`,
  });
  // Appearance dominance against the pool's own share of appearance transformations (binomial over classes).
  const families = new Map(x.none.map((r) => [r.transform, r.family]));
  const poolShare = [...families.values()].filter((f) => f === "appearance").length / families.size;
  const kApp = tops.filter((t) => t.family === "appearance").length;
  out.push({
    claim: "Appearance transformations dominate the classes' top transformations",
    verdict: verdictFromP(
      binomialTail(kApp, tops.length, poolShare, "upper"),
      binomialTail(kApp, tops.length, poolShare, "lower"),
    ),
    evidence: `appearance tops: ${
      binomialText(kApp, tops.length, poolShare)
    } (the pool's appearance share); top-5 shares: appearance ${((familyShares(x.none, 5).appearance ?? 0) * 100).toFixed(0)} %`,
  });
  const geo = topPerClass(x.none.filter((r) => r.family === "geometric"));
  const identity = geo.filter((r) => r.transform === "rescale with magnitude 0").length;
  out.push({
    claim: "Among geometric transformations, the identity (rescale 0) is the best for most classes",
    verdict: verdictFromP(binomialTail(identity, geo.length, 0.5, "upper"), binomialTail(identity, geo.length, 0.5, "lower")),
    evidence: `identity is the best geometric entry for ${binomialText(identity, geo.length, 0.5)}`,
  });
  if (x.gapBins) {
    for (const [arch, bins] of Object.entries(x.gapBins)) {
      const inc = bins.find((b) => b.bin === "increases")!, dec = bins.find((b) => b.bin === "decreases")!;
      const se = Math.sqrt((inc.sem || 0) ** 2 + (dec.sem || 0) ** 2);
      out.push({
        claim: `Fig 3C (${arch}): transformations whose invariance training raised are more often among the top 5`,
        verdict: se > 0 ? verdictPositive((inc.mean - dec.mean) / se) : "undecided",
        evidence:
          `mean share: increases ${pct(inc.mean)} ± ${pct(inc.sem || 0)}, decreases ${pct(dec.mean)} ± ${pct(dec.sem || 0)}` +
          (se > 0 ? `; ${((inc.mean - dec.mean) / se).toFixed(1)} SEM` : "; no SEM"),
      });
    }
  }
  if (x.wordnet?.length) {
    const t = mantelTest(x.wordnet.map((r) => ({ a: r.classA, b: r.classB, x: r.wup, y: r.rho })), createRng(4), 1999);
    out.push({
      claim: "Fig 4: classes closer in WordNet rank transformations more alike",
      verdict: verdictFromP(t.pPositive, t.pNegative),
      evidence: `Spearman between Wu–Palmer similarity and ranking correlation over ${x.wordnet.length} class pairs: ${
        t.rho.toFixed(3)
      }; Mantel permutation test (1 999 permutations of the classes): p = ${t.pPositive.toFixed(3)}`,
    });
  }
  if (x.perClass) {
    const c = compareScores(x.perClass.perClass, x.perClass.rrc);
    out.push({
      claim: "Per-class augmentation gives no significant gain over RRC + flip (the paper's remark)",
      verdict: Number.isNaN(c.z) ? "undecided" : c.z >= 2 ? "contradicted" : "supported",
      evidence: `per-class ${pct(mean(x.perClass.perClass))} vs RRC + flip ${pct(mean(x.perClass.rrc))}: Δ ${
        (100 * c.diff).toFixed(2)
      } points, ${c.z.toFixed(1)} SEM; no augmentation ${pct(mean(x.perClass.none))}`,
    });
  }
  return out;
}
