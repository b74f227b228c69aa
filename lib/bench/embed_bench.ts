/**
 * `deno task bench embed`: the embedding pass of Sections 3 and 4 end to end
 * (every transformation of the invariance table at every magnitude, applied
 * to the images, then embedded) against the model bench's inference rate for
 * the same model and batch (256). The two alternate in one process, so that
 * load on a shared machine hits both; the median of each and their ratio.
 * Untrained models of the profile (speed does not depend on the weights).
 */
import { median } from "../metrics/stats.ts";
import { imagesFor } from "../analysis/image_set.ts";
import { invarianceProfile } from "../analysis/invariance_profile.ts";
import { INVARIANCE_TRANSFORMS } from "../augment/transforms.ts";
import { datasetNormalization } from "../data/normalization.ts";
import { createModel } from "../models/create.ts";
import type { Profile } from "../profile.ts";
import { profileModelConfig } from "../train/presets.ts";
import { benchModelRates } from "./models_bench.ts";

export interface EmbedBenchRow {
  model: string;
  images: number;
  "embedding pass img/s": number;
  "bench inference img/s": number;
  /** Median of the pass rates over the median of the inference rates. */
  "pass / inference": number;
  pairs: number;
}

export async function benchEmbedding(
  profile: Profile,
  opts: { images?: number; pairs?: number; onProgress?: (line: string) => void } = {},
): Promise<EmbedBenchRow[]> {
  const n = opts.images ?? 500, pairs = opts.pairs ?? 3, log = opts.onProgress ?? (() => {});
  const { images, fill } = await imagesFor(profile.data, n, profile.dataSeed);
  const norm = datasetNormalization(profile.data);
  const rows: EmbedBenchRow[] = [];
  for (const family of ["resnet", "vit"] as const) {
    const config = profileModelConfig(profile, family, 10, images.channels);
    const name = `${
      family === "resnet" ? "ResNet" : "ViT"
    } of the ${profile.name} profile, ${images.width}×${images.height}×${images.channels}`;
    const model = createModel(config, 0);
    const pass: number[] = [], infer: number[] = [];
    try {
      for (let p = 0; p < pairs; p++) {
        const stats = { embedded: 0, seconds: 0 };
        await invarianceProfile(model, images, { label: name, transforms: INVARIANCE_TRANSFORMS, fill, norm, seed: 0, stats });
        pass.push(stats.embedded / stats.seconds);
        infer.push((await benchModelRates([{ name, config, batch: 256 }], { minSeconds: 2 }))[0].infer);
        log(`  ${name}, pair ${p + 1}/${pairs}: pass ${pass[p].toFixed(0)} img/s, inference ${infer[p].toFixed(0)} img/s`);
      }
    } finally {
      model.dispose();
    }
    rows.push({
      model: name,
      images: images.n,
      "embedding pass img/s": Math.round(median(pass)),
      "bench inference img/s": Math.round(median(infer)),
      "pass / inference": +(median(pass) / median(infer)).toFixed(2),
      pairs,
    });
  }
  return rows;
}
