/**
 * Fashion-MNIST (Zalando, MIT licence), the embedded default dataset: 60 000
 * training and 10 000 test images of 28×28 grey clothing items on black,
 * committed under data/fashion-mnist as Debian's dataset-fashion-mnist ships it.
 */
import { memoizeAsync } from "../memo.ts";
import { DATA_DIR } from "../paths.ts";
import type { ClassInfo, Dataset } from "./dataset.ts";
import { readIdx } from "./idx.ts";

/**
 * Labels with the WordNet 3.0 noun synset that best names each class (wnid =
 * "n" + offset). "Bag" maps to handbag (the images are handbags), "Ankle boot"
 * to boot: WordNet has no ankle-boot synset.
 */
export const FASHION_MNIST_CLASSES: readonly ClassInfo[] = [
  { index: 0, name: "T-shirt/top", wnid: "n03595614" }, // jersey, T-shirt, tee shirt
  { index: 1, name: "Trouser", wnid: "n04489008" }, // trouser, pant
  { index: 2, name: "Pullover", wnid: "n04021028" }, // pullover, slipover
  { index: 3, name: "Dress", wnid: "n03236735" }, // dress, frock
  { index: 4, name: "Coat", wnid: "n03057021" }, // coat
  { index: 5, name: "Sandal", wnid: "n04133789" }, // sandal
  { index: 6, name: "Shirt", wnid: "n04197391" }, // shirt
  { index: 7, name: "Sneaker", wnid: "n03472535" }, // gym shoe, sneaker, tennis shoe
  { index: 8, name: "Bag", wnid: "n02774152" }, // bag, handbag, pocketbook, purse
  { index: 9, name: "Ankle boot", wnid: "n02872752" }, // boot
];

export type FashionSplit = "train" | "test";

/**
 * Loads a split from IDX files (gzipped or not) in `dir` (default: the
 * embedded copy). The label file must match the image file in count.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const test = await loadFashionMnist("test");
 * assert.equal(test.n, 10000);
 * ```
 */
export function loadFashionMnist(split: FashionSplit, opts: { dir?: string } = {}): Promise<Dataset> {
  if (split !== "train" && split !== "test") {
    throw new RangeError(`Fashion-MNIST split must be "train" or "test", got "${split}"`);
  }
  return loadOnce(opts.dir ?? `${DATA_DIR}/fashion-mnist`, split);
}

const loadOnce = memoizeAsync((dir: string, split: FashionSplit) => `${dir}|${split}`, (dir, split) => load(dir, split));

async function findFile(dir: string, base: string): Promise<string> {
  for (const name of [`${base}.gz`, base]) {
    try {
      await Deno.stat(`${dir}/${name}`);
      return `${dir}/${name}`;
    } catch { /* try next */ }
  }
  throw new Error(`Fashion-MNIST file ${base}(.gz) not found in ${dir}`);
}

async function load(dir: string, split: FashionSplit): Promise<Dataset> {
  const prefix = split === "train" ? "train" : "t10k";
  const imgPath = await findFile(dir, `${prefix}-images-idx3-ubyte`);
  const lblPath = await findFile(dir, `${prefix}-labels-idx1-ubyte`);
  const [images, labels] = await Promise.all([readIdx(imgPath), readIdx(lblPath)]);
  if (images.dims.length !== 3) throw new Error(`${imgPath}: expected 3 dimensions (n, rows, cols), found ${images.dims.length}`);
  if (labels.dims.length !== 1) throw new Error(`${lblPath}: expected 1 dimension (n), found ${labels.dims.length}`);
  const [n, h, w] = images.dims;
  if (labels.dims[0] !== n) {
    throw new Error(`label file ${lblPath} has ${labels.dims[0]} labels but image file ${imgPath} has ${n} images`);
  }
  const lab = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const l = labels.data[i];
    if (l >= FASHION_MNIST_CLASSES.length) {
      throw new Error(`${lblPath}: label ${l} at index ${i} is not a Fashion-MNIST class (0–9)`);
    }
    lab[i] = l;
  }
  return {
    name: "fashion-mnist",
    split,
    n,
    height: h,
    width: w,
    channels: 1,
    pixels: images.data,
    labels: lab,
    classes: FASHION_MNIST_CLASSES.map((c) => ({ ...c })),
  };
}
