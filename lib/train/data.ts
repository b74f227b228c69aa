/** Training and evaluation data of a run: class-balanced subsets and their normalisation. */
import { memoizeAsync } from "../memo.ts";
import type { Dataset } from "../data/dataset.ts";
import { type DataSelection, loadEvaluationImages, trainingSource, validationSplit } from "../data/load.ts";
import type { TrainSource } from "../data/train_source.ts";
import { datasetNormalization, type Normalization } from "../data/normalization.ts";

export interface RunData {
  /** Training images, augmented per epoch: from memory, or a folder's original files streamed (lib/data/train_source.ts). */
  train: TrainSource;
  /** Test images after the evaluation pre-processing E(·): the validation images when the run has a validation split. */
  test: Dataset;
  /** Indices of the test images in their split, or of the validation images in the training subset (the per-sample results refer to them). */
  testIndices: Int32Array;
  /** How the images are normalised for the model (lib/data/normalization.ts). */
  norm: Normalization;
}

export interface RunDataConfig extends DataSelection {
  /** Seed of the subsets (fixed across runs so that methods see the same images). */
  subsetSeed: number;
  /**
   * Images per class carved from the training subset as the evaluation set, for Appendix A's selection runs: such a
   * run never sees the held-out split. Absent: train on the whole subset, evaluate on the held-out split.
   */
  validationPerClass?: number;
}

/**
 * Loads (once per process) the data of a run (lib/data/load.ts): the
 * training source, test images at E(·).
 */
export function loadRunData(c: RunDataConfig): Promise<RunData> {
  return loadOnce(c);
}

const loadOnce = memoizeAsync((c: RunDataConfig) => JSON.stringify(c), load);

async function load(c: RunDataConfig): Promise<RunData> {
  if (c.validationPerClass) {
    const { train, validation } = await validationSplit(c, { seed: c.subsetSeed, perClass: c.validationPerClass });
    return { train, test: validation.dataset, testIndices: validation.indices, norm: datasetNormalization(c) };
  }
  const [train, test] = await Promise.all([
    trainingSource(c, { seed: c.subsetSeed }),
    loadEvaluationImages(c, { seed: c.subsetSeed + 1 }),
  ]);
  return { train, test: test.dataset, testIndices: test.indices, norm: datasetNormalization(c) };
}
