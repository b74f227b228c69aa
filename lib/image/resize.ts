/**
 * Resizing with the exact semantics of PIL's `Image.resize(..., BILINEAR)`,
 * which torchvision's `Resize` uses on PIL images: a separable, antialiased
 * triangle filter (its support widens by the downscaling factor), 8-bit
 * fixed-point coefficients, horizontal pass then vertical pass, each rounded
 * to uint8. Matching PIL byte for byte matters because the paper's crops
 * (RandomResizedCrop, RandomSizeCenterCrop) downscale this way.
 */
import { assertImage, type Image8 } from "./image.ts";

const PRECISION_BITS = 32 - 8 - 2;

interface Coeffs {
  bounds: Int32Array; // [xmin, count] per output pixel
  k: Int32Array; // ksize coefficients per output pixel, fixed point
  ksize: number;
}

function bilinearFilter(x: number): number {
  if (x < 0) x = -x;
  return x < 1 ? 1 - x : 0;
}

/** PIL's precompute_coeffs + normalize_coeffs_8bpc for one axis and box [in0, in1). */
function precomputeCoeffs(inSize: number, in0: number, in1: number, outSize: number): Coeffs {
  const scale = (in1 - in0) / outSize;
  const filterscale = scale < 1 ? 1 : scale;
  const support = 1.0 * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const k = new Int32Array(outSize * ksize);
  const tmp = new Float64Array(ksize);
  const ss = 1 / filterscale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = in0 + (xx + 0.5) * scale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = bilinearFilter((x + xmin - center + 0.5) * ss);
      tmp[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const v = ww !== 0 ? tmp[x] / ww : tmp[x];
      // C's (int) truncation of ±0.5-shifted values = round half away from zero.
      k[xx * ksize + x] = v < 0 ? Math.trunc(-0.5 + v * (1 << PRECISION_BITS)) : Math.trunc(0.5 + v * (1 << PRECISION_BITS));
    }
    bounds[2 * xx] = xmin;
    bounds[2 * xx + 1] = xmax;
  }
  return { bounds, k, ksize };
}

function clip8(v: number): number {
  const s = v >> PRECISION_BITS;
  return s < 0 ? 0 : s > 255 ? 255 : s;
}

function resampleHorizontal(src: Image8, outW: number, c: Coeffs, rowOffset: number, rows: number): Image8 {
  const ch = src.channels;
  const out = new Uint8Array(outW * rows * ch);
  const half = 1 << (PRECISION_BITS - 1);
  const { bounds, k, ksize } = c;
  for (let y = 0; y < rows; y++) {
    const rowBase = (y + rowOffset) * src.width * ch;
    for (let xx = 0; xx < outW; xx++) {
      const xmin = bounds[2 * xx], xmax = bounds[2 * xx + 1], kb = xx * ksize;
      for (let b = 0; b < ch; b++) {
        let ss = half;
        for (let x = 0; x < xmax; x++) ss += src.data[rowBase + (x + xmin) * ch + b] * k[kb + x];
        out[(y * outW + xx) * ch + b] = clip8(ss);
      }
    }
  }
  return { width: outW, height: rows, channels: ch, data: out };
}

function resampleVertical(src: Image8, outH: number, c: Coeffs): Image8 {
  const ch = src.channels, w = src.width;
  const out = new Uint8Array(w * outH * ch);
  const half = 1 << (PRECISION_BITS - 1);
  const { bounds, k, ksize } = c;
  const stride = w * ch;
  for (let yy = 0; yy < outH; yy++) {
    const ymin = bounds[2 * yy], ymax = bounds[2 * yy + 1], kb = yy * ksize;
    for (let i = 0; i < stride; i++) {
      let ss = half;
      for (let y = 0; y < ymax; y++) ss += src.data[(y + ymin) * stride + i] * k[kb + y];
      out[yy * stride + i] = clip8(ss);
    }
  }
  return { width: w, height: outH, channels: ch, data: out };
}

/** PIL bilinear resize of the box [left, top, right, bottom) of `img` to outW×outH. */
export function resizeBox(img: Image8, outW: number, outH: number, box?: [number, number, number, number]): Image8 {
  assertImage(img);
  if (!(outW > 0 && outH > 0) || !Number.isInteger(outW) || !Number.isInteger(outH)) {
    throw new RangeError(`resize: output size must be positive integers, got ${outW}×${outH}`);
  }
  const [x0, y0, x1, y1] = box ?? [0, 0, img.width, img.height];
  const needH = outW !== img.width || x0 !== 0 || x1 !== outW;
  const needV = outH !== img.height || y0 !== 0 || y1 !== outH;
  if (!needH && !needV) return { ...img, data: img.data.slice() };
  const cH = precomputeCoeffs(img.width, x0, x1, outW);
  const cV = precomputeCoeffs(img.height, y0, y1, outH);
  let cur = img;
  if (needH) {
    // As PIL: only the rows the vertical pass reads are resampled horizontally.
    const ybFirst = cV.bounds[0];
    const ybLast = cV.bounds[outH * 2 - 2] + cV.bounds[outH * 2 - 1];
    cur = resampleHorizontal(img, outW, cH, needV ? ybFirst : 0, needV ? ybLast - ybFirst : img.height);
    if (needV) { for (let i = 0; i < outH; i++) cV.bounds[2 * i] -= ybFirst; }
  }
  if (needV) cur = resampleVertical(cur, outH, cV);
  return cur;
}

/**
 * torchvision `Resize` on a PIL image. A number sets the shorter side to
 * `size` and the longer to floor(size·long/short) (a no-op when the shorter
 * side already equals `size`); a pair `[w, h]` resizes to exactly that.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createImage } from "./image.ts";
 * const img = createImage(40, 20, 3);
 * assert.deepEqual([resize(img, 10).width, resize(img, 10).height], [20, 10]);
 * assert.deepEqual([resize(img, [28, 28]).width, resize(img, [28, 28]).height], [28, 28]);
 * ```
 */
export function resize(img: Image8, size: number | [number, number]): Image8 {
  if (Array.isArray(size)) return resizeBox(img, size[0], size[1]);
  const { width: w, height: h } = img;
  if ((w <= h && w === size) || (h <= w && h === size)) return { ...img, data: img.data.slice() };
  if (w < h) return resizeBox(img, size, Math.trunc((size * h) / w));
  return resizeBox(img, Math.trunc((size * w) / h), size);
}

/**
 * Bilinear resize *without* antialiasing (torch's interpolate, align_corners
 * false), as torchvision resizes tensors: the `TS`/`TSnoAR` pipelines of
 * Table 1a downscale this way, unlike the PIL path above. Rounded half to even.
 */
export function resizeNoAntialias(img: Image8, outW: number, outH: number): Image8 {
  assertImage(img);
  const { width: w, height: h, channels: ch } = img;
  const out = new Uint8Array(outW * outH * ch);
  const sx = w / outW, sy = h / outH;
  for (let y = 0; y < outH; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5),
      y0 = Math.min(Math.floor(fy), h - 1),
      y1 = Math.min(y0 + 1, h - 1),
      ly = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5),
        x0 = Math.min(Math.floor(fx), w - 1),
        x1 = Math.min(x0 + 1, w - 1),
        lx = fx - x0;
      for (let c = 0; c < ch; c++) {
        const at = (xx: number, yy: number) => img.data[(yy * w + xx) * ch + c];
        const v = (1 - ly) * ((1 - lx) * at(x0, y0) + lx * at(x1, y0)) + ly * ((1 - lx) * at(x0, y1) + lx * at(x1, y1));
        const r = Math.round(v) - (Math.abs(v % 1) === 0.5 && Math.round(v) % 2 !== 0 ? 1 : 0);
        out[(y * outW + x) * ch + c] = r < 0 ? 0 : r > 255 ? 255 : r;
      }
    }
  }
  return { width: outW, height: outH, channels: ch, data: out };
}
