/**
 * The reference models the analyses measure (Sections 3–4, notebook 00):
 * each family without augmentation ("None", FixedSizeCenterCrop) and with
 * standard augmentation ("HC", RandomResizedCrop + flip). Each is selected
 * on the family's grid by Appendix A's protocol, as Table 1(a)'s methods
 * are, and replicated over the profile's seeds; the runs are shared with
 * Table 1(a) wherever the configs coincide.
 */
import type { AugmentKey } from "../augment/registry.ts";
import type { ModelFamily, Profile } from "../profile.ts";
import type { ProgressSink } from "../train/progress.ts";
import type { TrainedRun } from "../train/zoo.ts";
import { type Hyper, selectAndReplicate } from "./selection.ts";

export const REFERENCE_AUGMENTS: readonly AugmentKey[] = ["None", "HC"];

export interface ReferenceMethod {
  family: ModelFamily;
  augment: AugmentKey;
  chosen: Hyper;
  /** The selection grid's runs (seed 0) and the replicas, as trained runs. */
  selection: TrainedRun[];
  runs: TrainedRun[];
}

/** Selects and replicates every (family, augmentation); cached runs are read, the rest trained. */
export async function trainReferenceModels(
  profile: Profile,
  opts: { families?: ModelFamily[]; augments?: AugmentKey[]; progress?: ProgressSink; force?: boolean } = {},
): Promise<ReferenceMethod[]> {
  const out: ReferenceMethod[] = [];
  for (const family of opts.families ?? ["resnet", "vit"]) {
    for (const augment of opts.augments ?? REFERENCE_AUGMENTS) {
      const m = await selectAndReplicate(profile, augment, { family, progress: opts.progress, force: opts.force });
      const asTrained = (r: (typeof m.runs)[number]): TrainedRun => ({ key: r.key, family, config: r.config, result: r.result });
      out.push({ family, augment, chosen: m.chosen, selection: m.selection.map(asTrained), runs: m.runs.map(asTrained) });
    }
  }
  return out;
}

/** The reference run of a family, augmentation and seed; a clear error if it was not trained. */
export function referenceRun(refs: ReferenceMethod[], family: ModelFamily, augment: AugmentKey, seed: number): TrainedRun {
  const run = refs.find((m) => m.family === family && m.augment === augment)?.runs.find((r) => r.config.seed === seed);
  if (!run) throw new RangeError(`no reference model for ${family} ${augment} seed ${seed}: train it with trainReferenceModels`);
  return run;
}
