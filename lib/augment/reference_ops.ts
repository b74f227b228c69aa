/**
 * Section 3's appearance transformations as the reference code applies them
 * (PAPER_SPEC §4.3, §10.2): on the *normalised* float image, not on pixels.
 * Brightness and contrast are torchvision's float-tensor formulas, clamped to
 * [0, 1] although normalised values span about [−2.1, 2.6]; solarize flips
 * values at or above a threshold in normalised units; posterize casts 100·x
 * to uint8 (wrapping), keeps the top bits and divides by 100. So magnitude 0
 * is not the identity, and the paper's curves for these six start below 1.
 * The library's default is the pixel-space semantics (transforms.ts); this
 * mode reproduces the reference's numbers.
 */

/** The six appearance transformations of the invariance table, by name. */
export const REFERENCE_APPEARANCE_OPS = [
  "posterize",
  "decrease_contrast",
  "increase_contrast",
  "decrease_brightness",
  "increase_brightness",
  "solarize",
] as const;

export type ReferenceAppearanceOp = typeof REFERENCE_APPEARANCE_OPS[number];

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** float32 rounding, as the reference's tensors hold float32. */
const f32 = Math.fround;

/**
 * A uint8 cast of a float as PyTorch does on x86 CPUs: truncation toward zero
 * to an integer, then its low 8 bits (so −1.7 → 255, 300 → 44).
 */
export function castUint8(v: number): number {
  return ((Math.trunc(v) % 256) + 256) % 256;
}

/**
 * Applies `op` with parameter `value` (bits, factor or threshold, as the
 * invariance table lists them) in place to one normalised image, HWC with
 * `channels` channels interleaved.
 */
export function applyReferenceOp(op: ReferenceAppearanceOp, value: number, x: Float32Array, channels: number): void {
  const n = x.length;
  switch (op) {
    case "posterize": {
      const mask = value <= 0 ? 0 : (0xff << (8 - value)) & 0xff;
      for (let i = 0; i < n; i++) x[i] = f32((castUint8(f32(100 * x[i])) & mask) / 100);
      return;
    }
    case "decrease_brightness":
    case "increase_brightness":
      for (let i = 0; i < n; i++) x[i] = clamp01(f32(f32(value) * x[i]));
      return;
    case "decrease_contrast":
    case "increase_contrast": {
      // torchvision: the mean of the grey image (0.2989 R + 0.587 G + 0.114 B, or the one channel), over the image.
      let sum = 0;
      const pixels = n / channels;
      for (let p = 0; p < pixels; p++) {
        sum += channels === 3 ? f32(f32(f32(0.2989 * x[3 * p]) + f32(0.587 * x[3 * p + 1])) + f32(0.114 * x[3 * p + 2])) : x[p];
      }
      const mean = f32(sum / pixels), a = f32(value), b = f32(f32(1 - value) * mean);
      for (let i = 0; i < n; i++) x[i] = clamp01(f32(f32(a * x[i]) + b));
      return;
    }
    case "solarize":
      for (let i = 0; i < n; i++) if (x[i] >= value) x[i] = f32(1 - x[i]);
      return;
  }
}
