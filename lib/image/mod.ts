export * from "./image.ts";
export * from "./resize.ts";
export * from "./crop.ts";
export * from "./pixel.ts";
export * from "./enhance.ts";
export * from "./affine.ts";
