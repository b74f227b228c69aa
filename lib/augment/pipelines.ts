/**
 * The training pre-processing pipelines of Section 2 (Table 1a, Table 1b,
 * Appendix F), each from a full image to the training crop. Sizes follow the
 * profile: ImageNet Resize(256) → 224, the embedded scale Resize(32) → 28.
 * A pipeline splits sampling from pixels: `sample(rng, w, h)` gives the
 * parameters, `apply(img, params)` the image.
 */
import type { Image8 } from "../image/image.ts";
import type { Rng } from "../rng.ts";
import { centerCrop, crop, hflip, roundHalfEven } from "../image/crop.ts";
import { resize, resizeBox, resizeNoAntialias } from "../image/resize.ts";
import { affine } from "../image/affine.ts";
import { BASE_AREA, drawAngle, drawArea, drawCentre } from "../variation_laws.ts";
import { betaScaleSampler, type CropBox, sampleCropBox, sampleRandomCrop, sampleTranslation } from "./samplers.ts";

export interface Geometry {
  /** Shorter side after Resize in E(·) (256 or 32). */
  resizeTo: number;
  /** Training and evaluation crop (224 or 28). */
  crop: number;
}

export interface PipelineParams {
  box?: CropBox;
  translate?: { tx: number; ty: number };
  flip?: boolean;
  /** A shift (pixels), zoom and rotation (degrees) about the image's centre (sceneFactorPipeline). */
  affine?: { translate: [number, number]; scale: number; angle: number };
}

/** Keys and the paper's names live in the registry (registry.ts); a pipeline only samples and applies. */
export interface Pipeline {
  sample(rng: Rng, width: number, height: number): PipelineParams;
  apply(img: Image8, p: PipelineParams): Image8;
}

/** Samples and applies in one call. */
export function augmentImage(pipe: Pipeline, img: Image8, rng: Rng): Image8 {
  return pipe.apply(img, pipe.sample(rng, img.width, img.height));
}

/** Crop `box` and resize it to size×size with PIL's antialiased bilinear (torchvision's resized_crop on PIL). */
export function resizedCrop(img: Image8, box: CropBox, size: number): Image8 {
  return resizeBox(crop(img, box.top, box.left, box.height, box.width), size, size);
}

/**
 * Moves the content by integer (tx, ty) with black fill: what torchvision's
 * bilinear affine does for integer translations (an exact shift), as a crop.
 */
export function shiftImage(img: Image8, tx: number, ty: number): Image8 {
  if (!Number.isInteger(tx) || !Number.isInteger(ty)) {
    throw new RangeError(`shiftImage: offsets must be integers, got (${tx}, ${ty})`);
  }
  return crop(img, -ty, -tx, img.height, img.width);
}

const resizedShape = (
  w: number,
  h: number,
  s: number,
): [number, number] => (w <= h ? [s, Math.trunc((s * h) / w)] : [Math.trunc((s * w) / h), s]);

export function evalPipeline(g: Geometry): Pipeline {
  return { sample: () => ({}), apply: (img) => centerCrop(resize(img, g.resizeTo), g.crop) };
}

export function rrcPipeline(g: Geometry, opts: { flip?: boolean; beta?: number } = {}): Pipeline {
  const scaleSampler = opts.beta !== undefined ? betaScaleSampler(opts.beta) : undefined;
  return {
    sample: (rng, w, h) => ({ box: sampleCropBox(rng, w, h, { scaleSampler }), flip: opts.flip ? rng.next() < 0.5 : undefined }),
    apply: (img, p) => {
      const out = resizedCrop(img, p.box!, g.crop);
      return p.flip ? hflip(out) : out;
    },
  };
}

export function rsccPipeline(g: Geometry, opts: { keepAspect?: boolean } = {}): Pipeline {
  return {
    sample: (rng, w, h) => ({ box: sampleCropBox(rng, w, h, { centred: true, ratio: opts.keepAspect ? [1, 1] : undefined }) }),
    apply: (img, p) => resizedCrop(img, p.box!, g.crop),
  };
}

export function fixedSizeRandomCropPipeline(g: Geometry): Pipeline {
  return {
    sample: (rng, w, h) => {
      const [rw, rh] = resizedShape(w, h, g.resizeTo);
      return { box: sampleRandomCrop(rng, rw, rh, g.crop) };
    },
    apply: (img, p) => crop(resize(img, g.resizeTo), p.box!.top, p.box!.left, g.crop, g.crop),
  };
}

/** T.(f): Resize → translate by up to ±f of the resized size (black fill) → CenterCrop. */
export function translatePipeline(g: Geometry, fraction = 0.3): Pipeline {
  return {
    sample: (rng, w, h) => {
      const [rw, rh] = resizedShape(w, h, g.resizeTo);
      return { translate: sampleTranslation(rng, rw, rh, fraction) };
    },
    apply: (img, p) => centerCrop(shiftImage(resize(img, g.resizeTo), p.translate!.tx, p.translate!.ty), g.crop),
  };
}

/**
 * T.(f)+RSCC: translate the full image → random-size centre crop → resize to
 * the crop size *without antialiasing* (the reference resizes a tensor here).
 */
export function translateRsccPipeline(g: Geometry, opts: { fraction?: number; keepAspect?: boolean } = {}): Pipeline {
  const f = opts.fraction ?? 0.3;
  return {
    sample: (rng, w, h) => ({
      translate: sampleTranslation(rng, w, h, f),
      box: sampleCropBox(rng, w, h, { centred: true, ratio: opts.keepAspect ? [1, 1] : undefined }),
    }),
    apply: (img, p) => {
      const moved = shiftImage(img, p.translate!.tx, p.translate!.ty);
      const b = p.box!;
      return resizeNoAntialias(crop(moved, b.top, b.left, b.height, b.width), g.crop, g.crop);
    },
  };
}

/**
 * Appendix G's comparisons, "with FixedSizeCenterCrop pre-processing": E(·)
 * first, then a translation by up to `fraction` of the crop (black fill, no
 * crop after: key T2), and with `rscc` a random-size centred square crop of
 * the translated crop, resized back without antialiasing (the reference works
 * on the tensor here: key CCTSnoAR).
 */
export function centreCropTranslatePipeline(g: Geometry, opts: { fraction?: number; rscc?: boolean } = {}): Pipeline {
  const f = opts.fraction ?? 0.3;
  return {
    sample: (rng) => ({
      translate: sampleTranslation(rng, g.crop, g.crop, f),
      box: opts.rscc ? sampleCropBox(rng, g.crop, g.crop, { centred: true, ratio: [1, 1] }) : undefined,
    }),
    apply: (img, p) => {
      const moved = shiftImage(centerCrop(resize(img, g.resizeTo), g.crop), p.translate!.tx, p.translate!.ty);
      if (!p.box) return moved;
      const b = p.box;
      return resizeNoAntialias(crop(moved, b.top, b.left, b.height, b.width), g.crop, g.crop);
    },
  };
}

/** Appendix F: E(·) then a centred square crop of area s ~ U(1/m², 1), resized back (PIL). */
export function growingZoomPipeline(g: Geometry, m: number): Pipeline {
  if (!(m >= 1)) throw new RangeError(`maximal size increase m must be ≥ 1, got ${m}`);
  return {
    sample: (rng) => {
      const side = roundHalfEven(g.crop * Math.sqrt(rng.uniform(1 / (m * m), 1)));
      const off = Math.floor((g.crop - side) / 2);
      return { box: { top: off, left: off, height: side, width: side } };
    },
    apply: (img, p) => resizedCrop(centerCrop(resize(img, g.resizeTo), g.crop), p.box!, g.crop),
  };
}

/** A geometric factor's law as scene knobs write it (lib/variation_laws.ts); an absent factor does not vary. */
export interface FactorLaw {
  /** sd of the centre, fraction of the side. */
  position?: number;
  /** Area range of the object's box, relative to the frame; the object is assumed drawn at BASE_AREA. */
  scale?: readonly [number, number];
  /** Largest angle, degrees. */
  rotation?: number;
}

/**
 * Augmentation along the factors of a scene (notebook 07): the frame is
 * shifted, zoomed and rotated about its centre by draws from the same laws
 * the generator places objects with, so that an object drawn centred at
 * BASE_AREA lands where the generator would have put it. Unlike the data,
 * the whole frame moves (background included) and the uncovered border is
 * black, as RandomAffine's default fill. Shifts are whole pixels (the
 * generator places objects on whole pixels). Then E(·)'s centre crop.
 */
export function sceneFactorPipeline(g: Geometry, law: FactorLaw): Pipeline {
  return {
    sample: (rng, w, h) => {
      const area = law.scale ? drawArea(rng, law.scale) : BASE_AREA, angle = drawAngle(rng, law.rotation ?? 0);
      const cx = drawCentre(rng, law.position ?? 0), cy = drawCentre(rng, law.position ?? 0);
      const [rw, rh] = resizedShape(w, h, g.resizeTo);
      return {
        affine: {
          translate: [Math.round((cx - 0.5) * rw), Math.round((cy - 0.5) * rh)],
          scale: Math.sqrt(area / BASE_AREA),
          angle,
        },
      };
    },
    apply: (img, p) => centerCrop(affine(resize(img, g.resizeTo), p.affine!, { fill: 0, explicitFill: true }), g.crop),
  };
}
