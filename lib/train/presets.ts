/**
 * The TrainConfig of one run under a profile: its data, schedule and the
 * model of the family, with overrides, so notebooks and the command line
 * build the same configs.
 */
import type { AugmentKey } from "../augment/registry.ts";
import type { ModelConfig } from "../models/model.ts";
import { resnet18Config, smallResnetConfig } from "../models/resnet.ts";
import { tinyVitConfig, vitConfig } from "../models/vit.ts";
import type { FamilyRecipe, ModelFamily, Profile } from "../profile.ts";
import type { TrainConfig } from "./trainer.ts";

/** The profile's model of a family for `numClasses` classes and images with `channels` channels. */
export function profileModelConfig(profile: Profile, family: ModelFamily, numClasses: number, channels: number): ModelConfig {
  const imageSize = profile.data.crop;
  if (family === "resnet") {
    const r = profile.training.models.resnet;
    return r.kind === "resnet18"
      ? resnet18Config(numClasses, imageSize, channels)
      : smallResnetConfig({ depth: r.depth, width: r.width, numClasses, imageSize, inChannels: channels });
  }
  const v = profile.training.models.vit;
  return v.kind === "vit" ? vitConfig(v.size, numClasses) : tinyVitConfig({ ...v, numClasses, imageSize, inChannels: channels });
}

/** The family's training settings: the preset's, with the family's recipe over them. */
export function familyRecipe(
  profile: Profile,
  family: ModelFamily,
): Required<Omit<FamilyRecipe, "schedule" | "labelSmoothing">> & FamilyRecipe {
  const p = profile.training;
  return { optimizer: "sgd", lr: p.lr, weightDecay: p.weightDecay, lrGrid: p.lrGrid, wdGrid: p.wdGrid, ...p.recipes?.[family] };
}

/** A full TrainConfig for the profile, with overrides. */
export function profileTrainConfig(
  profile: Profile,
  opts:
    & { family: ModelFamily; augment: AugmentKey; seed: number; numClasses?: number }
    & Partial<Omit<TrainConfig, "model" | "data">>,
): TrainConfig {
  const p = profile.training;
  const recipe = familyRecipe(profile, opts.family);
  const channels = profile.data.grey ? 1 : 3;
  const { family, numClasses, ...rest } = opts;
  return {
    label: `${family} ${opts.augment} seed ${opts.seed}`,
    model: profileModelConfig(profile, family, numClasses ?? 10, channels),
    data: {
      dataset: profile.data.dataset,
      trainPerClass: profile.data.trainPerClass,
      testPerClass: profile.data.testPerClass,
      resizeTo: profile.data.resizeTo,
      crop: profile.data.crop,
      grey: profile.data.grey,
      subsetSeed: profile.dataSeed,
    },
    epochs: p.epochs,
    batchSize: p.batchSize,
    lr: recipe.lr,
    weightDecay: recipe.weightDecay,
    momentum: 0.9,
    lrStep: p.lrStep,
    ...(recipe.optimizer === "adamw" ? { optimizer: recipe.optimizer } : {}),
    ...(recipe.schedule ? { schedule: recipe.schedule } : {}),
    ...(recipe.labelSmoothing ? { labelSmoothing: recipe.labelSmoothing } : {}),
    ...rest,
    augment: opts.augment,
    seed: opts.seed,
  };
}
