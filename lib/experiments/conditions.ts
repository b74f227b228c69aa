/**
 * Notebook 08's map: where do Section 2's claims hold? The paper's ImageNet
 * sits at 224 px with large objects; the scenes of the quick profile at 32 px
 * with objects of every size. Here Section 2's methods — no augmentation,
 * RRC, FSRC, T.(30%), and RRC's scale law at β ∈ {0.1, 10} (β = 1 is RRC) —
 * are trained on scenes at each crop size × object-area law of the profile's
 * `conditions`, over seeds, at the learning rate Table 1(a)'s selection chose
 * for each method (the β laws at RRC's), through the grid runner (cached,
 * resumable, sharded).
 */
import { type AugmentKey, betaKey } from "../augment/registry.ts";
import { getProfile, type Profile } from "../profile.ts";
import { type GridOptions, runGrid, runKey } from "../train/grid.ts";
import { profileTrainConfig } from "../train/presets.ts";
import type { TrainConfig, TrainResult } from "../train/trainer.ts";
import { runsDir } from "../train/zoo.ts";
import { chosenSettings, selectSettings } from "./section2.ts";
import type { Hyper } from "./selection.ts";

/** The methods of every cell: the claims' arms (RRC against the others; RRC's β law at 0.1, 1, 10). */
export const CONDITION_METHODS: readonly AugmentKey[] = ["None", "C", "R", "T", betaKey(0.1), betaKey(10)];

/** The methods whose rate Table 1(a)'s selection chooses (the β laws take RRC's, as Table 1(b)). */
const SELECTED: readonly AugmentKey[] = ["None", "C", "R", "T"];

/** The crop the profile's ResNet is built for; a cell at crop c strides its stem by c / BASE_CROP. */
export const BASE_CROP = 32;

/** One cell of the map. */
export interface ConditionCell {
  crop: number;
  /** Stored frame: crop·37/32, rounded (the 256 → 224 ratio). */
  frame: number;
  area: string;
  /** Area-fraction range of the objects. */
  range: [number, number];
  /** The scenes' dataset name. */
  dataset: string;
}

export interface ConditionRun {
  cell: ConditionCell;
  augment: AugmentKey;
  seed: number;
  config: TrainConfig;
}

/** Every cell, crops outer, in the settings' order; a crop that is not a multiple of 32 is an error naming it. */
export function conditionCells(profile: Profile): ConditionCell[] {
  const c = profile.conditions;
  return c.crops.flatMap((crop) => {
    if (!(Number.isInteger(crop) && crop > 0 && crop % BASE_CROP === 0)) {
      throw new RangeError(`conditions: crop ${crop} must be a positive multiple of ${BASE_CROP}`);
    }
    return Object.entries(c.areas).map(([area, range]) => ({
      crop,
      frame: Math.round((crop * 37) / 32),
      area,
      range,
      // The default law is the scenes' own: same name, same data, same runs as any other default-scenes run.
      dataset: area === "default" ? "scenes" : `scenes:scale=${range[0]}-${range[1]}`,
    }));
  });
}

/** The method's rate: its own chosen setting, RRC's for a β law. */
function settingOf(augment: AugmentKey, chosen: Map<AugmentKey, Hyper>): Hyper {
  const h = chosen.get(augment.startsWith("Cbeta") ? "C" : augment);
  if (!h) throw new RangeError(`no chosen setting for ${augment}: run Table 1(a)'s selection for None, C, R and T first`);
  return h;
}

/** Every run of the map, given the chosen settings. */
export function conditionRuns(profile: Profile, chosen: Map<AugmentKey, Hyper>): ConditionRun[] {
  const c = profile.conditions;
  return conditionCells(profile).flatMap((cell) => {
    const p = getProfile(profile.name, { dataset: cell.dataset });
    const onCell: Profile = {
      ...p,
      data: { ...p.data, resizeTo: cell.frame, crop: cell.crop, trainPerClass: c.trainPerClass, testPerClass: c.testPerClass },
    };
    return CONDITION_METHODS.flatMap((augment) =>
      c.seeds.map((seed) => {
        const base = profileTrainConfig(onCell, {
          family: "resnet",
          augment,
          seed,
          ...settingOf(augment, chosen),
          epochs: c.epochs,
          lrStep: c.lrStep,
          label: `${cell.crop}px ${cell.area} ${augment} seed ${seed}`,
        });
        const model = base.model.arch === "resnet" && cell.crop > BASE_CROP
          ? { ...base.model, stemStride: cell.crop / BASE_CROP }
          : base.model;
        return { cell, augment, seed, config: { ...base, model } };
      })
    );
  });
}

/** The settings the map trains at: Table 1(a)'s choices, read from finished selection runs (an error names missing ones). */
export function conditionSettings(profile: Profile): Promise<Map<AugmentKey, Hyper>> {
  return chosenSettings(profile, SELECTED);
}

export type FinishedConditionRun = ConditionRun & { key: string; result: TrainResult };

/**
 * Trains what is missing of the map — first Table 1(a)'s selection runs of
 * the four selected methods (shared with notebook 01), then the cells — and
 * returns every run with its result. With a shard (one task of an array),
 * only that shard's cell runs, and the selection runs must be finished: an
 * array's tasks must not each train them (the error names the missing ones).
 */
export async function runConditions(
  profile: Profile,
  opts: Omit<GridOptions, "runsDir"> = {},
): Promise<FinishedConditionRun[]> {
  const chosen = opts.shard ? await conditionSettings(profile) : await selectSettings(profile, SELECTED, opts);
  const runs = conditionRuns(profile, chosen);
  const done = await runGrid(runs.map((r) => r.config), { ...opts, runsDir: runsDir(profile) });
  const byKey = new Map(done.map((d) => [d.key, d.result]));
  const out: FinishedConditionRun[] = [];
  for (const r of runs) {
    const key = await runKey(r.config), result = byKey.get(key);
    if (result) out.push({ ...r, key, result });
  }
  return out;
}
