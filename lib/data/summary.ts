/**
 * What a profile's dataset holds, without loading all of it: class counts per
 * split and a few example images per class. Works for the embedded
 * Fashion-MNIST and for ImageNet-style folders (only the files listed, and the
 * shown examples decoded).
 */
import type { Image8 } from "../image/image.ts";
import type { DataConfig } from "../profile.ts";
import { createRng } from "../rng.ts";
import { classCounts, type ClassInfo, getImage } from "./dataset.ts";
import { loadFashionMnist } from "./fashion_mnist.ts";
import { evalPreprocess, indexImageFolder } from "./folder.ts";
import { readImage } from "../image/image.ts";

export interface SplitSummary {
  split: string;
  classes: ClassInfo[];
  counts: number[];
  total: number;
}

/** Class counts of a split of the profile's dataset. */
export async function summarizeSplit(data: DataConfig, split: string): Promise<SplitSummary> {
  if (data.dataset === "fashion-mnist") {
    const ds = await loadFashionMnist(split as "train" | "test");
    const counts = classCounts(ds);
    return { split, classes: ds.classes, counts, total: ds.n };
  }
  const index = await indexImageFolder(data.dataset, split);
  const counts = new Array(index.classes.length).fill(0);
  for (const f of index.files) counts[f.label]++;
  return { split, classes: index.classes, counts, total: index.files.length };
}

/** `perClass` example images of every class, drawn by `seed`, with the evaluation pre-processing applied. */
export async function exampleImages(
  data: DataConfig,
  split: string,
  perClass: number,
  seed: number,
): Promise<{ image: Image8; label: number; className: string }[]> {
  const rng = createRng(seed);
  const out: { image: Image8; label: number; className: string }[] = [];
  if (data.dataset === "fashion-mnist") {
    const ds = await loadFashionMnist(split as "train" | "test");
    const byClass: number[][] = ds.classes.map(() => []);
    ds.labels.forEach((l, i) => byClass[l].push(i));
    for (const [c, idx] of byClass.entries()) {
      const perm = rng.permutation(idx.length);
      for (let k = 0; k < Math.min(perClass, idx.length); k++) {
        out.push({ image: evalPreprocess(getImage(ds, idx[perm[k]]), data), label: c, className: ds.classes[c].name });
      }
    }
    return out;
  }
  const index = await indexImageFolder(data.dataset, split);
  for (const cls of index.classes) {
    const files = index.files.filter((f) => f.label === cls.index);
    const perm = rng.permutation(files.length);
    for (let k = 0; k < Math.min(perClass, files.length); k++) {
      const img = await readImage(files[perm[k]].path, { grey: data.grey });
      out.push({ image: evalPreprocess(img, data), label: cls.index, className: cls.name });
    }
  }
  return out;
}
