/**
 * The models the analyses measure, trained once per profile and cached:
 * each family (ResNet, ViT) without augmentation ("None", FixedSizeCenterCrop)
 * and with standard augmentation ("HC", RandomResizedCrop + flip), over the
 * profile's seeds. Runs live in results/<profile>/runs/<key>/ like any grid
 * run, so a notebook trains what is missing and reuses the rest.
 */
import type { AugmentKey } from "../augment/registry.ts";
import { resultsDir } from "../paths.ts";
import type { Profile } from "../profile.ts";
import { loadModel } from "../models/io.ts";
import type { Model } from "../models/model.ts";
import { listRuns, runGrid, runKey } from "./grid.ts";
import type { ModelFamily } from "../profile.ts";
import { profileTrainConfig } from "./presets.ts";
import type { ProgressSink } from "./progress.ts";
import type { TrainConfig, TrainResult } from "./trainer.ts";

export const STANDARD_AUGMENTS: readonly AugmentKey[] = ["None", "HC"];

export function runsDir(profile: Profile): string {
  return `${resultsDir()}/${profile.name}/runs`;
}

/** Configs of the standard models: families × {None, HC} × seeds. */
export function standardModelConfigs(
  profile: Profile,
  opts: { families?: ModelFamily[]; augments?: AugmentKey[]; seeds?: number[] } = {},
): TrainConfig[] {
  const families = opts.families ?? ["resnet", "vit"];
  const augments = opts.augments ?? [...STANDARD_AUGMENTS];
  const seeds = opts.seeds ?? profile.training.seeds;
  return families.flatMap((family) =>
    augments.flatMap((augment) => seeds.map((seed) => profileTrainConfig(profile, { family, augment, seed })))
  );
}

export interface TrainedRun {
  key: string;
  family: ModelFamily;
  config: TrainConfig;
  result: TrainResult;
}

/** Trains the missing ones and returns all results. */
export async function trainStandardModels(
  profile: Profile,
  configs: TrainConfig[],
  opts: { progress?: ProgressSink; force?: boolean } = {},
): Promise<TrainedRun[]> {
  const done = await runGrid(configs, { runsDir: runsDir(profile), progress: opts.progress, force: opts.force });
  return done.map((d) => ({ key: d.key, family: d.config.model.arch as ModelFamily, config: d.config, result: d.result }));
}

/** The best-epoch weights of a finished run (`which: "final"` for the last epoch's). */
export async function loadTrainedModel(profile: Profile, config: TrainConfig, which: "best" | "final" = "best"): Promise<Model> {
  return loadModel(`${runsDir(profile)}/${await runKey(config)}/${which}`);
}

export { listRuns };
