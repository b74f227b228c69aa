/**
 * Per-class augmentation (the paper's open question, spec §6.7): after the
 * base pipeline (RRC + flip), each image gets its class's own set of pool
 * transformations. Each of the n transformations of the set is applied
 * independently with probability 1/n, its magnitude index redrawn uniformly
 * in 0…k each time (k the index found by the similarity search), with
 * AutoAugment's random sign. Classes without a set are left as they are.
 */
import type { Image8 } from "../image/image.ts";
import type { Rng } from "../rng.ts";
import { compilePoolOp, type Kernel, POOL_OPS, sampleSign } from "./transforms.ts";

/** Class index (as a string, JSON-friendly) → [op, maximal magnitude index] list. */
export type ClassTransformSets = Record<string, [string, number][]>;

export function perClassAugmenter(sets: ClassTransformSets): (img: Image8, label: number, rng: Rng) => Image8 {
  for (const [c, list] of Object.entries(sets)) {
    for (const [op, k] of list) {
      if (!POOL_OPS.includes(op)) throw new RangeError(`class ${c}: unknown pool op "${op}" (one of ${POOL_OPS.join(", ")})`);
      if (!(Number.isInteger(k) && k >= 0 && k <= 9)) {
        throw new RangeError(`class ${c}: magnitude index of ${op} must be an integer in 0…9, got ${k}`);
      }
    }
  }
  const kernels = new Map<string, Kernel>();
  return (img, label, rng) => {
    const list = sets[String(label)];
    if (!list?.length) return img;
    const p = 1 / list.length;
    let cur = img;
    for (const [op, k] of list) {
      if (rng.next() >= p) continue;
      const index = Math.min(k, Math.floor(rng.next() * (k + 1)));
      const sign = sampleSign(rng);
      const key = `${op}|${index}|${sign}|${img.width}x${img.height}x${img.channels}`;
      let kern = kernels.get(key);
      if (!kern) {
        kernels.set(key, kern = compilePoolOp(op, index, { width: img.width, height: img.height, channels: img.channels, sign }));
      }
      const out = new Uint8Array(cur.data.length);
      kern(cur.data, out);
      cur = { ...cur, data: out };
    }
    return cur;
  };
}
