/**
 * Appendix G's sweep: Augerino runs for each variant, regularisation λ and
 * seed, at the learning rate and weight decay selected for the
 * no-augmentation model in Table 1(a) (Appendix A), λ and seeds from the
 * profile. Cached per run.
 */
import { runTable1a } from "../experiments/section2.ts";
import type { MethodRuns } from "../experiments/selection.ts";
import { selectAndReplicate } from "../experiments/selection.ts";
import type { Profile } from "../profile.ts";
import { profileTrainConfig } from "../train/presets.ts";
import type { ProgressSink } from "../train/progress.ts";
import { runsDir } from "../train/zoo.ts";
import { type AugerinoResult, type AugerinoRunConfig, type AugerinoVariant, trainAugerino } from "./train.ts";

export interface SweepOptions {
  variants?: AugerinoVariant[];
  lambdas?: number[];
  seeds?: number[];
  /** Every generator's starting width (absent: the paper's init). */
  initialWidth?: number;
  progress?: ProgressSink;
  force?: boolean;
  onRun?: (label: string, position: number, total: number) => void;
}

export async function runAugerinoSweep(profile: Profile, opts: SweepOptions = {}): Promise<AugerinoResult[]> {
  const [none] = await runTable1a(profile, { only: ["None"] });
  const variants = opts.variants ?? ["translation", "translation+scale"];
  const seeds = opts.seeds ?? profile.training.seeds.slice(0, profile.augerino.seeds);
  const out: AugerinoResult[] = [];
  const lambdasOf = (v: AugerinoVariant) => opts.lambdas ?? profile.augerino.lambdas[v];
  const total = variants.reduce((a, v) => a + lambdasOf(v).length * seeds.length, 0);
  for (const variant of variants) {
    for (const lambda of lambdasOf(variant)) {
      for (const seed of seeds) {
        const start = opts.initialWidth === undefined ? "" : ` from width ${opts.initialWidth}`;
        const label = `Augerino ${variant}${start} λ ${lambda} seed ${seed}`;
        opts.onRun?.(label, out.length + 1, total);
        const config: AugerinoRunConfig = {
          ...profileTrainConfig(profile, {
            family: "resnet",
            augment: "None",
            seed,
            lr: none.chosen.lr,
            weightDecay: none.chosen.weightDecay,
            label,
          }),
          augerino: { variant, lambda, evalCopies: 4, initialWidth: opts.initialWidth },
        };
        out.push(await trainAugerino(config, { runsDir: runsDir(profile), progress: opts.progress, force: opts.force }));
      }
    }
  }
  return out;
}

/**
 * Appendix G's hand-picked comparisons for the Augerino tables: T.(30%) after
 * FixedSizeCenterCrop (T2) and T.(30%) + square RSCC after it (CCTSnoAR),
 * trained at no augmentation's selected setting, every training seed. Cached.
 */
export async function runAugerinoComparisons(
  profile: Profile,
  opts: { progress?: ProgressSink; force?: boolean } = {},
): Promise<MethodRuns[]> {
  const [none] = await runTable1a(profile, { only: ["None"] });
  const out: MethodRuns[] = [];
  for (const key of ["T2", "CCTSnoAR"] as const) {
    out.push(await selectAndReplicate(profile, key, { hyper: none.chosen, progress: opts.progress, force: opts.force }));
  }
  return out;
}
