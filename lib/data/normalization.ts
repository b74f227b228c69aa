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

/**
 * Normalised values of packed uint8 images with `c` interleaved channels: (x/255 − mean)/std, float32.
 * Through a 256-entry table per channel (the same float32 values as computing each): this runs on
 * every training and embedding batch, and the arithmetic per value was half of a streamed epoch's time.
 */
export function normaliseValues(pixels: Uint8Array, c: number, norm: Normalization): Float32Array {
  if (norm.mean.length !== c || norm.std.length !== c) {
    throw new RangeError(`normalisation has ${norm.mean.length} means and ${norm.std.length} stds for ${c}-channel images`);
  }
  const tables = norm.mean.map((m, k) => {
    const t = new Float32Array(256), scale = 1 / (255 * norm.std[k]), shift = -m / norm.std[k];
    for (let v = 0; v < 256; v++) t[v] = v * scale + shift;
    return t;
  });
  const vals = new Float32Array(pixels.length);
  if (c === 3) {
    const [t0, t1, t2] = tables;
    for (let i = 0; i + 2 < vals.length; i += 3) {
      vals[i] = t0[pixels[i]];
      vals[i + 1] = t1[pixels[i + 1]];
      vals[i + 2] = t2[pixels[i + 2]];
    }
  } else if (c === 1) {
    const t0 = tables[0];
    for (let i = 0; i < vals.length; i++) vals[i] = t0[pixels[i]];
  } else {
    for (let i = 0; i < vals.length; i++) vals[i] = tables[i % c][pixels[i]];
  }
  return vals;
}

/** Normalises uint8 images (n × h × w × c, packed) into an NHWC float tensor: (x/255 − mean)/std. */
export function toInputTensor(pixels: Uint8Array, n: number, h: number, w: number, c: number, norm: Normalization): tf.Tensor4D {
  return tf.tensor4d(normaliseValues(pixels.subarray(0, n * h * w * c), c, norm), [n, h, w, c]);
}
