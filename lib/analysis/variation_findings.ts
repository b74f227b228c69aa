/**
 * "What this run supports" for notebook 07: the measured rows of the
 * variation grid, summarised over seeds, and each question decided by the
 * decision rule (findings.ts). A dose-response is the least-squares slope of a
 * measure against the amount of variation (0 = none, 1 = the strongest),
 * fitted per seed; its SEM is over seeds.
 */
import { mean, sem } from "../metrics/stats.ts";
import type { ModelFamily } from "../profile.ts";
import type { GeometricFactor } from "../variation_laws.ts";
import { about, above, compareScores, type Finding, positiveMean } from "./findings.ts";
import { endedAtChance } from "./training_findings.ts";

/** Data and augmentation "buy the same" when they differ by less than this: 0.02 of Eq. 1's invariance, 1 point of top-1. */
export const EQUAL_MARGIN = { invariance: 0.02, accuracy: 0.01 } as const;

/** Where a model's variation in its factor came from. */
export type VariationSource = "data" | "augmentation";

/** One model measured on one factor's held-out scenes. */
export interface VariationRow {
  /** The factor varied in training ("—" for untrained models). */
  factor: GeometricFactor | "—";
  source: VariationSource | "untrained";
  /** Fraction of the strongest variation, 0–1 (0 for untrained models). */
  amount: number;
  family: ModelFamily;
  seed: number;
  /** The factor measured: held-out scenes with it at its strongest. */
  measured: GeometricFactor;
  /** Mean over the factor's transformations and magnitudes of the median per-image invariance (Eq. 1). */
  invariance: number;
  /** Top-1 on the held-out scenes. */
  accuracy: number;
  /** The run's own last-epoch top-1 on its held-out split (absent for untrained models): tells a run that never trained. */
  runTop1?: number;
}

export type VariationMetric = "invariance" | "accuracy";

/** Mean and SEM over seeds of every (factor, source, amount, family, measured) cell. */
export interface VariationCell {
  factor: GeometricFactor | "—";
  source: VariationSource | "untrained";
  amount: number;
  family: ModelFamily;
  measured: GeometricFactor;
  metric: VariationMetric;
  mean: number;
  sem: number;
  seeds: number;
}

export function aggregateVariation(rows: VariationRow[]): VariationCell[] {
  const groups = new Map<string, VariationRow[]>();
  for (const r of rows) {
    const k = JSON.stringify([r.factor, r.source, r.amount, r.family, r.measured]);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].flatMap((g) =>
    (["invariance", "accuracy"] as const).map((metric) => {
      const xs = g.map((r) => r[metric]);
      const { factor, source, amount, family, measured } = g[0];
      return {
        factor,
        source,
        amount,
        family,
        measured,
        metric,
        mean: mean(xs),
        sem: xs.length > 1 ? sem(xs) : NaN,
        seeds: xs.length,
      };
    })
  );
}

/** Least-squares slope of y on x. */
export function slope(xs: number[], ys: number[]): number {
  const mx = mean(xs), my = mean(ys);
  let sxy = 0, sxx = 0;
  for (let i = 0; i < xs.length; i++) sxy += (xs[i] - mx) * (ys[i] - my), sxx += (xs[i] - mx) ** 2;
  return sxx > 0 ? sxy / sxx : NaN;
}

/** Per seed, the slope of `metric` measured on `measured` against the amount of `factor` (ResNet, from `source`). */
export function slopesPerSeed(
  rows: VariationRow[],
  factor: GeometricFactor,
  source: VariationSource,
  measured: GeometricFactor,
  metric: VariationMetric,
): number[] {
  const mine = rows.filter((r) => r.family === "resnet" && r.factor === factor && r.source === source && r.measured === measured);
  const seeds = [...new Set(mine.map((r) => r.seed))].sort((a, b) => a - b);
  return seeds.map((s) => {
    const pts = mine.filter((r) => r.seed === s);
    return slope(pts.map((r) => r.amount), pts.map((r) => r[metric]));
  }).filter(Number.isFinite);
}

/** Per-seed values of one cell. */
function values(rows: VariationRow[], where: Partial<VariationRow>, metric: VariationMetric): number[] {
  return rows.filter((r) => Object.entries(where).every(([k, v]) => r[k as keyof VariationRow] === v)).sort((a, b) =>
    a.seed - b.seed
  ).map((r) => r[metric]);
}

const f3 = (x: number) => x.toFixed(3);
const ms = (xs: number[]) => (xs.length > 1 ? `${f3(mean(xs))} ± ${f3(sem(xs))}` : xs.length ? f3(xs[0]) : "—");
const NAMES: Record<GeometricFactor, string> = { position: "position", scale: "scale", rotation: "rotation" };

/** The numbers the closing note gives per factor. */
export interface VariationSummary {
  factor: GeometricFactor;
  /** Slope of invariance against the amount in the data, mean and SEM over seeds (per unit: none → strongest). */
  invarianceSlope: { mean: number; sem: number };
  augmentationSlope: { mean: number; sem: number };
  accuracySlope: { mean: number; sem: number };
  /** Invariance, data − augmentation at the largest amount, and its z. */
  dataMinusAugmentation: { diff: number; z: number };
  accuracyDataMinusAugmentation: { diff: number; z: number };
}

export function variationSummary(rows: VariationRow[], factors: GeometricFactor[]): VariationSummary[] {
  const top = Math.max(...rows.filter((r) => r.source !== "untrained").map((r) => r.amount));
  const ms2 = (xs: number[]) => ({ mean: mean(xs), sem: xs.length > 1 ? sem(xs) : NaN });
  return factors.map((factor) => {
    const at = (source: VariationSource, metric: VariationMetric) =>
      values(rows, { family: "resnet", factor, source, amount: top, measured: factor }, metric);
    return {
      factor,
      invarianceSlope: ms2(slopesPerSeed(rows, factor, "data", factor, "invariance")),
      augmentationSlope: ms2(slopesPerSeed(rows, factor, "augmentation", factor, "invariance")),
      accuracySlope: ms2(slopesPerSeed(rows, factor, "data", factor, "accuracy")),
      dataMinusAugmentation: compareScores(at("data", "invariance"), at("augmentation", "invariance")),
      accuracyDataMinusAugmentation: compareScores(at("data", "accuracy"), at("augmentation", "accuracy")),
    };
  });
}

/** The grid's scenes have 10 classes. */
const CLASSES = 10;

/** The trained models whose run ended at chance (a ViT can collapse after its warm-up), one per run. */
export function collapsedRuns(rows: VariationRow[]): VariationRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = JSON.stringify([r.family, r.seed, r.factor, r.source, r.amount]);
    if (r.runTop1 === undefined || !endedAtChance(r.runTop1, CLASSES) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The rows without every (family, seed) that has a collapsed run, its untrained model included (the rest stay paired). */
export function withoutCollapsedSeeds(rows: VariationRow[]): VariationRow[] {
  const out = new Set(collapsedRuns(rows).map((r) => `${r.family}/${r.seed}`));
  return rows.filter((r) => !out.has(`${r.family}/${r.seed}`));
}

/**
 * Every question of notebook 07, per factor, for the ResNets of the grid, the ViTs where it trains them, and the
 * untrained networks. A seed with a run that ended at chance leaves its family's comparisons (its untrained model
 * too, so that the rest stay paired): a network that did not train says nothing about where invariance comes from,
 * and a constant embedding would score as perfectly invariant.
 */
export function variationFindings(allRows: VariationRow[], factors: GeometricFactor[]): Finding[] {
  const out: Finding[] = [];
  const failed = collapsedRuns(allRows), rows = withoutCollapsedSeeds(allRows);
  const leftOut = (family: ModelFamily) => {
    const f = failed.filter((r) => r.family === family);
    return f.length
      ? `; left out: ${
        f.map((r) =>
          `seed ${r.seed} (its run on ${r.factor} ${r.source} at ${r.amount.toFixed(2)} ended at ${
            (100 * r.runTop1!).toFixed(1)
          } %)`
        )
          .join(", ")
      }`
      : "";
  };
  const push = (family: ModelFamily, f: Finding) => out.push({ ...f, evidence: f.evidence + leftOut(family) });
  const top = Math.max(...rows.filter((r) => r.source !== "untrained").map((r) => r.amount));
  for (const F of factors) {
    const name = NAMES[F];
    const cell = (source: VariationSource, amount: number, metric: VariationMetric, measured = F) =>
      values(rows, { family: "resnet", factor: F, source, amount, measured }, metric);
    // 1. Dose-response in the data.
    for (const metric of ["invariance", "accuracy"] as const) {
      const s = slopesPerSeed(rows, F, "data", F, metric);
      push("resnet", {
        claim: metric === "invariance"
          ? `More variation in ${name} in the training data makes the ResNet more invariant to ${name}`
          : `More variation in ${name} in the training data makes the ResNet more accurate on held-out scenes that vary in ${name}`,
        decision: positiveMean(s, { label: `${metric} slope` }),
        paper: "the paper's thesis, inferred from correlations over ImageNet (Sections 3–4)",
        evidence:
          `${metric} from no variation to the strongest: ${ms(cell("data", 0, metric))} → ${ms(cell("data", top, metric))}; ` +
          `slope ${ms(s)} per unit amount (${s.length} seeds)`,
      });
    }
    // 2. Data vs augmentation at the largest amount.
    for (const metric of ["invariance", "accuracy"] as const) {
      const d = cell("data", top, metric), a = cell("augmentation", top, metric), diff = mean(d) - mean(a);
      const margin = EQUAL_MARGIN[metric];
      push("resnet", {
        claim: `Augmentation along ${name} buys the ${
          metric === "invariance" ? `invariance to ${name}` : "accuracy"
        } that the same variation in the data buys (strongest amount; equal within ±${
          metric === "invariance" ? margin : `${100 * margin} point`
        }, TOST)`,
        decision: about(d, a, margin, { label: "data − augmentation", unit: metric === "accuracy" ? "points" : undefined }),
        paper: "implied: augmentation stands in for variation the data lack (Section 2)",
        evidence: `data ${ms(d)} vs augmentation ${ms(a)}: data − augmentation ${diff >= 0 ? "+" : ""}${f3(diff)}`,
      });
    }
    // 3. Architecture: what training on the varied data adds to the untrained network.
    {
      const trained = cell("data", top, "invariance"), none = cell("data", 0, "invariance");
      const untrained = (family: ModelFamily) => values(rows, { source: "untrained", family, measured: F }, "invariance");
      const ur = untrained("resnet"), uv = untrained("vit");
      const gain = mean(trained) - mean(ur), base = mean(none) - mean(ur);
      push("resnet", {
        claim:
          `Invariance to ${name} comes from the data, not the architecture: the ResNet trained on the strongest ${name} variation is more invariant than the untrained ResNet`,
        decision: above(trained, ur, { label: "trained − untrained" }),
        paper: "yes: invariance stems from variations in data (title, Section 3)",
        evidence: `trained (strongest) ${ms(trained)}, trained (no variation) ${ms(none)}, untrained ResNet ${
          ms(ur)
        }, untrained ViT ${ms(uv)}; trained − untrained ${f3(gain)}; without variation in the data, trained − untrained ${
          f3(base)
        }`,
      });
      push("resnet", {
        claim:
          `Training on data without variation in ${name} leaves the ResNet less invariant to ${name} than the untrained ResNet`,
        decision: above(ur, none, { label: "untrained − trained w/o variation" }),
        evidence: `untrained ${ms(ur)} vs trained without variation ${ms(none)}: untrained − trained ${f3(-base)}`,
      });
    }
    // 3b. The same for the ViT, where the grid trains it (data at no variation and at the strongest).
    {
      const vit = (amount: number) =>
        values(rows, { family: "vit", factor: F, source: "data", amount, measured: F }, "invariance");
      const [vTop, vNone] = [vit(top), vit(0)];
      const uv = values(rows, { source: "untrained", family: "vit", measured: F }, "invariance");
      if (vTop.length && vNone.length) {
        push("vit", {
          claim: `More variation in ${name} in the training data makes the ViT more invariant to ${name} (strongest vs none)`,
          decision: above(vTop, vNone, { label: "ViT strongest − none" }),
          paper: "the paper's thesis, for ViTs too (Section 3)",
          evidence: `ViT trained on the strongest ${name} variation ${ms(vTop)} vs on none ${ms(vNone)}`,
        });
      }
      if (vNone.length && uv.length) {
        push("vit", {
          claim: `Training on data without variation in ${name} leaves the ViT less invariant to ${name} than the untrained ViT`,
          decision: above(uv, vNone, { label: "untrained − trained w/o variation" }),
          evidence: `untrained ${ms(uv)} vs trained without variation ${ms(vNone)}: untrained − trained ${
            f3(mean(uv) - mean(vNone))
          }`,
        });
      }
      if (vTop.length && uv.length) {
        push("vit", {
          claim:
            `Invariance to ${name} comes from the data, not the architecture: the ViT trained on the strongest ${name} variation is more invariant than the untrained ViT`,
          decision: above(vTop, uv, { label: "ViT trained − untrained" }),
          paper: "yes: invariance stems from variations in data (title, Section 3)",
          evidence: `trained (strongest) ${ms(vTop)}, trained (no variation) ${ms(vNone)}, untrained ViT ${ms(uv)}`,
        });
      }
    }
    // 4. Cross-factor: does invariance learned from F carry over to another factor?
    for (const G of factors.filter((g) => g !== F)) {
      const own = slopesPerSeed(rows, F, "data", F, "invariance"), cross = slopesPerSeed(rows, F, "data", G, "invariance");
      push("resnet", {
        claim: `Invariance learned from variation in ${name} carries over less to ${NAMES[G]} (its slope on ${
          NAMES[G]
        } is below its slope on ${name})`,
        decision: above(own, cross, { label: `slope on ${name} − on ${NAMES[G]}` }),
        evidence: `slope on ${name} ${ms(own)}, on ${NAMES[G]} ${ms(cross)}: difference ${f3(mean(own) - mean(cross))}`,
      });
      push("resnet", {
        claim: `Invariance learned from variation in ${name} carries over to ${NAMES[G]} at all (its slope on ${
          NAMES[G]
        } is above 0)`,
        decision: positiveMean(cross, { label: `slope on ${NAMES[G]}` }),
        evidence: `slope on ${NAMES[G]} ${ms(cross)} per unit amount of ${name}`,
      });
    }
  }
  return out;
}
