/**
 * The one run loop every trainer goes through (lib/train/trainer.ts, and
 * Augerino's lib/augerino/train.ts): a finished result comes from the cache
 * (cachedResult); otherwise the run resumes from its checkpoint, and each epoch draws
 * its randomness from a generator seeded by (seed, epoch), trains, is
 * evaluated, and is checkpointed; a NaN loss stops it naming where; progress
 * goes to one sink; the result is written atomically at the end. A trainer
 * supplies what differs: one epoch of steps, the evaluation, and the state
 * and result it keeps.
 */
import type { Model } from "../models/model.ts";
import { readJsonIfExists, writeJsonAtomic } from "../results/atomic.ts";
import { createRng, type Rng } from "../rng.ts";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import type { Optimizer } from "./optimizer.ts";
import { autoProgress, type ProgressSink } from "./progress.ts";

/** A NaN or infinite loss: names where it happened; the last good checkpoint is kept. */
export class TrainingDivergedError extends Error {
  constructor(readonly epoch: number, readonly step: number, readonly loss: number, checkpointDir: string, hint = "") {
    super(
      `training diverged: loss ${loss} at epoch ${epoch}, step ${step}${hint}; the last good checkpoint (end of epoch ${
        epoch - 1
      }) is kept in ${checkpointDir}. Lower the learning rate or check the data.`,
    );
    this.name = "TrainingDivergedError";
  }
}

/**
 * The seed of epoch `epoch`'s generator. `salt` differs between the trainer
 * (17) and Augerino (29), as it did before the loop was shared, so that cached
 * runs keep their numbers.
 */
export const epochSeed = (seed: number, epoch: number, salt: number): number => seed * 1_000_003 + epoch * 7919 + salt;

/** What one epoch of training hands back. */
export interface EpochTraining {
  /** Mean loss over the epoch's images. */
  loss: number;
  /** Images trained on. */
  seen: number;
  /** Seconds spent training (evaluation excluded). */
  seconds: number;
}

/** Reports one finished step; throws TrainingDivergedError on a non-finite loss. */
export type StepReporter = (step: number, loss: number, count: number) => Promise<void>;

export interface RunLoop<S extends { epoch: number }, R> {
  /** The run's folder: result.json and checkpoint/ go here. */
  dir: string;
  label: string;
  epochs: number;
  seed: number;
  /** See epochSeed. */
  seedSalt: number;
  /** Batches per epoch, for progress. */
  steps: number;
  /** Images per epoch, for progress. */
  images: number;
  model: Model;
  /** Everything with state to checkpoint besides the model (the optimisers). */
  optimizer: Pick<Optimizer, "state" | "load">;
  /** The state before the first epoch. */
  initial: S;
  progress?: ProgressSink;
  force?: boolean;
  /** Stop after this epoch (simulates an interruption in tests; the checkpoint stays). */
  stopAfterEpoch?: number;
  /** Text added to the divergence error (e.g. Augerino's λ). */
  divergenceHint?: string;
  /** Trains one epoch with its generator; calls `report` after every step. */
  trainEpoch(epoch: number, rng: Rng, seed: number, report: StepReporter): Promise<EpochTraining>;
  /** Evaluates after the epoch and folds it into the state; returns the new state and a progress note. */
  endEpoch(state: S, epoch: number, trained: EpochTraining): Promise<{ state: S; note: string }>;
  /** The run's result from its state (also for an interrupted run). */
  result(state: S): R;
  /** After the result is written: e.g. the last epoch's weights saved, the checkpoint removed. */
  finish?(state: S, result: R): Promise<void>;
  /** The line shown when the run ends. */
  summary(result: R): string;
}

/**
 * A run's finished result, unless `force`: trainers ask before loading data or
 * building a model, so that a cached run costs one file read.
 */
export function cachedResult<R>(dir: string, force?: boolean): Promise<R | undefined> {
  return force ? Promise.resolve(undefined) : readJsonIfExists<R>(`${dir}/result.json`);
}

/**
 * Runs (or resumes) one run whose result is not cached (see cachedResult);
 * `finished` is false when stopped on purpose.
 */
export async function runLoop<S extends { epoch: number }, R>(run: RunLoop<S, R>): Promise<{ result: R; finished: boolean }> {
  const resultPath = `${run.dir}/result.json`;
  await Deno.mkdir(run.dir, { recursive: true });
  const ckpt = `${run.dir}/checkpoint`;
  const progress = run.progress ?? autoProgress();
  let state = (run.force ? undefined : await loadCheckpoint<S>(ckpt, run.model, run.optimizer)) ?? run.initial;
  const update = (epoch: number, step: number, loss: number, ips: number, note?: string) =>
    progress.update({
      label: run.label,
      epoch,
      epochs: run.epochs,
      step,
      steps: run.steps,
      loss,
      imagesPerSecond: ips,
      etaSeconds: ((run.epochs - epoch) * run.images + (run.images * (run.steps - step)) / run.steps) / ips,
      extra: note,
    }, note !== undefined);
  for (let epoch = state.epoch + 1; epoch <= run.epochs; epoch++) {
    const seed = epochSeed(run.seed, epoch, run.seedSalt);
    const t0 = performance.now();
    let lossSum = 0, seen = 0;
    const report: StepReporter = async (step, loss, count) => {
      if (!Number.isFinite(loss)) throw new TrainingDivergedError(epoch, step, loss, ckpt, run.divergenceHint);
      lossSum += loss * count;
      seen += count;
      await update(epoch, step, lossSum / seen, seen / ((performance.now() - t0) / 1000));
    };
    const trained = await run.trainEpoch(epoch, createRng(seed), seed, report);
    const next = await run.endEpoch(state, epoch, trained);
    state = next.state;
    await saveCheckpoint(ckpt, run.model, run.optimizer, state);
    await update(epoch, run.steps, trained.loss, trained.seen / Math.max(1e-9, trained.seconds), next.note);
    if (run.stopAfterEpoch !== undefined && epoch >= run.stopAfterEpoch && epoch < run.epochs) {
      return { result: run.result(state), finished: false };
    }
  }
  const result = run.result(state);
  await writeJsonAtomic(resultPath, result);
  await run.finish?.(state, result);
  await progress.done(run.summary(result));
  return { result, finished: true };
}
