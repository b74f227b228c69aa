/**
 * Training settings per profile: which model each family uses, the schedule
 * and the data subset, so notebooks and the command line build the same
 * configs. The paper's protocol (full): ResNet18 / ViT-S at 224 px, 150
 * epochs, lr ×0.1 every 30, batch 256. Scaled down (quick, smoke): the spec's
 * small models on Fashion-MNIST with the same shape of schedule.
 */
import { resnet18Config, smallResnetConfig } from "../models/resnet.ts";
import { tinyVitConfig, vitConfig } from "../models/vit.ts";
import type { ModelConfig } from "../models/model.ts";
import type { Profile } from "../profile.ts";
import type { TrainConfig } from "./trainer.ts";

export type ModelFamily = "resnet" | "vit";

export interface TrainingPreset {
  epochs: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  lrStep: number;
  seeds: number[];
  /** Learning rate and weight decay of the selection grid (Appendix A). */
  lrGrid: number[];
  wdGrid: number[];
  model(family: ModelFamily, numClasses: number, channels: number): ModelConfig;
}

export function trainingPreset(profile: Profile): TrainingPreset {
  const size = profile.data.crop;
  switch (profile.name) {
    case "smoke":
      return {
        epochs: 1, batchSize: 50, lr: 0.05, weightDecay: 5e-4, lrStep: 1, seeds: [0, 1], lrGrid: [0.05], wdGrid: [5e-4],
        model: (f, k, c) => f === "resnet" ? smallResnetConfig({ depth: 8, width: 4, numClasses: k, imageSize: size, inChannels: c }) : tinyVitConfig({ numClasses: k, imageSize: size, inChannels: c, dim: 16, depth: 1, heads: 2 }),
      };
    case "quick":
      return {
        epochs: 10, batchSize: 128, lr: 0.05, weightDecay: 5e-4, lrStep: 4, seeds: [0, 1, 2], lrGrid: [0.1, 0.03], wdGrid: [5e-4, 5e-5],
        model: (f, k, c) => f === "resnet" ? smallResnetConfig({ depth: 8, width: 16, numClasses: k, imageSize: size, inChannels: c }) : tinyVitConfig({ numClasses: k, imageSize: size, inChannels: c }),
      };
    case "full":
      return {
        epochs: 150, batchSize: 256, lr: 0.1, weightDecay: 1e-4, lrStep: 30, seeds: [0, 1, 2, 3, 4], lrGrid: [0.1, 0.05, 0.01], wdGrid: [1e-4, 5e-4, 1e-3],
        model: (f, k) => f === "resnet" ? resnet18Config(k) : vitConfig("S", k),
      };
  }
}

/** A full TrainConfig for the profile, with overrides. */
export function profileTrainConfig(
  profile: Profile,
  opts: { family: ModelFamily; augment: string; seed: number; numClasses?: number } & Partial<Omit<TrainConfig, "model" | "data">>,
): TrainConfig {
  const p = trainingPreset(profile);
  const channels = profile.data.grey ? 1 : 3;
  const { family, numClasses, ...rest } = opts;
  return {
    label: `${family} ${opts.augment} seed ${opts.seed}`,
    model: p.model(family, numClasses ?? 10, channels),
    data: { dataset: profile.data.dataset, trainPerClass: profile.data.trainPerClass, testPerClass: profile.data.testPerClass, resizeTo: profile.data.resizeTo, crop: profile.data.crop, grey: profile.data.grey, subsetSeed: profile.dataSeed },
    epochs: p.epochs,
    batchSize: p.batchSize,
    lr: p.lr,
    weightDecay: p.weightDecay,
    momentum: 0.9,
    lrStep: p.lrStep,
    ...rest,
    augment: opts.augment,
    seed: opts.seed,
  };
}
