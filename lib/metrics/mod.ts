/** Statistics and the paper's measures: invariance, similarity, helped samples, hurt classes, the similarity-search rankings. */
export { mean, sem, std, formatMeanSem } from "./stats.ts";
export { cosine, pearson, spearman, iou } from "./similarity.ts";
export { invarianceScores, equivarianceScores } from "./invariance.ts";
export type { Embeddings } from "./invariance.ts";
export { helpedLists, withinIou, acrossIou } from "./helped_samples.ts";
export { hurtClasses } from "./hurt_classes.ts";
export { familyShares, globalTop, rankingSpearman, topKPerClass, topPerClass, topShareByInvarianceGap } from "./similarity_search.ts";
