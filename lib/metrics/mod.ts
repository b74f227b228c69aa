/** Statistics and the paper's measures: invariance, similarity, helped samples, hurt classes, the similarity-search rankings. */
export { binomialTail, formatMeanSem, mean, sem, std } from "./stats.ts";
export { cosine, iou, pearson, spearman } from "./similarity.ts";
export { mantelTest } from "./mantel.ts";
export type { PairValue } from "./mantel.ts";
export { equivarianceScores, invarianceScores } from "./invariance.ts";
export type { Embeddings } from "./invariance.ts";
export { acrossIou, chanceWithinIou, helpedLists, helpedPools, withinIou } from "./helped_samples.ts";
export { hurtClasses } from "./hurt_classes.ts";
export {
  familyShares,
  globalTop,
  rankingSpearman,
  topKPerClass,
  topPerClass,
  topShareByInvarianceGap,
} from "./similarity_search.ts";
