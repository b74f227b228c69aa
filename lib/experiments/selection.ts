/**
 * Appendix A's protocol: for each training method, one seed per
 * (learning rate, weight decay) of the profile's grid, the setting with the
 * best held-out top-1 kept, then the profile's seeds at that setting. The
 * selection run whose seed is also a replication seed is the same config, so
 * the grid runner trains it once and both phases share it.
 */
import type { AugmentKey } from "../augment/registry.ts";
import type { Profile } from "../profile.ts";
import { type GridRun, listRuns, runGrid } from "../train/grid.ts";
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

/** One config per grid point, all with the first seed. */
export function selectionConfigs(profile: Profile, augment: AugmentKey, family: ModelFamily = "resnet"): TrainConfig[] {
  const p = profile.training;
  const recipe = familyRecipe(profile, family);
  return recipe.lrGrid.flatMap((lr) =>
    recipe.wdGrid.map((weightDecay) =>
      profileTrainConfig(profile, {
        family,
        augment,
        seed: p.seeds[0],
        lr,
        weightDecay,
        label: `${augment} lr ${lr} wd ${weightDecay}`,
      })
    )
  );
}

/** The setting of the best run (ties: the first in grid order, which is deterministic). */
export function pickBest(runs: { config: TrainConfig; result: TrainResult }[]): Hyper {
  if (runs.length === 0) throw new RangeError("no selection runs to pick from");
  let best = runs[0];
  for (const r of runs) if (r.result.bestTop1 > best.result.bestTop1) best = r;
  return { lr: best.config.lr, weightDecay: best.config.weightDecay };
}

/** The profile's seeds at a chosen setting. */
export function replicationConfigs(
  profile: Profile,
  augment: AugmentKey,
  hyper: Hyper,
  family: ModelFamily = "resnet",
): TrainConfig[] {
  return profile.training.seeds.map((seed) =>
    profileTrainConfig(profile, { family, augment, seed, ...hyper, label: `${augment} seed ${seed}` })
  );
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
}

/** Selects (unless `hyper` is given) and replicates one method; cached runs are reused. */
export async function selectAndReplicate(profile: Profile, augment: AugmentKey, opts: SelectOptions = {}): Promise<MethodRuns> {
  const dir = runsDir(profile);
  const grid = { runsDir: dir, progress: opts.progress, force: opts.force, onRun: opts.onRun };
  const selection = opts.hyper ? [] : await runGrid(selectionConfigs(profile, augment, opts.family), grid);
  const chosen = opts.hyper ?? pickBest(selection);
  // The selection run sharing a replication seed is the same run: never trained twice, even with force.
  const shared = new Map(selection.map((r) => [r.key, r]));
  const replicas = await listRuns(replicationConfigs(profile, augment, chosen, opts.family));
  const trained = await runGrid(replicas.filter((r) => !shared.has(r.key)).map((r) => r.config), grid);
  const runs = [...trained, ...replicas.filter((r) => shared.has(r.key)).map((r) => shared.get(r.key)!)];
  runs.sort((a, b) => a.config.seed - b.config.seed);
  return { augment, selection, chosen, runs };
}
