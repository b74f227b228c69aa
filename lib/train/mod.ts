/** Training from a seed: data, the trainer, cached grids of runs, the profile's presets, and the standard models. */
export { loadRunData } from "./data.ts";
export type { RunData } from "./data.ts";
export { evaluate, train, TrainingDivergedError } from "./trainer.ts";
export { runLoop } from "./run.ts";
export type { RunLoop } from "./run.ts";
export type { EpochRecord, TrainConfig, TrainResult } from "./trainer.ts";
export { collectResults, expandGrid, runGrid, runKey } from "./grid.ts";
export type { GridRun, GridSpec } from "./grid.ts";
export { profileModelConfig, profileTrainConfig } from "./presets.ts";
export { autoProgress, silentProgress } from "./progress.ts";
export type { ProgressSink } from "./progress.ts";
export { listRuns, loadTrainedModel, runsDir, trainStandardModels } from "./zoo.ts";
export type { TrainedRun } from "./zoo.ts";
