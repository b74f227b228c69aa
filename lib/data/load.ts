/**
 * A dataset by its name or path, the one place that knows each kind:
 * "fashion-mnist" (embedded), "scenes[:knobs]" (generated, lib/data/scenes.ts)
 * or the root of an ImageNet-style folder. Experiments, analyses and tools
 * ask here for training images, evaluation images or foreground masks, and
 * never branch on the dataset's name themselves.
 */
import { memoizeAsync } from "../memo.ts";
import type { DataConfig } from "../profile.ts";
import { type Dataset, getImage, selectImages } from "./dataset.ts";
import { type FashionSplit, loadFashionMnist } from "./fashion_mnist.ts";
import {
  evalPreprocess,
  evaluationSplitName,
  indexImageFolder,
  loadFolderFiles,
  loadImageFolder,
  selectFolderFiles,
} from "./folder.ts";
import { generateScenes, parseSceneSpec, type SceneSet } from "./scenes.ts";
import { streamingSource } from "./stream.ts";
import { balancedIndices } from "./subset.ts";
import { inMemorySource, type TrainSource } from "./train_source.ts";

/**
 * What names the data and how it is pre-processed, E(·) = Resize(resizeTo) →
 * CenterCrop(crop), with the set sizes: the profile's data (lib/profile.ts).
 */
export type DataSelection = DataConfig;

/** Scenes generated for a split when the whole split is asked for: one per Fashion-MNIST item. */
const SCENES_WHOLE_SPLIT = { train: 6000, val: 1000 };

/** The generated scenes of a split (cached per process): `perClass` of each class, frame = resizeTo. */
function scenes(d: DataSelection, role: "train" | "eval"): Promise<SceneSet> {
  const split = role === "train" ? "train" : "val";
  return generatedScenes(
    d.dataset,
    split,
    (role === "train" ? d.trainPerClass : d.testPerClass) || SCENES_WHOLE_SPLIT[split],
    d.resizeTo,
  );
}

const generatedScenes = memoizeAsync(
  (dataset: string, split: "train" | "val", perClass: number, frame: number) => JSON.stringify([dataset, split, perClass, frame]),
  (dataset, split, perClass, frame) => {
    const spec = parseSceneSpec(dataset)!;
    return generateScenes({ split, perClass, seed: spec.seed, frame, knobs: spec.knobs });
  },
);

/** An embedded or generated split, whole, at its stored size; undefined for a folder (read it with lib/data/folder.ts). */
export async function inMemorySplit(d: DataSelection, role: "train" | "eval"): Promise<Dataset | undefined> {
  if (d.dataset === "fashion-mnist") return loadFashionMnist(role === "train" ? "train" : "test");
  if (parseSceneSpec(d.dataset)) return (await scenes(d, role)).dataset;
  return undefined;
}

/** Class-balanced indices of `perClass` per class (all when 0 or when a class has fewer). */
function subsetIndices(ds: Dataset, perClass: number, seed: number): Int32Array {
  const counts = new Array(ds.classes.length).fill(0);
  for (const l of ds.labels) counts[l]++;
  if (!perClass || perClass >= Math.max(...counts)) return Int32Array.from({ length: ds.n }, (_, i) => i);
  return balancedIndices(ds.labels, ds.classes.length, Math.min(perClass, ...counts), seed, ds.classes.map((c) => c.name));
}

/**
 * Training images at the size the augmentation pipelines start from:
 * embedded and generated sets as stored, a folder's images at
 * Resize(resizeTo) → CenterCrop(resizeTo). `perClass` (default: the
 * selection's trainPerClass; 0: all) picks a class-balanced subset by `seed`.
 */
export async function loadTrainingImages(
  d: DataSelection,
  opts: { seed: number; perClass?: number; onCorrupt?: "fail" | "skip" },
): Promise<Dataset> {
  const perClass = opts.perClass ?? d.trainPerClass;
  const all = await inMemorySplit(d, "train");
  if (all) return perClass ? selectImages(all, subsetIndices(all, perClass, opts.seed)) : all;
  return loadImageFolder(d.dataset, "train", {
    resizeTo: d.resizeTo,
    crop: d.resizeTo,
    grey: d.grey,
    onCorrupt: opts.onCorrupt,
    nPerClass: perClass || undefined,
    seed: opts.seed,
  });
}

/**
 * The training images of a run as a source of augmented batches
 * (lib/data/train_source.ts): embedded and generated sets from memory, as
 * loadTrainingImages gives them; a folder's original files streamed by decode
 * workers (lib/data/stream.ts), so that memory does not grow with the folder.
 * `perClass` (default: the selection's trainPerClass; 0: all) picks a
 * class-balanced subset by `seed`.
 */
export async function trainingSource(
  d: DataSelection,
  opts: { seed: number; perClass?: number; onCorrupt?: "fail" | "skip"; workers?: number; prefetch?: number },
): Promise<TrainSource> {
  if (await inMemorySplit(d, "train")) return inMemorySource(await loadTrainingImages(d, opts));
  const index = await indexImageFolder(d.dataset, "train");
  const files = selectFolderFiles(index, opts.perClass ?? d.trainPerClass, opts.seed);
  return streamingSource(files, index.classes, {
    grey: d.grey,
    onCorrupt: opts.onCorrupt,
    workers: opts.workers,
    prefetch: opts.prefetch,
  });
}

/**
 * A validation split carved from a run's training subset (Appendix A's
 * selection must never look at the held-out split): of the `trainPerClass`
 * training images chosen by `seed`, `perClass` per class (drawn by
 * `seed + 2`) are set aside and given E(·); the rest are the training source.
 * `indices` are the validation images' positions in that training subset.
 */
export async function validationSplit(
  d: DataSelection,
  opts: { seed: number; perClass: number },
): Promise<{ train: TrainSource; validation: { dataset: Dataset; indices: Int32Array } }> {
  const carve = (labels: ArrayLike<number>, numClasses: number, names: string[]) => {
    const held = balancedIndices(labels, numClasses, opts.perClass, opts.seed + 2, names);
    const isHeld = new Uint8Array(labels.length);
    for (const i of held) isHeld[i] = 1;
    const kept = Int32Array.from({ length: labels.length }, (_, i) => i).filter((i) => !isHeld[i]);
    if (kept.length === 0) throw new RangeError(`a validation split of ${opts.perClass} per class leaves no training images`);
    return { held, kept };
  };
  if (await inMemorySplit(d, "train")) {
    const images = await loadTrainingImages(d, { seed: opts.seed });
    const { held, kept } = carve(images.labels, images.classes.length, images.classes.map((c) => c.name));
    return {
      train: inMemorySource(selectImages(images, kept)),
      validation: { dataset: mapImages(selectImages(images, held), (im) => evalPreprocess(im, d), d.crop), indices: held },
    };
  }
  const index = await indexImageFolder(d.dataset, "train");
  const files = selectFolderFiles(index, d.trainPerClass, opts.seed);
  const { held, kept } = carve(files.map((f) => f.label), index.classes.length, index.classes.map((c) => c.name));
  const dataset = await loadFolderFiles(index, Array.from(held, (i) => files[i]), d);
  return {
    train: streamingSource(Array.from(kept, (i) => files[i]), index.classes, { grey: d.grey }),
    validation: { dataset, indices: held },
  };
}

/**
 * Evaluation images after E(·), a class-balanced subset of `perClass`
 * (default: the selection's testPerClass; 0: all) chosen by `seed`, and
 * their indices in the split they came from.
 */
export async function loadEvaluationImages(
  d: DataSelection,
  opts: { seed: number; perClass?: number },
): Promise<{ dataset: Dataset; indices: Int32Array }> {
  const perClass = opts.perClass ?? d.testPerClass;
  const all = await inMemorySplit(d, "eval");
  if (all) {
    const indices = subsetIndices(all, perClass, opts.seed);
    return { dataset: mapImages(selectImages(all, indices), (im) => evalPreprocess(im, d), d.crop), indices };
  }
  const dataset = await loadImageFolder(d.dataset, await evaluationSplitName(d.dataset), {
    resizeTo: d.resizeTo,
    crop: d.crop,
    grey: d.grey,
    nPerClass: perClass || undefined,
    seed: opts.seed,
  });
  return { dataset, indices: Int32Array.from({ length: dataset.n }, (_, i) => i) };
}

/**
 * Foreground masks of training images for Appendix E.1, grey, 255 =
 * foreground: a folder of masks laid out as the data (`maskRoot`), the
 * generated scenes' own masks, or, for Fashion-MNIST (objects on black), the
 * images themselves. The first `perClass` of each class (0: all).
 */
export async function loadForegroundMasks(
  d: DataSelection,
  opts: { perClass: number; seed: number; maskRoot?: string },
): Promise<{ masks: Dataset; source: string }> {
  if (opts.maskRoot) {
    const masks = await loadImageFolder(opts.maskRoot, "train", {
      resizeTo: d.resizeTo,
      crop: d.resizeTo,
      grey: true,
      nPerClass: opts.perClass || undefined,
      seed: opts.seed,
    });
    return { masks, source: `masks from ${opts.maskRoot}` };
  }
  if (d.dataset === "fashion-mnist") {
    return {
      masks: firstPerClass(await loadFashionMnist("train"), opts.perClass),
      source: "the images themselves (objects on black)",
    };
  }
  if (parseSceneSpec(d.dataset)) {
    const set = await scenes(d, "train");
    const masks: Dataset = { ...set.dataset, channels: 1, pixels: Uint8Array.from(set.masks, (v) => v * 255) };
    return { masks: firstPerClass(masks, opts.perClass), source: "the scenes' ground-truth object masks" };
  }
  throw new Error(
    `${d.dataset}: Appendix E.1 needs foreground masks; set MASK_ROOT to a folder of masks laid out as the data (<root>/train/<wnid>/*.png)`,
  );
}

/** The first `perClass` images of each class, in stored order (0: all). */
function firstPerClass(ds: Dataset, perClass: number): Dataset {
  if (!perClass) return ds;
  const seen = new Array(ds.classes.length).fill(0), keep: number[] = [];
  for (let i = 0; i < ds.n; i++) if (seen[ds.labels[i]]++ < perClass) keep.push(i);
  return selectImages(ds, keep);
}

/** Applies `fn` to every image; all outputs are size×size. */
function mapImages(
  ds: Dataset,
  fn: (im: Parameters<typeof evalPreprocess>[0]) => ReturnType<typeof evalPreprocess>,
  size: number,
): Dataset {
  const per = size * size * ds.channels;
  const pixels = new Uint8Array(ds.n * per);
  for (let i = 0; i < ds.n; i++) pixels.set(fn(getImage(ds, i)).data, i * per);
  return { ...ds, height: size, width: size, pixels };
}

/** Class names and counts of the training or evaluation split, without decoding a folder's images. */
export async function splitCounts(
  d: DataSelection,
  role: "train" | "eval",
): Promise<{ split: string; classes: Dataset["classes"]; counts: number[] }> {
  const all = await inMemorySplit(d, role);
  if (all) {
    const counts = new Array(all.classes.length).fill(0);
    for (const l of all.labels) counts[l]++;
    return { split: all.split, classes: all.classes, counts };
  }
  const split = role === "train" ? "train" : await evaluationSplitName(d.dataset);
  const index = await indexImageFolder(d.dataset, split);
  const counts = new Array(index.classes.length).fill(0);
  for (const f of index.files) counts[f.label]++;
  return { split, classes: index.classes, counts };
}

/**
 * A split by the dataset's own split name ("train", "test", "val"), as the
 * command-line tools read it: embedded and generated sets whole (scenes:
 * `perClass` per class, default the whole split), a folder's at E(·).
 */
export async function loadDataset(
  spec: string,
  split: string,
  opts: { resizeTo?: number; crop?: number; grey?: boolean; onCorrupt?: "fail" | "skip"; perClass?: number } = {},
): Promise<Dataset> {
  if (spec === "fashion-mnist") return loadFashionMnist(split as FashionSplit);
  const resizeTo = opts.resizeTo ?? 256, crop = opts.crop ?? 224;
  if (parseSceneSpec(spec)) {
    if (split !== "train" && split !== "val") throw new RangeError(`scenes have the splits train and val, not "${split}"`);
    const d = { dataset: spec, resizeTo, crop, grey: false, trainPerClass: opts.perClass ?? 0, testPerClass: opts.perClass ?? 0 };
    return (await scenes(d, split === "train" ? "train" : "eval")).dataset;
  }
  return loadImageFolder(spec, split, { resizeTo, crop, grey: opts.grey, onCorrupt: opts.onCorrupt });
}
