/** Training and evaluation data of a run: class-balanced subsets, normalised input tensors. */
import * as tf from "@tensorflow/tfjs-core";
import { type Geometry, evalPipeline } from "../augment/pipelines.ts";
import { type Dataset, getImage } from "../data/dataset.ts";
import { loadFashionMnist } from "../data/fashion_mnist.ts";
import { IMAGENET_MEAN, IMAGENET_STD, loadImageFolder } from "../data/folder.ts";
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
  mean: number[];
  std: number[];
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

/** Fashion-MNIST's pixel statistics (train split), used to normalise its inputs. */
export const FASHION_MEAN = [0.2860];
export const FASHION_STD = [0.3530];

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
    const train = c.trainPerClass ? selectImages(trainAll, balancedIndices(trainAll.labels, 10, c.trainPerClass, c.subsetSeed)) : trainAll;
    const testIndices = c.testPerClass ? balancedIndices(testAll.labels, 10, c.testPerClass, c.subsetSeed + 1) : Int32Array.from({ length: testAll.n }, (_, i) => i);
    const test = mapImages(selectImages(testAll, testIndices), (im) => evalPipeline(g).apply(im, {}), c.crop);
    return { train, test, testIndices, mean: FASHION_MEAN, std: FASHION_STD };
  }
  const train = await loadImageFolder(c.dataset, "train", { resizeTo: c.resizeTo, crop: c.resizeTo, grey: c.grey, nPerClass: c.trainPerClass || undefined, seed: c.subsetSeed });
  let split = "val";
  try {
    await Deno.stat(`${c.dataset}/val`);
  } catch {
    split = "test";
  }
  const test = await loadImageFolder(c.dataset, split, { resizeTo: c.resizeTo, crop: c.crop, grey: c.grey, nPerClass: c.testPerClass || undefined, seed: c.subsetSeed + 1 });
  const ch = c.grey ? 1 : 3;
  return { train, test, testIndices: Int32Array.from({ length: test.n }, (_, i) => i), mean: ch === 1 ? [0.5] : IMAGENET_MEAN, std: ch === 1 ? [0.5] : IMAGENET_STD };
}

function mapImages(ds: Dataset, fn: (im: Image8) => Image8, size: number): Dataset {
  const per = size * size * ds.channels;
  const pixels = new Uint8Array(ds.n * per);
  for (let i = 0; i < ds.n; i++) pixels.set(fn(getImage(ds, i)).data, i * per);
  return { ...ds, height: size, width: size, pixels };
}

/** Normalises uint8 images (n × h × w × c, packed) into an NHWC float tensor: (x/255 − mean)/std. */
export function toInputTensor(pixels: Uint8Array, n: number, h: number, w: number, c: number, mean: number[], std: number[]): tf.Tensor4D {
  const vals = new Float32Array(n * h * w * c);
  const scale = mean.map((_, k) => 1 / (255 * std[k])), shift = mean.map((m, k) => -m / std[k]);
  for (let i = 0; i < vals.length; i++) {
    const k = i % c;
    vals[i] = pixels[i] * scale[k] + shift[k];
  }
  return tf.tensor4d(vals, [n, h, w, c]);
}
