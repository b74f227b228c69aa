export * from "./stats.ts";
export * from "./similarity.ts";
export * from "./invariance.ts";
