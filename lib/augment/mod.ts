export * from "./resize.ts";
export * from "./crop.ts";
