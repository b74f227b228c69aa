export * from "./stats.ts";
export * from "./similarity.ts";
export * from "./invariance.ts";
export * from "./helped_samples.ts";
export * from "./hurt_classes.ts";
export * from "./similarity_search.ts";
