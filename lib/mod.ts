/**
 * Public API of the library: what notebooks and users call. Each area's
 * mod.ts lists its public names; internals stay importable from their files.
 */
export { createRng } from "./rng.ts";
export { resultsDir } from "./paths.ts";
export { getProfile, runLine, scheduleLine } from "./profile.ts";
export type { Profile } from "./profile.ts";
export { selectBackend } from "./backend.ts";
export type { BackendName } from "./backend.ts";
export { readImage, writeImage } from "./image/mod.ts";
export type { Image8 } from "./image/mod.ts";
export {
  channelMeans,
  datasetNormalization,
  evalPreprocess,
  exampleImages,
  getImage,
  loadEvaluationImages,
  loadForegroundMasks,
  loadImageFolder,
  loadTrainingImages,
  parseSceneSpec,
  summarizeSplit,
  UNIFORM_CENTRE_SD,
} from "./data/mod.ts";
export type { Dataset } from "./data/mod.ts";
export {
  applySubPolicy,
  augmentation,
  identityPoolSingles,
  INVARIANCE_TRANSFORMS,
  POOL_OPS,
  POOL_SINGLES,
  POOL_SUBPOLICIES,
  scaleMomentsQuadrature,
  TABLE_1B_BETAS,
  tableA1,
} from "./augment/mod.ts";
export { readCsv, writeCsv } from "./results/mod.ts";
export {
  betaFigure,
  betaScaleFigure,
  boundsFigure,
  changeDistributionFigure,
  classTopFigure,
  conditionHeatmap,
  conditionMethodsFigure,
  crossFactorFigure,
  foregroundFigure,
  gapShareFigure,
  growingZoomFigure,
  imageGrid,
  invarianceFigure,
  invarianceGallery,
  learningCurves,
  methodsFigure,
  Plot,
  plot,
  poolGallery,
  runSummaryRows,
  table,
  variationFigure,
  wordnetFigure,
} from "./plots/mod.ts";
export { loadWordNet, meanSetSimilarity, WordNetSimilarity } from "./wordnet/mod.ts";
export { createModel, describeModel, loadModel, saveModel } from "./models/mod.ts";
export type { ModelConfig } from "./models/mod.ts";
export {
  autoProgress,
  collectResults,
  expandGrid,
  loadRunData,
  loadTrainedModel,
  profileModelConfig,
  runGrid,
  train,
  trainStandardModels,
} from "./train/mod.ts";
export type { ProgressSink, TrainConfig, TrainResult } from "./train/mod.ts";
export {
  acrossIou,
  chanceWithinIou,
  familyShares,
  formatMeanSem,
  globalTop,
  helpedLists,
  helpedPools,
  hurtClasses,
  invarianceScores,
  mean,
  rankingSpearman,
  sem,
  spearman,
  topKPerClass,
  topPerClass,
  topShareByInvarianceGap,
  withinIou,
} from "./metrics/mod.ts";
export {
  analysisImages,
  apparentSizeFindings,
  augerinoFindings,
  augerinoTableRows,
  backgroundControlFindings,
  backgroundControlTable,
  cachedGrowingZoom,
  cellScores,
  classPairRows,
  collapsedRuns,
  conditionMap,
  describeComparison,
  findingRows,
  foregroundFindings,
  foregroundStats,
  GROWING_ZOOM_M,
  growingZoomAccuracy,
  growingZoomFindings,
  invarianceGaps,
  invarianceProfile,
  jitterCheck,
  mapParagraph,
  measureBackgroundControl,
  perClassTransformSets,
  positionLawFindings,
  referenceFindings,
  runsAtChance,
  searchPairs,
  section3Findings,
  section4Findings,
  similaritySearch,
  smallStartFindings,
  summariseBoxes,
  table1aFindings,
  table1bFindings,
  variationFindings,
  variationSummary,
  vitToResnetTop1,
} from "./analysis/mod.ts";
export {
  conditionCells,
  describeAmount,
  headlineSeeds,
  measureVariation,
  referenceRun,
  runConditions,
  runTable1a,
  runTable1b,
  sectionFourModels,
  sectionThreeModels,
  selectAndReplicate,
  trainReferenceModels,
  variationDir,
  variationExamples,
  variationRunCount,
  variationRuns,
} from "./experiments/mod.ts";
export { runAugerinoComparisons, runAugerinoSweep } from "./augerino/mod.ts";
