/**
 * An in-memory labelled image set: the common form every experiment reads,
 * whether it came from the embedded Fashion-MNIST or from an image folder.
 */
import type { Image8 } from "../image/image.ts";

export interface ClassInfo {
  /** Index used as the label. */
  index: number;
  /** Human-readable name, e.g. "Ankle boot". */
  name: string;
  /** WordNet 3.0 noun id, e.g. "n02872752". */
  wnid: string;
}

export interface Dataset {
  name: string;
  split: string;
  /** Number of images. */
  n: number;
  height: number;
  width: number;
  channels: 1 | 3;
  /** n·height·width·channels bytes, image after image, row-major, interleaved channels. */
  pixels: Uint8Array;
  labels: Int32Array;
  classes: ClassInfo[];
  /** Where each image came from (a file path, or "file#index" for packed files). */
  sources?: string[];
}

/** The i-th image as an Image8 view (no copy). */
export function getImage(ds: Dataset, i: number): Image8 {
  if (!(i >= 0 && i < ds.n)) throw new RangeError(`image index ${i} is out of range for ${ds.name}/${ds.split} (n = ${ds.n})`);
  const size = ds.height * ds.width * ds.channels;
  return { width: ds.width, height: ds.height, channels: ds.channels, data: ds.pixels.subarray(i * size, (i + 1) * size) };
}

/** A new dataset holding the given images, in the given order (pixels copied). */
export function selectImages(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const size = ds.height * ds.width * ds.channels;
  const pixels = new Uint8Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  const sources = ds.sources ? new Array<string>(indices.length) : undefined;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!(i >= 0 && i < ds.n)) throw new RangeError(`image index ${i} is out of range for ${ds.name}/${ds.split} (n = ${ds.n})`);
    pixels.set(ds.pixels.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = ds.labels[i];
    if (sources) sources[k] = ds.sources![i];
  }
  return { ...ds, n: indices.length, pixels, labels, sources };
}

/** Images per class, indexed by label. */
export function classCounts(ds: Dataset): number[] {
  const counts = new Array(ds.classes.length).fill(0);
  for (const l of ds.labels) counts[l]++;
  return counts;
}

/** Per-channel mean pixel value in [0, 1] (the colour that normalisation maps to 0). */
export function channelMeans(ds: Dataset): number[] {
  const sums = new Array(ds.channels).fill(0);
  for (let i = 0; i < ds.pixels.length; i++) sums[i % ds.channels] += ds.pixels[i];
  return sums.map((s) => s / (ds.pixels.length / ds.channels) / 255);
}
