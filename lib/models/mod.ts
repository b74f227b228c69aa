/** The ResNets and ViTs, built from a config, saved and loaded with their normalisation. */
export { describeModel } from "./model.ts";
export type { Model, ModelConfig, ResNetConfig, ViTConfig } from "./model.ts";
export { createModel } from "./create.ts";
export { resnet18Config, smallResnetConfig } from "./resnet.ts";
export { tinyVitConfig, vitConfig } from "./vit.ts";
export { loadModel, ModelLoadError, saveModel } from "./io.ts";
