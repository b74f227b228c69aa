/**
 * The reference models the analyses measure (Sections 3–4, notebook 00):
 * each family without augmentation ("None", FixedSizeCenterCrop) and with
 * standard augmentation ("HC", RandomResizedCrop + flip). Each is selected
 * on the family's grid by Appendix A's protocol, as Table 1(a)'s methods
 * are, and replicated over the profile's headline seeds; the runs are shared with
 * Table 1(a) wherever the configs coincide.
 */
import type { AugmentKey } from "../augment/registry.ts";
import { createModel } from "../models/create.ts";
import type { Model } from "../models/model.ts";
import { checkpointConfig, loadPretrained, modelFromCheckpoint } from "../models/pretrained.ts";
import { readSafetensors } from "../models/safetensors.ts";
import { loadTrainedModel } from "../train/zoo.ts";
import type { ModelFamily, Profile } from "../profile.ts";
import type { ProgressSink } from "../train/progress.ts";
import type { TrainedRun } from "../train/zoo.ts";
import { headlineSeeds, type Hyper, selectAndReplicate } from "./selection.ts";

export const REFERENCE_AUGMENTS: readonly AugmentKey[] = ["None", "HC"];

export interface ReferenceMethod {
  family: ModelFamily;
  augment: AugmentKey;
  chosen: Hyper;
  /** The selection grid's runs (seed 0) and the replicas, as trained runs. */
  selection: TrainedRun[];
  runs: TrainedRun[];
}

/**
 * Selects and replicates every (family, augmentation); cached runs are read,
 * the rest trained. With `skipReplaced`, a family with a published checkpoint
 * in the profile (profile.pretrained) is not trained with augmentation: the
 * checkpoint is that model (Section 3; Section 4's per-class arm needs them trained).
 */
export async function trainReferenceModels(
  profile: Profile,
  opts: { families?: ModelFamily[]; augments?: AugmentKey[]; skipReplaced?: boolean; progress?: ProgressSink; force?: boolean } =
    {},
): Promise<ReferenceMethod[]> {
  const out: ReferenceMethod[] = [];
  for (const family of opts.families ?? ["resnet", "vit"]) {
    for (const augment of opts.augments ?? REFERENCE_AUGMENTS) {
      if (opts.skipReplaced && augment === "HC" && profile.pretrained[family]) continue;
      const m = await selectAndReplicate(profile, augment, {
        family,
        progress: opts.progress,
        force: opts.force,
        seeds: headlineSeeds(profile),
      });
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

export interface MeasuredModel {
  label: string;
  model: Model;
  /** Names exactly these weights (run key or checkpoint file), for caching their embeddings. */
  cacheKey: string;
}

const FAMILY_NAMES: Record<ModelFamily, string> = { resnet: "ResNet", vit: "ViT" };

/** A checkpoint file's name, safe as a folder name. */
const fileKey = (path: string) => path.split("/").pop()!.replace(/[^A-Za-z0-9._-]+/g, "_");

/**
 * Section 3's models for one training seed, per family: untrained
 * (initialised from `seed`), trained without augmentation, and trained with
 * RRC + flip, or the published checkpoint in its place when the profile
 * names one (the untrained model is then the checkpoint's architecture).
 * `augmented: false` leaves the last out (the background control measures
 * only the first two). The caller disposes them.
 */
export async function sectionThreeModels(
  profile: Profile,
  refs: ReferenceMethod[],
  seed: number,
  opts: { augmented?: boolean } = {},
): Promise<MeasuredModel[]> {
  const out: MeasuredModel[] = [];
  for (const family of ["resnet", "vit"] as const) {
    const name = FAMILY_NAMES[family], checkpoint = profile.pretrained[family];
    const none = referenceRun(refs, family, "None", seed);
    const tensors = checkpoint ? await readSafetensors(checkpoint) : undefined; // read once: its config and its weights
    const untrained = checkpoint ? checkpointConfig(tensors!, checkpoint) : none.config.model;
    out.push({
      label: `${name} untrained`,
      model: createModel(untrained, seed),
      cacheKey: checkpoint ? `untrained-${fileKey(checkpoint)}-seed${seed}` : `untrained-${none.key}`,
    });
    out.push({ label: `${name} trained w/o aug`, model: await loadTrainedModel(profile, none.config), cacheKey: none.key });
    if (opts.augmented === false) continue;
    if (checkpoint) {
      out.push({
        label: `${name} trained`,
        model: modelFromCheckpoint(tensors!, checkpoint),
        cacheKey: `pretrained-${fileKey(checkpoint)}`,
      });
    } else {
      const hc = referenceRun(refs, family, "HC", seed);
      out.push({ label: `${name} trained`, model: await loadTrainedModel(profile, hc.config), cacheKey: hc.key });
    }
  }
  return out;
}

/**
 * Section 4's two ResNets for one seed: trained without augmentation (the
 * primary model) and with RRC + flip, or the published checkpoint in its
 * place when the profile names one. The caller disposes them.
 */
export async function sectionFourModels(profile: Profile, refs: ReferenceMethod[], seed: number): Promise<MeasuredModel[]> {
  const none = referenceRun(refs, "resnet", "None", seed), checkpoint = profile.pretrained.resnet;
  const out: MeasuredModel[] = [{
    label: "trained w/o aug",
    model: await loadTrainedModel(profile, none.config),
    cacheKey: none.key,
  }];
  if (checkpoint) {
    out.push({ label: "trained w/ aug", model: await loadPretrained(checkpoint), cacheKey: `pretrained-${fileKey(checkpoint)}` });
  } else {
    const hc = referenceRun(refs, "resnet", "HC", seed);
    out.push({ label: "trained w/ aug", model: await loadTrainedModel(profile, hc.config), cacheKey: hc.key });
  }
  return out;
}
