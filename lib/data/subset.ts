/** Deterministic, class-balanced subsets: the same seed always picks the same images. */
import { createRng } from "../rng.ts";
import { type Dataset, selectImages } from "./dataset.ts";

/**
 * Indices of `nPerClass` images of every class, drawn without replacement by
 * `seed`, returned sorted by class then by original index. A class with too
 * few images is an error naming it.
 */
export function balancedIndices(
  labels: ArrayLike<number>,
  numClasses: number,
  nPerClass: number,
  seed: number,
  classNames?: string[],
): Int32Array {
  if (!(Number.isInteger(nPerClass) && nPerClass > 0)) {
    throw new RangeError(`nPerClass must be a positive integer, got ${nPerClass}`);
  }
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const out = new Int32Array(numClasses * nPerClass);
  let k = 0;
  for (let c = 0; c < numClasses; c++) {
    const members = byClass[c];
    if (members.length < nPerClass) {
      throw new RangeError(
        `class ${classNames?.[c] ?? c} has ${members.length} images, fewer than the ${nPerClass} per class asked for`,
      );
    }
    // One stream per class, so a class's pick does not depend on the others.
    const perm = createRng(seed * 1009 + c).permutation(members.length);
    const chosen = Array.from(perm.subarray(0, nPerClass), (j) => members[j]).sort((a, b) => a - b);
    for (const i of chosen) out[k++] = i;
  }
  return out;
}

/** A class-balanced subset of a dataset (`nPerClass` images of each class), chosen by `seed`. */
export function balancedSubset(ds: Dataset, nPerClass: number, seed: number): Dataset {
  return selectImages(ds, balancedIndices(ds.labels, ds.classes.length, nPerClass, seed, ds.classes.map((c) => c.name)));
}
