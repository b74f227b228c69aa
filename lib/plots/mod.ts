export * from "./figure.ts";
export * from "./table.ts";
export * from "./image_grid.ts";
