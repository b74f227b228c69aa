/** Cropping and flipping with torchvision's conventions for PIL images. */
import { assertImage, type Image8 } from "./image.ts";

/** Python's round(): halves go to the even neighbour. torchvision's CenterCrop uses it. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Crops the h×w box whose top-left corner is (top, left). Like PIL's crop,
 * parts of the box outside the image are filled with 0.
 */
export function crop(img: Image8, top: number, left: number, height: number, width: number): Image8 {
  assertImage(img);
  if (!(height > 0 && width > 0)) throw new RangeError(`crop: size must be positive, got ${width}×${height}`);
  const ch = img.channels;
  const out = new Uint8Array(width * height * ch);
  const x0 = Math.max(0, left), x1 = Math.min(img.width, left + width);
  if (x1 > x0) {
    for (let y = 0; y < height; y++) {
      const sy = top + y;
      if (sy < 0 || sy >= img.height) continue;
      out.set(img.data.subarray((sy * img.width + x0) * ch, (sy * img.width + x1) * ch), (y * width + (x0 - left)) * ch);
    }
  }
  return { width, height, channels: ch, data: out };
}

/**
 * torchvision CenterCrop's offsets, per axis: top = round((H−h)/2), half to
 * even, when the crop fits; when it is larger, torchvision pads ⌊(h−H)/2⌋
 * before (and the rest after) and crops the padded image whole, so the
 * image sits at −⌊(h−H)/2⌋.
 */
export function centerCropParams(
  imgW: number,
  imgH: number,
  w: number,
  h: number,
): { top: number; left: number; height: number; width: number } {
  const offset = (size: number, crop: number) => crop > size ? -Math.floor((crop - size) / 2) : roundHalfEven((size - crop) / 2);
  return { top: offset(imgH, h), left: offset(imgW, w), height: h, width: w };
}

/** torchvision CenterCrop to [w, h] (a number means a square). */
export function centerCrop(img: Image8, size: number | [number, number]): Image8 {
  const [w, h] = Array.isArray(size) ? size : [size, size];
  const p = centerCropParams(img.width, img.height, w, h);
  return crop(img, p.top, p.left, p.height, p.width);
}

/** Mirrors left–right. */
export function hflip(img: Image8): Image8 {
  assertImage(img);
  const { width: w, height: h, channels: ch } = img;
  const out = new Uint8Array(img.data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * ch, d = (y * w + (w - 1 - x)) * ch;
      for (let c = 0; c < ch; c++) out[d + c] = img.data[s + c];
    }
  }
  return { width: w, height: h, channels: ch, data: out };
}
