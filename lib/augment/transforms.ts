/**
 * Named transformations at magnitudes, as data: the invariance table of
 * Section 3 (13 transformations × magnitudes 0…9) and the similarity-search
 * pool of Section 4 (AutoAugment-derived operations, 63 singles and 49
 * sub-policies), each labelled geometric or appearance.
 *
 * A transformation is *compiled* for an image size and magnitude into a
 * kernel `(src, dst) => void` over one image's bytes; the per-image and the
 * batched paths both run that kernel, so they give the same pixels.
 */
import type { Image8 } from "../image/image.ts";
import { createRng, type Rng } from "../rng.ts";
import { affinePlan, applyBilinearPlan, applyPilPlan, inverseAffineMatrix, pilPlan, pilRotateCoeffs } from "../image/affine.ts";
import { adjustBrightness, adjustContrast, adjustSaturation, adjustSharpness } from "../image/enhance.ts";
import { autocontrast, equalize, invert, posterizeLut, solarizeLut } from "../image/pixel.ts";

export type Family = "geometric" | "appearance";

/** One image's bytes in, one image's bytes out (same size). */
export type Kernel = (src: Uint8Array, dst: Uint8Array) => void;

export interface CompileContext {
  width: number;
  height: number;
  channels: 1 | 3;
  /** Fill for uncovered pixels of the invariance table's geometric ops (the mean colour; 0 if not given). */
  fill?: number;
  /** The random sign σ = ±1 of a pool op (drawn per image by `sampleSign`). */
  sign?: 1 | -1;
}

export interface Transformation {
  name: string;
  family: Family;
  /** The parameter at each magnitude index, in the units `describe` names. */
  values: readonly number[];
  describe(index: number): string;
  /** Whether the op draws a random sign per image (AutoAugment's σ). */
  randomSign?: boolean;
  compile(index: number, ctx: CompileContext): Kernel;
}

/** Wraps an Image8 → Image8 function as a kernel. */
function imageKernel(ctx: CompileContext, fn: (img: Image8) => Image8): Kernel {
  return (src, dst) => dst.set(fn({ width: ctx.width, height: ctx.height, channels: ctx.channels, data: src }).data);
}

function lutKernel(lut: Uint8Array): Kernel {
  return (src, dst) => {
    for (let i = 0; i < src.length; i++) dst[i] = lut[src[i]];
  };
}

function affineKernel(ctx: CompileContext, p: Parameters<typeof affinePlan>[2]): Kernel {
  const plan = affinePlan(ctx.width, ctx.height, p);
  return (src, dst) => applyBilinearPlan(plan, src, dst, ctx.channels, ctx.fill ?? 0);
}

function pilKernel(ctx: CompileContext, coeffs: number[], resample: "nearest" | "bicubic", fill: number): Kernel {
  const plan = pilPlan(ctx.width, ctx.height, coeffs, resample);
  return (src, dst) => applyPilPlan(plan, src, dst, ctx.channels, [fill]);
}

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
/** The reference's sign-alternating tables: the union of two linspaces, sorted by |value| (stable). */
const unionByMagnitude = (xs: number[]) =>
  [...new Set(xs)].map((v, i) => [v, i] as const).sort((a, b) => Math.abs(a[0]) - Math.abs(b[0]) || a[1] - b[1]).map(([v]) => v);

// ---------------------------------------------------------------------------------------------
// Section 3: the invariance table.

// linspace(0, 180, 5) ∪ linspace(−135, 0, 6) by |value|; the reference's set order puts −135 before 135.
const ROTATE_DEG = [0, -27, 45, -54, -81, 90, -108, -135, 135, 180];
const SHEAR_DEG = unionByMagnitude([...linspace(0, 91, 5), ...linspace(0, -89, 6)]);
const TEN = Array.from({ length: 10 }, (_, k) => k);

function inv(
  name: string,
  family: Family,
  values: number[],
  describe: (v: number) => string,
  compile: (v: number, ctx: CompileContext) => Kernel,
): Transformation {
  if (values.length !== 10) throw new Error(`${name}: the invariance table has 10 magnitudes, got ${values.length}`);
  return { name, family, values, describe: (k) => describe(values[k]), compile: (k, ctx) => compile(values[k], ctx) };
}

/**
 * The 13 transformations of Section 3 with their magnitude tables (index 0…9).
 * Translations are fractions of the image side (k/9); geometric ops fill with
 * `ctx.fill` (the mean colour, i.e. 0 after normalisation, as the reference);
 * appearance ops act in pixel space, so magnitude 0 is the identity.
 */
export const INVARIANCE_TRANSFORMS: readonly Transformation[] = [
  inv("shearX", "geometric", SHEAR_DEG, (v) => `${v.toFixed(1)}°`, (v, c) => affineKernel(c, { shear: [v, 0] })),
  inv("shearY", "geometric", SHEAR_DEG, (v) => `${v.toFixed(1)}°`, (v, c) => affineKernel(c, { shear: [0, v] })),
  inv(
    "translateX",
    "geometric",
    TEN.map((k) => k / 9),
    (v) => `${(v * 100).toFixed(0)}%`,
    (v, c) => affineKernel(c, { translate: [v * c.width, 0] }),
  ),
  inv(
    "translateY",
    "geometric",
    TEN.map((k) => k / 9),
    (v) => `${(v * 100).toFixed(0)}%`,
    (v, c) => affineKernel(c, { translate: [0, v * c.height] }),
  ),
  inv("rotate", "geometric", ROTATE_DEG, (v) => `${v}°`, (v, c) => affineKernel(c, { angle: v })),
  inv(
    "scale_zoom_out",
    "geometric",
    TEN.map((k) => 1 - 0.08 * k),
    (v) => `×${v.toFixed(2)}`,
    (v, c) => affineKernel(c, { scale: v }),
  ),
  inv("scale_zoom_in", "geometric", linspace(1, 3.5, 10), (v) => `×${v.toFixed(2)}`, (v, c) => affineKernel(c, { scale: v })),
  inv(
    "posterize",
    "appearance",
    TEN.map((k) => Math.round(8 - (8 * k) / 9)),
    (v) => `${v} bits`,
    (v) => lutKernel(posterizeLut(v)),
  ),
  inv(
    "decrease_contrast",
    "appearance",
    TEN.map((k) => 1 - k / 9),
    (v) => `×${v.toFixed(2)}`,
    (v, c) => imageKernel(c, (im) => adjustContrast(im, v)),
  ),
  inv(
    "increase_contrast",
    "appearance",
    TEN.map((k) => 1 + k / 9),
    (v) => `×${v.toFixed(2)}`,
    (v, c) => imageKernel(c, (im) => adjustContrast(im, v)),
  ),
  inv(
    "decrease_brightness",
    "appearance",
    TEN.map((k) => 1 - k / 9),
    (v) => `×${v.toFixed(2)}`,
    (v, c) => imageKernel(c, (im) => adjustBrightness(im, v)),
  ),
  inv(
    "increase_brightness",
    "appearance",
    TEN.map((k) => 1 + k / 9),
    (v) => `×${v.toFixed(2)}`,
    (v, c) => imageKernel(c, (im) => adjustBrightness(im, v)),
  ),
  // Threshold in [0, 1]: pixels with x/255 ≥ thr are inverted (thr = 1: only white).
  inv("solarize", "appearance", TEN.map((k) => 1 - k / 9), (v) => `≥ ${v.toFixed(2)}`, (v) => lutKernel(solarizeLut(255 * v))),
];

// ---------------------------------------------------------------------------------------------
// Section 4: the similarity-search pool (AutoAugment ops, probabilities ignored).

const RESCALE_ZOOM = [1.0, 0.85, 0.7, 0.55, 0.4, 0.25, 1.625, 2.25, 2.875, 3.5];

/** Value of an AutoAugment op at index k (the reference's magnitude tables). */
function poolValues(op: string): number[] {
  switch (op) {
    case "shearX":
    case "shearY":
      return linspace(0, 0.3, 10);
    case "translateX":
    case "translateY":
      return linspace(0, 150 / 331, 10);
    case "rotate":
      return linspace(0, 30, 10);
    case "color":
    case "contrast":
    case "sharpness":
      return linspace(0, 0.9, 10);
    case "posterize":
      return linspace(8, 4, 10).map((v) => Math.round(v));
    case "solarize":
      return linspace(256, 0, 10);
    case "rescale":
      return RESCALE_ZOOM;
    default:
      return new Array(10).fill(0);
  }
}

const POOL_FAMILY: Record<string, Family> = {
  shearX: "geometric",
  shearY: "geometric",
  translateX: "geometric",
  translateY: "geometric",
  rotate: "geometric",
  rescale: "geometric",
  color: "appearance",
  contrast: "appearance",
  sharpness: "appearance",
  posterize: "appearance",
  solarize: "appearance",
  autocontrast: "appearance",
  equalize: "appearance",
  invert: "appearance",
};

/** The pool's base operations (14 names). */
export const POOL_OPS: readonly string[] = Object.keys(POOL_FAMILY);

/** Compiles one pool op at index k. Grey fill 128 as AutoAugment; rescale fills black as torchvision's affine. */
export function compilePoolOp(op: string, k: number, ctx: CompileContext): Kernel {
  const v = poolValues(op)[k], s = ctx.sign ?? 1, { width: w, height: h } = ctx;
  switch (op) {
    case "shearX":
      return pilKernel(ctx, [1, s * v, 0, 0, 1, 0], "bicubic", 128);
    case "shearY":
      return pilKernel(ctx, [1, 0, 0, s * v, 1, 0], "bicubic", 128);
    case "translateX":
      return pilKernel(ctx, [1, 0, s * v * w, 0, 1, 0], "nearest", 128);
    case "translateY":
      return pilKernel(ctx, [1, 0, 0, 0, 1, s * v * h], "nearest", 128);
    case "rotate":
      return pilKernel(ctx, pilRotateCoeffs(w, h, v), "nearest", 128);
    case "rescale":
      return pilKernel(ctx, inverseAffineMatrix([w * 0.5, h * 0.5], { scale: v }), "nearest", 0);
    case "color":
      return imageKernel(ctx, (im) => adjustSaturation(im, 1 + s * v));
    case "contrast":
      return imageKernel(ctx, (im) => adjustContrast(im, 1 + s * v));
    case "sharpness":
      return imageKernel(ctx, (im) => adjustSharpness(im, 1 + s * v));
    case "posterize":
      return lutKernel(posterizeLut(v));
    case "solarize":
      return lutKernel(solarizeLut(v));
    case "autocontrast":
      return imageKernel(ctx, autocontrast);
    case "equalize":
      return imageKernel(ctx, equalize);
    case "invert":
      return imageKernel(ctx, invert);
    default:
      throw new RangeError(`unknown pool operation "${op}" (known: ${POOL_OPS.join(", ")})`);
  }
}

const SIGNED = new Set(["shearX", "shearY", "translateX", "translateY", "color", "contrast", "sharpness"]);

/** A single pool entry "op with magnitude k". */
export interface PoolEntry extends Transformation {
  op: string;
  index: number;
}

function poolEntry(op: string, index: number): PoolEntry {
  const value = poolValues(op)[index];
  const magnitudeFree = ["autocontrast", "equalize", "invert"].includes(op);
  return {
    name: `${op} with magnitude ${index}`,
    op,
    index,
    family: POOL_FAMILY[op],
    values: [value],
    randomSign: SIGNED.has(op),
    describe: () => (magnitudeFree ? op : `${op} ${Number.isInteger(value) ? value : value.toFixed(3)}`),
    compile: (_k, ctx) => compilePoolOp(op, index, ctx),
  };
}

/** Sub-policies: two ops applied in sequence, first to last. [op1, k1, op2, k2]. */
type Sub = [string, number, string, number];
const IMAGENET_SUBPOLICIES: Sub[] = [
  ["posterize", 8, "rotate", 9],
  ["solarize", 5, "autocontrast", 5],
  ["equalize", 8, "equalize", 3],
  ["posterize", 7, "posterize", 6],
  ["equalize", 7, "solarize", 4],
  ["equalize", 4, "rotate", 8],
  ["solarize", 3, "equalize", 7],
  ["posterize", 5, "equalize", 2],
  ["rotate", 3, "solarize", 8],
  ["equalize", 8, "posterize", 6],
  ["rotate", 8, "color", 0],
  ["rotate", 9, "equalize", 2],
  ["equalize", 7, "equalize", 8],
  ["invert", 4, "equalize", 8],
  ["color", 4, "contrast", 8],
  ["rotate", 8, "color", 2],
  ["color", 8, "solarize", 7],
  ["sharpness", 7, "invert", 8],
  ["shearX", 5, "equalize", 9],
  ["color", 0, "equalize", 3],
];
const SVHN_SUBPOLICIES: Sub[] = [
  ["shearX", 4, "invert", 3],
  ["shearY", 8, "invert", 5],
  ["equalize", 5, "solarize", 6],
  ["invert", 3, "equalize", 3],
  ["equalize", 1, "rotate", 3],
  ["shearX", 4, "autocontrast", 3],
  ["shearY", 5, "solarize", 6],
  ["invert", 6, "autocontrast", 1],
  ["equalize", 3, "rotate", 3],
  ["shearX", 4, "solarize", 3],
  ["shearY", 8, "invert", 4],
  ["equalize", 5, "translateY", 6],
  ["invert", 4, "equalize", 7],
  ["contrast", 3, "rotate", 4],
  ["invert", 5, "translateY", 2],
  ["shearY", 6, "solarize", 8],
  ["invert", 4, "rotate", 4],
  ["shearY", 7, "translateX", 3],
  ["shearX", 6, "invert", 5],
  ["solarize", 2, "translateY", 7],
  ["shearY", 4, "invert", 8],
  ["shearX", 9, "translateY", 3],
  ["shearY", 5, "autocontrast", 3],
  ["shearX", 2, "invert", 5],
];
const RESCALE_SUBPOLICIES: Sub[] = [["rescale", 0, "rescale", 1], ["rescale", 2, "rescale", 3], ["rescale", 4, "rescale", 5], [
  "rescale",
  6,
  "rescale",
  7,
], ["rescale", 8, "rescale", 9]];
const ALL_SUBPOLICIES: Sub[] = [...IMAGENET_SUBPOLICIES, ...SVHN_SUBPOLICIES, ...RESCALE_SUBPOLICIES];

/** The 63 single transformations: distinct (op, index) pairs of the sub-policies, sorted by op then index. */
export const POOL_SINGLES: readonly PoolEntry[] = (() => {
  const seen = new Map<string, [string, number]>();
  for (const [a, i, b, j] of ALL_SUBPOLICIES) for (const [op, k] of [[a, i], [b, j]] as const) seen.set(`${op}#${k}`, [op, k]);
  return [...seen.values()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1])).map(([op, k]) => poolEntry(op, k));
})();

export interface SubPolicy {
  name: string;
  first: PoolEntry;
  second: PoolEntry;
  family: Family | "mixed";
}

/** The 49 distinct sub-policies, named "op1 and op2 with magnitudes k1, k2". */
export const POOL_SUBPOLICIES: readonly SubPolicy[] = (() => {
  const out: SubPolicy[] = [];
  const seen = new Set<string>();
  for (const [a, i, b, j] of ALL_SUBPOLICIES) {
    const name = `${a} and ${b} with magnitudes ${i}, ${j}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const first = poolEntry(a, i), second = poolEntry(b, j);
    out.push({ name, first, second, family: first.family === second.family ? first.family : "mixed" });
  }
  return out;
})();

// ---------------------------------------------------------------------------------------------
// Applying: per image and per batch, through the same kernels.

/** Draws AutoAugment's σ = ±1 for an op that takes one. */
export function sampleSign(rng: Rng): 1 | -1 {
  return rng.next() < 0.5 ? 1 : -1;
}

/** Applies a transformation at magnitude `index` to one image. */
export function applyTransform(
  img: Image8,
  t: Transformation,
  index: number,
  opts: { fill?: number; sign?: 1 | -1 } = {},
): Image8 {
  if (!(index >= 0 && index < t.values.length)) {
    throw new RangeError(`${t.name}: magnitude index ${index} is outside 0…${t.values.length - 1}`);
  }
  const out = new Uint8Array(img.data.length);
  t.compile(index, { width: img.width, height: img.height, channels: img.channels, fill: opts.fill, sign: opts.sign })(
    img.data,
    out,
  );
  return { ...img, data: out };
}

/** A packed batch: n images of the same size, back to back. */
export interface ImageBatch {
  n: number;
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

/**
 * Applies a transformation at one magnitude to every image of a batch. Ops
 * with a random sign draw it per image from `rng` (required for them); the two
 * signed kernels are compiled once.
 */
export function applyTransformBatch(
  batch: ImageBatch,
  t: Transformation,
  index: number,
  opts: { fill?: number; rng?: Rng; sign?: 1 | -1 } = {},
): ImageBatch {
  const ctx = { width: batch.width, height: batch.height, channels: batch.channels, fill: opts.fill };
  const size = batch.width * batch.height * batch.channels;
  const out = new Uint8Array(batch.pixels.length);
  if (t.randomSign && opts.sign === undefined) {
    if (!opts.rng) throw new Error(`${t.name} draws a random sign per image: pass an rng (or a fixed sign)`);
    const kp = t.compile(index, { ...ctx, sign: 1 }), km = t.compile(index, { ...ctx, sign: -1 });
    for (let i = 0; i < batch.n; i++) {
      (sampleSign(opts.rng) === 1 ? kp : km)(
        batch.pixels.subarray(i * size, (i + 1) * size),
        out.subarray(i * size, (i + 1) * size),
      );
    }
  } else {
    const k = t.compile(index, { ...ctx, sign: opts.sign });
    for (let i = 0; i < batch.n; i++) k(batch.pixels.subarray(i * size, (i + 1) * size), out.subarray(i * size, (i + 1) * size));
  }
  return { ...batch, pixels: out };
}

/** Applies a sub-policy (two pool ops in sequence) to one image. */
export function applySubPolicy(img: Image8, sp: SubPolicy, rng: Rng): Image8 {
  const once = (im: Image8, e: PoolEntry) => applyTransform(im, e, 0, { sign: e.randomSign ? sampleSign(rng) : 1 });
  return once(once(img, sp.first), sp.second);
}

/**
 * The pool singles that leave every pixel unchanged (e.g. "color with
 * magnitude 0", "rescale with magnitude 0"), found by applying each to a
 * seeded noise image of both signs: a ranking that counts them measures the
 * identity, not a transformation (Section 4 leaves them out).
 */
export function identityPoolSingles(): Set<string> {
  const rng = createRng(97), size = 24;
  const img: Image8 = {
    width: size,
    height: size,
    channels: 3,
    data: Uint8Array.from({ length: size * size * 3 }, () => rng.int(0, 255)),
  };
  const same = (a: Uint8Array, b: Uint8Array) => a.every((v, i) => v === b[i]);
  return new Set(
    POOL_SINGLES.filter((e) => ([1, -1] as const).every((sign) => same(applyTransform(img, e, 0, { sign }).data, img.data)))
      .map((e) => e.name),
  );
}
