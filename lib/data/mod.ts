export * from "./dataset.ts";
export * from "./idx.ts";
export * from "./fashion_mnist.ts";
export * from "./folder.ts";
export * from "./normalization.ts";
export * from "./subset.ts";
export * from "./load.ts";
export * from "./summary.ts";
