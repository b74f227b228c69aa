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
import { identityPoolSingles } from "../augment/transforms.ts";
import { about, allOf, atMost, type Decision, type Finding, oneSided, positiveMean, undecided } from "./findings.ts";
import { spearman } from "../metrics/similarity.ts";

/** "No single transformation raises similarity" (below +1 %) and "no gain" (equal within ±1 point, TOST) claims. */
export const EQUAL_CHANGE_MARGIN = 0.01;

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

/** One bin of Fig 3C: the mean share among the classes' top 5 of the names whose invariance gap has one sign. */
export type GapBin = { bin: string; mean: number; sem: number; names?: Record<string, number> };

export interface Section4Inputs {
  none: SearchRow[];
  aug: SearchRow[];
  /** Share bins of Fig 3C per architecture (the figure's search). */
  gapBins?: Record<string, GapBin[]>;
  /** The same bins from every seed's search (seed order): Fig 3C's claims are decided over these. */
  gapBinsBySeed?: Record<string, GapBin[]>[];
  /** Fig 4's class pairs (classPairRows), tested with a Mantel permutation test. */
  wordnet?: ClassPairRow[];
  /** Per-class augmentation against RRC + flip, top-1 per seed. */
  perClass?: { perClass: number[]; rrc: number[]; none: number[] };
  /**
   * The search's single-transformation rows of both models for every training
   * seed (seed order, `none` and `aug` paired): the comparison of the two
   * models is decided over these seeds; without them it is undecided.
   */
  bySeed?: { none: SearchRow[][]; aug: SearchRow[][] };
}

/**
 * The two models' contrast for one seed, over the transformations both
 * searched (identities left out): the mean over transformations of
 * (w/ aug − w/o) mean change over classes, and of (w/o − w/ aug) spread over classes.
 */
export function augmentedContrast(none: SearchRow[], aug: SearchRow[]): { change: number; spread: number; n: number } {
  const identities = identityPoolSingles();
  const byTransform = (rows: SearchRow[]) => {
    const by = new Map<string, number[]>();
    for (const r of rows) {
      if (!identities.has(r.transform)) by.set(r.transform, [...(by.get(r.transform) ?? []), r.avgPercentChange]);
    }
    return by;
  };
  const bn = byTransform(none), ba = byTransform(aug);
  const shared = [...bn.keys()].filter((t) => ba.has(t));
  return {
    change: mean(shared.map((t) => mean(ba.get(t)!) - mean(bn.get(t)!))),
    spread: mean(shared.map((t) => std(bn.get(t)!) - std(ba.get(t)!))),
    n: shared.length,
  };
}

/**
 * Each class's top transformation chosen on one seed's search and scored on
 * every other seed's, averaged over the choices: an estimate of the class
 * top's change free of the winner's curse. Undefined with one seed.
 */
export function heldOutTopChanges(searches: SearchRow[][]): { class: string; change: number }[] | undefined {
  if (searches.length < 2) return undefined;
  const change = (rows: SearchRow[], cls: string, transform: string) =>
    rows.find((r) => r.class === cls && r.transform === transform)?.avgPercentChange ?? NaN;
  const byClass = new Map<string, number[]>();
  searches.forEach((chosenOn, s) => {
    for (const top of topPerClass(chosenOn)) {
      const scored = searches.filter((_, t) => t !== s).map((rows) => change(rows, top.class, top.transform));
      byClass.set(top.class, [...(byClass.get(top.class) ?? []), ...scored.filter(Number.isFinite)]);
    }
  });
  return [...byClass].filter(([, xs]) => xs.length).map(([cls, xs]) => ({ class: cls, change: mean(xs) }));
}

/** Spearman ρ of two classes' changes over the transformations both searched. */
function rankingAgreement(a: SearchRow[], b: SearchRow[]): number {
  const vb = new Map(b.map((r) => [r.transform, r.avgPercentChange]));
  const both = a.filter((r) => Number.isFinite(r.avgPercentChange) && Number.isFinite(vb.get(r.transform) ?? NaN));
  return spearman(both.map((r) => r.avgPercentChange), both.map((r) => vb.get(r.transform)!));
}

/**
 * Per class, how alike it ranks the transformations across two different
 * seeds (`same`), against how alike it and each other class rank them across
 * two different seeds (`other`). Rankings that are class-specific reproduce
 * within a class more than between classes; seed noise or one shared ranking
 * does not. Undefined with one seed.
 */
export function classSpecificity(searches: SearchRow[][]): { class: string; same: number; other: number }[] | undefined {
  if (searches.length < 2) return undefined;
  const byClass = searches.map((rows) => {
    const m = new Map<string, SearchRow[]>();
    for (const r of rows) m.set(r.class, [...(m.get(r.class) ?? []), r]);
    return m;
  });
  const classes = [...byClass[0].keys()].filter((c) => byClass.every((m) => m.has(c)));
  const pairs = searches.flatMap((_, a) => searches.map((_, b) => [a, b]).filter(([x, y]) => x !== y));
  return classes.map((c) => ({
    class: c,
    same: mean(pairs.map(([a, b]) => rankingAgreement(byClass[a].get(c)!, byClass[b].get(c)!))),
    other: mean(
      pairs.flatMap(([a, b]) =>
        classes.filter((d) => d !== c).map((d) => rankingAgreement(byClass[a].get(c)!, byClass[b].get(d)!))
      ),
    ),
  }));
}

/**
 * "Classes' tops have the property more often than the rate p0": a binomial
 * test over classes in each seed's search. With several seeds the claim must
 * hold in every one: its p-value is the largest of the seeds' (an
 * intersection–union test, valid however the seeds' tops depend on each
 * other; a t-test over classes' shares has no variance when every class has
 * the property in every seed).
 */
function topShareDecision(
  searches: SearchRow[][],
  has: (top: SearchRow) => boolean,
  p0: number,
  label: string,
): Decision {
  const counts = searches.map((rows) => {
    const tops = topPerClass(rows);
    return { k: tops.filter(has).length, n: tops.length };
  });
  const n = counts[0].n, seeds = counts.length;
  return oneSided(
    Math.max(...counts.map((c) => binomialTail(c.k, c.n, p0, "upper"))),
    Math.max(...counts.map((c) => binomialTail(c.k, c.n, p0, "lower"))),
    seeds === 1 ? `${n} classes` : `${n} classes × ${seeds} seeds`,
    seeds === 1 ? "binomial" : "binomial in every seed (largest p)",
    label,
  );
}

/** Per class (in the first search's order), the share of searches whose top has the property. */
function classTopShares(searches: SearchRow[][], has: (top: SearchRow) => boolean): number[] {
  const tops = searches.map((rows) => new Map(topPerClass(rows).map((t) => [t.class, t])));
  return [...tops[0].keys()].map((c) => mean(tops.map((m) => (m.has(c) && has(m.get(c)!) ? 1 : 0))));
}

function topShareEvidence(searches: SearchRow[][], has: (top: SearchRow) => boolean, p0: number): string {
  if (searches.length === 1) {
    const tops = topPerClass(searches[0]);
    return binomialText(tops.filter(has).length, tops.length, p0);
  }
  const shares = classTopShares(searches, has);
  return `share of ${searches.length} seeds per class ${pct(mean(shares))} ± ${
    pct(sem(shares))
  } over ${shares.length} classes, ` +
    `against a rate of ${(100 * p0).toFixed(0)} %; per seed ${
      searches.map((rows) => {
        const t = topPerClass(rows);
        return `${t.filter(has).length}/${t.length}`;
      }).join(", ")
    }`;
}

/** A count k of n against the rate p0: "p = …" for k ≥ (upper) and k ≤ (lower). */
function binomialText(k: number, n: number, p0: number): string {
  return `${k}/${n} against a rate of ${(100 * p0).toFixed(0)} %: P(≥ ${k}) = ${binomialTail(k, n, p0, "upper").toFixed(3)}`;
}

/**
 * Section 4's claims, each decided over classes (findings.ts). The identity
 * entries of the pool (magnitude 0 of colour and rescale: no pixel changes)
 * are left out of every ranking: a top that changes nothing is not a
 * transformation the class prefers.
 */
export function section4Findings(x: Section4Inputs): Finding[] {
  const out: Finding[] = [];
  const identities = identityPoolSingles();
  const none = x.none.filter((r) => !identities.has(r.transform));
  const g = globalTop(none);
  // A claim of absence: supported only when the best transformation's mean over classes is shown below +1 % (one-sided).
  out.push({
    claim:
      `No single transformation raises same-class similarity across classes (the best one's mean change over classes is shown below +${
        100 * EQUAL_CHANGE_MARGIN
      } %)`,
    decision: atMost(g.perClass, g.perClass.map(() => 0), EQUAL_CHANGE_MARGIN, {
      paired: true,
      label: `${g.transform} mean change`,
      unit: "points",
    }),
    paper: "yes: no transformation helps across all classes (Fig. 3A)",
    evidence: `best across classes (identities left out: ${[...identities].join(", ")}): ${g.transform}, ${pct(g.mean)} ± ${
      pct(g.sem)
    } over ${g.perClass.length} classes`,
  });
  // The two models compared per seed (each seed's search summarised over its transformations), decided over seeds:
  // an SEM over the 63 transformations of one pair of models is no uncertainty over training.
  {
    const per = (x.bySeed?.none ?? [x.none]).map((n, i) => augmentedContrast(n, (x.bySeed?.aug ?? [x.aug])[i]));
    const change = per.map((c) => c.change), spread = per.map((c) => c.spread);
    out.push({
      claim: "The model trained with augmentation shows smaller decreases and less variation over classes",
      decision: per.length > 1
        ? allOf([
          positiveMean(change, { label: "mean change, w/ aug − w/o", unit: "points" }),
          positiveMean(spread, { label: "spread over classes, w/o − w/ aug", unit: "points" }),
        ])
        : undecided("one seed per model"),
      paper: "yes (Fig. 3B)",
      evidence: `over ${per.length} seed${per.length > 1 ? "s" : ""}, each the mean over ${per[0].n} transformations: ` +
        `mean change w/ aug − w/o ${pct(mean(change))}${per.length > 1 ? ` ± ${pct(sem(change))}` : ""}, ` +
        `std over classes w/o − w/ aug ${pct(mean(spread))}${per.length > 1 ? ` ± ${pct(sem(spread))}` : ""}`,
    });
  }
  // The per-class claims are decided over classes, each class's value taken over the unaugmented model's seeds.
  const searches = (x.bySeed?.none ?? [x.none]).map((rows) => rows.filter((r) => !identities.has(r.transform)));
  const tops = topPerClass(none);
  const nPool = new Set(none.map((r) => r.transform)).size;
  {
    const held = heldOutTopChanges(searches);
    out.push({
      claim:
        "Each class's top transformation raises its same-class similarity on seeds it was not chosen on (mean over classes > 0)",
      decision: held
        ? positiveMean(held.map((h) => h.change), { label: "held-out change of class tops", unit: "points" })
        : undecided("one seed: a top chosen and scored on the same search is biased upwards"),
      paper: "yes (Fig. 3A)",
      evidence: held
        ? `chosen on each of ${searches.length} seeds' searches (the best of ${nPool}), scored on the others: mean ${
          pct(mean(held.map((h) => h.change)))
        } ± ${pct(sem(held.map((h) => h.change)))} over ${held.length} classes; ${
          held.filter((h) => h.change > 0).length
        }/${held.length} positive`
        : `class tops on one search: mean ${pct(mean(tops.map((t) => t.avgPercentChange)))}, ${
          tops.filter((t) => t.avgPercentChange > 0).length
        }/${tops.length} positive (each the best of ${nPool})`,
    });
  }
  {
    const specificity = classSpecificity(searches);
    const distinct = searches.map((rows) => new Set(topPerClass(rows).map((t) => t.transform)).size);
    out.push({
      claim:
        "Top transformations are class-specific: a class ranks the transformations more alike across seeds than other classes do",
      decision: specificity
        ? positiveMean(specificity.map((c) => c.same - c.other), {
          label: "Spearman ρ same class − other classes, across seeds",
        })
        : undecided("one seed: class preferences cannot be told from seed noise"),
      paper: "yes (Fig. 3A, Section 4.2)",
      evidence: (specificity
        ? `Spearman ρ of transformation rankings across seeds: same class ${
          mean(specificity.map((c) => c.same)).toFixed(3)
        }, other classes ${
          mean(specificity.map((c) => c.other)).toFixed(3)
        } (${specificity.length} classes); `
        : "") + `distinct tops over ${tops.length} classes per seed: ${distinct.join(", ")} (identities left out)`,
    });
  }
  // Appearance dominance against the pool's own share of appearance transformations.
  const families = new Map(none.map((r) => [r.transform, r.family]));
  const poolShare = [...families.values()].filter((f) => f === "appearance").length / families.size;
  out.push({
    claim: "Appearance transformations dominate the classes' top transformations",
    decision: topShareDecision(searches, (t) => t.family === "appearance", poolShare, "appearance tops"),
    paper: "yes (Section 4.3)",
    evidence: `${
      topShareEvidence(searches, (t) => t.family === "appearance", poolShare)
    } (against the pool's appearance share); ` +
      `top-5 shares: appearance ${((familyShares(none, 5).appearance ?? 0) * 100).toFixed(0)} %`,
  });
  const geometric = (x.bySeed?.none ?? [x.none]).map((rows) => rows.filter((r) => r.family === "geometric"));
  const isIdentity = (t: SearchRow) => t.transform === "rescale with magnitude 0";
  out.push({
    claim: "Among geometric transformations, the identity (rescale 0) is the best for most classes",
    decision: topShareDecision(geometric, isIdentity, 0.5, "identity tops"),
    evidence: `identity is the best geometric entry: ${topShareEvidence(geometric, isIdentity, 0.5)}`,
  });
  if (x.gapBins) {
    // Decided over the seeds' searches (increases − decreases per search), not over names: the names' shares come
    // from one search and are not independent draws.
    for (const arch of Object.keys(x.gapBins)) {
      const split = (bins: GapBin[]) => [bins.find((b) => b.bin === "increases")!, bins.find((b) => b.bin === "decreases")!];
      const [inc, dec] = split(x.gapBins[arch]);
      const diffs = (x.gapBinsBySeed ?? []).map((bySeed) => {
        const [i, d] = split(bySeed[arch]);
        return i.mean - d.mean;
      });
      const na = Object.keys(inc.names ?? {}).length, nb = Object.keys(dec.names ?? {}).length;
      out.push({
        claim: `Fig 3C (${arch}): transformations whose invariance training raised are more often among the top 5`,
        decision: !na || !nb
          ? undecided(`no mapped name whose invariance training ${na ? "lowered" : "raised"}`)
          : diffs.length < 2
          ? undecided("one search: the names' shares are not independent draws")
          : positiveMean(diffs, { label: "share increases − decreases, per search", unit: "points" }),
        paper: "yes (Fig. 3C)",
        evidence: `mean share (figure's search): increases ${pct(inc.mean)} over ${na} names, decreases ${
          nb ? pct(dec.mean) : "—"
        } over ${nb} names${diffs.length ? `; increases − decreases per search ${diffs.map((d) => pct(d)).join(", ")}` : ""}`,
      });
    }
  }
  if (x.wordnet?.length) {
    const t = mantelTest(x.wordnet.map((r) => ({ a: r.classA, b: r.classB, x: r.wup, y: r.rho })), createRng(4), 1999);
    out.push({
      claim: "Fig 4: classes closer in WordNet rank transformations more alike",
      decision: oneSided(t.pPositive, t.pNegative, `${x.wordnet.length} class pairs`, "Mantel permutation", "Spearman ρ"),
      paper: "yes: similar classes consistently have more similar transformations (Fig. 4)",
      evidence: `Spearman between Wu–Palmer similarity and ranking correlation over ${x.wordnet.length} class pairs: ${
        t.rho.toFixed(3)
      }; Mantel permutation test (1 999 permutations of the classes): p = ${t.pPositive.toFixed(3)}`,
    });
  }
  if (x.perClass) {
    const diff = mean(x.perClass.perClass) - mean(x.perClass.rrc);
    out.push({
      claim: `Per-class augmentation gives the accuracy of RRC + flip (equal within ±${100 * EQUAL_CHANGE_MARGIN} point, TOST)`,
      decision: about(x.perClass.perClass, x.perClass.rrc, EQUAL_CHANGE_MARGIN, {
        label: "per-class − RRC + flip",
        unit: "points",
      }),
      paper: "yes: no significant gain over RRC + flip (Section 4.2)",
      evidence: `per-class ${pct(mean(x.perClass.perClass))} vs RRC + flip ${pct(mean(x.perClass.rrc))}: Δ ${
        (100 * diff).toFixed(2)
      } points; no augmentation ${pct(mean(x.perClass.none))}`,
    });
  }
  return out;
}
