/**
 * Notebook 00's claims about the reference models: whether the standard
 * augmentation (RRC + flip) beats none, per family, decided by one family of
 * paired tests over the shared seeds (findings.ts), and how close the ViT
 * comes to the ResNet without augmentation (vit_to_resnet_top1).
 */
import { mean } from "../metrics/stats.ts";
import type { TrainedRun } from "../train/zoo.ts";
import { above, type Finding } from "./findings.ts";

const NAMES = { resnet: "ResNet", vit: "ViT" } as const;

/** Last-epoch top-1 of a family's runs with one augmentation, in seed order. */
export function referenceTop1(runs: TrainedRun[], family: "resnet" | "vit", augment: string): number[] {
  return runs.filter((r) => r.family === family && r.config.augment === augment)
    .sort((a, b) => a.config.seed - b.config.seed)
    .map((r) => r.result.finalTop1);
}

/**
 * Mean ViT top-1 over mean ResNet top-1, both without augmentation: how far
 * the architecture claims can lean on the ViT (NaN when a family has no runs).
 */
export function vitToResnetTop1(runs: TrainedRun[]): number {
  const vit = referenceTop1(runs, "vit", "None"), resnet = referenceTop1(runs, "resnet", "None");
  return vit.length && resnet.length ? mean(vit) / mean(resnet) : NaN;
}

/** How far above chance (1 / classes) a run's last-epoch top-1 must end to count as having learned: 3 points, over 3 binomial SEs at 10 classes and 1 000 test images. */
export const CHANCE_MARGIN = 0.03;

/**
 * The runs that never left chance: a ViT can sit at chance for epochs before
 * its loss falls, and a seed that never leaves it drags its family's mean down
 * for a reason that is not the augmentation; the notebook names them.
 */
export function runsAtChance(runs: TrainedRun[]): TrainedRun[] {
  return runs.filter((r) => endedAtChance(r.result.finalTop1, r.config.model.numClasses));
}

/** Whether a run's last-epoch top-1 ended within CHANCE_MARGIN of chance: the one test of a run that never learned. */
export const endedAtChance = (top1: number, classes: number): boolean => top1 < 1 / classes + CHANCE_MARGIN;

/** "RRC + flip beats no augmentation" for each family with both arms trained. */
export function referenceFindings(runs: TrainedRun[]): Finding[] {
  return (["resnet", "vit"] as const).flatMap((family) => {
    const hc = referenceTop1(runs, family, "HC"), none = referenceTop1(runs, family, "None");
    if (!hc.length || !none.length) return [];
    return [{
      claim: `${NAMES[family]}: RRC + flip beats no augmentation`,
      paper: "yes: ImageNet models are trained with it; 63.5 % without augmentation, the lowest of Table 1a",
      decision: above(hc, none),
      evidence: `RRC + flip ${(100 * mean(hc)).toFixed(2)} % vs none ${(100 * mean(none)).toFixed(2)} % over ${
        Math.min(hc.length, none.length)
      } seeds`,
    }];
  });
}
