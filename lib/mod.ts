/**
 * Public API of the library: what notebooks and users call. Each area's
 * mod.ts lists its public names; internals stay importable from their files.
 */
export { createRng } from "./rng.ts";
export type { Rng } from "./rng.ts";
export { DATA_DIR, resultsDir } from "./paths.ts";
export { getProfile, PROFILE_NAMES, runLine, scheduleLine } from "./profile.ts";
export type { ModelFamily, Profile, ProfileName, VariationSettings } from "./profile.ts";
export { GEOMETRIC_FACTORS } from "./variation_laws.ts";
export type { GeometricFactor } from "./variation_laws.ts";
export { currentBackend, selectBackend } from "./backend.ts";
export type { BackendChoice, BackendName } from "./backend.ts";
export * from "./image/mod.ts";
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
