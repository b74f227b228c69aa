/**
 * Point operations of PIL's ImageOps on 8-bit images: each builds a 256-entry
 * lookup table per channel, exactly as PIL does, and applies it.
 */
import { assertImage, type Image8 } from "./image.ts";

/** Applies one LUT to every channel, or one LUT per channel. */
export function applyLut(img: Image8, lut: Uint8Array | Uint8Array[]): Image8 {
  assertImage(img);
  const out = new Uint8Array(img.data.length);
  const ch = img.channels;
  if (lut instanceof Uint8Array) {
    for (let i = 0; i < out.length; i++) out[i] = lut[img.data[i]];
  } else {
    for (let i = 0; i < out.length; i++) out[i] = lut[i % ch][img.data[i]];
  }
  return { ...img, data: out };
}

/** Per-channel 256-bin histograms. */
export function histograms(img: Image8): Uint32Array[] {
  const h = Array.from({ length: img.channels }, () => new Uint32Array(256));
  const ch = img.channels;
  for (let i = 0; i < img.data.length; i++) h[i % ch][img.data[i]]++;
  return h;
}

/** Keeps the top `bits` bits of every channel (PIL ImageOps.posterize). 8 is the identity, 0 gives black. */
export function posterizeLut(bits: number): Uint8Array {
  if (!(Number.isInteger(bits) && bits >= 0 && bits <= 8)) {
    throw new RangeError(`posterize: bits must be an integer in 0..8, got ${bits}`);
  }
  const mask = ~(2 ** (8 - bits) - 1) & 0xff;
  return Uint8Array.from({ length: 256 }, (_, i) => i & mask);
}
export function posterize(img: Image8, bits: number): Image8 {
  return applyLut(img, posterizeLut(bits));
}

/** Inverts pixels at or above `threshold` (PIL ImageOps.solarize): 256 is the identity, 0 inverts all. */
export function solarizeLut(threshold: number): Uint8Array {
  if (!Number.isFinite(threshold)) throw new RangeError(`solarize: threshold must be a number, got ${threshold}`);
  return Uint8Array.from({ length: 256 }, (_, i) => (i < threshold ? i : 255 - i));
}
export function solarize(img: Image8, threshold: number): Image8 {
  return applyLut(img, solarizeLut(threshold));
}

/** 255 − x. */
export function invert(img: Image8): Image8 {
  return applyLut(img, Uint8Array.from({ length: 256 }, (_, i) => 255 - i));
}

/** PIL ImageOps.autocontrast (cutoff 0): per channel, [min, max] → [0, 255]; a constant channel is unchanged. */
export function autocontrastLuts(img: Image8): Uint8Array[] {
  return histograms(img).map((h) => {
    let lo = 0, hi = 255;
    while (lo < 256 && h[lo] === 0) lo++;
    while (hi >= 0 && h[hi] === 0) hi--;
    const lut = new Uint8Array(256);
    if (hi <= lo) {
      for (let i = 0; i < 256; i++) lut[i] = i;
      return lut;
    }
    const scale = 255 / (hi - lo), offset = -lo * scale;
    for (let i = 0; i < 256; i++) {
      const v = Math.trunc(i * scale + offset);
      lut[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
    return lut;
  });
}
export function autocontrast(img: Image8): Image8 {
  return applyLut(img, autocontrastLuts(img));
}

/** PIL ImageOps.equalize: per-channel histogram equalisation; PIL's step is (pixels − last level's count) // 255. */
export function equalizeLuts(img: Image8): Uint8Array[] {
  return histograms(img).map((h) => {
    const lut = new Uint8Array(256);
    const nonzero: number[] = [];
    for (let i = 0; i < 256; i++) if (h[i]) nonzero.push(h[i]);
    const identity = () => {
      for (let i = 0; i < 256; i++) lut[i] = i;
      return lut;
    };
    if (nonzero.length <= 1) return identity();
    const step = Math.floor((nonzero.reduce((a, b) => a + b, 0) - nonzero[nonzero.length - 1]) / 255);
    if (!step) return identity();
    let n = Math.floor(step / 2);
    for (let i = 0; i < 256; i++) {
      lut[i] = Math.min(255, Math.floor(n / step));
      n += h[i];
    }
    return lut;
  });
}
export function equalize(img: Image8): Image8 {
  return applyLut(img, equalizeLuts(img));
}
