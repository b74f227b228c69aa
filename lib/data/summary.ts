/**
 * What a profile's dataset holds, without loading all of it: class counts of
 * the training and evaluation splits and a few example images per class
 * (for a folder, only the files listed and the shown examples decoded).
 */
import type { Image8 } from "../image/image.ts";
import { createRng } from "../rng.ts";
import { type ClassInfo, getImage } from "./dataset.ts";
import { evalPreprocess, evaluationSplitName, indexImageFolder } from "./folder.ts";
import { type DataSelection, inMemorySplit, splitCounts } from "./load.ts";
import { readImage } from "../image/image.ts";

export interface SplitSummary {
  split: string;
  classes: ClassInfo[];
  counts: number[];
  total: number;
}

/** Class counts of the training ("train") or evaluation ("eval") split of the profile's dataset. */
export async function summarizeSplit(data: DataSelection, role: "train" | "eval"): Promise<SplitSummary> {
  const { split, classes, counts } = await splitCounts(data, role);
  return { split, classes, counts, total: counts.reduce((a, b) => a + b, 0) };
}

/** `perClass` example images of every class of a split, drawn by `seed`, with the evaluation pre-processing applied. */
export async function exampleImages(
  data: DataSelection,
  role: "train" | "eval",
  perClass: number,
  seed: number,
): Promise<{ image: Image8; label: number; className: string }[]> {
  const rng = createRng(seed);
  const out: { image: Image8; label: number; className: string }[] = [];
  const ds = await inMemorySplit(data, role);
  if (ds) {
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
  const index = await indexImageFolder(data.dataset, role === "train" ? "train" : await evaluationSplitName(data.dataset));
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
