export * from "./generators.ts";
export * from "./warp.ts";
export * from "./augerino.ts";
export * from "./train.ts";
export * from "./sweep.ts";
