/** What the notebooks compute from trained models: embeddings, invariance profiles, the growing zoom, the similarity search, foreground boxes, and each section's claims. */
export { compareScores, describeComparison, findingRows } from "./findings.ts";
export { referenceFindings, runsAtChance, vitToResnetTop1 } from "./training_findings.ts";
export type { Finding } from "./findings.ts";
export { embedImages } from "./embed.ts";
export { analysisImages, backgroundControlImages } from "./image_set.ts";
export { invarianceProfile } from "./invariance_profile.ts";
export type { InvarianceRow } from "./invariance_profile.ts";
export { cachedGrowingZoom, GROWING_ZOOM_M, growingZoomAccuracy } from "./growing_zoom.ts";
export type { ZoomAccuracy } from "./growing_zoom.ts";
export { searchPairs, similaritySearch } from "./similarity_search.ts";
export type { SearchResult } from "./similarity_search.ts";
export { foregroundStats, jitterCheck, summariseBoxes } from "./foreground.ts";
export type { ForegroundBox, ForegroundStats } from "./foreground.ts";
export { apparentSizeFindings, growingZoomFindings, table1aFindings, table1bFindings } from "./section2_findings.ts";
export { section3Findings } from "./section3_findings.ts";
export { backgroundControlFindings, backgroundControlTable, measureBackgroundControl } from "./background_control.ts";
export { classPairRows, invarianceGaps, perClassTransformSets, section4Findings } from "./section4_findings.ts";
export { foregroundFindings, positionLawFindings } from "./foreground_findings.ts";
export { augerinoFindings, augerinoTableRows, smallStartFindings } from "./augerino_findings.ts";
export {
  aggregateVariation,
  collapsedRuns,
  variationFindings,
  variationSummary,
  withoutCollapsedSeeds,
} from "./variation_findings.ts";
export type { VariationRow, VariationSummary } from "./variation_findings.ts";
export { cellScores, conditionMap, mapParagraph } from "./conditions_findings.ts";
export type { CellEffect, CellScores } from "./conditions_findings.ts";
