/** Training and evaluation data of a run: class-balanced subsets and their normalisation. */
import { evalPipeline, type Geometry } from "../augment/pipelines.ts";
import { type Dataset, getImage } from "../data/dataset.ts";
import { loadFashionMnist } from "../data/fashion_mnist.ts";
import { loadImageFolder } from "../data/folder.ts";
import { datasetNormalization, type Normalization } from "../data/normalization.ts";
import { balancedIndices } from "../data/subset.ts";
import { selectImages } from "../data/dataset.ts";
import type { Image8 } from "../image/image.ts";

export interface RunData {
  /** Training images at full size (the pipelines start from them). */
  train: Dataset;
  /** Test images after the evaluation pre-processing E(·). */
  test: Dataset;
  /** Indices of the test images in their split (the per-sample results refer to them). */
  testIndices: Int32Array;
  /** How the images are normalised for the model (lib/data/normalization.ts). */
  norm: Normalization;
}

export interface RunDataConfig {
  dataset: string;
  trainPerClass: number;
  testPerClass: number;
  resizeTo: number;
  crop: number;
  grey: boolean;
  /** Seed of the subsets (fixed across runs so that methods see the same images). */
  subsetSeed: number;
}

const cache = new Map<string, Promise<RunData>>();

/**
 * Loads (once per process) the data of a run. Fashion-MNIST comes from the
 * embedded files; an image folder's training images are stored at
 * Resize(resizeTo) → CenterCrop(resizeTo) (square "full" images the crop
 * pipelines start from) and its test images ("val" split, else "test") at E(·).
 */
export function loadRunData(c: RunDataConfig): Promise<RunData> {
  const key = JSON.stringify(c);
  if (!cache.has(key)) {
    const p = load(c);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return cache.get(key)!;
}

async function load(c: RunDataConfig): Promise<RunData> {
  const g: Geometry = { resizeTo: c.resizeTo, crop: c.crop };
  if (c.dataset === "fashion-mnist") {
    const [trainAll, testAll] = await Promise.all([loadFashionMnist("train"), loadFashionMnist("test")]);
    const train = c.trainPerClass
      ? selectImages(trainAll, balancedIndices(trainAll.labels, 10, c.trainPerClass, c.subsetSeed))
      : trainAll;
    const testIndices = c.testPerClass
      ? balancedIndices(testAll.labels, 10, c.testPerClass, c.subsetSeed + 1)
      : Int32Array.from({ length: testAll.n }, (_, i) => i);
    const test = mapImages(selectImages(testAll, testIndices), (im) => evalPipeline(g).apply(im, {}), c.crop);
    return { train, test, testIndices, norm: datasetNormalization(c) };
  }
  const train = await loadImageFolder(c.dataset, "train", {
    resizeTo: c.resizeTo,
    crop: c.resizeTo,
    grey: c.grey,
    nPerClass: c.trainPerClass || undefined,
    seed: c.subsetSeed,
  });
  let split = "val";
  try {
    await Deno.stat(`${c.dataset}/val`);
  } catch {
    split = "test";
  }
  const test = await loadImageFolder(c.dataset, split, {
    resizeTo: c.resizeTo,
    crop: c.crop,
    grey: c.grey,
    nPerClass: c.testPerClass || undefined,
    seed: c.subsetSeed + 1,
  });
  return { train, test, testIndices: Int32Array.from({ length: test.n }, (_, i) => i), norm: datasetNormalization(c) };
}

function mapImages(ds: Dataset, fn: (im: Image8) => Image8, size: number): Dataset {
  const per = size * size * ds.channels;
  const pixels = new Uint8Array(ds.n * per);
  for (let i = 0; i < ds.n; i++) pixels.set(fn(getImage(ds, i)).data, i * per);
  return { ...ds, height: size, width: size, pixels };
}
