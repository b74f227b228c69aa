export * from "./wordnet.ts";
export * from "./similarity.ts";
