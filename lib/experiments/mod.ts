/** Section 2's tables as runs: each method selected on the profile's grid, then replicated over seeds. */
export { runTable1a, runTable1b } from "./section2.ts";
export { headlineSeeds, selectAndReplicate } from "./selection.ts";
/** The reference models of Sections 3–4: None and HC per family, at their selected settings. */
export { REFERENCE_AUGMENTS, referenceRun, sectionFourModels, sectionThreeModels, trainReferenceModels } from "./references.ts";
export type { MeasuredModel, ReferenceMethod } from "./references.ts";
export type { Hyper, MethodRuns } from "./selection.ts";
/** Notebook 07: invariance from variation in the data, from augmentation, or from the architecture. */
export {
  describeAmount,
  measureVariation,
  sceneSpec,
  trainVariationGrid,
  variationDir,
  variationExamples,
  variationRunCount,
  variationRuns,
} from "./variation.ts";
/** Notebook 08: Section 2's claims over a map of crop size × object-area law. */
export { CONDITION_METHODS, conditionCells, conditionRuns, runConditions } from "./conditions.ts";
export type { ConditionCell, FinishedConditionRun } from "./conditions.ts";
