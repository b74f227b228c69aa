/**
 * Trained models of a profile, cached: runs live in results/<profile>/runs/<key>/
 * like any grid run, so a notebook trains what is missing and reuses the rest.
 * (The reference models of Sections 3–4 are chosen in lib/experiments/references.ts.)
 */
import { resultsDir } from "../paths.ts";
import type { Profile } from "../profile.ts";
import { loadModel } from "../models/io.ts";
import type { Model } from "../models/model.ts";
import { listRuns, runGrid, runKey } from "./grid.ts";
import type { ModelFamily } from "../profile.ts";
import type { ProgressSink } from "./progress.ts";
import type { TrainConfig, TrainResult } from "./trainer.ts";

export function runsDir(profile: Profile): string {
  return `${resultsDir()}/${profile.name}/runs`;
}

export interface TrainedRun {
  key: string;
  family: ModelFamily;
  config: TrainConfig;
  result: TrainResult;
}

/** Trains the missing ones and returns all results. */
export async function trainStandardModels(
  profile: Profile,
  configs: TrainConfig[],
  opts: { progress?: ProgressSink; force?: boolean } = {},
): Promise<TrainedRun[]> {
  const done = await runGrid(configs, { runsDir: runsDir(profile), progress: opts.progress, force: opts.force });
  return done.map((d) => ({ key: d.key, family: d.config.model.arch as ModelFamily, config: d.config, result: d.result }));
}

/** The last epoch's weights of a finished run, whose top-1 is reported (`which: "best"` for the best epoch's). */
export async function loadTrainedModel(profile: Profile, config: TrainConfig, which: "best" | "final" = "final"): Promise<Model> {
  return loadModel(`${runsDir(profile)}/${await runKey(config)}/${which}`);
}

export { listRuns };
