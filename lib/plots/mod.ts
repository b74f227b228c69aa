/** Figures (Observable Plot) and tables, one function per figure of the paper. */
export { Plot, plot } from "./figure.ts";
export type { Figure } from "./figure.ts";
export { table } from "./table.ts";
export { imageGrid } from "./image_grid.ts";
export { betaScaleFigure } from "./scale_figures.ts";
export { invarianceGallery, poolGallery } from "./transform_gallery.ts";
export { learningCurves, runSummaryRows } from "./training_figures.ts";
export { invarianceFigure } from "./invariance_figures.ts";
export { betaFigure, growingZoomFigure, methodsFigure } from "./section2_figures.ts";
export {
  changeDistributionFigure,
  classTopFigure,
  foregroundFigure,
  gapShareFigure,
  wordnetFigure,
} from "./similarity_figures.ts";
export { boundsFigure } from "./augerino_figures.ts";
export { crossFactorFigure, variationFigure } from "./variation_figures.ts";
export { conditionHeatmap, conditionMethodsFigure } from "./conditions_figures.ts";
