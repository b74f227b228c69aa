/** Images laid out on a grid in one image, for contact sheets (the README's scene grid). */
import { createImage, type Image8 } from "./image.ts";

/**
 * Tiles equally sized images row by row, `columns` per row, each magnified
 * `zoom` times (nearest neighbour) with `gap` pixels of `background` between.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createImage } from "./image.ts";
 * const sheet = tileImages([createImage(2, 2, 1, 9), createImage(2, 2, 1, 9), createImage(2, 2, 1, 9)], { columns: 2, gap: 1 });
 * assert.deepEqual([sheet.width, sheet.height, sheet.channels], [5, 5, 3]);
 * ```
 */
export function tileImages(
  images: Image8[],
  opts: { columns: number; zoom?: number; gap?: number; background?: number },
): Image8 {
  if (!images.length) throw new RangeError("tileImages: no images");
  const { width: w, height: h } = images[0];
  const zoom = opts.zoom ?? 1, gap = opts.gap ?? 0, cols = opts.columns, rows = Math.ceil(images.length / cols);
  const cw = w * zoom, ch = h * zoom;
  const out = createImage(cols * cw + (cols - 1) * gap, rows * ch + (rows - 1) * gap, 3, opts.background ?? 255);
  images.forEach((img, k) => {
    if (img.width !== w || img.height !== h) {
      throw new RangeError(`tileImages: image ${k} is ${img.width}×${img.height}, not ${w}×${h}`);
    }
    const ox = (k % cols) * (cw + gap), oy = Math.floor(k / cols) * (ch + gap);
    for (let y = 0; y < ch; y++) {
      for (let x = 0; x < cw; x++) {
        const s = (Math.floor(y / zoom) * w + Math.floor(x / zoom)) * img.channels, o = ((oy + y) * out.width + ox + x) * 3;
        for (let c = 0; c < 3; c++) out.data[o + c] = img.data[s + (img.channels === 3 ? c : 0)];
      }
    }
  });
  return out;
}
