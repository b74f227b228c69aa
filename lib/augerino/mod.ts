/** Augerino (Benton et al. 2020): learned augmentation widths, trained and swept over λ. */
export { evaluateAugerino, trainAugerino } from "./train.ts";
export type { AugerinoResult, AugerinoRunConfig, AugerinoVariant } from "./train.ts";
export { runAugerinoComparisons, runAugerinoSweep } from "./sweep.ts";
