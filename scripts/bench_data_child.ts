/**
 * One timed epoch of the streaming input pipeline for `deno task bench data`:
 * RandomResizedCrop(224) + flip from the original JPEGs, decoded by N workers,
 * normalised into input tensors as the trainer does. Prints one JSON line:
 * the whole epoch, the time to the first batch (the workers' start-up), and
 * the steady part after it.
 *
 *   deno run -A scripts/bench_data_child.ts <folder root> <workers> <batch>
 */
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../lib/backend.ts";
import { indexImageFolder } from "../lib/data/folder.ts";
import { IMAGENET_NORMALIZATION, toInputTensor } from "../lib/data/normalization.ts";
import { streamingSource } from "../lib/data/stream.ts";
import { nativeJpeg } from "../lib/image/jpeg_native.ts";
import { createRng } from "../lib/rng.ts";

const [root, workers, batch] = [Deno.args[0], Number(Deno.args[1]), Number(Deno.args[2])];
await selectBackend({ prefer: "cpu", quiet: true });
const index = await indexImageFolder(root, "train", { wordnetNames: false });
const src = streamingSource(index.files, index.classes, { workers });
const rng = createRng(0);
const order = rng.permutation(src.n);
const t0 = performance.now();
let images = 0, first = 0, firstAt = 0;
for await (
  const b of src.batches({ augment: "HC", geometry: { resizeTo: 256, crop: 224 }, order, batchSize: batch, rng, epochSeed: 1 })
) {
  const x = toInputTensor(b.pixels, b.count, 224, 224, 3, IMAGENET_NORMALIZATION);
  tf.dispose(x);
  images += b.count;
  if (!firstAt) [first, firstAt] = [b.count, performance.now()];
}
const end = performance.now();
src.close();
console.log(JSON.stringify({
  images,
  seconds: (end - t0) / 1000,
  firstBatchSeconds: (firstAt - t0) / 1000,
  steadyImages: images - first,
  steadySeconds: (end - firstAt) / 1000,
  decoder: nativeJpeg()?.source ?? "imagescript",
}));
