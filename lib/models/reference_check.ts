/**
 * How close a model's outputs are to outputs PyTorch computed for the same
 * weights and inputs (test/fixtures/make_pretrained.py writes them): the
 * proof that a loaded checkpoint computes what torchvision / timm compute.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Model } from "./model.ts";

/** PyTorch's inputs (NHWC) and one model's outputs for them, as make_pretrained.py writes them. */
export interface ReferenceOutputs {
  input: { shape: number[]; values: number[] };
  logits: number[];
  embedding: number[];
}

/**
 * max |ours − reference| / max |reference| over the whole tensor: relative
 * to the tensor's scale, so that entries near zero do not dominate.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(maxRelativeError(new Float32Array([1, 2.5]), [1, 2]), 0.25);
 * ```
 */
export function maxRelativeError(ours: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (ours.length !== reference.length) {
    throw new RangeError(`compared tensors differ in size: ${ours.length} vs ${reference.length} values`);
  }
  let diff = 0, scale = 0;
  for (let i = 0; i < reference.length; i++) {
    diff = Math.max(diff, Math.abs(ours[i] - reference[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return diff / scale;
}

/** The relative errors of `model`'s logits and penultimate embeddings against PyTorch's. */
export async function compareWithReference(
  model: Model,
  ref: ReferenceOutputs,
): Promise<{ logits: number; embedding: number }> {
  const x = tf.tensor4d(ref.input.values, ref.input.shape as [number, number, number, number]);
  const logits = model.logits(x), embedding = model.embed(x);
  try {
    return {
      logits: maxRelativeError(await logits.data(), ref.logits),
      embedding: maxRelativeError(await embedding.data(), ref.embedding),
    };
  } finally {
    tf.dispose([x, logits, embedding]);
  }
}
