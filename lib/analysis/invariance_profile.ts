/**
 * Section 3's measurement for one model: for every transformation of the
 * invariance table at every magnitude, the per-sample invariance (Eq. 1) and
 * equivariance (Appendix D) of its embedding over a fixed image set, summarised
 * by quantiles. One fixed, seeded image subset serves every transformation and
 * model (the reference re-drew it per transformation), so models compare directly.
 */
import { applyTransformBatch, type ImageBatch, type Transformation } from "../augment/transforms.ts";
import type { Normalization } from "../data/normalization.ts";
import { equivarianceScores, invarianceScores, quantiles } from "../metrics/invariance.ts";
import { mean } from "../metrics/stats.ts";
import type { Model } from "../models/model.ts";
import { createRng } from "../rng.ts";
import { cachedEmbeddings, embedImages, embedNormalised } from "./embed.ts";
import { applyReferenceOp, REFERENCE_APPEARANCE_OPS, type ReferenceAppearanceOp } from "../augment/reference_ops.ts";
import { normaliseValues } from "../data/normalization.ts";

export interface InvarianceRow {
  model: string;
  transformation: string;
  family: string;
  magnitude: number;
  parameter: string;
  n: number;
  inv_mean: number;
  inv_q05: number;
  inv_q25: number;
  inv_median: number;
  inv_q75: number;
  inv_q95: number;
  eq_mean: number;
  eq_q05: number;
  eq_q25: number;
  eq_median: number;
  eq_q75: number;
  eq_q95: number;
}

export interface ProfileOptions {
  /** Label of the model in the rows. */
  label: string;
  transforms: readonly Transformation[];
  magnitudes?: number[];
  /** Fill of geometric ops (the mean colour, 0 after normalisation). */
  fill: number;
  /** The model's input normalisation (lib/data/normalization.ts). */
  norm: Normalization;
  seed: number;
  /** Folder for cached embeddings (one file per transformation and magnitude). */
  cacheDir?: string;
  onProgress?: (done: number, total: number, what: string) => void | Promise<void>;
  /**
   * How appearance transformations act: "pixel" (default) on the 8-bit image,
   * so magnitude 0 is the identity; "reference" on the normalised values, as
   * the reference code does (lib/augment/reference_ops.ts).
   */
  appearance?: "pixel" | "reference";
  /** Filled with how many images were embedded (not read from the cache) and the seconds spent, for throughput. */
  stats?: { embedded: number; seconds: number };
}

const QS = [0.05, 0.25, 0.5, 0.75, 0.95];

function streamSeed(seed: number, name: string, m: number): number {
  let h = seed * 31 + m;
  for (const ch of name) h = (h * 131 + ch.charCodeAt(0)) % 2147483647;
  return h;
}

/** The batch normalised, then the appearance op applied to each image's normalised values (the reference's order). */
function referenceTransform(images: ImageBatch, op: ReferenceAppearanceOp, value: number, norm: Normalization) {
  const values = normaliseValues(images.pixels, images.channels, norm), size = images.width * images.height * images.channels;
  for (let i = 0; i < images.n; i++) applyReferenceOp(op, value, values.subarray(i * size, (i + 1) * size), images.channels);
  return { n: images.n, height: images.height, width: images.width, channels: images.channels, values };
}

/** Measures one model on `images`; rows per (transformation, magnitude). */
export async function invarianceProfile(model: Model, images: ImageBatch, opts: ProfileOptions): Promise<InvarianceRow[]> {
  const mags = opts.magnitudes ?? Array.from({ length: 10 }, (_, k) => k);
  const d = model.embedDim, n = images.n;
  const file = (name: string) => (opts.cacheDir ? `${opts.cacheDir}/${name}.f32` : undefined);
  const timed = async (f: () => Promise<ReturnType<typeof embedImages> extends Promise<infer E> ? E : never>) => {
    const t0 = performance.now();
    const e = await f();
    if (opts.stats) {
      opts.stats.embedded += e.n;
      opts.stats.seconds += (performance.now() - t0) / 1000;
    }
    return e;
  };
  const base = await cachedEmbeddings(file("identity"), n, d, () => timed(() => embedImages(model, images, opts.norm)));
  const rows: InvarianceRow[] = [];
  const total = opts.transforms.length * mags.length;
  let done = 0;
  for (const t of opts.transforms) {
    const reference = opts.appearance === "reference" && (REFERENCE_APPEARANCE_OPS as readonly string[]).includes(t.name);
    for (const m of mags) {
      const zt = await cachedEmbeddings(
        file(`${t.name}-${m}${reference ? "-reference" : ""}`),
        n,
        d,
        () =>
          timed(() =>
            reference
              ? embedNormalised(model, referenceTransform(images, t.name as ReferenceAppearanceOp, t.values[m], opts.norm))
              : embedImages(model, applyTransformBatch(images, t, m, { fill: opts.fill }), opts.norm)
          ),
      );
      const inv = invarianceScores(base, zt, createRng(streamSeed(opts.seed, t.name, m)));
      const eq = equivarianceScores(base, zt, createRng(streamSeed(opts.seed + 1, t.name, m)));
      const qi = quantiles(inv, QS), qe = quantiles(eq, QS);
      rows.push({
        model: opts.label,
        transformation: t.name,
        family: t.family,
        magnitude: m,
        parameter: t.describe(m),
        n,
        inv_mean: mean(inv),
        inv_q05: qi[0],
        inv_q25: qi[1],
        inv_median: qi[2],
        inv_q75: qi[3],
        inv_q95: qi[4],
        eq_mean: mean(eq),
        eq_q05: qe[0],
        eq_q25: qe[1],
        eq_median: qe[2],
        eq_q75: qe[3],
        eq_q95: qe[4],
      });
      await opts.onProgress?.(++done, total, `${opts.label}: ${t.name} ${m}`);
    }
  }
  return rows;
}
