/**
 * Appendix F (Fig. A7): accuracy on validation images augmented by a
 * RandomSizeCenterCrop of growing strength. After E(·), a centred square of
 * area fraction s ~ U(1/m², 1) is cropped and resized back, so objects grow
 * by up to m per axis; m runs over linspace(1, 6, 15). Accuracy is averaged
 * over test seeds, then over training seeds (mean ± SEM) by the caller.
 */
import { growingZoomPipeline, resizedCrop } from "../augment/pipelines.ts";
import { getImage } from "../data/dataset.ts";
import type { Model } from "../models/model.ts";
import { readJsonIfExists, writeJsonAtomic } from "../results/atomic.ts";
import { createRng } from "../rng.ts";
import { loadRunData } from "../train/data.ts";
import { evaluate, type TrainConfig } from "../train/trainer.ts";

/** m = 1, 1.357, …, 6 (the reference's scale_mag 0…14). */
export const GROWING_ZOOM_M: number[] = Array.from({ length: 15 }, (_, i) => 1 + (5 * i) / 14);

export interface ZoomAccuracy {
  m: number;
  /** Top-1 averaged over test seeds. */
  top1: number;
  /** Per test seed. */
  bySeed: number[];
  perClass: number[];
}

/** One model's accuracy at every m, on its run's test images (already at E(·)). */
export async function growingZoomAccuracy(
  model: Model,
  config: TrainConfig,
  opts: { ms?: number[]; testSeeds?: number[] } = {},
): Promise<ZoomAccuracy[]> {
  const data = await loadRunData(config.data);
  const g = { resizeTo: config.data.resizeTo, crop: config.data.crop };
  const ms = opts.ms ?? GROWING_ZOOM_M, seeds = opts.testSeeds ?? [0, 1, 2];
  const { test } = data;
  const per = test.height * test.width * test.channels;
  const out: ZoomAccuracy[] = [];
  for (const [mi, m] of ms.entries()) {
    const pipe = growingZoomPipeline(g, m);
    const bySeed: number[] = [];
    const classSums = new Array(test.classes.length).fill(0);
    for (const seed of seeds) {
      const rng = createRng(10_007 * seed + 101 * mi + 3);
      const pixels = new Uint8Array(test.n * per);
      for (let i = 0; i < test.n; i++) {
        const img = getImage(test, i);
        const { box } = pipe.sample(rng, img.width, img.height);
        pixels.set(resizedCrop(img, box!, g.crop).data, i * per);
      }
      const ev = await evaluate(model, { ...data, test: { ...test, pixels } });
      bySeed.push(ev.top1);
      ev.perClass.forEach((a, c) => (classSums[c] += a / seeds.length));
    }
    out.push({ m, top1: bySeed.reduce((a, b) => a + b, 0) / bySeed.length, bySeed, perClass: classSums });
  }
  return out;
}

/** Cached per run key under `path` (a JSON file keyed by run). */
export async function cachedGrowingZoom(
  path: string,
  runKey: string,
  compute: () => Promise<ZoomAccuracy[]>,
): Promise<ZoomAccuracy[]> {
  const all = (await readJsonIfExists<Record<string, ZoomAccuracy[]>>(path)) ?? {};
  if (all[runKey]) return all[runKey];
  all[runKey] = await compute();
  await writeJsonAtomic(path, all);
  return all[runKey];
}
