/**
 * A decode worker of the streaming input pipeline (lib/data/stream.ts): reads
 * one original image file, decodes it (libjpeg-turbo where installed) and
 * applies the epoch's augmentation with the image's own seed, then hands the
 * crop back without copying. Unreadable files come back as an error naming
 * the file; the main thread applies the onCorrupt rule.
 */
/// <reference lib="deno.worker" />
import { perClassAugmenter } from "../augment/per_class.ts";
import { pipelineByKey } from "../augment/registry.ts";
import { ImageReadError, readImage } from "../image/image.ts";
import { createRng } from "../rng.ts";
import type { DecodeJob, DecodeReply } from "./stream.ts";

const pipelines = new Map<string, (job: DecodeJob, img: Awaited<ReturnType<typeof readImage>>) => Uint8Array>();

function pipelineFor(job: DecodeJob) {
  const key = JSON.stringify([job.augment, job.geometry, job.classAugment ?? null]);
  let run = pipelines.get(key);
  if (!run) {
    const pipeline = pipelineByKey(job.augment, job.geometry);
    const perClass = job.classAugment ? perClassAugmenter(job.classAugment) : undefined;
    run = (j, img) => {
      const rng = createRng(j.seed);
      const out = pipeline.apply(img, pipeline.sample(rng, img.width, img.height));
      const final = perClass ? perClass(out, j.label, rng) : out;
      if (final.width !== j.geometry.crop || final.height !== j.geometry.crop) {
        throw new Error(`${j.augment} gave ${final.width}×${final.height}, not the ${j.geometry.crop}-pixel crop`);
      }
      return final.data.slice();
    };
    pipelines.set(key, run);
  }
  return run;
}

self.onmessage = async (e: MessageEvent<DecodeJob>) => {
  const job = e.data;
  let reply: DecodeReply;
  try {
    const img = await readImage(job.path, { grey: job.grey });
    const pixels = pipelineFor(job)(job, img);
    reply = { id: job.id, pixels };
    self.postMessage(reply, [pixels.buffer]);
    return;
  } catch (err) {
    reply = {
      id: job.id,
      error: err instanceof Error ? err.message : String(err),
      unreadable: err instanceof ImageReadError,
    };
  }
  self.postMessage(reply);
};
