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
import { readJsonIfExists } from "../results/atomic.ts";
import { trainRuns } from "../train/pool.ts";
import { atLastEpoch, type AugerinoResult, type AugerinoRunConfig, augerinoRunKey, type AugerinoVariant } from "./train.ts";

/** The sweep's runs evaluate every 5th epoch (and the first and last): the tables report the last, the trajectories every 5th. */
export const EVAL_EVERY = 5;

export interface SweepOptions {
  variants?: AugerinoVariant[];
  lambdas?: number[];
  seeds?: number[];
  /** Every generator's starting width (absent: the paper's init). */
  initialWidth?: number;
  progress?: ProgressSink;
  force?: boolean;
  /** Child processes at once (lib/train/pool.ts); absent: $JOBS, else inline. */
  jobs?: number | "auto";
  onRun?: (label: string, position: number, total: number) => void;
}

export async function runAugerinoSweep(profile: Profile, opts: SweepOptions = {}): Promise<AugerinoResult[]> {
  const [none] = await runTable1a(profile, { only: ["None"] });
  const variants = opts.variants ?? ["translation", "translation+scale"];
  const seeds = opts.seeds ?? profile.training.seeds.slice(0, profile.augerino.seeds);
  const lambdasOf = (v: AugerinoVariant) => opts.lambdas ?? profile.augerino.lambdas[v];
  const configs: AugerinoRunConfig[] = [];
  for (const variant of variants) {
    for (const lambda of lambdasOf(variant)) {
      for (const seed of seeds) {
        const start = opts.initialWidth === undefined ? "" : ` from width ${opts.initialWidth}`;
        configs.push({
          ...profileTrainConfig(profile, {
            family: "resnet",
            augment: "None",
            seed,
            lr: none.chosen.lr,
            weightDecay: none.chosen.weightDecay,
            label: `Augerino ${variant}${start} λ ${lambda} seed ${seed}`,
          }),
          augerino: { variant, lambda, evalCopies: 4, initialWidth: opts.initialWidth, evalEvery: EVAL_EVERY },
        });
      }
    }
  }
  // In the sweep's order (not the key order the pool trains in), so tables read variant by variant.
  const runs = await Promise.all(configs.map(async (config) => ({ key: await augerinoRunKey(config), config })));
  const dir = runsDir(profile);
  await trainRuns(runs, {
    runsDir: dir,
    force: opts.force,
    progress: opts.progress,
    jobs: opts.jobs,
    onRun: (r, i, n) => opts.onRun?.(r.config.label ?? r.key, i, n),
  });
  const out: AugerinoResult[] = [];
  for (const r of runs) {
    const result = await readJsonIfExists<AugerinoResult>(`${dir}/${r.key}/result.json`);
    if (!result) throw new Error(`Augerino run ${r.key} (${r.config.label}) finished without a result.json`);
    out.push(atLastEpoch(result));
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
