/** Figures (Observable Plot) and tables, one function per figure of the paper. */
export { plot, Plot } from "./figure.ts";
export type { Figure } from "./figure.ts";
export { table } from "./table.ts";
export { imageGrid } from "./image_grid.ts";
export { betaScaleFigure } from "./scale_figures.ts";
export { poolGallery, invarianceGallery } from "./transform_gallery.ts";
export { learningCurves, runSummaryRows } from "./training_figures.ts";
export { invarianceFigure } from "./invariance_figures.ts";
export { methodsFigure, betaFigure, growingZoomFigure } from "./section2_figures.ts";
export { changeDistributionFigure, classTopFigure, foregroundFigure, gapShareFigure, wordnetFigure } from "./similarity_figures.ts";
export { boundsFigure } from "./augerino_figures.ts";
