/**
 * Public API of the library: notebooks and command-line tools import from here.
 * Each area has its own folder and mod.ts; this file only re-exports.
 */
export * from "./rng.ts";
export * from "./image/mod.ts";
export * from "./paths.ts";
export * from "./profile.ts";
export * from "./backend.ts";
export * from "./data/mod.ts";
export * from "./augment/mod.ts";
export * from "./results/mod.ts";
export * from "./plots/mod.ts";
export * from "./wordnet/mod.ts";
export * from "./models/mod.ts";
export * from "./train/mod.ts";
export * from "./metrics/mod.ts";
export * from "./analysis/mod.ts";
export * from "./experiments/mod.ts";
export * from "./augerino/mod.ts";
