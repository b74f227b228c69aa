/** One factory for every architecture, as timm's create_model. */
import type { Model, ModelConfig } from "./model.ts";
import type { InitSeed } from "./params.ts";
import { createResNet } from "./resnet.ts";
import { createViT } from "./vit.ts";

/**
 * Builds a model from its config, initialised from `seed` (same seed, same weights;
 * "zeros" when its weights are loaded next).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { smallResnetConfig } from "./resnet.ts";
 * const m = createModel(smallResnetConfig({ depth: 8, width: 16, numClasses: 10, imageSize: 28, inChannels: 1 }), 0);
 * assert.equal(m.embedDim, 64);
 * ```
 */
export function createModel(config: ModelConfig, seed: InitSeed): Model {
  switch (config.arch) {
    case "resnet":
      return createResNet(config, seed);
    case "vit":
      return createViT(config, seed);
    default:
      throw new RangeError(`unknown architecture "${(config as { arch: string }).arch}" (resnet, vit)`);
  }
}
