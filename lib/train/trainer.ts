/**
 * Trains one model from a config and a seed, resumably. Every random choice
 * of epoch e (the shuffle and every augmentation) comes from a generator
 * seeded by (seed, e), and the checkpoint written after each epoch holds the
 * weights, BatchNorm statistics and optimiser state; so a run interrupted
 * and resumed ends with exactly the result of an uninterrupted one.
 * Reported: the last epoch's top-1 on the held-out split, per-class accuracy
 * and per-sample correctness (the paper reports the best epoch; picking an
 * epoch on the held-out split would select on it). The best epoch is kept for
 * reference.
 */
import * as tf from "@tensorflow/tfjs-core";
import { type ClassTransformSets, perClassAugmenter } from "../augment/per_class.ts";
import { type AugmentKey, pipelineByKey } from "../augment/registry.ts";
import { currentBackend } from "../backend.ts";
import { createModel } from "../models/create.ts";
import { loadModel, saveModel } from "../models/io.ts";
import type { Model, ModelConfig } from "../models/model.ts";
import { writeJsonAtomic } from "../results/atomic.ts";
import { runMetadata } from "../results/metadata.ts";
import { toInputTensor } from "../data/normalization.ts";
import { loadRunData, type RunData, type RunDataConfig } from "./data.ts";
import type { ProgressSink } from "./progress.ts";
import { cachedResult, runLoop } from "./run.ts";

export { TrainingDivergedError } from "./run.ts";
import { createOptimizer, type OptimizerKind } from "./optimizer.ts";
import { type CosineSchedule, scheduledLr } from "./schedule.ts";
import { TrainingStep } from "./step.ts";

export interface TrainConfig {
  /** A label for progress and tables (not part of the run's identity). */
  label?: string;
  model: ModelConfig;
  data: RunDataConfig;
  /** The training augmentation, by its key in lib/augment/registry.ts. */
  augment: AugmentKey;
  /** Per-class pool transformations applied after `augment` (lib/augment/per_class.ts). */
  classAugment?: ClassTransformSets;
  epochs: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  momentum: number;
  /** Epochs between ×0.1 learning-rate steps (the step schedule, used when `schedule` is absent). */
  lrStep: number;
  /** Warm-up then cosine decay instead of step decay (the ViT recipe); absent: step decay. */
  schedule?: CosineSchedule;
  /** Absent: SGD with `momentum` (the paper's); "adamw": AdamW with decoupled `weightDecay`. */
  optimizer?: OptimizerKind;
  /** The loss's label smoothing ε, as torch's CrossEntropyLoss(label_smoothing=ε); absent: none (the paper's). */
  labelSmoothing?: number;
  seed: number;
  /** Augerino's learned augmentation (Appendix G), trained by lib/augerino/train.ts; absent for every other run. */
  augerino?: AugerinoSettings;
}

export interface AugerinoSettings {
  variant: "translation" | "translation+scale";
  /** Weight of the −λ·‖w‖ regulariser. */
  lambda: number;
  /** Copies averaged at evaluation with Augerino on (the paper: 4). */
  evalCopies: number;
  /** Every generator's width at the start (absent: the paper's init, at the shut-down level for translation). */
  initialWidth?: number;
  /**
   * Evaluate at epoch 1, every `evalEvery`-th epoch and the last (absent: every epoch). Evaluation reports only
   * (it draws from its own generator, so training is the same either way), and 4 warped copies of the
   * held-out split cost about a third of a run.
   */
  evalEvery?: number;
}

export interface EpochRecord {
  epoch: number;
  lr: number;
  loss: number;
  top1: number;
  trainSeconds: number;
}

export interface TrainResult {
  config: TrainConfig;
  bestTop1: number;
  bestEpoch: number;
  /** Top-1 at the last epoch: the reported number. */
  finalTop1: number;
  /** Per-class top-1 at the last epoch. */
  finalPerClass: number[];
  /** "0"/"1" per test sample at the last epoch, in `testIndices` order. */
  finalCorrect: string;
  /** Per-class top-1 at the best epoch (for reference only). */
  perClass: number[];
  /** "0"/"1" per test sample at the best epoch (for reference only). */
  correct: string;
  testIndices: number[];
  history: EpochRecord[];
  /** Training images per second (augmentation included, evaluation excluded). */
  imagesPerSecond: number;
  meta: Record<string, unknown>;
}

/**
 * The wasm backend's heap is 32-bit: a step that needs more (measured at 224 px: ViT-S/16 from batch
 * 16, ResNet18 from 64) fails with a wasm trap, an abort or a typed-array RangeError. Says so instead.
 */
export function wasmHeapError(e: unknown, batchSize: number): unknown {
  const text = e instanceof Error ? e.message : String(e);
  const heap = /memory access out of bounds|Aborted\(\)|Out of memory|Invalid typed array length/i;
  if (currentBackend()?.name !== "wasm" || !heap.test(text)) return e;
  return new Error(
    `the wasm backend ran out of its 32-bit heap in a training step at batch ${batchSize} (${text}); ` +
      `lower the batch (--batch) or train on a GPU (webgpu backend). The last good checkpoint is kept.`,
    { cause: e },
  );
}

interface CheckpointState {
  epoch: number;
  history: EpochRecord[];
  best: { top1: number; epoch: number; perClass: number[]; correct: string };
  /** The last finished epoch's evaluation (absent in checkpoints written before it was kept). */
  last?: { perClass: number[]; correct: string };
  trainSeconds: number;
  trainImages: number;
  config: TrainConfig;
}

/**
 * Evaluates top-1, per-class accuracy and per-sample correctness on the
 * prepared test set. Reads predictions asynchronously: WebGPU under Deno has
 * no synchronous read-back (it would need a canvas).
 */
export async function evaluate(
  model: Model,
  data: Pick<RunData, "test" | "norm">,
  batchSize = 256,
): Promise<{ top1: number; perClass: number[]; correct: Uint8Array }> {
  const { test } = data;
  const correct = new Uint8Array(test.n);
  const size = test.height * test.width * test.channels;
  for (let i = 0; i < test.n; i += batchSize) {
    const n = Math.min(batchSize, test.n - i);
    const pred = tf.tidy(() => {
      const x = toInputTensor(
        test.pixels.subarray(i * size, (i + n) * size),
        n,
        test.height,
        test.width,
        test.channels,
        data.norm,
      );
      return tf.argMax(model.logits(x), 1);
    });
    const p = await pred.data();
    pred.dispose();
    for (let k = 0; k < n; k++) correct[i + k] = p[k] === test.labels[i + k] ? 1 : 0;
  }
  const nc = test.classes.length, hits = new Array(nc).fill(0), counts = new Array(nc).fill(0);
  for (let i = 0; i < test.n; i++) {
    counts[test.labels[i]]++;
    hits[test.labels[i]] += correct[i];
  }
  return {
    top1: correct.reduce((a, b) => a + b, 0) / test.n,
    perClass: hits.map((h, c) => (counts[c] ? h / counts[c] : NaN)),
    correct,
  };
}

export interface TrainOptions {
  /** Folder of this run: checkpoint/, best/ and result.json go here. */
  runDir: string;
  progress?: ProgressSink;
  /** Stop after this epoch (simulates an interruption in tests; the checkpoint stays). */
  stopAfterEpoch?: number;
  /** Ignore a finished result and train again. */
  force?: boolean;
}

/** Trains (or resumes, or returns the finished result of) one run, through the shared run loop (run.ts). */
export async function train(config: TrainConfig, opts: TrainOptions): Promise<TrainResult> {
  if (config.augerino) {
    throw new RangeError("a run with Augerino settings is trained by trainAugerino (lib/augerino/train.ts), not train()");
  }
  const eps = config.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps < 1)) throw new RangeError(`labelSmoothing must be in [0, 1), got ${config.labelSmoothing}`);
  const done = await cachedResult<TrainResult>(opts.runDir, opts.force);
  if (done) return withFinalEvaluation(done, opts.runDir);
  await Deno.mkdir(opts.runDir, { recursive: true });
  await writeJsonAtomic(`${opts.runDir}/config.json`, config);
  const data = await loadRunData(config.data);
  const g = { resizeTo: config.data.resizeTo, crop: config.data.crop };
  // An unknown augmentation or per-class set fails here, before any work.
  pipelineByKey(config.augment, g);
  if (config.classAugment) perClassAugmenter(config.classAugment);
  const model = createModel(config.model, config.seed);
  model.normalization = data.norm;
  const optimizer = createOptimizer(config);
  const step = new TrainingStep(model, optimizer, { labelSmoothing: config.labelSmoothing });
  const { train: tr } = data;
  const steps = Math.ceil(tr.n / config.batchSize);
  try {
    const { result, finished } = await runLoop<CheckpointState, TrainResult>({
      dir: opts.runDir,
      label: config.label ?? `${config.augment} seed ${config.seed}`,
      epochs: config.epochs,
      seed: config.seed,
      seedSalt: 17,
      steps,
      images: tr.n,
      model,
      optimizer,
      initial: {
        epoch: 0,
        history: [],
        best: { top1: -1, epoch: 0, perClass: [], correct: "" },
        trainSeconds: 0,
        trainImages: 0,
        config,
      },
      progress: opts.progress,
      force: opts.force,
      stopAfterEpoch: opts.stopAfterEpoch,
      async trainEpoch(epoch, rng, seed, report) {
        const order = rng.permutation(tr.n);
        const t0 = performance.now();
        let lossSum = 0, seen = 0, s = 0;
        const batches = tr.batches({
          augment: config.augment,
          geometry: g,
          classAugment: config.classAugment,
          order,
          batchSize: config.batchSize,
          rng,
          epochSeed: seed,
        });
        for await (const b of batches) {
          s++;
          if (b.count === 0) continue; // every file of the batch skipped as unreadable
          const x = toInputTensor(b.pixels, b.count, g.crop, g.crop, tr.channels, data.norm);
          const y = tf.tensor1d(b.labels, "int32");
          const loss = await step.run(x, y, scheduledLr(config, epoch, s - 1, steps)).catch((e) => {
            throw wasmHeapError(e, config.batchSize);
          });
          tf.dispose([x, y]);
          await report(s, loss, b.count);
          lossSum += loss * b.count;
          seen += b.count;
        }
        return { loss: lossSum / seen, seen, seconds: (performance.now() - t0) / 1000 };
      },
      async endEpoch(state, epoch, t) {
        const ev = await evaluate(model, data);
        const lr = scheduledLr(config, epoch, 0, steps);
        const next: CheckpointState = {
          ...state,
          epoch,
          trainSeconds: state.trainSeconds + t.seconds,
          trainImages: state.trainImages + t.seen,
          history: [...state.history, { epoch, lr, loss: t.loss, top1: ev.top1, trainSeconds: t.seconds }],
          last: { perClass: ev.perClass, correct: Array.from(ev.correct).join("") },
        };
        if (ev.top1 > state.best.top1) {
          next.best = { top1: ev.top1, epoch, perClass: ev.perClass, correct: Array.from(ev.correct).join("") };
          await saveModel(model, `${opts.runDir}/best`, { epoch, top1: ev.top1 });
        }
        return { state: next, note: `top-1 ${(100 * ev.top1).toFixed(1)}%` };
      },
      result: (state) => resultOf(config, state, data),
      finish: () => saveModel(model, `${opts.runDir}/final`, { epoch: config.epochs }),
      summary: (r) =>
        `${config.label ?? `${config.augment} seed ${config.seed}`}: top-1 ${(100 * r.finalTop1).toFixed(2)}% (last epoch), ${
          r.imagesPerSecond.toFixed(0)
        } img/s`,
    });
    return finished ? result : { ...result, meta: { interrupted: true } };
  } finally {
    data.train.close();
    model.dispose();
    optimizer.dispose();
  }
}

/**
 * A finished result written before the last epoch's per-class accuracy and
 * per-sample correctness were kept gets them from the run's final weights
 * (one evaluation pass), written back atomically; any other result is returned as it is.
 */
export async function withFinalEvaluation(result: TrainResult, runDir: string): Promise<TrainResult> {
  if (result.finalCorrect || result.config.augerino || result.meta?.interrupted) return result;
  const data = await loadRunData(result.config.data);
  const model = await loadModel(`${runDir}/final`);
  try {
    const ev = await evaluate(model, data);
    if (Math.abs(ev.top1 - result.finalTop1) > 1e-9) {
      throw new Error(
        `run ${runDir}: its final weights give top-1 ${ev.top1}, its result.json says ${result.finalTop1} at the last epoch`,
      );
    }
    const upgraded = { ...result, finalPerClass: ev.perClass, finalCorrect: Array.from(ev.correct).join("") };
    await writeJsonAtomic(`${runDir}/result.json`, upgraded);
    return upgraded;
  } finally {
    model.dispose();
  }
}

function resultOf(config: TrainConfig, s: CheckpointState, data: RunData): TrainResult {
  const last = s.history[s.history.length - 1];
  return {
    config,
    bestTop1: s.best.top1,
    bestEpoch: s.best.epoch,
    finalTop1: last?.top1 ?? NaN,
    finalPerClass: s.last?.perClass ?? [],
    finalCorrect: s.last?.correct ?? "",
    perClass: s.best.perClass,
    correct: s.best.correct,
    testIndices: Array.from(data.testIndices),
    history: s.history,
    imagesPerSecond: s.trainImages / Math.max(1e-9, s.trainSeconds),
    meta: runMetadata({ seed: config.seed, backend: currentBackend()?.name }),
  };
}
