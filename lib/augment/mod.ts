/** Training augmentations by the paper's keys, the transformation pool of Sections 3–4, and RRC's scale law. */
export { augmentation, betaKey, pipelineByKey, TABLE_1A_KEYS, TABLE_1B_BETAS } from "./registry.ts";
export type { Augmentation, AugmentKey } from "./registry.ts";
export { augmentImage } from "./pipelines.ts";
export type { Geometry, Pipeline } from "./pipelines.ts";
export {
  applySubPolicy,
  applyTransform,
  identityPoolSingles,
  INVARIANCE_TRANSFORMS,
  POOL_OPS,
  POOL_SINGLES,
  POOL_SUBPOLICIES,
} from "./transforms.ts";
export type { Family, PoolEntry, SubPolicy, Transformation } from "./transforms.ts";
export { scaleMomentsQuadrature, tableA1 } from "./scale_moments.ts";
export type { ScaleMoments } from "./scale_moments.ts";
