/**
 * Notebook 07's experiment: does invariance to a factor come from variation
 * in the data, from augmentation, or from the architecture? For each factor
 * F (position, scale, rotation), ResNets are trained on scenes whose only
 * variation is F, at amounts from none to the strongest ("data"), and on
 * scenes with no variation but augmented along F with the same law and
 * amount ("augmentation"); untrained ResNets and ViTs give the architecture's
 * share. Every model is then measured on held-out scenes with each factor at
 * its strongest: top-1, and invariance (Eq. 1) to that factor's
 * transformations of Section 3's table, at the table's magnitudes that lie
 * within the strongest variation.
 *
 * Training goes through the grid runner (cached, resumable, sharded);
 * measurements are cached per model beside the runs.
 */
import { type ImageBatch, INVARIANCE_TRANSFORMS } from "../augment/transforms.ts";
import { type AugmentKey, pipelineByKey } from "../augment/registry.ts";
import { generateScenes, parseSceneSpec } from "../data/scenes.ts";
import { evalPreprocess } from "../data/folder.ts";
import { getImage } from "../data/dataset.ts";
import type { Image8 } from "../image/image.ts";
import { createRng } from "../rng.ts";
import { invarianceProfile } from "../analysis/invariance_profile.ts";
import type { VariationRow, VariationSource } from "../analysis/variation_findings.ts";
import { channelMeans, type Dataset } from "../data/dataset.ts";
import { loadEvaluationImages } from "../data/load.ts";
import { datasetNormalization } from "../data/normalization.ts";
import { createModel } from "../models/create.ts";
import { loadModel } from "../models/io.ts";
import type { Model } from "../models/model.ts";
import { mean } from "../metrics/stats.ts";
import { type DataConfig, getProfile, type ModelFamily, type Profile, type VariationSettings } from "../profile.ts";
import { readJsonIfExists, writeJsonAtomic } from "../results/atomic.ts";
import { canonicalJson, type GridRun, listRuns, runGrid, runKey } from "../train/grid.ts";
import { profileTrainConfig } from "../train/presets.ts";
import type { ProgressSink } from "../train/progress.ts";
import { evaluate, type TrainConfig, type TrainResult } from "../train/trainer.ts";
import { runsDir } from "../train/zoo.ts";
import { BASE_AREA, type GeometricFactor } from "../variation_laws.ts";
import { resultsDir } from "../paths.ts";

/** One training run of the grid, with its place in the experiment. */
export interface VariationRun {
  factor: GeometricFactor;
  source: VariationSource;
  /** Fraction of the strongest variation, 0–1. */
  amount: number;
  family: ModelFamily;
  seed: number;
  config: TrainConfig;
}

/** The factor's knob value at `amount` of the strongest, as a scene spec writes it. */
export function factorValue(factor: GeometricFactor, amount: number, s: VariationSettings): string {
  const r = (x: number) => String(Number(x.toPrecision(4)));
  if (factor === "position") return r(s.strongest.position * amount);
  if (factor === "rotation") return r(s.strongest.rotation * amount);
  const k = s.strongest.scale ** amount;
  return `${r(BASE_AREA / k)}-${r(BASE_AREA * k)}`;
}

/** A human reading of the amount, e.g. "centre sd 0.10", "area 0.14–0.62", "±30°". */
export function describeAmount(factor: GeometricFactor, amount: number, s: VariationSettings): string {
  const v = factorValue(factor, amount, s);
  if (amount === 0) return "none";
  return factor === "position" ? `centre sd ${v}` : factor === "rotation" ? `±${v}°` : `area ${v.replace("-", "–")}`;
}

/** Scenes varying only in `factor` at `amount` (every other factor at none; colour none; the settings' background). */
export function sceneSpec(factor: GeometricFactor | undefined, amount: number, s: VariationSettings): string {
  const knobs: string[] = (["position", "scale", "rotation"] as const).map((f) =>
    `${f}=${f === factor && amount > 0 ? factorValue(f, amount, s) : "none"}`
  );
  return `scenes:${knobs.join(",")},colour=none,clutter=none,background=${s.background}`;
}

/** The profile on the scenes of `spec`, with the variation settings' sizes. */
function profileOn(profile: Profile, spec: string): Profile {
  const p = getProfile(profile.name, { dataset: spec });
  const v = profile.variation;
  return { ...p, data: { ...p.data, trainPerClass: v.trainPerClass, testPerClass: v.testPerClass } };
}

function runConfig(profile: Profile, family: ModelFamily, spec: string, augment: AugmentKey, seed: number, label: string) {
  const v = profile.variation;
  return profileTrainConfig(profileOn(profile, spec), { family, augment, seed, epochs: v.epochs, lrStep: v.lrStep, label });
}

/**
 * Every run of the grid: per factor, ResNets on data at each amount and on
 * no-variation data augmented at each amount above 0 (amount 0 is the same
 * run for both), ViTs on data at `vitAmounts`; every seed. Runs shared
 * between factors (amount 0) appear under each factor and train once.
 */
export function variationRuns(profile: Profile): VariationRun[] {
  const v = profile.variation, out: VariationRun[] = [];
  const none = sceneSpec(undefined, 0, v);
  for (const factor of v.factors) {
    for (const seed of v.seeds) {
      for (const amount of v.amounts) {
        const spec = sceneSpec(factor, amount, v);
        const label = (src: string, fam: string) => `${fam} ${factor} ${src} ${amount.toFixed(2)} seed ${seed}`;
        out.push({
          factor,
          source: "data",
          amount,
          family: "resnet",
          seed,
          config: runConfig(profile, "resnet", spec, "None", seed, label("data", "resnet")),
        });
        const augment: AugmentKey = amount === 0 ? "None" : `V:${factor}=${factorValue(factor, amount, v)}`;
        out.push({
          factor,
          source: "augmentation",
          amount,
          family: "resnet",
          seed,
          config: runConfig(profile, "resnet", none, augment, seed, label(amount === 0 ? "data" : "augmentation", "resnet")),
        });
        if (v.vitAmounts.includes(amount)) {
          out.push({
            factor,
            source: "data",
            amount,
            family: "vit",
            seed,
            config: runConfig(profile, "vit", spec, "None", seed, label("data", "vit")),
          });
        }
      }
    }
  }
  return out;
}

export interface VariationGridOptions {
  shard?: { index: number; count: number };
  force?: boolean;
  progress?: ProgressSink;
  onRun?: (run: GridRun, position: number, total: number, cached: boolean) => void;
}

/**
 * What the grid trains on, for a figure: per factor, the same object (scene
 * `index` of class `cls`) as the data varies it at each amount, and as the
 * augmentation moves the no-variation scene at each amount (`draws` each);
 * columns are the amounts as fractions of the strongest.
 */
export async function variationExamples(
  profile: Profile,
  opts: { cls?: number; draws?: number; seed?: number } = {},
): Promise<{ image: Image8; row: string; column: string }[]> {
  const v = profile.variation, cls = opts.cls ?? 0, draws = opts.draws ?? 2;
  const out: { image: Image8; row: string; column: string }[] = [];
  const d = profileOn(profile, sceneSpec(undefined, 0, v)).data;
  const scene = async (spec: string, j: number) => {
    const { knobs, seed } = parseSceneSpec(spec)!;
    const s = await generateScenes({ split: "train", perClass: draws, seed, frame: d.resizeTo, knobs });
    return getImage(s.dataset, cls * draws + j);
  };
  const rng = createRng(opts.seed ?? 0);
  const base = await scene(sceneSpec(undefined, 0, v), 0);
  for (const f of v.factors) {
    for (const amount of v.amounts) {
      const column = amount === 0 ? "none" : amount === 1 ? "strongest" : `${Math.round(amount * 100)} %`;
      for (let j = 0; j < draws; j++) {
        out.push({ image: evalPreprocess(await scene(sceneSpec(f, amount, v), j), d), row: `${f} · data · ${j + 1}`, column });
      }
      const pipe = pipelineByKey(amount === 0 ? "None" : `V:${f}=${factorValue(f, amount, v)}`, d);
      for (let j = 0; j < draws; j++) {
        out.push({
          image: pipe.apply(base, pipe.sample(rng, base.width, base.height)),
          row: `${f} · augmentation · ${j + 1}`,
          column,
        });
      }
    }
  }
  return out;
}

/** Trains what is missing of the grid (or of one shard of it); the runs live with every other run of the profile. */
export async function trainVariationGrid(profile: Profile, opts: VariationGridOptions = {}): Promise<number> {
  const configs = variationRuns(profile).map((r) => r.config);
  const done = await runGrid(configs, { runsDir: runsDir(profile), ...opts });
  return done.length;
}

/** How many distinct runs the grid trains. */
export async function variationRunCount(profile: Profile): Promise<number> {
  return (await listRuns(variationRuns(profile).map((r) => r.config))).length;
}

/**
 * Section 3's transformations of a factor, and the magnitudes of its table
 * that lie within the strongest variation (centre shifts within 1.96 sd,
 * zooms within the area ratio, angles within the largest angle).
 */
export function factorTransformations(factor: GeometricFactor, s: VariationSettings): { name: string; magnitudes: number[] }[] {
  const names = factor === "position"
    ? ["translateX", "translateY"]
    : factor === "scale"
    ? ["scale_zoom_out", "scale_zoom_in"]
    : ["rotate"];
  const inside = (v: number) =>
    factor === "position"
      ? Math.abs(v) <= 1.96 * s.strongest.position
      : factor === "scale"
      ? Math.abs(Math.log(v)) <= Math.log(Math.sqrt(s.strongest.scale)) + 1e-9
      : Math.abs(v) <= s.strongest.rotation;
  return names.map((name) => {
    const t = INVARIANCE_TRANSFORMS.find((x) => x.name === name)!;
    return { name, magnitudes: t.values.map((v, k) => (k > 0 && inside(v) ? k : -1)).filter((k) => k > 0) };
  });
}

/** What is measured of one model. */
export interface VariationMeasurement {
  /** Top-1 on held-out scenes with each factor at its strongest. */
  accuracy: Partial<Record<GeometricFactor, number>>;
  /** Mean over the factor's transformations and magnitudes of the median per-image invariance (Eq. 1). */
  invariance: Partial<Record<GeometricFactor, number>>;
}

interface HeldOut {
  factor: GeometricFactor;
  dataset: Dataset;
  images: ImageBatch;
  fill: number;
}

/** Held-out scenes with `factor` at its strongest: `perClass` of each class after E(·), and their mean colour. */
async function heldOut(profile: Profile, factor: GeometricFactor, perClass: number): Promise<HeldOut> {
  const d: DataConfig = profileOn(profile, sceneSpec(factor, 1, profile.variation)).data;
  const { dataset } = await loadEvaluationImages(d, { seed: profile.dataSeed + 11, perClass });
  return {
    factor,
    dataset,
    images: { n: dataset.n, width: dataset.width, height: dataset.height, channels: dataset.channels, pixels: dataset.pixels },
    fill: Math.round(channelMeans(dataset)[0] * 255),
  };
}

async function measureModel(
  model: Model,
  profile: Profile,
  sets: { accuracy: HeldOut; invariance: HeldOut }[],
): Promise<VariationMeasurement> {
  const norm = datasetNormalization(profileOn(profile, sceneSpec(undefined, 0, profile.variation)).data);
  const out: VariationMeasurement = { accuracy: {}, invariance: {} };
  for (const { accuracy: acc, invariance: inv } of sets) {
    out.accuracy[acc.factor] = (await evaluate(model, { test: acc.dataset, norm })).top1;
    const ts = factorTransformations(inv.factor, profile.variation);
    const medians: number[] = [];
    for (const t of ts) {
      const rows = await invarianceProfile(model, inv.images, {
        label: "m",
        transforms: INVARIANCE_TRANSFORMS.filter((x) => x.name === t.name),
        magnitudes: t.magnitudes,
        fill: inv.fill,
        norm,
        seed: 0,
      });
      medians.push(...rows.map((r) => r.inv_median));
    }
    out.invariance[inv.factor] = mean(medians);
  }
  return out;
}

export interface MeasureOptions {
  /** Train missing runs first (otherwise a missing run is an error naming it and the command that trains it). */
  train?: boolean;
  progress?: ProgressSink;
  onModel?: (done: number, total: number, what: string) => void | Promise<void>;
}

/** Folder of notebook 07's results under the profile. */
export function variationDir(profile: Profile): string {
  return `${resultsDir()}/${profile.name}/07_variation`;
}

/**
 * Measures every model of the grid, and the untrained ResNet and ViT of
 * every seed, on the held-out scenes; cached per model (a cache made with
 * other settings is measured again).
 */
export async function measureVariation(profile: Profile, opts: MeasureOptions = {}): Promise<VariationRow[]> {
  const v = profile.variation, dir = runsDir(profile);
  const runs = variationRuns(profile);
  if (opts.train) await trainVariationGrid(profile, { progress: opts.progress });
  const withKeys = await Promise.all(runs.map(async (r) => ({ ...r, key: await runKey(r.config) })));
  const missing: (VariationRun & { key: string })[] = [], runTop1 = new Map<string, number>();
  for (const r of withKeys) {
    const result = await readJsonIfExists<TrainResult>(`${dir}/${r.key}/result.json`);
    if (result) runTop1.set(r.key, result.finalTop1);
    else missing.push(r);
  }
  if (missing.length) {
    throw new Error(
      `${new Set(missing.map((r) => r.key)).size} runs of notebook 07's grid are not trained (e.g. ${missing[0].key}: ${
        missing[0].config.label
      }); train them with: PROFILE=${profile.name} deno task variation`,
    );
  }
  const sets: { accuracy: HeldOut; invariance: HeldOut }[] = [];
  for (const f of v.factors) {
    sets.push({ accuracy: await heldOut(profile, f, v.testPerClass), invariance: await heldOut(profile, f, v.measurePerClass) });
  }
  const settings = canonicalJson({ v, dataSeed: profile.dataSeed, version: 1 });
  const cacheDir = `${variationDir(profile)}/measured`;
  const models = new Map<string, { load: () => Promise<Model>; places: VariationRun[] }>();
  for (const r of withKeys) {
    const m = models.get(r.key) ?? { load: () => loadModel(`${dir}/${r.key}/final`), places: [] };
    m.places.push(r);
    models.set(r.key, m);
  }
  const untrained: { name: string; family: ModelFamily; seed: number }[] = v.seeds.flatMap((seed) =>
    (["resnet", "vit"] as const).map((family) => ({ name: `untrained-${family}-seed${seed}`, family, seed }))
  );
  const spec0 = sceneSpec(undefined, 0, v);
  const total = models.size + untrained.length;
  let done = 0;
  const measured = async (name: string, load: () => Promise<Model>) => {
    const path = `${cacheDir}/${name}.json`;
    const cached = await readJsonIfExists<{ settings: string; measurement: VariationMeasurement }>(path);
    if (cached && cached.settings === settings) return cached.measurement;
    const model = await load();
    try {
      const measurement = await measureModel(model, profile, sets);
      await writeJsonAtomic(path, { settings, measurement });
      return measurement;
    } finally {
      model.dispose();
    }
  };
  const rows: VariationRow[] = [];
  const push = (place: Omit<VariationRow, "measured" | "invariance" | "accuracy">, m: VariationMeasurement) => {
    for (const f of v.factors) rows.push({ ...place, measured: f, invariance: m.invariance[f]!, accuracy: m.accuracy[f]! });
  };
  for (const [key, m] of models) {
    const measurement = await measured(key, m.load);
    for (const p of m.places) {
      push(
        { factor: p.factor, source: p.source, amount: p.amount, family: p.family, seed: p.seed, runTop1: runTop1.get(key) },
        measurement,
      );
    }
    await opts.onModel?.(++done, total, m.places[0].config.label ?? key);
  }
  for (const u of untrained) {
    const config = runConfig(profile, u.family, spec0, "None", u.seed, u.name);
    const measurement = await measured(u.name, () => Promise.resolve(createModel(config.model, u.seed)));
    push({ factor: "—", source: "untrained", amount: 0, family: u.family, seed: u.seed }, measurement);
    await opts.onModel?.(++done, total, u.name);
  }
  return rows;
}
