/**
 * Where a run's training images come from, one epoch at a time, already
 * augmented: the trainer asks for the batches of an epoch's order and never
 * knows whether the images sit in memory (embedded and generated sets) or are
 * streamed from the original files of a folder by parallel workers
 * (lib/data/stream.ts).
 */
import { type ClassTransformSets, perClassAugmenter } from "../augment/per_class.ts";
import type { Geometry } from "../augment/pipelines.ts";
import { type AugmentKey, pipelineByKey } from "../augment/registry.ts";
import type { Rng } from "../rng.ts";
import { type ClassInfo, type Dataset, getImage } from "./dataset.ts";
import type { SkippedFile } from "./folder.ts";

/** One batch of augmented training images at the crop size. */
export interface TrainBatch {
  /** count·crop·crop·channels bytes, image after image. */
  pixels: Uint8Array;
  labels: Int32Array;
  /** Images in the batch: fewer than asked when corrupt files were skipped. */
  count: number;
}

/** What one epoch needs: the augmentation, the order of the images and the epoch's randomness. */
export interface EpochRequest {
  augment: AugmentKey;
  geometry: Geometry;
  classAugment?: ClassTransformSets;
  /** Indices into the source, in the order they are visited. */
  order: Int32Array;
  batchSize: number;
  /** The epoch's generator. The in-memory source draws every augmentation from it in order. */
  rng: Rng;
  /**
   * The epoch's seed. The streaming source seeds each image by (epochSeed, position) instead,
   * so its result does not depend on how many workers decode in parallel.
   */
  epochSeed: number;
}

export interface TrainSource {
  n: number;
  channels: 1 | 3;
  labels: Int32Array;
  classes: ClassInfo[];
  /** How the images are read, for logs and run information. */
  describe: string;
  /** The epoch's batches in order; the last may be short. */
  batches(req: EpochRequest): AsyncGenerator<TrainBatch>;
  /** Files skipped as unreadable so far (each reported once). */
  skipped: SkippedFile[];
  /** Stops any decode workers (a later epoch starts them again). */
  close(): void;
}

/**
 * The seed of the image at `position` of an epoch seeded `epochSeed`
 * (streamed sources): a 32-bit mix, so neighbouring positions get unrelated
 * streams.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(sampleSeed(5, 3), sampleSeed(5, 3));
 * assert.notEqual(sampleSeed(5, 3), sampleSeed(5, 4));
 * ```
 */
export function sampleSeed(epochSeed: number, position: number): number {
  let h = (Math.imul(epochSeed >>> 0, 0x9e3779b1) ^ Math.floor(epochSeed / 2 ** 32)) >>> 0;
  h = Math.imul(h ^ (position >>> 0), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A source over images held in memory at the size the pipelines start from. */
export function inMemorySource(ds: Dataset): TrainSource {
  return {
    n: ds.n,
    channels: ds.channels,
    labels: ds.labels,
    classes: ds.classes,
    describe: `${ds.n} images in memory`,
    skipped: [],
    close() {},
    async *batches(req) {
      const pipeline = pipelineByKey(req.augment, req.geometry);
      const perClass = req.classAugment ? perClassAugmenter(req.classAugment) : undefined;
      const size = req.geometry.crop * req.geometry.crop * ds.channels;
      for (let s = 0; s * req.batchSize < req.order.length; s++) {
        const idx = req.order.subarray(s * req.batchSize, Math.min(req.order.length, (s + 1) * req.batchSize));
        const pixels = new Uint8Array(idx.length * size);
        const labels = new Int32Array(idx.length);
        idx.forEach((i, k) => {
          const img = getImage(ds, i);
          const out = pipeline.apply(img, pipeline.sample(req.rng, img.width, img.height));
          pixels.set((perClass ? perClass(out, ds.labels[i], req.rng) : out).data, k * size);
          labels[k] = ds.labels[i];
        });
        yield { pixels, labels, count: idx.length };
      }
    },
  };
}
