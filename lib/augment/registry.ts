/**
 * Every training augmentation by its reference-code key, with the paper's
 * name and how to build its pipeline: the one table that training, figures
 * and tables read. Table 1(a)'s rows and Table 1(b)'s Beta laws are lists of
 * keys into it.
 */
import {
  centreCropTranslatePipeline,
  evalPipeline,
  fixedSizeRandomCropPipeline,
  type Geometry,
  type Pipeline,
  rrcPipeline,
  rsccPipeline,
  sceneFactorPipeline,
  translatePipeline,
  translateRsccPipeline,
} from "./pipelines.ts";
import { GEOMETRIC_FACTORS, type GeometricFactor, parseFactorValue } from "../variation_laws.ts";

/**
 * A reference-code key: the fixed ones, `Cbeta<β>` (RandomResizedCrop with a
 * Beta scale law, Table 1b), or `V:<factor>=<value>` (augmentation along a
 * scene factor with the generator's law, e.g. `V:position=0.1`, notebook 07).
 */
export type AugmentKey =
  | "None"
  | "C"
  | "HC"
  | "CC"
  | "CCnoAR"
  | "R"
  | "T"
  | "TS"
  | "TSnoAR"
  | "T50S"
  | "T2"
  | "CCTSnoAR"
  | `Cbeta${number}`
  | `V:${GeometricFactor}=${string}`;

export interface Augmentation {
  key: AugmentKey;
  /** The paper's name, for tables and legends. */
  name: string;
  /** A short name for compact labels and claims. */
  short: string;
  build(g: Geometry): Pipeline;
}

const FIXED: readonly Augmentation[] = [
  { key: "None", name: "no augmentation (FixedSizeCenterCrop)", short: "None", build: evalPipeline },
  { key: "C", name: "RandomResizedCrop", short: "RRC", build: (g) => rrcPipeline(g) },
  { key: "HC", name: "RandomResizedCrop + flip", short: "RRC + flip", build: (g) => rrcPipeline(g, { flip: true }) },
  { key: "CC", name: "RandomSizeCenterCrop", short: "RSCC", build: (g) => rsccPipeline(g) },
  {
    key: "CCnoAR",
    name: "RandomSizeCenterCrop w/o a.r.",
    short: "RSCC noAR",
    build: (g) => rsccPipeline(g, { keepAspect: true }),
  },
  { key: "R", name: "FixedSizeRandomCrop", short: "FSRC", build: fixedSizeRandomCropPipeline },
  { key: "T", name: "T.(30%)", short: "T", build: (g) => translatePipeline(g) },
  { key: "TS", name: "T.(30%) + RandomSizeCenterCrop", short: "T+RSCC", build: (g) => translateRsccPipeline(g) },
  {
    key: "TSnoAR",
    name: "T.(30%) + RSCC w/o a.r.",
    short: "T+RSCC noAR",
    build: (g) => translateRsccPipeline(g, { keepAspect: true }),
  },
  // Appendix A's single extra run: T.(50%) + RSCC, which did worse than T.(30%).
  {
    key: "T50S",
    name: "T.(50%) + RandomSizeCenterCrop",
    short: "T50+RSCC",
    build: (g) => translateRsccPipeline(g, { fraction: 0.5 }),
  },
  // Appendix G's comparisons: the translations after FixedSizeCenterCrop's pre-processing.
  { key: "T2", name: "T.(30%) after FixedSizeCenterCrop", short: "CC→T", build: (g) => centreCropTranslatePipeline(g) },
  {
    key: "CCTSnoAR",
    name: "T.(30%) + RSCC w/o a.r. after FixedSizeCenterCrop",
    short: "CC→T+RSCC noAR",
    build: (g) => centreCropTranslatePipeline(g, { rscc: true }),
  },
];

/** Table 1(a)'s rows in the paper's order (RRC without flip: key C, see the spec §1.1). */
export const TABLE_1A_KEYS: readonly AugmentKey[] = ["C", "CC", "R", "T", "TS", "TSnoAR", "None"];

/** Table 1(b)'s β of the scale law s ~ 0.08 + 0.92·Beta(1, β). */
export const TABLE_1B_BETAS: readonly number[] = [0.1, 0.5, 1, 2, 3, 10];

/** The key of Table 1(b)'s row β (β = 1 is RRC's own uniform law: key C). */
export const betaKey = (beta: number): AugmentKey => (beta === 1 ? "C" : `Cbeta${beta}`);

/**
 * The registry entry for a key; an unknown key is an error listing the known ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(augmentation("HC").name, "RandomResizedCrop + flip");
 * ```
 */
export function augmentation(key: string): Augmentation {
  const fixed = FIXED.find((a) => a.key === key);
  if (fixed) return fixed;
  const beta = /^Cbeta([0-9.]+)$/.exec(key);
  if (beta && Number(beta[1]) > 0) {
    const b = Number(beta[1]);
    return {
      key: key as AugmentKey,
      name: `RandomResizedCrop, s ~ 0.08 + 0.92·Beta(1, ${b})`,
      short: `RRC β=${b}`,
      build: (g) => rrcPipeline(g, { beta: b }),
    };
  }
  const factor = /^V:([a-z]+)=(.+)$/.exec(key);
  if (factor && (GEOMETRIC_FACTORS as readonly string[]).includes(factor[1])) {
    const f = factor[1] as GeometricFactor, value = parseFactorValue(f, factor[2]);
    return {
      key: key as AugmentKey,
      name: `augmentation along ${f} (${f === "scale" ? `area ${factor[2]}` : f === "position" ? `sd ${value}` : `±${value}°`})`,
      short: `aug ${f} ${factor[2]}`,
      build: (g) => sceneFactorPipeline(g, { [f]: value }),
    };
  }
  throw new RangeError(
    `unknown augmentation "${key}" (${FIXED.map((a) => a.key).join(", ")}, Cbeta<β>, V:<${GEOMETRIC_FACTORS.join("|")}>=<value>)`,
  );
}

/** The pipeline of a key at the given geometry. */
export function pipelineByKey(key: string, g: Geometry): Pipeline {
  return augmentation(key).build(g);
}
