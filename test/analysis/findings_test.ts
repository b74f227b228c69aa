/**
 * The claim logic of every section, on small inputs built by hand: each
 * claim is checked once where the numbers support it and once where they
 * contradict it (or leave it undecided), so a verdict that ignores its
 * numbers fails here.
 */
import assert from "node:assert/strict";
import type { AugerinoResult, AugerinoRunConfig } from "../../lib/augerino/train.ts";
import { augerinoFindings, augerinoTableRows, SHUTDOWN_WIDTH, smallStartFindings } from "../../lib/analysis/augerino_findings.ts";
import { compareScores, decideFindings, type Finding, findingRows, type Verdict } from "../../lib/analysis/findings.ts";
import { foregroundFindings, positionLawFindings } from "../../lib/analysis/foreground_findings.ts";
import { createRng } from "../../lib/rng.ts";
import type { ZoomAccuracy } from "../../lib/analysis/growing_zoom.ts";
import type { InvarianceRow } from "../../lib/analysis/invariance_profile.ts";
import {
  apparentSizeFindings,
  growingZoomFindings,
  table1aFindings,
  table1bFindings,
} from "../../lib/analysis/section2_findings.ts";
import { section3Findings } from "../../lib/analysis/section3_findings.ts";
import { backgroundControlFindings } from "../../lib/analysis/background_control.ts";
import {
  augmentedContrast,
  classPairRows,
  classSpecificity,
  type GapBin,
  heldOutTopChanges,
  invarianceGaps,
  section4Findings,
} from "../../lib/analysis/section4_findings.ts";
import type { SearchRow } from "../../lib/metrics/similarity_search.ts";

/** The verdict of the finding whose claim contains `part` (exactly one must). */
function verdict(findings: Finding[], part: string): Verdict {
  const hits = decideFindings(findings).filter((f) => f.claim.includes(part));
  assert.equal(hits.length, 1, `one claim containing "${part}", found ${hits.length}`);
  return hits[0].verdict;
}

/** Three seeds around `m` (fractions), SEM 0.001. */
const seeds = (m: number) => [m - 0.001, m, m + 0.001];

Deno.test("compareScores: difference in units of the combined SEM; equal constant lists give z = 0", () => {
  const c = compareScores(seeds(0.8), seeds(0.7));
  assert.ok(Math.abs(c.diff - 0.1) < 1e-12);
  assert.ok(Math.abs(c.z - 0.1 / Math.sqrt(2 * (0.001 / Math.sqrt(3)) ** 2)) < 1e-6);
  assert.equal(compareScores([0.5, 0.5], [0.5, 0.5]).z, 0);
  assert.equal(compareScores([0.6, 0.6], [0.5, 0.5]).z, Infinity);
  assert.ok(Number.isNaN(compareScores([0.6], [0.5, 0.5]).z), "one seed: no SEM, no z");
  assert.deepEqual(findingRows([{ claim: "c", decision: { exact: true }, evidence: "e" }]), [{
    claim: "c",
    "this run": "supported",
    "effect [95 % CI]": "exact",
    "p (Holm)": "—",
    n: "—",
    evidence: "e",
  }]);
});

Deno.test("Table 1(a) findings: the paper's ordering supports every claim; no augmentation best contradicts them", () => {
  const paper = {
    RRC: seeds(0.76),
    "T+RSCC": seeds(0.755),
    T: seeds(0.7545),
    RSCC: seeds(0.70),
    FSRC: seeds(0.7005),
    "T+RSCC noAR": seeds(0.75),
    None: seeds(0.65),
  };
  const f = table1aFindings(paper, { meanFractionHurt: 0.3 });
  for (
    const part of [
      "RandomResizedCrop gives the best",
      "recovers most",
      "about equal to T.(30%)",
      "clearly above RSCC",
      "RSCC and FixedSizeRandomCrop are about equal",
      "No augmentation is last",
    ]
  ) {
    assert.equal(verdict(f, part), "supported", part);
  }
  const fashion = { ...paper, None: seeds(0.79), RRC: seeds(0.75), T: seeds(0.74), "T+RSCC": seeds(0.70) };
  const g = table1aFindings(fashion, { meanFractionHurt: 0.3 });
  assert.equal(verdict(g, "RandomResizedCrop gives the best"), "contradicted");
  assert.equal(verdict(g, "No augmentation is last"), "contradicted");
  assert.equal(verdict(g, "recovers most"), "undecided");
  assert.match(g.find((x) => x.claim.includes("recovers most"))!.evidence, /premise not met/);
  assert.equal(verdict(g, "about equal to T.(30%)"), "contradicted");
  assert.equal(verdict(g, "hurts some classes even when it helps overall"), "undecided", "RRC does not help overall here");
  // Appendix B against chance: above it by 2 combined SEM is supported; at it, undecided.
  const iouOf = (m: number, e: number) => ({ mean: m, sem: e, pairs: 15 });
  const above = table1aFindings(paper, { within: { T: iouOf(0.3, 0.01) }, chance: { T: iouOf(0.1, 0.005) } });
  assert.equal(verdict(above, "overlap more than random lists"), "supported");
  const atChance = table1aFindings(paper, { within: { T: iouOf(0.11, 0.01) }, chance: { T: iouOf(0.1, 0.005) } });
  assert.equal(verdict(atChance, "overlap more than random lists"), "undecided");
  assert.match(atChance.find((x) => x.claim.includes("overlap more"))!.evidence, /T: 0.110 ± 0.010 vs chance 0.100 ± 0.005/);
  // Two methods within 2 SEM of each other at the top: RRC's lead is undecided.
  const close = table1aFindings({ ...paper, "T+RSCC": [0.757, 0.760, 0.763] });
  assert.equal(verdict(close, "RandomResizedCrop gives the best"), "undecided");
});

Deno.test("Table 1(b) and Fig. A7 findings follow the numbers", () => {
  const rows = (
    b01: number,
    b1: number,
    b10: number,
  ) => [{ beta: 0.1, top1: seeds(b01) }, { beta: 1, top1: seeds(b1) }, { beta: 10, top1: seeds(b10) }];
  const u = table1bFindings(rows(0.70, 0.76, 0.60));
  assert.deepEqual([verdict(u, "is the best"), verdict(u, "β = 0.1 is worse"), verdict(u, "β = 10 is worse")], [
    "supported",
    "supported",
    "supported",
  ]);
  const mono = table1bFindings(rows(0.77, 0.76, 0.60));
  assert.deepEqual([verdict(mono, "is the best"), verdict(mono, "β = 0.1 is worse")], ["contradicted", "contradicted"]);

  const curve = (tops: number[][]): ZoomAccuracy[][] =>
    tops.map((t) => t.map((top1, i) => ({ m: [1, 1.36, 1.71, 2, 6][i], top1, bySeed: [top1], perClass: [] })));
  const rrc = curve([[0.75, 0.74, 0.70, 0.68, 0.60], [0.751, 0.741, 0.701, 0.681, 0.601], [0.749, 0.739, 0.699, 0.679, 0.599]]);
  const none = curve([[0.78, 0.74, 0.65, 0.60, 0.50], [0.781, 0.741, 0.651, 0.601, 0.501], [0.779, 0.739, 0.649, 0.599, 0.499]]);
  const z = growingZoomFindings(rrc, none);
  assert.deepEqual(decideFindings(z).map((x) => x.verdict), ["supported", "supported", "supported"]);
  assert.deepEqual(decideFindings(growingZoomFindings(none, rrc)).map((x) => x.verdict), [
    "supported",
    "contradicted",
    "supported",
  ]);
});

Deno.test("Section 3 findings: per-seed medians of trained vs untrained decide each claim; one seed decides none", () => {
  const rows: (InvarianceRow & { seed: number })[] = [];
  const add = (model: string, transformation: string, family: string, median: number, iqr = 0.2, eq = 0) => {
    for (let m = 0; m <= 9; m++) {
      for (const seed of [0, 1, 2]) {
        rows.push({
          seed,
          model,
          transformation,
          family,
          magnitude: m,
          parameter: "",
          n: 10,
          inv_mean: median,
          inv_q05: 0,
          inv_q25: median - iqr / 2,
          inv_median: median + 0.002 * seed,
          inv_q75: median + iqr / 2,
          inv_q95: 1,
          eq_mean: 0,
          eq_q05: 0,
          eq_q25: 0,
          eq_median: eq + 0.002 * seed,
          eq_q75: 0,
          eq_q95: 0,
        });
      }
    }
  };
  for (const f of ["ResNet", "ViT"]) {
    const v = f === "ViT" ? 0.05 : 0;
    // Fig. A10: the untrained ResNet's displacements align (0.2), the untrained ViT's barely (0.05).
    add(`${f} untrained`, "translateX", "geometric", 0.3 + v, 0.2, f === "ViT" ? 0.05 : 0.2);
    add(`${f} untrained`, "translateY", "geometric", 0.3 + v, 0.2, f === "ViT" ? 0.05 : 0.2);
    add(`${f} trained w/o aug`, "translateX", "geometric", 0.5);
    add(`${f} trained w/o aug`, "translateY", "geometric", 0.5);
    add(`${f} trained`, "translateX", "geometric", 0.55 + v);
    add(`${f} trained`, "translateY", "geometric", 0.55 + v);
    add(`${f} untrained`, "posterize", "appearance", 0.4);
    add(`${f} trained w/o aug`, "posterize", "appearance", 0.6);
    for (const t of ["rotate", "shearX", "shearY"]) {
      add(`${f} untrained`, t, "geometric", 0.6);
      add(`${f} trained w/o aug`, t, "geometric", 0.4);
    }
    add(`${f} untrained`, "scale_zoom_in", "geometric", 0.5, 0.4);
    add(`${f} trained w/o aug`, "scale_zoom_in", "geometric", 0.52, 0.2);
  }
  const f = decideFindings(section3Findings(rows));
  assert.ok(f.every((x) => x.verdict === "supported"), JSON.stringify(f.filter((x) => x.verdict !== "supported")));
  const flipped = rows.map((
    r,
  ) => (r.model.endsWith("w/o aug") && r.transformation.startsWith("translate")
    ? { ...r, inv_median: 0.1 + 0.002 * r.seed }
    : r)
  );
  assert.equal(verdict(section3Findings(flipped), "Training raises translation invariance"), "contradicted");
  assert.ok(f.some((x) => x.claim.startsWith("Fig. A10: the untrained ResNet is translation-equivariant")));
  const noAlignment = rows.map((r) => (r.model === "ResNet untrained" ? { ...r, eq_median: 0.05 + 0.002 * r.seed } : r));
  assert.equal(verdict(section3Findings(noAlignment), "untrained ViT is less translation-equivariant"), "undecided");
  const oneSeed = decideFindings(section3Findings(rows.filter((r) => r.seed === 0)));
  assert.ok(oneSeed.every((x) => x.verdict === "undecided"), "a single seed has no SEM to decide with");
});

Deno.test("background control: decided per family over paired seeds; a family whose gains wobble is undecided", () => {
  /** Translation rows (both axes, magnitudes 1–8) of `model` at `value` + the seed's offset. */
  const rows = (model: string, value: number, wobble: number[] = [0, 0.002, 0.004]) =>
    wobble.flatMap((w, seed) =>
      ["translateX", "translateY"].flatMap((transformation) =>
        [1, 2, 3, 4, 5, 6, 7, 8].map((magnitude) =>
          ({ model, transformation, magnitude, inv_median: value + w, seed }) as unknown as InvarianceRow & { seed: number }
        )
      )
    );
  // ResNet: untrained 0.8 on photos, 0.4 on uniform; trained 0.6 on both: on photos training seems to lower
  // invariance, on uniform it raises it. ViT: the uniform-background gain changes sign over seeds.
  const photo = [
    ...rows("ResNet untrained", 0.8),
    ...rows("ResNet trained w/o aug", 0.6),
    ...rows("ViT untrained", 0.7),
    ...rows("ViT trained w/o aug", 0.6),
  ];
  const uniform = [
    ...rows("ResNet untrained", 0.4),
    ...rows("ResNet trained w/o aug", 0.6),
    ...rows("ViT untrained", 0.5, [0, 0.002, 0.004]),
    ...rows("ViT trained w/o aug", 0.5, [0.03, -0.03, 0.01]),
  ];
  const f = backgroundControlFindings(photo, uniform);
  assert.equal(f.length, 6);
  assert.equal(verdict(f, "ResNet: the untrained network's translation invariance is higher on photo"), "supported");
  assert.equal(verdict(f, "ResNet: training raises translation invariance on uniform"), "supported");
  assert.equal(verdict(f, "ResNet: training's effect on translation invariance is larger on uniform"), "supported");
  assert.equal(verdict(f, "ViT: training raises translation invariance on uniform"), "undecided");
  assert.deepEqual(backgroundControlFindings(photo, []), [], "no control measured: no claims");
});

const row = (
  cls: string,
  transform: string,
  op: string,
  family: string,
  change: number,
  extra: Partial<SearchRow & { index: number }> = {},
): SearchRow & { index: number } => ({
  class: cls,
  transform,
  op,
  family,
  index: 0,
  meanDelta: change,
  stdDelta: 0,
  avgPercentChange: change,
  avgPercentBoost: Math.max(change, 0.001),
  proportionBoosted: change > 0 ? 0.6 : 0.2,
  numBoosted: 1,
  totalPairs: 2,
  weightedBoost: 0,
  ...extra,
});

Deno.test("Section 4 findings: class-specific appearance tops support the paper; one shared geometric top contradicts it", () => {
  const classes = Array.from({ length: 10 }, (_, i) => `c${i}`);
  const rotations = (c: string, base: number) =>
    Array.from({ length: 10 }, (_, k) => row(c, `rotate with magnitude ${k}`, "rotate", "geometric", base - 0.001 * k));
  const specific = classes.flatMap((c, i) => [
    row(c, `equalize ${i}`, "equalize", "appearance", 0.05),
    row(c, "rescale with magnitude 0", "rescale", "geometric", 0),
    ...rotations(c, -0.05 - 0.01 * i),
    ...classes.filter((d) => d !== c).map((_, j) =>
      row(c, `equalize ${(i + j + 1) % 10}`, "equalize", "appearance", -0.02 * (j + 1))
    ),
  ]);
  const aug = specific.map((r) => ({ ...r, avgPercentChange: r.avgPercentChange / 2 }));
  // Fig. 4: ranking correlation rises with WordNet similarity, which follows the classes' order.
  const pairs = classes.flatMap((a, i) =>
    classes.slice(i + 1).map((b, j) => ({
      pair: `${a} – ${b}`,
      classA: a,
      classB: b,
      wup: 1 / (1 + j),
      path: 0,
      lch: 0,
      rho: 1 / (1 + j),
      iou25: 1,
      iou5: 1,
    }))
  );
  // Three searches of the same preferences with a little noise each: the per-class claims are decided over seeds.
  const jitter = (rows: SearchRow[], s: number) =>
    rows.map((r, k) => ({ ...r, avgPercentChange: r.avgPercentChange + 0.002 * Math.sin(7 * k + s) }));
  const threeSeeds = { none: [specific, jitter(specific, 1), jitter(specific, 2)], aug: [aug, aug, aug] };
  const f = section4Findings({
    none: specific,
    aug,
    bySeed: threeSeeds,
    wordnet: pairs,
    perClass: { perClass: seeds(0.70), rrc: seeds(0.705), none: seeds(0.76) },
  });
  for (
    const part of [
      "No single transformation",
      "seeds it was not chosen on",
      "class-specific",
      "Appearance transformations dominate",
      "identity (rescale 0)",
      "Fig 4",
      "gives the accuracy of RRC",
    ]
  ) {
    assert.equal(verdict(f, part), "supported", part);
  }
  const single = section4Findings({ none: specific, aug });
  assert.equal(verdict(single, "smaller decreases"), "undecided", "one model per arm: no uncertainty over seeds");
  // One search: a top chosen and scored on it is biased, and class preferences cannot be told from seed noise.
  assert.equal(verdict(single, "seeds it was not chosen on"), "undecided");
  assert.equal(verdict(single, "class-specific"), "undecided");
  assert.equal(verdict(single, "Appearance transformations dominate"), "supported", "binomial over 10 classes");
  // Over seeds: the augmented model halves every change in each of 3 searches (a little noise per seed): supported;
  // when the halving flips to doubling in one seed, undecided.
  const scaled = (k: number) => specific.map((r) => ({ ...r, avgPercentChange: r.avgPercentChange * k }));
  const bySeed = { none: [specific, scaled(1.02), scaled(0.98)], aug: [scaled(0.5), scaled(0.53), scaled(0.48)] };
  assert.equal(verdict(section4Findings({ none: specific, aug, bySeed }), "smaller decreases"), "supported");
  const flipping = { none: bySeed.none, aug: [scaled(0.5), scaled(2), scaled(0.48)] };
  assert.equal(verdict(section4Findings({ none: specific, aug, bySeed: flipping }), "smaller decreases"), "undecided");
  assert.ok(Math.abs(augmentedContrast(specific, specific).change) < 1e-15, "a model against itself: no contrast");
  assert.match(
    decideFindings(f).find((x) => x.claim.includes("No single"))!.evidence,
    /identities left out: color with magnitude 0, rescale/,
  );
  const shared = classes.flatMap((c) => [
    row(c, "rotate with magnitude 3", "rotate", "geometric", 0.05),
    row(c, "rescale with magnitude 0", "rescale", "geometric", 0),
    row(c, "equalize 0", "equalize", "appearance", -0.01),
  ]);
  const g = section4Findings({
    none: shared,
    aug: shared,
    wordnet: pairs.map((p) => ({ ...p, rho: -p.wup })),
    perClass: { perClass: seeds(0.80), rrc: seeds(0.70), none: seeds(0.7) },
  });
  for (
    const part of [
      "No single transformation",
      "Appearance transformations dominate",
      "identity (rescale 0)",
      "Fig 4",
      "gives the accuracy of RRC",
    ]
  ) {
    assert.equal(verdict(g, part), "contradicted", part);
  }
  // One ranking shared by every class, over seeds: no more alike within a class than between classes — undecided,
  // not contradicted (no equivalence margin is claimed).
  const sharedSeeds = { none: [shared, jitter(shared, 1), jitter(shared, 2)], aug: [shared, shared, shared] };
  assert.equal(verdict(section4Findings({ none: shared, aug: shared, bySeed: sharedSeeds }), "class-specific"), "undecided");
  // A share claim over seeds must hold in every seed (the largest seed's p): one seed whose tops are geometric leaves
  // it undecided, though the other two are 10/10; the check names its test and counts.
  const mixed = { none: [specific, jitter(specific, 1), shared], aug: [aug, aug, aug] };
  assert.equal(
    verdict(section4Findings({ none: specific, aug, bySeed: mixed }), "Appearance transformations dominate"),
    "undecided",
  );
  const dominance = decideFindings(f).find((x) => x.claim.includes("Appearance transformations dominate"))!.checks[0];
  assert.deepEqual([dominance.n, dominance.test], ["10 classes × 3 seeds", "binomial in every seed (largest p)"]);
  // Three classes cannot decide a binomial claim at p < 0.05.
  const few = section4Findings({ none: specific.filter((r) => ["c0", "c1", "c2"].includes(r.class)), aug });
  assert.equal(verdict(few, "Appearance transformations dominate"), "undecided");
});

Deno.test("held-out class tops: a top that wins on one seed by noise loses on the other; specificity compares within to between classes", () => {
  // Class c's two transformations swap places between the seeds: each seed's top scores −5 % on the other.
  const s0 = [row("c", "t1", "rotate", "geometric", 0.05), row("c", "t2", "invert", "appearance", -0.05)];
  const s1 = [row("c", "t1", "rotate", "geometric", -0.05), row("c", "t2", "invert", "appearance", 0.05)];
  assert.deepEqual(heldOutTopChanges([s0, s1]), [{ class: "c", change: -0.05 }]);
  assert.equal(heldOutTopChanges([s0]), undefined);
  // Two classes with opposite, stable rankings: ρ = 1 within a class across seeds, −1 between classes.
  const cls = (c: string, sign: number) => [1, 2, 3].map((k) => row(c, `t${k}`, "rotate", "geometric", sign * k));
  const search = [...cls("a", 1), ...cls("b", -1)];
  assert.deepEqual(classSpecificity([search, search]), [{ class: "a", same: 1, other: -1 }, { class: "b", same: 1, other: -1 }]);
});

Deno.test("Fig. 3C claims: decided over the seeds' searches, never over names; one search or an empty bin is undecided", () => {
  const bins = (inc: number, dec: number): GapBin[] => [
    { bin: "increases", mean: inc, sem: 0.01, names: { rotate: inc, shearX: inc } },
    { bin: "decreases", mean: dec, sem: 0.01, names: { posterize: dec } },
  ];
  const searched = ["c0", "c1", "c2"].flatMap((c) => [
    row(c, "rotate with magnitude 3", "rotate", "geometric", 0.01),
    row(c, "equalize 0", "equalize", "appearance", 0.02),
  ]);
  const base = { none: searched, aug: searched };
  const claim = (f: ReturnType<typeof section4Findings>) => decideFindings(f).find((x) => x.claim.startsWith("Fig 3C (ResNet)"))!;
  const clear = claim(section4Findings({
    ...base,
    gapBins: { ResNet: bins(0.3, 0.1) },
    gapBinsBySeed: [bins(0.3, 0.1), bins(0.32, 0.1), bins(0.29, 0.12), bins(0.31, 0.1)].map((b) => ({ ResNet: b })),
  }));
  assert.equal(clear.verdict, "supported");
  assert.equal(clear.checks[0].n, "4 paired");
  const wobbly = claim(section4Findings({
    ...base,
    gapBins: { ResNet: bins(0.3, 0.1) },
    gapBinsBySeed: [bins(0.3, 0.1), bins(0.05, 0.2), bins(0.2, 0.15)].map((b) => ({ ResNet: b })),
  }));
  assert.equal(wobbly.verdict, "undecided");
  // A gap of 0.2 over names within one search would pass a test over names; one search decides nothing.
  assert.equal(claim(section4Findings({ ...base, gapBins: { ResNet: bins(0.3, 0.1) } })).verdict, "undecided");
  const empty: GapBin[] = [{ bin: "increases", mean: 0.2, sem: 0.01, names: { rotate: 0.2 } }, {
    bin: "decreases",
    mean: NaN,
    sem: NaN,
    names: {},
  }];
  assert.equal(
    claim(section4Findings({ ...base, gapBins: { ResNet: empty }, gapBinsBySeed: [{ ResNet: empty }, { ResNet: empty }] }))
      .verdict,
    "undecided",
  );
});

Deno.test("Fig. 3C gaps and Fig. 4 pairs: computed from Section 3's rows and the classes' rankings", () => {
  const inv = [3, 4, 5, 6, 7, 8].flatMap((m) => [
    { model: "ResNet trained", transformation: "rotate", magnitude: m, inv_median: 0.2 + m / 100 },
    { model: "ResNet untrained", transformation: "rotate", magnitude: m, inv_median: 0.5 },
    { model: "ResNet trained", transformation: "posterize", magnitude: m, inv_median: 0.9 },
  ]);
  const gaps = invarianceGaps(inv, "ResNet");
  assert.ok(Math.abs(gaps.rotate - (0.2 + 0.05 - 0.5)) < 1e-12); // magnitudes 3…7 only: mean m/100 = 0.05
  assert.equal(gaps.posterize, undefined); // no untrained counterpart
  const rows = [
    row("x", "a", "equalize", "appearance", 0.1),
    row("x", "b", "rotate", "geometric", 0.0),
    row("y", "a", "equalize", "appearance", 0.1),
    row("y", "b", "rotate", "geometric", 0.0),
  ];
  const wn = { wup: () => 0.8, path: () => 0.2, lch: () => 2.5 };
  const pairs = classPairRows(rows, [{ index: 0, name: "x", wnid: "n1" }, { index: 1, name: "y", wnid: "n2" }], wn, [
    "equalize",
    "rotate",
  ]);
  assert.deepEqual(pairs, [{
    pair: "x – y",
    classA: "x",
    classB: "y",
    wup: 0.8,
    path: 0.2,
    lch: 2.5,
    rho: 1,
    iou25: 1,
    iou5: 1,
  }]);
});

function augerinoRun(
  variant: "translation" | "translation+scale",
  lambda: number,
  seed: number,
  on: number,
  off: number,
  widths: number[],
): AugerinoResult {
  // Only the fields the findings read; the rest of a run's config does not matter here.
  const config = { seed, augment: "None", augerino: { variant, lambda, evalCopies: 4 } } as unknown as AugerinoRunConfig;
  return {
    config,
    generators: widths.map((_, k) => `g${k}`),
    bestEpoch: 1,
    top1On: on,
    top1Off: off,
    widths,
    history: [],
    seconds: 1,
  };
}

Deno.test("Appendix G findings and tables: λ, baselines, on/off and saturation decided from the runs", () => {
  const runs = [0, 1, 2].flatMap((s) => [
    augerinoRun("translation", 0.01, s, 0.80 + s * 0.001, 0.81, [0.5, 0.6]),
    augerinoRun("translation", 1.0, s, 0.70 + s * 0.001, 0.71, [SHUTDOWN_WIDTH, SHUTDOWN_WIDTH]),
    augerinoRun("translation+scale", 0.01, s, 0.75 + s * 0.001, 0.75, [0.5, 0.5, 0.1]),
  ]);
  const f = augerinoFindings(runs, { none: seeds(0.65), translate: seeds(0.85) });
  for (
    const part of [
      "λ matters",
      "beats no augmentation",
      "worse than the hand-picked",
      "With scale available",
      "without Augerino is slightly better",
      "saturate",
    ]
  ) {
    assert.equal(verdict(f, part), "supported", part);
  }
  assert.match(f.find((x) => x.claim.includes("saturate"))!.evidence, /λ ≥ 1 .*0\.500–0\.600/);
  const g = augerinoFindings(runs.filter((r) => r.config.augerino.lambda !== 1.0), { none: seeds(0.9), translate: seeds(0.5) });
  for (const part of ["beats no augmentation", "worse than the hand-picked", "saturate"]) {
    assert.equal(verdict(g, part), "contradicted", part);
  }
  // The best λ beats no augmentation but the worst does not: "at every λ" is not shown; the ends of the λ range
  // overlap across seeds: "λ matters" is undecided, never contradicted.
  const noisy = [0, 1, 2].flatMap((s) => [
    augerinoRun("translation", 0.01, s, [0.80, 0.70, 0.75][s], 0.8, [0.5, 0.6]),
    augerinoRun("translation", 1.0, s, [0.72, 0.78, 0.74][s], 0.8, [SHUTDOWN_WIDTH, SHUTDOWN_WIDTH]),
  ]);
  const h = augerinoFindings(noisy, { none: seeds(0.745), translate: seeds(0.85) });
  for (const part of ["λ matters", "beats no augmentation"]) assert.equal(verdict(h, part), "undecided", part);
  const rows = augerinoTableRows(runs, "translation");
  assert.deepEqual(rows.map((r) => r.method), ["Augerino, λ = 0.01", "Augerino, λ = 1"]);
  assert.equal(rows[0]["Augerino on (%)"], "80.10 ± 0.06");
  assert.equal(rows[0].widths, "g0 0.500, g1 0.600");
});

Deno.test("Appendix E.1 findings: centred boxes of varied area support the claims; a failed jitter check does not", () => {
  const boxes = Array.from(
    { length: 100 },
    (_, i) => ({ centreRow: 0.5 + ((i % 3) - 1) * 0.01, centreCol: 0.49, area: 0.2 + 0.006 * i }),
  );
  const f = foregroundFindings(boxes, {
    boxes: boxes.map((b, i) => ({ ...b, centreCol: (i % 10) / 10 })),
    maxCentreError: 1e-12,
  });
  assert.deepEqual(decideFindings(f).map((x) => x.verdict), ["supported", "supported", "supported"]);
  const off = boxes.map((b, i) => ({ ...b, centreRow: 0.1 + (i % 2) * 0.2, area: 0.3 }));
  assert.deepEqual(decideFindings(foregroundFindings(off, { boxes: off, maxCentreError: 0.5 })).map((x) => x.verdict), [
    "contradicted",
    "contradicted",
    "contradicted",
  ]);
  const generated = foregroundFindings(boxes, { boxes, maxCentreError: 0 }, { generated: "our laws" });
  assert.match(generated[0].claim, /^Validation, on scenes generated with our laws: /);
  assert.match(generated[0].paper!, /not tested here/);
});

Deno.test("E.1's control: a uniform position law measures wider than the default; the same law is undecided", () => {
  const rng = createRng(5);
  const draw = (spread: number) =>
    Array.from(
      { length: 200 },
      () => ({ centreRow: 0.5 + spread * (rng.next() - 0.5), centreCol: 0.5 + spread * (rng.next() - 0.5), area: 0.3 }),
    );
  const normal = draw(0.4), uniform = draw(0.9);
  assert.deepEqual(decideFindings(positionLawFindings(normal, uniform, 0.26)).map((x) => x.verdict), ["supported"]);
  assert.deepEqual(decideFindings(positionLawFindings(normal, draw(0.4), 0.26)).map((x) => x.verdict), ["undecided"]);
});

Deno.test("Augerino from a small start: growth is decided against the start, saturation only if every run reaches it", () => {
  const runs = [0, 1, 2].flatMap((s) => [
    augerinoRun("translation", 0.01, s, 0.8, 0.8, [0.1 + s * 0.001, 0.1]), // stays at its start
    augerinoRun("translation", 1.0, s, 0.7, 0.7, [SHUTDOWN_WIDTH, SHUTDOWN_WIDTH - 0.01 * s]), // grows to the shut-down width
  ]);
  const f = smallStartFindings(runs, 0.1);
  assert.equal(verdict(f, "λ = 0.01 widens"), "contradicted", "stays below 1.5 × its start");
  assert.equal(verdict(f, "λ = 1 widens"), "supported");
  assert.equal(verdict(f, "still ends at the shut-down width"), "supported");
  const stuck = smallStartFindings(runs.map((r) => ({ ...r, widths: r.widths.map((w) => w / 2) })), 0.1);
  assert.equal(verdict(stuck, "still ends at the shut-down width"), "contradicted");
});

Deno.test("Appendix C: an interior optimum of the mean zoom is supported; an extreme law on top contradicts it", () => {
  const laws = (best: number) =>
    [0.1, 0.5, 1, 2, 3, 10].map((beta) => ({ beta, top1: seeds(beta === best ? 0.6 : 0.55 - 0.001 * beta) }));
  const inner = decideFindings(apparentSizeFindings(laws(1)));
  assert.equal(inner[0].verdict, "supported");
  assert.match(inner[0].evidence, /best β 1 \(E\[1\/√s\] /);
  assert.equal(decideFindings(apparentSizeFindings(laws(0.1)))[0].verdict, "contradicted");
  assert.equal(decideFindings(apparentSizeFindings(laws(10)))[0].verdict, "contradicted");
  assert.deepEqual(apparentSizeFindings(laws(1).slice(0, 2)), []);
});
