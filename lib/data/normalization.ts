/**
 * The one normalisation rule: which (mean, std) a dataset's images are
 * normalised with before they reach a model, (x/255 − mean)/std per channel.
 * Fashion-MNIST uses its own training-split statistics, colour image folders
 * ImageNet's (as the paper's Normalize), grey folders 0.5/0.5. Saved models
 * record the rule they were trained with (lib/models/io.ts), as timm's
 * pretrained configs carry their mean/std.
 */
import * as tf from "@tensorflow/tfjs-core";

export interface Normalization {
  mean: number[];
  std: number[];
}

/** Fashion-MNIST's pixel statistics (train split). */
export const FASHION_MNIST_NORMALIZATION: Normalization = { mean: [0.2860], std: [0.3530] };
/** ImageNet's channel statistics, used by Normalize in the paper. */
export const IMAGENET_NORMALIZATION: Normalization = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
/** Grey images of a folder: centred on mid-grey. */
export const GREY_NORMALIZATION: Normalization = { mean: [0.5], std: [0.5] };
/** mean = std = 0.5 per colour channel: what timm's augreg ViT checkpoints were trained with. */
export const HALF_NORMALIZATION: Normalization = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

/**
 * The normalisation of a dataset ("fashion-mnist" or a folder) read in grey or colour.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(datasetNormalization({ dataset: "fashion-mnist", grey: true }), FASHION_MNIST_NORMALIZATION);
 * assert.equal(datasetNormalization({ dataset: "/data/my-photos", grey: false }), IMAGENET_NORMALIZATION);
 * ```
 */
export function datasetNormalization(data: { dataset: string; grey: boolean }): Normalization {
  if (data.dataset === "fashion-mnist") return FASHION_MNIST_NORMALIZATION;
  return data.grey ? GREY_NORMALIZATION : IMAGENET_NORMALIZATION;
}

/** Normalised values of packed uint8 images with `c` interleaved channels: (x/255 − mean)/std, float32. */
export function normaliseValues(pixels: Uint8Array, c: number, norm: Normalization): Float32Array {
  if (norm.mean.length !== c || norm.std.length !== c) {
    throw new RangeError(`normalisation has ${norm.mean.length} means and ${norm.std.length} stds for ${c}-channel images`);
  }
  const vals = new Float32Array(pixels.length);
  const scale = norm.mean.map((_, k) => 1 / (255 * norm.std[k])), shift = norm.mean.map((m, k) => -m / norm.std[k]);
  for (let i = 0; i < vals.length; i++) {
    const k = i % c;
    vals[i] = pixels[i] * scale[k] + shift[k];
  }
  return vals;
}

/** Normalises uint8 images (n × h × w × c, packed) into an NHWC float tensor: (x/255 − mean)/std. */
export function toInputTensor(pixels: Uint8Array, n: number, h: number, w: number, c: number, norm: Normalization): tf.Tensor4D {
  return tf.tensor4d(normaliseValues(pixels.subarray(0, n * h * w * c), c, norm), [n, h, w, c]);
}
