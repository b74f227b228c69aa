export * from "./figure.ts";
export * from "./table.ts";
export * from "./image_grid.ts";
export * from "./scale_figures.ts";
export * from "./transform_gallery.ts";
export * from "./training_figures.ts";
export * from "./invariance_figures.ts";
export * from "./section2_figures.ts";
