/**
 * Runs Section 4's similarity search for one model: same-class training
 * pairs, the second image of each pair transformed by every single
 * transformation of the pool (63) and every sub-policy (49), Eq. 2 per pair,
 * aggregated per (class, transformation). Embeddings are cached per model
 * and transformation, so a notebook re-executes in seconds.
 */
import { applySubPolicy, applyTransformBatch, type ImageBatch, POOL_SINGLES, POOL_SUBPOLICIES } from "../augment/transforms.ts";
import type { Normalization } from "../data/normalization.ts";
import type { Dataset } from "../data/dataset.ts";
import { getImage } from "../data/dataset.ts";
import { evalPreprocess } from "../data/folder.ts";
import { loadTrainingImages } from "../data/load.ts";
import { aggregateChanges, pairChanges, referencePairs, type SearchRow } from "../metrics/similarity_search.ts";
import type { Model } from "../models/model.ts";
import type { Profile } from "../profile.ts";
import { createRng } from "../rng.ts";
import { cachedEmbeddings, embedImages } from "./embed.ts";

export interface SearchPairs {
  /** First and second images of every pair, packed, pair after pair (same order). */
  first: ImageBatch;
  second: ImageBatch;
  /** Class index of each pair. */
  label: Int32Array;
  classes: Dataset["classes"];
}

/**
 * The pairs of the profile's data: a seeded class-balanced subset of
 * 2·maxPairs training images per class (fewer if the split has fewer), after
 * E(·), paired as the reference pairs neighbouring files.
 */
export async function searchPairs(profile: Profile, maxPairs: number): Promise<SearchPairs> {
  const p = profile.data;
  const stored = await loadTrainingImages(p, { perClass: 2 * maxPairs, seed: profile.dataSeed, onCorrupt: "skip" });
  const size0 = p.crop * p.crop * stored.channels;
  const pixels = new Uint8Array(stored.n * size0);
  for (let i = 0; i < stored.n; i++) pixels.set(evalPreprocess(getImage(stored, i), p).data, i * size0);
  const ds: Dataset = { ...stored, height: p.crop, width: p.crop, pixels };
  const pairs: [number, number, number][] = [];
  for (let c = 0; c < ds.classes.length; c++) {
    const idx: number[] = [];
    for (let i = 0; i < ds.n; i++) if (ds.labels[i] === c) idx.push(i);
    for (const [a, b] of referencePairs(idx, maxPairs)) pairs.push([a, b, c]);
  }
  const size = ds.height * ds.width * ds.channels;
  const pack = (k: 0 | 1): ImageBatch => {
    const px = new Uint8Array(pairs.length * size);
    pairs.forEach((pr, i) => px.set(ds.pixels.subarray(pr[k] * size, (pr[k] + 1) * size), i * size));
    return { n: pairs.length, width: ds.width, height: ds.height, channels: ds.channels, pixels: px };
  };
  return { first: pack(0), second: pack(1), label: Int32Array.from(pairs, (p) => p[2]), classes: ds.classes };
}

export interface SearchOptions {
  /** The model's input normalisation (lib/data/normalization.ts). */
  norm: Normalization;
  /** Folder for cached embeddings of this model (one file per transformation). */
  cacheDir?: string;
  seed?: number;
  onProgress?: (done: number, total: number, what: string) => void;
}

export interface SearchResult {
  singles: (SearchRow & { index: number })[];
  subpolicies: SearchRow[];
  /** Images embedded now (0 when everything came from the cache) and the seconds it took. */
  embedded: number;
  seconds: number;
}

function rowsFor(
  pairs: SearchPairs,
  sim0: Float64Array,
  delta: Float64Array,
  transform: string,
  op: string,
  family: string,
): SearchRow[] {
  return pairs.classes.map((c, k) => {
    const s: number[] = [], d: number[] = [];
    for (let i = 0; i < pairs.label.length; i++) {
      if (pairs.label[i] === k) {
        s.push(sim0[i]);
        d.push(delta[i]);
      }
    }
    return { class: c.name, transform, op, family, ...aggregateChanges(s, d) };
  });
}

/** The whole search for one model. Signs σ of the pool ops are drawn per image from a seeded generator. */
export async function similaritySearch(model: Model, pairs: SearchPairs, opts: SearchOptions): Promise<SearchResult> {
  const n = pairs.first.n, d = model.embedDim;
  const file = (name: string) => (opts.cacheDir ? `${opts.cacheDir}/${name.replace(/[^A-Za-z0-9]+/g, "_")}.f32` : undefined);
  let embedded = 0, seconds = 0;
  const embed = (name: string, make: () => ImageBatch) =>
    cachedEmbeddings(file(name), n, d, async () => {
      const t0 = performance.now();
      const z = await embedImages(model, make(), opts.norm);
      embedded += n;
      seconds += (performance.now() - t0) / 1000;
      return z;
    });
  const z1 = await embed("first", () => pairs.first), z2 = await embed("second", () => pairs.second);
  const total = POOL_SINGLES.length + POOL_SUBPOLICIES.length;
  const singles: (SearchRow & { index: number })[] = [];
  for (const [i, t] of POOL_SINGLES.entries()) {
    const rng = createRng((opts.seed ?? 0) * 7919 + i);
    const zt = await embed(`single ${t.name}`, () => applyTransformBatch(pairs.second, t, 0, { rng }));
    const { sim0, delta } = pairChanges(z1, z2, zt);
    singles.push(...rowsFor(pairs, sim0, delta, t.name, t.op, t.family).map((r) => ({ ...r, index: t.index })));
    opts.onProgress?.(i + 1, total, t.name);
  }
  const subpolicies: SearchRow[] = [];
  for (const [i, sp] of POOL_SUBPOLICIES.entries()) {
    const rng = createRng((opts.seed ?? 0) * 7919 + 1000 + i);
    const zt = await embed(`sub ${sp.name}`, () => {
      const src = pairs.second, size = src.width * src.height * src.channels, px = new Uint8Array(src.pixels.length);
      for (let k = 0; k < src.n; k++) {
        px.set(
          applySubPolicy(
            { width: src.width, height: src.height, channels: src.channels, data: src.pixels.subarray(k * size, (k + 1) * size) },
            sp,
            rng,
          ).data,
          k * size,
        );
      }
      return { ...src, pixels: px };
    });
    const { sim0, delta } = pairChanges(z1, z2, zt);
    subpolicies.push(...rowsFor(pairs, sim0, delta, sp.name, `${sp.first.op}+${sp.second.op}`, sp.family));
    opts.onProgress?.(POOL_SINGLES.length + i + 1, total, sp.name);
  }
  return { singles, subpolicies, embedded, seconds };
}
