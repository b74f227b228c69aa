/**
 * Affine warps. Two families, because the paper uses both:
 *
 * - `affine` follows torchvision's `F.affine` on tensors (Sections 2–3):
 *   rotation about the image centre (clockwise for positive angles on
 *   screen), translation in pixels, scale, shear in degrees; every output
 *   pixel centre is mapped back and sampled bilinearly (grid_sample,
 *   align_corners false, zero padding), then rounded half to even as
 *   torchvision does when casting back to uint8. Outside pixels take `fill`.
 * - `pilTransform` follows PIL's `Image.transform(AFFINE)` with NEAREST,
 *   BILINEAR or BICUBIC resampling, which AutoAugment's operations (Section 4)
 *   and torchvision's affine on PIL images use.
 *
 * Both compile a *sampling plan* for an image size and parameters, and apply
 * it to any number of images: the batched path is the per-image path.
 */
import { assertImage, type Image8 } from "./image.ts";

export interface AffineParams {
  /** Degrees, clockwise on screen. */
  angle?: number;
  /** Pixels [dx, dy]; positive moves content right and down. */
  translate?: [number, number];
  scale?: number;
  /** Degrees [sx, sy]. */
  shear?: [number, number];
}

/** torchvision's `_get_inverse_affine_matrix`: output → input, about `center`. */
export function inverseAffineMatrix(center: [number, number], p: AffineParams): number[] {
  const angle = p.angle ?? 0, [tx, ty] = p.translate ?? [0, 0], scale = p.scale ?? 1, [shx, shy] = p.shear ?? [0, 0];
  if (!(scale > 0)) throw new RangeError(`affine: scale must be positive, got ${scale}`);
  const rot = (angle * Math.PI) / 180, sx = (shx * Math.PI) / 180, sy = (shy * Math.PI) / 180;
  const [cx, cy] = center;
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot);
  const m = [d, -b, 0, -c, a, 0].map((v) => v / scale);
  m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
  m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
  m[2] += cx;
  m[5] += cy;
  return m;
}

/** A bilinear plan: four source pixel indices (−1 = outside) and weights per output pixel. */
export interface BilinearPlan {
  kind: "bilinear";
  width: number;
  height: number;
  idx: Int32Array;
  wts: Float64Array;
}

/** Compiles torchvision's tensor affine for a w×h image. */
export function affinePlan(width: number, height: number, p: AffineParams): BilinearPlan {
  const m = inverseAffineMatrix([0, 0], p);
  const n = width * height;
  const idx = new Int32Array(4 * n), wts = new Float64Array(4 * n);
  for (let j = 0; j < height; j++) {
    const y = j - height / 2 + 0.5;
    for (let i = 0; i < width; i++) {
      const x = i - width / 2 + 0.5;
      // Input position in pixel-index space (pixel k's centre at k).
      const sx = m[0] * x + m[1] * y + m[2] + width / 2 - 0.5;
      const sy = m[3] * x + m[4] * y + m[5] + height / 2 - 0.5;
      const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
      const o = 4 * (j * width + i);
      const taps: [number, number, number][] = [[x0, y0, (1 - fx) * (1 - fy)], [x0 + 1, y0, fx * (1 - fy)], [
        x0,
        y0 + 1,
        (1 - fx) * fy,
      ], [x0 + 1, y0 + 1, fx * fy]];
      taps.forEach(([xx, yy, w], k) => {
        const inside = xx >= 0 && xx < width && yy >= 0 && yy < height;
        idx[o + k] = inside ? yy * width + xx : -1;
        wts[o + k] = w;
      });
    }
  }
  return { kind: "bilinear", width, height, idx, wts };
}

/**
 * Applies a bilinear plan to `src` (one image's bytes) into `dst`, channels
 * interleaved. Outside taps read `fill`: torchvision's `fill=None` on a tensor
 * whose zero is `fill` (0 for [0, 1] tensors, the mean colour for normalised
 * ones). With `explicitFill`, torchvision's path for a given fill: the result
 * is blended with the fill once more by the bilinear mask (the weight of the
 * inside taps), out = mask·Σ_inside w·v + (1 − mask)·fill.
 */
export function applyBilinearPlan(
  plan: BilinearPlan,
  src: Uint8Array,
  dst: Uint8Array,
  channels: number,
  fill: number,
  explicitFill = false,
): void {
  const n = plan.width * plan.height, { idx, wts } = plan;
  for (let p = 0; p < n; p++) {
    const o = 4 * p;
    const i0 = idx[o], i1 = idx[o + 1], i2 = idx[o + 2], i3 = idx[o + 3];
    const w0 = wts[o], w1 = wts[o + 1], w2 = wts[o + 2], w3 = wts[o + 3];
    if (explicitFill) {
      // The bilinear mask: the weight of the inside taps (1 away from the border).
      const mask = (i0 >= 0 ? w0 : 0) + (i1 >= 0 ? w1 : 0) + (i2 >= 0 ? w2 : 0) + (i3 >= 0 ? w3 : 0);
      for (let c = 0; c < channels; c++) {
        const inside = (i0 >= 0 ? w0 * src[i0 * channels + c] : 0) + (i1 >= 0 ? w1 * src[i1 * channels + c] : 0) +
          (i2 >= 0 ? w2 * src[i2 * channels + c] : 0) + (i3 >= 0 ? w3 * src[i3 * channels + c] : 0);
        dst[p * channels + c] = roundByte(inside * mask + (1 - mask) * fill);
      }
    } else {
      for (let c = 0; c < channels; c++) {
        dst[p * channels + c] = roundByte(
          w0 * (i0 >= 0 ? src[i0 * channels + c] : fill) + w1 * (i1 >= 0 ? src[i1 * channels + c] : fill) +
            w2 * (i2 >= 0 ? src[i2 * channels + c] : fill) + w3 * (i3 >= 0 ? src[i3 * channels + c] : fill),
        );
      }
    }
  }
}

/** Rounds half to even, as torchvision casts back to uint8, and clamps to 0…255. */
function roundByte(v: number): number {
  let r = Math.floor(v + 0.5);
  if (r - v === 0.5 && (r & 1)) r--;
  return r < 0 ? 0 : r > 255 ? 255 : r;
}

/** How outside pixels are filled; see `applyBilinearPlan`. */
export interface AffineFill {
  /** The value outside the image: 0 by default; the mean colour for normalised data. */
  fill?: number;
  /**
   * torchvision's semantics when a fill is passed (RandomAffine always passes
   * one, 0 by default), instead of `fill=None` (Section 3's `F.affine` calls).
   * The two differ only on the ring of pixels that straddle the border, so
   * never for integer translations.
   */
  explicitFill?: boolean;
}

/**
 * torchvision `F.affine` semantics (tensor path, bilinear).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createImage } from "./image.ts";
 * const img = createImage(8, 8, 1);
 * img.data[0] = 255; // top-left pixel
 * const moved = affine(img, { translate: [3, 0] });
 * assert.equal(moved.data[3], 255); // now three pixels to the right
 * ```
 */
export function affine(img: Image8, p: AffineParams, opts: AffineFill = {}): Image8 {
  assertImage(img);
  const plan = affinePlan(img.width, img.height, p);
  const out = new Uint8Array(img.data.length);
  applyBilinearPlan(plan, img.data, out, img.channels, opts.fill ?? 0, opts.explicitFill ?? false);
  return { ...img, data: out };
}

export type PilResample = "nearest" | "bilinear" | "bicubic";

/**
 * A PIL transform plan. For NEAREST, the source pixel of every output pixel
 * (−1 = outside, takes the fill), computed the way PIL computes it: an
 * incremental double-precision walk for pure scalings, 16.16 fixed point
 * otherwise. For BILINEAR and BICUBIC, the input coordinate of every output
 * pixel centre.
 */
export interface PilPlan {
  kind: "pil";
  width: number;
  height: number;
  resample: PilResample;
  src?: Int32Array;
  xin?: Float64Array;
  yin?: Float64Array;
}

/** Compiles PIL's Image.transform(size, AFFINE, coeffs): input = (a·x + b·y + c, d·x + e·y + f) at pixel centres. */
export function pilPlan(width: number, height: number, coeffs: number[], resample: PilResample): PilPlan {
  const [a, b, c, d, e, f] = coeffs;
  const n = width * height;
  if (resample === "nearest") {
    const src = new Int32Array(n).fill(-1);
    if (b === 0 && d === 0) {
      // PIL's ImagingScaleAffine.
      const xintab = new Int32Array(width).fill(-1);
      let xo = c + a * 0.5;
      for (let x = 0; x < width; x++, xo += a) {
        const xi = xo < 0 ? -1 : Math.trunc(xo);
        if (xi >= 0 && xi < width) xintab[x] = xi;
      }
      let yo = f + e * 0.5;
      for (let y = 0; y < height; y++, yo += e) {
        const yi = yo < 0 ? -1 : Math.trunc(yo);
        if (yi < 0 || yi >= height) continue;
        for (let x = 0; x < width; x++) if (xintab[x] >= 0) src[y * width + x] = yi * width + xintab[x];
      }
    } else {
      // PIL's affine_fixed: 16.16 fixed point, floor by arithmetic shift.
      const fix = (v: number) => Math.floor(v * 65536 + 0.5);
      const a0 = fix(a), a1 = fix(b), a3 = fix(d), a4 = fix(e);
      let a2 = fix(c + a * 0.5 + b * 0.5), a5 = fix(f + d * 0.5 + e * 0.5);
      for (let y = 0; y < height; y++, a2 += a1, a5 += a4) {
        let xx = a2, yy = a5;
        for (let x = 0; x < width; x++, xx += a0, yy += a3) {
          const xi = Math.floor(xx / 65536), yi = Math.floor(yy / 65536);
          if (xi >= 0 && xi < width && yi >= 0 && yi < height) src[y * width + x] = yi * width + xi;
        }
      }
    }
    return { kind: "pil", width, height, resample, src };
  }
  const xin = new Float64Array(n), yin = new Float64Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      xin[y * width + x] = a * (x + 0.5) + b * (y + 0.5) + c;
      yin[y * width + x] = d * (x + 0.5) + e * (y + 0.5) + f;
    }
  }
  return { kind: "pil", width, height, resample, xin, yin };
}

const clip = (v: number, hi: number) => (v < 0 ? 0 : v > hi ? hi : v);

/** PIL's BICUBIC macro: cubic convolution with a = −1. */
function cubic(v1: number, v2: number, v3: number, v4: number, t: number): number {
  const p1 = v2, p2 = -v1 + v3, p3 = 2 * (v1 - v2) + v3 - v4, p4 = -v1 + v2 - v3 + v4;
  return p1 + t * (p2 + t * (p3 + t * p4));
}

/** Applies a PIL plan to one image's bytes (same size in and out, as in every use here). */
export function applyPilPlan(plan: PilPlan, src: Uint8Array, dst: Uint8Array, channels: number, fill: number[]): void {
  const { width: w, height: h, resample } = plan;
  const fillAt = (c: number) => fill[c] ?? fill[0];
  if (resample === "nearest") {
    const s = plan.src!;
    for (let p = 0; p < w * h; p++) {
      const i = s[p];
      for (let c = 0; c < channels; c++) dst[p * channels + c] = i >= 0 ? src[i * channels + c] : fillAt(c);
    }
    return;
  }
  const xin = plan.xin!, yin = plan.yin!;
  for (let p = 0; p < w * h; p++) {
    const X = xin[p], Y = yin[p], o = p * channels;
    if (!(X >= 0 && X < w && Y >= 0 && Y < h)) {
      for (let c = 0; c < channels; c++) dst[o + c] = fillAt(c);
      continue;
    }
    const xs = X - 0.5, ys = Y - 0.5;
    const x0 = Math.floor(xs), y0 = Math.floor(ys), dx = xs - x0, dy = ys - y0;
    for (let c = 0; c < channels; c++) {
      const at = (xx: number, yy: number) => src[(yy * w + clip(xx, w - 1)) * channels + c];
      let v: number;
      if (resample === "bilinear") {
        const yc = clip(y0, h - 1);
        const v1 = at(x0, yc) + (at(x0 + 1, yc) - at(x0, yc)) * dx;
        const v2 = y0 + 1 >= 0 && y0 + 1 < h ? at(x0, y0 + 1) + (at(x0 + 1, y0 + 1) - at(x0, y0 + 1)) * dx : v1;
        v = v1 + (v2 - v1) * dy;
      } else {
        const xm = x0 - 1, ym = y0 - 1;
        const row = (yy: number) => cubic(at(xm, yy), at(xm + 1, yy), at(xm + 2, yy), at(xm + 3, yy), dx);
        const r0 = row(clip(ym, h - 1));
        const r1 = ym + 1 >= 0 && ym + 1 < h ? row(ym + 1) : r0;
        const r2 = ym + 2 >= 0 && ym + 2 < h ? row(ym + 2) : r1;
        const r3 = ym + 3 >= 0 && ym + 3 < h ? row(ym + 3) : r2;
        v = cubic(r0, r1, r2, r3, dy);
      }
      dst[o + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.trunc(v);
    }
  }
}

/** PIL `Image.transform(img.size, AFFINE, coeffs, resample, fillcolor=fill)`. */
export function pilTransform(img: Image8, coeffs: number[], resample: PilResample, fill: number | number[] = 0): Image8 {
  assertImage(img);
  const out = new Uint8Array(img.data.length);
  applyPilPlan(
    pilPlan(img.width, img.height, coeffs, resample),
    img.data,
    out,
    img.channels,
    Array.isArray(fill) ? fill : [fill],
  );
  return { ...img, data: out };
}

/** PIL's rotate(θ) coefficients: counter-clockwise by θ degrees about the centre, same canvas. */
export function pilRotateCoeffs(width: number, height: number, degrees: number): number[] {
  const a = (-(((degrees % 360) + 360) % 360) * Math.PI) / 180;
  const r15 = (v: number) => Math.round(v * 1e15) / 1e15;
  const m = [r15(Math.cos(a)), r15(Math.sin(a)), 0, r15(-Math.sin(a)), r15(Math.cos(a)), 0];
  const cx = width / 2, cy = height / 2;
  m[2] = m[0] * -cx + m[1] * -cy + m[2] + cx;
  m[5] = m[3] * -cx + m[4] * -cy + m[5] + cy;
  return m;
}
