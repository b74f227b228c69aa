/** The fixed image set an analysis measures: class-balanced training images after E(·), packed. */
import { evalPreprocess } from "../data/folder.ts";
import { channelMeans, classCounts, getImage } from "../data/dataset.ts";
import { type DataSelection, loadTrainingImages, splitCounts } from "../data/load.ts";
import { scenesWithBackground } from "../data/scenes.ts";
import { balancedIndices } from "../data/subset.ts";
import type { ImageBatch } from "../augment/transforms.ts";
import type { Profile } from "../profile.ts";

/**
 * `n` training images, pre-processed, and the mean colour (0–255) for fills.
 * Class-balanced: ⌊n / classes⌋ per class (seeded), so an `n` that is not a
 * multiple of the class count is rounded down (512 over 10 classes: 510).
 */
export function analysisImages(
  profile: Profile,
  n: number,
  seed: number,
): Promise<{ images: ImageBatch; labels: Int32Array; fill: number }> {
  return imagesFor(profile.data, n, seed);
}

/**
 * The images `analysisImages` returns with the same seed, each photo patch
 * replaced by its mean colour: notebook 03's background control. Undefined
 * when the profile's data are not scenes (a photo has no background to swap).
 */
export function backgroundControlImages(
  profile: Profile,
  n: number,
  seed: number,
): Promise<{ images: ImageBatch; labels: Int32Array; fill: number }> | undefined {
  const dataset = scenesWithBackground(profile.data.dataset, "uniform");
  return dataset ? imagesFor({ ...profile.data, dataset }, n, seed) : undefined;
}

/** The same for any data (lib/data/load.ts), with E(·) = Resize(resizeTo) → CenterCrop(crop). */
export async function imagesFor(
  d: DataSelection,
  n: number,
  seed: number,
): Promise<{ images: ImageBatch; labels: Int32Array; fill: number }> {
  // Only the chosen images are loaded (n/classes per class); a folder's unreadable files are skipped.
  const classes = (await splitCounts(d, "train")).classes.length;
  const ds = await loadTrainingImages(d, { perClass: Math.max(1, Math.floor(n / classes)), seed, onCorrupt: "skip" });
  const k = ds.classes.length, per = Math.max(1, Math.min(Math.floor(n / k), ...classCounts(ds)));
  const idx = balancedIndices(ds.labels, k, per, seed);
  const size = d.crop * d.crop * ds.channels;
  const pixels = new Uint8Array(idx.length * size);
  idx.forEach((i, j) => pixels.set(evalPreprocess(getImage(ds, i), d).data, j * size));
  const fill = Math.round(channelMeans(ds)[0] * 255);
  return {
    images: { n: idx.length, width: d.crop, height: d.crop, channels: ds.channels, pixels },
    labels: Int32Array.from(idx, (i) => ds.labels[i]),
    fill,
  };
}
