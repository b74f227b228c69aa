/**
 * Throughput of every augmentation, per image and batched, on 28×28 grey and
 * 224×224 RGB images (`deno task bench augment`).
 */
import {
  applyTransform,
  applyTransformBatch,
  type ImageBatch,
  INVARIANCE_TRANSFORMS,
  POOL_OPS,
  POOL_SINGLES,
  type Transformation,
} from "../augment/transforms.ts";
import { augmentImage } from "../augment/pipelines.ts";
import { augmentation, pipelineByKey, TABLE_1A_KEYS } from "../augment/registry.ts";
import type { Image8 } from "../image/image.ts";
import { createRng } from "../rng.ts";
import { measureRate } from "./timing.ts";

export interface AugmentBenchRow {
  table: string;
  transformation: string;
  size: string;
  perImage: number;
  batched: number | null;
}

function syntheticBatch(n: number, w: number, h: number, ch: 1 | 3, seed: number): ImageBatch {
  const rng = createRng(seed), pixels = new Uint8Array(n * w * h * ch);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (rng.next() * 256) | 0;
  return { n, width: w, height: h, channels: ch, pixels };
}

/** Measures each transformation (at magnitude 5, or its pool entry) and each Table 1a pipeline. */
export async function benchAugment(
  opts: { sizes?: [number, 1 | 3][]; minMs?: number; onRow?: (r: AugmentBenchRow) => void } = {},
): Promise<AugmentBenchRow[]> {
  const rows: AugmentBenchRow[] = [];
  const sizes = opts.sizes ?? [[28, 1], [224, 3]];
  const minMs = opts.minMs ?? 300;
  const push = (r: AugmentBenchRow) => {
    rows.push(r);
    opts.onRow?.(r);
  };
  for (const [s, ch] of sizes) {
    const n = s <= 32 ? 2000 : 32;
    const batch = syntheticBatch(n, s, s, ch, 1);
    const one: Image8 = { width: s, height: s, channels: ch, data: batch.pixels.subarray(0, s * s * ch) };
    const rng = createRng(0);
    const entries: [string, Transformation, number][] = [
      ...INVARIANCE_TRANSFORMS.map((t) => ["invariance", t, 5] as [string, Transformation, number]),
      ...POOL_OPS.map((op) => ["pool", POOL_SINGLES.filter((e) => e.op === op).at(-1)!, 0] as [string, Transformation, number]),
    ];
    for (const [table, t, k] of entries) {
      const perImage = await measureRate(() => applyTransform(one, t, k, { fill: 0, sign: 1 }), 1, minMs / 3);
      const batched = await measureRate(() => applyTransformBatch(batch, t, k, { fill: 0, rng }), n, minMs);
      push({
        table,
        transformation: table === "pool" ? (t as unknown as { op: string }).op : t.name,
        size: `${s}×${s}×${ch}`,
        perImage,
        batched,
      });
    }
    const g = s <= 32 ? { resizeTo: 32, crop: 28 } : { resizeTo: 256, crop: 224 };
    for (const key of TABLE_1A_KEYS) {
      const p = pipelineByKey(key, g);
      const perImage = await measureRate(() => augmentImage(p, one, rng), 1, minMs);
      push({
        table: "Table 1a pipeline",
        transformation: augmentation(key).name,
        size: `${s}×${s}×${ch}`,
        perImage,
        batched: null,
      });
    }
  }
  return rows;
}
