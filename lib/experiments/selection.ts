/**
 * Appendix A's protocol: for each training method, one seed per
 * (learning rate, weight decay) of the profile's grid — extended above its
 * largest rate while the best run sits there (bracketExtension) — each run
 * trained on the training subset less a validation split carved from it
 * (`validationPerClass`) and scored by its last epoch's validation top-1;
 * the best setting kept; then the profile's seeds at that setting on the
 * whole training subset, reported on the held-out split. The held-out split
 * never chooses anything. A grid of one setting has nothing to select.
 */
import type { AugmentKey } from "../augment/registry.ts";
import type { Profile } from "../profile.ts";
import { type GridRun, runGrid } from "../train/grid.ts";
import type { ModelFamily } from "../profile.ts";
import { familyRecipe, profileTrainConfig } from "../train/presets.ts";
import type { ProgressSink } from "../train/progress.ts";
import type { TrainConfig, TrainResult } from "../train/trainer.ts";
import { runsDir } from "../train/zoo.ts";

export type FinishedRun = GridRun & { result: TrainResult };

export interface Hyper {
  lr: number;
  weightDecay: number;
}

/**
 * Seeds of the headline comparisons (Table 1(a), Table 1(b)'s β 0.1, 1, 10, the reference models): the
 * profile's headlineSeeds, else its seeds.
 */
export const headlineSeeds = (profile: Profile): number[] => profile.training.headlineSeeds ?? profile.training.seeds;

/** The grid's only setting when it has one (then nothing is selected and no validation run is trained). */
export function onlySetting(profile: Profile, family: ModelFamily = "resnet"): Hyper | undefined {
  const { lrGrid, wdGrid } = familyRecipe(profile, family);
  return lrGrid.length === 1 && wdGrid.length === 1 ? { lr: lrGrid[0], weightDecay: wdGrid[0] } : undefined;
}

/**
 * One validation run per grid point (the profile's, or `lrs`), all with the
 * first seed; none for a grid of one setting.
 */
export function selectionConfigs(
  profile: Profile,
  augment: AugmentKey,
  family: ModelFamily = "resnet",
  lrs?: number[],
): TrainConfig[] {
  const p = profile.training;
  const recipe = familyRecipe(profile, family);
  if (!lrs && onlySetting(profile, family)) return [];
  return (lrs ?? recipe.lrGrid).flatMap((lr) =>
    recipe.wdGrid.map((weightDecay) => {
      const c = profileTrainConfig(profile, {
        family,
        augment,
        seed: p.seeds[0],
        lr,
        weightDecay,
        label: `${augment} lr ${lr} wd ${weightDecay} (validation)`,
      });
      return { ...c, data: { ...c.data, validationPerClass: p.validationPerClass } };
    })
  );
}

/** How many times the grid may be extended above its largest rate (each time by ×2). */
export const MAX_LR_EXTENSIONS = 2;

/**
 * The bracketing step of the selection: when the best finished run sits at the
 * largest learning rate tried, the configs at twice that rate (every weight
 * decay), unless the grid was already extended MAX_LR_EXTENSIONS times or
 * has a single rate; else none.
 * Appendix A's grid must contain the optimum, not stop at it.
 */
export function bracketExtension(
  profile: Profile,
  augment: AugmentKey,
  done: { config: TrainConfig; result: TrainResult }[],
  family: ModelFamily = "resnet",
): TrainConfig[] {
  const grid = familyRecipe(profile, family).lrGrid, top = Math.max(...grid);
  // A single rate is a setting, not a grid (the smoke profile, the ViT's recipe): nothing to bracket.
  if (done.length === 0 || grid.length < 2) return [];
  const tried = Math.max(...done.map((r) => r.config.lr));
  if (tried >= top * 2 ** MAX_LR_EXTENSIONS || pickBest(done).lr < tried) return [];
  return selectionConfigs(profile, augment, family, [tried * 2]);
}

/**
 * The setting of the validation run with the best last-epoch top-1 (ties: the
 * first in grid order, which is deterministic).
 */
export function pickBest(runs: { config: TrainConfig; result: TrainResult }[]): Hyper {
  if (runs.length === 0) throw new RangeError("no selection runs to pick from");
  if (runs.some((r) => !r.config.data.validationPerClass)) {
    throw new RangeError("a selection run evaluated on the held-out split: selection must use a validation split");
  }
  let best = runs[0];
  for (const r of runs) if (r.result.finalTop1 > best.result.finalTop1) best = r;
  return { lr: best.config.lr, weightDecay: best.config.weightDecay };
}

/** The profile's seeds (or `seeds`) at a chosen setting. */
export function replicationConfigs(
  profile: Profile,
  augment: AugmentKey,
  hyper: Hyper,
  family: ModelFamily = "resnet",
  seeds: number[] = profile.training.seeds,
): TrainConfig[] {
  return seeds.map((seed) => profileTrainConfig(profile, { family, augment, seed, ...hyper, label: `${augment} seed ${seed}` }));
}

export interface MethodRuns {
  augment: AugmentKey;
  selection: FinishedRun[];
  chosen: Hyper;
  runs: FinishedRun[];
}

export interface SelectOptions {
  family?: ModelFamily;
  progress?: ProgressSink;
  force?: boolean;
  onRun?: (run: GridRun, position: number, total: number, cached: boolean) => void;
  /** Use this setting instead of selecting one (Table 1b uses RRC's). */
  hyper?: Hyper;
  /** Replication seeds (default: the profile's). */
  seeds?: number[];
}

/** Selects (unless `hyper` is given) and replicates one method; cached runs are reused. */
export async function selectAndReplicate(profile: Profile, augment: AugmentKey, opts: SelectOptions = {}): Promise<MethodRuns> {
  const dir = runsDir(profile);
  const grid = { runsDir: dir, progress: opts.progress, force: opts.force, onRun: opts.onRun };
  const selection = opts.hyper ? [] : await runGrid(selectionConfigs(profile, augment, opts.family), grid);
  for (let more = bracketExtension(profile, augment, selection, opts.family); more.length && !opts.hyper;) {
    selection.push(...await runGrid(more, grid));
    more = bracketExtension(profile, augment, selection, opts.family);
  }
  const chosen = opts.hyper ?? onlySetting(profile, opts.family) ?? pickBest(selection);
  const runs = await runGrid(replicationConfigs(profile, augment, chosen, opts.family, opts.seeds), grid);
  runs.sort((a, b) => a.config.seed - b.config.seed);
  return { augment, selection, chosen, runs };
}
