export * from "./sgd.ts";
export * from "./progress.ts";
export * from "./data.ts";
export * from "./trainer.ts";
export * from "./grid.ts";
export * from "./presets.ts";
export * from "./zoo.ts";
