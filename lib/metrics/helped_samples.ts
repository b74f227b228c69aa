/**
 * Appendix B: are the validation images an augmentation "helps" the same
 * from one training seed to another, or from one method to another? For a
 * method seed i and a no-augmentation seed j, the helped list is the images
 * seed j misclassifies and seed i gets right; lists are compared by their
 * intersection over union (IoU), within a method (all unordered pairs of
 * distinct lists) and across two methods (all pairs).
 */
import { createRng } from "../rng.ts";
import { iou } from "./similarity.ts";
import { mean, sem } from "./stats.ts";

/** Per-sample correctness as "0"/"1" strings (TrainResult.finalCorrect), same sample order. */
export type Correctness = string;

/** Indices right in `method` and wrong in `base`. */
export function helpedSamples(method: Correctness, base: Correctness): number[] {
  if (method.length !== base.length) {
    throw new RangeError(
      `correctness vectors differ in length (${method.length} vs ${base.length}): the runs were evaluated on different images`,
    );
  }
  const out: number[] = [];
  for (let i = 0; i < method.length; i++) if (method[i] === "1" && base[i] === "0") out.push(i);
  return out;
}

/** Every (method seed, base seed) helped list: methodRuns.length × baseRuns.length lists. */
export function helpedLists(method: Correctness[], base: Correctness[]): number[][] {
  return method.flatMap((m) => base.map((b) => helpedSamples(m, b)));
}

/**
 * The images each helped list could have held: those its no-augmentation
 * seed got wrong, in helpedLists' order (`methodRuns` lists per base seed).
 */
export function helpedPools(methodRuns: number, base: Correctness[]): number[][] {
  const wrong = base.map((b) => [...b].flatMap((c, i) => (c === "0" ? [i] : [])));
  return Array.from({ length: methodRuns }, () => wrong).flat();
}

export interface IouSummary {
  mean: number;
  sem: number;
  /** Pairs compared: pairs of two empty lists (IoU undefined) are left out. */
  pairs: number;
}

function summary(all: number[]): IouSummary {
  const xs = all.filter(Number.isFinite);
  return { mean: mean(xs), sem: sem(xs), pairs: xs.length };
}

/** IoU over all unordered pairs of distinct lists of one method. */
export function withinIou(lists: number[][]): IouSummary {
  const xs: number[] = [];
  for (let a = 0; a < lists.length; a++) for (let b = a + 1; b < lists.length; b++) xs.push(iou(lists[a], lists[b]));
  return summary(xs);
}

/** IoU over all pairs (one list from each method). */
export function acrossIou(a: number[][], b: number[][]): IouSummary {
  return summary(a.flatMap((la) => b.map((lb) => iou(la, lb))));
}

/**
 * The chance level of `withinIou`: for each pair of distinct lists, the mean
 * IoU of random lists of the same two sizes, each drawn from its own pool
 * (`pools[i]`: the images list i could hold, helpedPools; `draws` draws per
 * pair, seeded); mean ± SEM over the pairs. A helped list can only hold
 * images its no-augmentation seed got wrong, so drawing from every evaluated
 * image would set the level too low. A helped-list IoU near this level means
 * the lists share no more images than lists of their sizes would by accident.
 */
export function chanceWithinIou(
  lists: number[][],
  pools: number[][],
  opts: { draws?: number; seed?: number } = {},
): IouSummary {
  if (pools.length !== lists.length) throw new RangeError(`${lists.length} helped lists but ${pools.length} pools`);
  lists.forEach((l, i) => {
    if (l.length > pools[i].length) {
      throw new RangeError(`helped list ${i} has ${l.length} images, its pool only ${pools[i].length}`);
    }
  });
  const draws = opts.draws ?? 200;
  const rng = createRng(opts.seed ?? 0);
  const sample = (i: number) => Array.from(rng.permutation(pools[i].length).subarray(0, lists[i].length), (j) => pools[i][j]);
  const xs: number[] = [];
  for (let a = 0; a < lists.length; a++) {
    for (let b = a + 1; b < lists.length; b++) {
      if (lists[a].length === 0 && lists[b].length === 0) continue;
      let sum = 0;
      for (let d = 0; d < draws; d++) sum += iou(sample(a), sample(b));
      xs.push(sum / draws);
    }
  }
  return summary(xs);
}
