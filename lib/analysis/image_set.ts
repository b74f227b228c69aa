/** The fixed image set an analysis measures: class-balanced training images after E(·), packed. */
import { evalPreprocess } from "../data/folder.ts";
import { getImage } from "../data/dataset.ts";
import { loadFashionMnist } from "../data/fashion_mnist.ts";
import { balancedIndices } from "../data/subset.ts";
import { indexImageFolder, loadImageFolder } from "../data/folder.ts";
import { channelMeans, classCounts } from "../data/dataset.ts";
import type { ImageBatch } from "../augment/transforms.ts";
import type { Profile } from "../profile.ts";

/** `n` training images (n/classes per class, seeded), pre-processed, and the mean colour (0–255) for fills. */
export function analysisImages(
  profile: Profile,
  n: number,
  seed: number,
): Promise<{ images: ImageBatch; labels: Int32Array; fill: number }> {
  return imagesFor(profile.data, n, seed);
}

/** The same for any data: "fashion-mnist" or an ImageNet-style folder, with E(·) = Resize(resizeTo) → CenterCrop(crop). */
export async function imagesFor(
  d: { dataset: string; resizeTo: number; crop: number; grey: boolean },
  n: number,
  seed: number,
): Promise<{ images: ImageBatch; labels: Int32Array; fill: number }> {
  // For a folder, only the chosen images are decoded (n/classes per class), not the whole split.
  const classes = d.dataset === "fashion-mnist" ? 10 : (await indexImageFolder(d.dataset, "train")).classes.length;
  const ds = d.dataset === "fashion-mnist" ? await loadFashionMnist("train") : await loadImageFolder(d.dataset, "train", {
    resizeTo: d.resizeTo,
    crop: d.resizeTo,
    grey: d.grey,
    onCorrupt: "skip",
    nPerClass: Math.max(1, Math.floor(n / classes)),
    seed,
  });
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
