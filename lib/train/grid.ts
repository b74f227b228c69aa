/**
 * Experiment grids: a base config and axes (augmentation × seed × learning
 * rate × weight decay …) expand to runs keyed by a hash of their config.
 * Finished runs are skipped, so a grid is resumable; `shard: {index, count}`
 * runs only the runs at positions index, index + count, … of the key-sorted
 * list, so n machines (a Slurm array, a Kubernetes Indexed Job) cover the grid
 * exactly once with no coordinator; `collectResults` merges what is there.
 */
import { readJsonIfExists } from "../results/atomic.ts";
import type { ProgressSink } from "./progress.ts";
import { trainRuns } from "./pool.ts";
import { runFolder } from "./run_key.ts";
import { type TrainConfig, type TrainResult, withFinalEvaluation } from "./trainer.ts";

export { canonicalJson, runKey } from "./run_key.ts";

export type GridAxes = Partial<Record<keyof TrainConfig, unknown[]>>;

export interface GridSpec {
  base: TrainConfig;
  /** Axes in nesting order (first axis outermost). */
  axes: GridAxes;
}

export interface GridRun {
  key: string;
  config: TrainConfig;
}

/** The cartesian product of the axes over the base config. */
export function expandGrid(spec: GridSpec): TrainConfig[] {
  let configs: TrainConfig[] = [spec.base];
  for (const [axis, values] of Object.entries(spec.axes)) {
    if (!Array.isArray(values) || values.length === 0) {
      throw new RangeError(`grid axis "${axis}" needs a non-empty list of values`);
    }
    configs = configs.flatMap((c) => values.map((v) => ({ ...c, [axis]: v })));
  }
  return configs;
}

/** Parses "i/n" (0-based i < n), e.g. from --shard or $SLURM_ARRAY_TASK_ID/$JOB_COMPLETION_INDEX. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new RangeError(`shard must look like i/n (0-based, e.g. 0/4), got "${text}"`);
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || index >= count) throw new RangeError(`shard ${text}: need 0 ≤ i < n`);
  return { index, count };
}

/**
 * The shard to run: `flag` ("i/n", from --shard), else $GRID_SHARD, else
 * $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX over $GRID_SHARDS; none when unset.
 */
export function resolveShard(flag?: string): { index: number; count: number } | undefined {
  const envIndex = Deno.env.get("SLURM_ARRAY_TASK_ID") ?? Deno.env.get("JOB_COMPLETION_INDEX");
  const text = flag ?? Deno.env.get("GRID_SHARD") ??
    (envIndex && Deno.env.get("GRID_SHARDS") ? `${envIndex}/${Deno.env.get("GRID_SHARDS")}` : undefined);
  return text ? parseShard(text) : undefined;
}

/** Runs with their keys, sorted by key; with a shard, only that shard's slice. */
export async function listRuns(configs: TrainConfig[], shard?: { index: number; count: number }): Promise<GridRun[]> {
  const runs = await Promise.all(configs.map(async (config) => ({ key: await runFolder(config), config })));
  const seen = new Set<string>();
  const unique = runs.filter((r) => !seen.has(r.key) && seen.add(r.key)).sort((a, b) => (a.key < b.key ? -1 : 1));
  return shard ? unique.filter((_, i) => i % shard.count === shard.index) : unique;
}

export interface GridOptions {
  /** Folder holding one sub-folder per run key. */
  runsDir: string;
  shard?: { index: number; count: number };
  /** Retrain finished runs. */
  force?: boolean;
  progress?: ProgressSink;
  /** Child processes at once (lib/train/pool.ts); absent: $JOBS, else one after the other in this process. */
  jobs?: number | "auto";
  /** Called for each run with its position: before training it, or at once when it is cached. */
  onRun?: (run: GridRun, position: number, total: number, cached: boolean) => void;
}

/**
 * Trains every run of the (shard of the) grid that has no result yet, inline
 * or in a process pool (lib/train/pool.ts); returns all of the shard's results.
 */
export async function runGrid(configs: TrainConfig[], opts: GridOptions): Promise<(GridRun & { result: TrainResult })[]> {
  const runs = await listRuns(configs, opts.shard);
  await trainRuns(runs, opts);
  const out: (GridRun & { result: TrainResult })[] = [];
  for (const run of runs) {
    const result = await readJsonIfExists<TrainResult>(`${opts.runsDir}/${run.key}/result.json`);
    if (!result) throw new Error(`run ${run.key} (${run.config.label ?? run.config.augment}) finished without a result.json`);
    out.push({ ...run, result: await withFinalEvaluation(result, `${opts.runsDir}/${run.key}`) });
  }
  return out;
}

/** The finished results of a grid (the merge step); missing runs are listed separately. */
export async function collectResults(
  configs: TrainConfig[],
  runsDir: string,
): Promise<{ done: (GridRun & { result: TrainResult })[]; missing: GridRun[] }> {
  const done: (GridRun & { result: TrainResult })[] = [], missing: GridRun[] = [];
  for (const run of await listRuns(configs)) {
    const result = await readJsonIfExists<TrainResult>(`${runsDir}/${run.key}/result.json`);
    if (result) done.push({ ...run, result: await withFinalEvaluation(result, `${runsDir}/${run.key}`) });
    else missing.push(run);
  }
  return { done, missing };
}
