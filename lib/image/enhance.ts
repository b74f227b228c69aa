/**
 * PIL's ImageEnhance (what torchvision's adjust_* do on PIL images): each
 * blends the image with a "degenerate" version, out = degenerate + f·(image −
 * degenerate), in float32 with truncation to uint8 as PIL's ImagingBlend does.
 */
import { assertImage, type Image8 } from "./image.ts";

const f32 = Math.fround;

/** PIL Image.blend(a, b, alpha) on 8-bit data. */
export function blend(a: Uint8Array, b: Uint8Array, alpha: number): Uint8Array {
  const out = new Uint8Array(a.length);
  const al = f32(alpha);
  if (al >= 0 && al <= 1) {
    for (let i = 0; i < a.length; i++) out[i] = Math.trunc(f32(a[i] + f32(al * (b[i] - a[i]))));
  } else {
    for (let i = 0; i < a.length; i++) {
      const t = f32(a[i] + f32(al * (b[i] - a[i])));
      out[i] = t <= 0 ? 0 : t >= 255 ? 255 : Math.trunc(t);
    }
  }
  return out;
}

/** PIL's RGB → L conversion, (299R + 587G + 114B)/1000 in fixed point. */
export function toGrey(img: Image8): Uint8Array {
  if (img.channels === 1) return img.data.slice();
  const n = img.width * img.height, out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = (img.data[3 * i] * 19595 + img.data[3 * i + 1] * 38470 + img.data[3 * i + 2] * 7471 + 0x8000) >>> 16;
  }
  return out;
}

function checkFactor(name: string, f: number) {
  if (!Number.isFinite(f) || f < 0) throw new RangeError(`${name}: factor must be a non-negative number, got ${f}`);
}

/** Brightness: blend with black. 1 is the identity, 0 gives black. */
export function adjustBrightness(img: Image8, factor: number): Image8 {
  assertImage(img);
  checkFactor("adjustBrightness", factor);
  return { ...img, data: blend(new Uint8Array(img.data.length), img.data, factor) };
}

/** Contrast: blend with a uniform image at the rounded mean grey level. 1 is the identity. */
export function adjustContrast(img: Image8, factor: number): Image8 {
  assertImage(img);
  checkFactor("adjustContrast", factor);
  const grey = toGrey(img);
  let sum = 0;
  for (const v of grey) sum += v;
  const mean = Math.trunc(sum / grey.length + 0.5);
  return { ...img, data: blend(new Uint8Array(img.data.length).fill(mean), img.data, factor) };
}

/** Saturation (PIL's Color): blend with the image's grey version. Identity on grey images. */
export function adjustSaturation(img: Image8, factor: number): Image8 {
  assertImage(img);
  checkFactor("adjustSaturation", factor);
  if (img.channels === 1) return { ...img, data: img.data.slice() };
  const grey = toGrey(img), deg = new Uint8Array(img.data.length);
  for (let i = 0; i < grey.length; i++) deg[3 * i] = deg[3 * i + 1] = deg[3 * i + 2] = grey[i];
  return { ...img, data: blend(deg, img.data, factor) };
}

/** PIL's ImageFilter.SMOOTH (3×3 kernel [1 1 1; 1 5 1; 1 1 1]/13), border pixels copied. */
export function smooth(img: Image8): Uint8Array {
  const { width: w, height: h, channels: ch, data } = img;
  const out = data.slice();
  const k1 = f32(1 / 13), k5 = f32(5 / 13);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      for (let c = 0; c < ch; c++) {
        const at = (yy: number, xx: number) => data[(yy * w + xx) * ch + c];
        // Row by row, left to right, as PIL's filter3x3 accumulates in float32.
        let ss = 0;
        for (const yy of [y + 1, y, y - 1]) {
          const row = f32(f32(f32(at(yy, x - 1) * k1) + f32(at(yy, x) * (yy === y ? k5 : k1))) + f32(at(yy, x + 1) * k1));
          ss = f32(ss + row);
        }
        out[(y * w + x) * ch + c] = ss <= 0 ? 0 : ss >= 255 ? 255 : Math.trunc(ss + 0.5);
      }
    }
  }
  return out;
}

/** Sharpness: blend with the SMOOTH-filtered image. 1 is the identity. */
export function adjustSharpness(img: Image8, factor: number): Image8 {
  assertImage(img);
  checkFactor("adjustSharpness", factor);
  return { ...img, data: blend(smooth(img), img.data, factor) };
}
