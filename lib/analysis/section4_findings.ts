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
} from "../metrics/similarity_search.ts";
import { mean, sem, std } from "../metrics/stats.ts";
import { compareScores, type Finding } from "./findings.ts";

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
  wup: number;
  path: number;
  lch: number;
  /** Spearman correlation of the two classes' rankings of the pool's operations. */
  rho: number;
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
        wup: wn.wup(ca.wnid, cb.wnid),
        path: wn.path(ca.wnid, cb.wnid),
        lch: wn.lch(ca.wnid, cb.wnid),
        rho: rankingSpearman(byClass.get(ca.name)!, byClass.get(cb.name)!, ops),
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
  /** Spearman between class WordNet similarity and ranking correlation (Fig 4). */
  wordnetRho?: number;
  wordnetPairs?: number;
  /** Per-class augmentation against RRC + flip, top-1 per seed. */
  perClass?: { perClass: number[]; rrc: number[]; none: number[] };
}

export function section4Findings(x: Section4Inputs): Finding[] {
  const out: Finding[] = [];
  const g = globalTop(x.none);
  out.push({
    claim:
      "No single transformation raises same-class similarity across classes (the best one's mean over classes is not > 0 by 2 SEM)",
    supported: g.mean - 2 * (g.sem || 0) <= 0,
    evidence: `best across classes: ${g.transform}, ${pct(g.mean)} ± ${pct(g.sem)}`,
  });
  const spread = (rows: SearchRow[]) => {
    const by = new Map<string, number[]>();
    for (const r of rows) by.set(r.transform, [...(by.get(r.transform) ?? []), r.avgPercentChange]);
    return { meanChange: mean([...by.values()].map(mean)), meanStd: mean([...by.values()].map(std)) };
  };
  const sn = spread(x.none), sa = spread(x.aug);
  out.push({
    claim: "The model trained with augmentation shows smaller decreases and less variation over classes",
    supported: sa.meanChange > sn.meanChange && sa.meanStd < sn.meanStd,
    evidence: `mean change over transformations: w/ aug ${pct(sa.meanChange)} vs w/o ${
      pct(sn.meanChange)
    }; mean std over classes: w/ aug ${pct(sa.meanStd)} vs w/o ${pct(sn.meanStd)}`,
  });
  const tops = topPerClass(x.none);
  out.push({
    claim: "Every class has a transformation that raises its same-class similarity (class top > 0)",
    supported: tops.every((t) => t.avgPercentChange > 0),
    evidence: `class tops: mean ${pct(mean(tops.map((t) => t.avgPercentChange)))} ± ${
      pct(sem(tops.map((t) => t.avgPercentChange)))
    }; ${tops.filter((t) => t.avgPercentChange > 0).length}/${tops.length} positive`,
  });
  const distinctTops = new Set(tops.map((t) => t.transform)).size;
  out.push({
    claim: "Top transformations are class-specific (classes do not share one top)",
    supported: distinctTops > 1,
    evidence: `${distinctTops} distinct top transformations over ${tops.length} classes`,
  });
  const shares = familyShares(x.none, 1);
  out.push({
    claim: "Appearance transformations dominate the classes' top transformations",
    supported: (shares.appearance ?? 0) > 0.5,
    evidence: `top-1 shares: appearance ${((shares.appearance ?? 0) * 100).toFixed(0)} %, geometric ${
      ((shares.geometric ?? 0) * 100).toFixed(0)
    } %`,
  });
  const geo = topPerClass(x.none.filter((r) => r.family === "geometric"));
  const identity = geo.filter((r) => r.transform === "rescale with magnitude 0").length;
  out.push({
    claim: "Among geometric transformations, the identity (rescale 0) is the best for most classes",
    supported: identity / geo.length > 0.5,
    evidence: `identity is the best geometric entry for ${identity}/${geo.length} classes`,
  });
  if (x.gapBins) {
    for (const [arch, bins] of Object.entries(x.gapBins)) {
      const inc = bins.find((b) => b.bin === "increases")!, dec = bins.find((b) => b.bin === "decreases")!;
      out.push({
        claim: `Fig 3C (${arch}): transformations whose invariance training raised are more often among the top 5`,
        supported: inc.mean > dec.mean,
        evidence: `mean share: increases ${pct(inc.mean)} ± ${pct(inc.sem || 0)}, decreases ${pct(dec.mean)} ± ${
          pct(dec.sem || 0)
        }`,
      });
    }
  }
  if (x.wordnetRho !== undefined) {
    out.push({
      claim: "Fig 4: classes closer in WordNet rank transformations more alike",
      supported: x.wordnetRho > 0,
      evidence: `Spearman between Wu–Palmer similarity and ranking correlation over ${x.wordnetPairs} class pairs: ${
        x.wordnetRho.toFixed(3)
      }`,
    });
  }
  if (x.perClass) {
    const c = compareScores(x.perClass.perClass, x.perClass.rrc);
    out.push({
      claim: "Per-class augmentation gives no significant gain over RRC + flip (the paper's remark)",
      supported: c.z < 2,
      evidence: `per-class ${pct(mean(x.perClass.perClass))} vs RRC + flip ${pct(mean(x.perClass.rrc))}: Δ ${
        (100 * c.diff).toFixed(2)
      } points, ${c.z.toFixed(1)} SEM; no augmentation ${pct(mean(x.perClass.none))}`,
    });
  }
  return out;
}
