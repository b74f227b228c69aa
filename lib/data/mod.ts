/** Datasets: the embedded Fashion-MNIST, the generated scenes, image folders, balanced subsets, and the normalisation each expects. */
export { channelMeans, classCounts, getImage, selectImages } from "./dataset.ts";
export type { ClassInfo, Dataset } from "./dataset.ts";
export { FASHION_MNIST_CLASSES, loadFashionMnist } from "./fashion_mnist.ts";
export { DatasetFolderError, evalPreprocess, folderBatches, indexImageFolder, loadImageFolder } from "./folder.ts";
export type { FolderLoadOptions, SkippedFile } from "./folder.ts";
export { loadDataset, loadEvaluationImages, loadForegroundMasks, loadTrainingImages } from "./load.ts";
export type { DataSelection } from "./load.ts";
export {
  generateScenes,
  NATURAL_SCENE_KNOBS,
  NO_VARIATION_KNOBS,
  parseSceneSpec,
  sceneKnobs,
  SCENES,
  UNIFORM_CENTRE_SD,
} from "./scenes.ts";
export type { SceneBox, SceneKnobs, SceneSet } from "./scenes.ts";
export { writeSceneFolder } from "./scene_folder.ts";
export { loadBackgrounds } from "./backgrounds.ts";
export {
  datasetNormalization,
  FASHION_MNIST_NORMALIZATION,
  GREY_NORMALIZATION,
  IMAGENET_NORMALIZATION,
} from "./normalization.ts";
export type { Normalization } from "./normalization.ts";
export { balancedIndices, balancedSubset } from "./subset.ts";
export { exampleImages, summarizeSplit } from "./summary.ts";
