/**
 * ImageNet-style image folders: `<root>/<split>/<wnid>/*.{JPEG,jpg,jpeg,png}`.
 * Users with ImageNet (or any subset laid out the same way) run the real
 * experiments through this reader. Images are decoded by decodeImage (libjpeg-turbo or imagescript) and
 * given the evaluation pre-processing of the paper: Resize(shorter side) then
 * CenterCrop, with PIL's semantics.
 */
import * as tf from "@tensorflow/tfjs-core";
import { centerCrop } from "../image/crop.ts";
import { resize } from "../image/resize.ts";
import { type Image8, ImageReadError, readImage } from "../image/image.ts";
import { loadWordNet } from "../wordnet/wordnet.ts";
import type { ClassInfo, Dataset } from "./dataset.ts";
import { datasetNormalization, type Normalization, toInputTensor } from "./normalization.ts";
import { balancedIndices } from "./subset.ts";

export const IMAGE_EXTENSIONS = [".jpeg", ".jpg", ".png"];

export interface FolderFile {
  path: string;
  label: number;
}

export interface FolderIndex {
  root: string;
  split: string;
  classes: ClassInfo[];
  /** Image files, sorted by class folder then file name. */
  files: FolderFile[];
  /** Files in class folders that are not images by extension (listed, not read). */
  ignored: string[];
}

/** Error for a folder tree that cannot serve as a dataset; the message names the folder. */
export class DatasetFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatasetFolderError";
  }
}

async function listDir(path: string): Promise<Deno.DirEntry[]> {
  const out: Deno.DirEntry[] = [];
  for await (const e of Deno.readDir(path)) out.push(e);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Lists the classes and image files of one split. Errors name the folder: a
 * missing root or split, a split with no class folders, a class with no image.
 * Class names come from WordNet when the folder names are wnids.
 */
export async function indexImageFolder(root: string, split: string, opts: { wordnetNames?: boolean } = {}): Promise<FolderIndex> {
  try {
    if (!(await Deno.stat(root)).isDirectory) throw new DatasetFolderError(`dataset root ${root} is not a folder`);
  } catch (e) {
    if (e instanceof DatasetFolderError) throw e;
    throw new DatasetFolderError(`dataset root ${root} does not exist`);
  }
  const splitDir = `${root}/${split}`;
  let entries: Deno.DirEntry[];
  try {
    entries = await listDir(splitDir);
  } catch {
    const present = (await listDir(root)).filter((e) => e.isDirectory).map((e) => e.name);
    throw new DatasetFolderError(`split folder ${splitDir} not found (folders in ${root}: ${present.join(", ") || "none"})`);
  }
  const classDirs = entries.filter((e) => e.isDirectory && !e.name.startsWith("."));
  if (classDirs.length === 0) {
    throw new DatasetFolderError(`${splitDir} has no class folders (expected ${splitDir}/<wnid>/*.JPEG)`);
  }
  const files: FolderFile[] = [];
  const ignored: string[] = [];
  for (const [label, dir] of classDirs.entries()) {
    const before = files.length;
    for (const e of await listDir(`${splitDir}/${dir.name}`)) {
      if (!e.isFile) continue;
      const lower = e.name.toLowerCase();
      const path = `${splitDir}/${dir.name}/${e.name}`;
      if (IMAGE_EXTENSIONS.some((x) => lower.endsWith(x))) files.push({ path, label });
      else ignored.push(path);
    }
    if (files.length === before) {
      throw new DatasetFolderError(
        `class folder ${splitDir}/${dir.name} holds no images (${IMAGE_EXTENSIONS.join(", ")}, any case)`,
      );
    }
  }
  const classes: ClassInfo[] = classDirs.map((d, index) => ({
    index,
    name: d.name,
    wnid: /^n\d{8}$/.test(d.name) ? d.name : "",
  }));
  if (opts.wordnetNames !== false && classes.some((c) => c.wnid)) {
    try {
      const wn = await loadWordNet();
      for (const c of classes) if (c.wnid && wn.has(c.wnid)) c.name = wn.synset(c.wnid).lemmas[0].replaceAll("_", " ");
    } catch { /* WordNet missing: keep folder names */ }
  }
  return { root, split, classes, files, ignored };
}

export interface EvalPreprocess {
  /** Shorter side after Resize (paper: 256; embedded scale: 32). */
  resizeTo: number;
  /** Centre-crop size (paper: 224; embedded scale: 28). */
  crop: number;
  /** Decode as one grey channel instead of RGB. */
  grey?: boolean;
}

/** The paper's evaluation pre-processing E(·) on one image: Resize(resizeTo) → CenterCrop(crop). */
export function evalPreprocess(img: Image8, p: EvalPreprocess): Image8 {
  return centerCrop(resize(img, p.resizeTo), p.crop);
}

/** The split a folder is evaluated on: "val" when `<root>/val` exists, else "test". */
export async function evaluationSplitName(root: string): Promise<string> {
  try {
    await Deno.stat(`${root}/val`);
    return "val";
  } catch {
    return "test";
  }
}

export interface FolderLoadOptions extends EvalPreprocess {
  /** "fail" (default) stops at the first unreadable image, naming it; "skip" leaves it out and counts it. */
  onCorrupt?: "fail" | "skip";
  /** Keep only this many images per class, chosen by `seed` (class-balanced). */
  nPerClass?: number;
  seed?: number;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

async function readPreprocessed(f: FolderFile, p: FolderLoadOptions, skipped: SkippedFile[]): Promise<Image8 | null> {
  try {
    return evalPreprocess(await readImage(f.path, { grey: p.grey }), p);
  } catch (e) {
    if (p.onCorrupt === "skip" && e instanceof ImageReadError) {
      skipped.push({ path: f.path, reason: e.message });
      return null;
    }
    throw e;
  }
}

/** The files of a class-balanced subset of `nPerClass` per class chosen by `seed` (all when absent or 0), in index order. */
export function selectFolderFiles(index: FolderIndex, nPerClass: number | undefined, seed: number): FolderFile[] {
  if (!nPerClass) return index.files;
  const idx = balancedIndices(
    index.files.map((f) => f.label),
    index.classes.length,
    nPerClass,
    seed,
    index.classes.map((c) => c.name),
  );
  return Array.from(idx, (i) => index.files[i]);
}

/**
 * Loads a split into memory with the evaluation pre-processing. With
 * `onCorrupt: "skip"`, unreadable images are left out and returned in `skipped`.
 */
export async function loadImageFolder(
  root: string,
  split: string,
  opts: FolderLoadOptions,
): Promise<Dataset & { skipped: SkippedFile[] }> {
  const index = await indexImageFolder(root, split);
  return loadFolderFiles(index, selectFolderFiles(index, opts.nPerClass, opts.seed ?? 0), opts);
}

/** Loads these files of a split's index into memory with the evaluation pre-processing (see loadImageFolder). */
export async function loadFolderFiles(
  index: FolderIndex,
  files: FolderFile[],
  opts: FolderLoadOptions,
): Promise<Dataset & { skipped: SkippedFile[] }> {
  const { root, split } = index;
  const channels = opts.grey ? 1 : 3;
  const size = opts.crop * opts.crop * channels;
  const pixels = new Uint8Array(files.length * size);
  const labels: number[] = [], sources: string[] = [], skipped: SkippedFile[] = [];
  for (const f of files) {
    const img = await readPreprocessed(f, opts, skipped);
    if (!img) continue;
    pixels.set(img.data, labels.length * size);
    labels.push(f.label);
    sources.push(f.path);
  }
  return {
    name: root.split("/").filter(Boolean).pop() ?? root,
    split,
    n: labels.length,
    height: opts.crop,
    width: opts.crop,
    channels,
    pixels: pixels.slice(0, labels.length * size),
    labels: Int32Array.from(labels),
    classes: index.classes,
    sources,
    skipped,
  };
}

export interface FolderBatch {
  /** [b, crop, crop, channels] float32, normalised (lib/data/normalization.ts). */
  x: tf.Tensor4D;
  labels: Int32Array;
  paths: string[];
}

/**
 * Streams a split in batches of tensors, decoding lazily so that a split
 * larger than memory can be embedded. Skipped files are pushed into
 * `skipped` when `onCorrupt` is "skip". The caller disposes each batch's `x`.
 */
export async function* folderBatches(
  index: FolderIndex,
  opts: FolderLoadOptions & { batchSize: number; norm?: Normalization; skipped?: SkippedFile[] },
): AsyncGenerator<FolderBatch> {
  const ch = opts.grey ? 1 : 3;
  const norm = opts.norm ?? datasetNormalization({ dataset: index.root, grey: !!opts.grey });
  const skipped = opts.skipped ?? [];
  let buf: { img: Image8; f: FolderFile }[] = [];
  const flush = (): FolderBatch => {
    const s = opts.crop, size = s * s * ch;
    const pixels = new Uint8Array(buf.length * size);
    buf.forEach(({ img }, b) => pixels.set(img.data, b * size));
    const out = {
      x: toInputTensor(pixels, buf.length, s, s, ch, norm),
      labels: Int32Array.from(buf, (e) => e.f.label),
      paths: buf.map((e) => e.f.path),
    };
    buf = [];
    return out;
  };
  for (const f of index.files) {
    const img = await readPreprocessed(f, opts, skipped);
    if (!img) continue;
    buf.push({ img, f });
    if (buf.length === opts.batchSize) yield flush();
  }
  if (buf.length) yield flush();
}
