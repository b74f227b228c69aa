export * from "./samplers.ts";
export * from "./pipelines.ts";
export * from "./registry.ts";
export * from "./transforms.ts";
export * from "./scale_moments.ts";
export * from "./per_class.ts";
