/** Datasets: the embedded Fashion-MNIST, image folders, balanced subsets, and the normalisation each expects. */
export { getImage, selectImages, classCounts, channelMeans } from "./dataset.ts";
export type { ClassInfo, Dataset } from "./dataset.ts";
export { FASHION_MNIST_CLASSES, loadFashionMnist } from "./fashion_mnist.ts";
export { loadImageFolder, indexImageFolder, folderBatches, evalPreprocess, DatasetFolderError } from "./folder.ts";
export type { FolderLoadOptions, SkippedFile } from "./folder.ts";
export { loadDataset } from "./load.ts";
export { datasetNormalization, FASHION_MNIST_NORMALIZATION, IMAGENET_NORMALIZATION, GREY_NORMALIZATION } from "./normalization.ts";
export type { Normalization } from "./normalization.ts";
export { balancedIndices, balancedSubset } from "./subset.ts";
export { summarizeSplit, exampleImages } from "./summary.ts";
