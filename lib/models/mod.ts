export * from "./model.ts";
export * from "./params.ts";
export * from "./layers.ts";
export * from "./resnet.ts";
export * from "./vit.ts";
export * from "./create.ts";
export * from "./io.ts";
export * from "./layers_model.ts";
