/** Embeddings of packed uint8 images, in batches, optionally cached on disk. */
import * as tf from "@tensorflow/tfjs-core";
import type { ImageBatch } from "../augment/transforms.ts";
import type { Embeddings } from "../metrics/invariance.ts";
import type { Model } from "../models/model.ts";
import { writeFileAtomic } from "../results/atomic.ts";
import { type Normalization, toInputTensor } from "../data/normalization.ts";

/** f(x) for every image of the batch: normalised with mean/std, embedded in evaluation mode. */
export function embedImages(model: Model, images: ImageBatch, norm: Normalization, batchSize = 256): Promise<Embeddings> {
  const { width: w, height: h, channels: c } = images, size = w * h * c;
  return embedBatches(
    model,
    images.n,
    batchSize,
    (i, m) => toInputTensor(images.pixels.subarray(i * size, (i + m) * size), m, h, w, c, norm),
  );
}

/** f(x) for images already normalised (n × h × w × c float32, packed), e.g. after a transformation applied to normalised values. */
export function embedNormalised(
  model: Model,
  x: { n: number; height: number; width: number; channels: number; values: Float32Array },
  batchSize = 256,
): Promise<Embeddings> {
  const size = x.height * x.width * x.channels;
  return embedBatches(
    model,
    x.n,
    batchSize,
    (i, m) => tf.tensor4d(x.values.subarray(i * size, (i + m) * size), [m, x.height, x.width, x.channels]),
  );
}

async function embedBatches(
  model: Model,
  n: number,
  batchSize: number,
  input: (i: number, m: number) => tf.Tensor4D,
): Promise<Embeddings> {
  const d = model.embedDim, values = new Float32Array(n * d);
  for (let i = 0; i < n; i += batchSize) {
    const m = Math.min(batchSize, n - i);
    const z = tf.tidy(() => model.embed(input(i, m)));
    values.set(await z.data() as Float32Array, i * d);
    z.dispose();
  }
  return { n, d, values };
}

/** Reads embeddings cached at `path`, or computes and stores them atomically. */
export async function cachedEmbeddings(
  path: string | undefined,
  n: number,
  d: number,
  compute: () => Promise<Embeddings>,
): Promise<Embeddings> {
  if (path) {
    try {
      const bytes = await Deno.readFile(path);
      if (bytes.length === n * d * 4) return { n, d, values: new Float32Array(bytes.slice().buffer) };
    } catch { /* not cached yet */ }
  }
  const e = await compute();
  if (path) await writeFileAtomic(path, new Uint8Array(e.values.buffer, e.values.byteOffset, e.values.byteLength));
  return e;
}
