/**
 * Crop and translation samplers with torchvision 0.9's algorithms. Each takes
 * the random source explicitly and returns plain parameters, so a run is
 * reproducible and one draw can be shown on many images.
 */
import type { Rng } from "../rng.ts";
import { roundHalfEven } from "../image/crop.ts";

export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** Draws the area fraction s of a crop. */
export type ScaleSampler = (rng: Rng) => number;

export interface CropSamplerOptions {
  /** Area-fraction range; default [0.08, 1]. */
  scale?: [number, number];
  /** Aspect-ratio (w/h) range, sampled log-uniformly; default [3/4, 4/3]. [1, 1] keeps squares. */
  ratio?: [number, number];
  /** Replaces s ~ U(scale) (e.g. a Beta law for Section 2.2). */
  scaleSampler?: ScaleSampler;
}

/**
 * RandomResizedCrop's box for a W×H image: up to 10 tries of s ~ U(scale),
 * r = exp(U(ln ratio)), w = round(√(s·A·r)), h = round(√(s·A/r)); accepted
 * if it fits, at a uniform position (or centred when `centred`); otherwise
 * the centre-crop fallback. `centred: true` is RandomSizeCenterCrop.
 */
export function sampleCropBox(
  rng: Rng,
  width: number,
  height: number,
  opts: CropSamplerOptions & { centred?: boolean } = {},
): CropBox {
  const [smin, smax] = opts.scale ?? [0.08, 1];
  const [rmin, rmax] = opts.ratio ?? [3 / 4, 4 / 3];
  const area = width * height;
  const lr0 = Math.log(rmin), lr1 = Math.log(rmax);
  for (let t = 0; t < 10; t++) {
    const s = opts.scaleSampler ? opts.scaleSampler(rng) : rng.uniform(smin, smax);
    const r = Math.exp(rng.uniform(lr0, lr1));
    const w = roundHalfEven(Math.sqrt(area * s * r));
    const h = roundHalfEven(Math.sqrt((area * s) / r));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      if (opts.centred) return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
      return { top: rng.int(0, height - h), left: rng.int(0, width - w), height: h, width: w };
    }
  }
  const inRatio = width / height;
  let w: number, h: number;
  if (inRatio < rmin) {
    w = width;
    h = roundHalfEven(w / rmin);
  } else if (inRatio > rmax) {
    h = height;
    w = roundHalfEven(h * rmax);
  } else {
    w = width;
    h = height;
  }
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

/** RandomCrop(size): top uniform on 0…H−h, left on 0…W−w. */
export function sampleRandomCrop(rng: Rng, width: number, height: number, size: number): CropBox {
  if (size > width || size > height) throw new RangeError(`random crop of ${size} does not fit a ${width}×${height} image`);
  return { top: rng.int(0, height - size), left: rng.int(0, width - size), height: size, width: size };
}

/** RandomAffine(translate=(f, f)) offsets: tx = round(U(−f·W, f·W)), ty likewise, integers. */
export function sampleTranslation(rng: Rng, width: number, height: number, fraction: number): { tx: number; ty: number } {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`translation fraction must be in [0, 1], got ${fraction}`);
  const mx = fraction * width, my = fraction * height;
  return { tx: roundHalfEven(rng.uniform(-mx, mx)), ty: roundHalfEven(rng.uniform(-my, my)) };
}

/**
 * Section 2.2's scale law: s = lo + (hi − lo)·B with B ~ Beta(α = 1, β),
 * drawn by inverse CDF (B = 1 − U^{1/β}). β = 1 is RandomResizedCrop's uniform law.
 */
export function betaScaleSampler(beta: number, range: [number, number] = [0.08, 1]): ScaleSampler {
  if (!(beta > 0)) throw new RangeError(`beta must be positive, got ${beta}`);
  const [lo, hi] = range;
  return (rng) => lo + (hi - lo) * (1 - Math.pow(1 - rng.next(), 1 / beta));
}
