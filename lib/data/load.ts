/** One entry point for "a dataset by name or path", used by the command-line tools. */
import { type Dataset } from "./dataset.ts";
import { type FashionSplit, loadFashionMnist } from "./fashion_mnist.ts";
import { loadImageFolder } from "./folder.ts";

/**
 * "fashion-mnist" loads the embedded set; anything else is taken as the root
 * of an ImageNet-style folder, pre-processed with Resize(resizeTo) → CenterCrop(crop).
 */
export function loadDataset(
  spec: string,
  split: string,
  opts: { resizeTo?: number; crop?: number; grey?: boolean; onCorrupt?: "fail" | "skip" } = {},
): Promise<Dataset> {
  if (spec === "fashion-mnist") return loadFashionMnist(split as FashionSplit);
  return loadImageFolder(spec, split, {
    resizeTo: opts.resizeTo ?? 256,
    crop: opts.crop ?? 224,
    grey: opts.grey,
    onCorrupt: opts.onCorrupt,
  });
}
