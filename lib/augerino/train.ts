/**
 * Trains a network together with Augerino's widths (Appendix G): the images
 * get the evaluation pre-processing E(·) only, then one Augerino copy each;
 * the loss is cross-entropy − λ·‖m ⊙ w‖₂. The network trains with the run's
 * optimiser and schedule (SGD with step decay unless the config names AdamW or
 * a cosine schedule, as any run). The widths have their own SGD
 * (momentum, no weight decay, lr = 0.1 × the network's, same steps).
 * Evaluation each epoch (or every `evalEvery`-th, the first and the last): with Augerino (mean log-softmax of 4 copies) and
 * without (the plain image); the last epoch's numbers and widths are
 * reported (the reference keeps the best epoch with Augerino on, chosen on
 * the held-out split; that epoch is kept for reference). Finished runs are cached by a hash of the config;
 * a checkpoint after every epoch (network, both optimisers, the widths'
 * parameters, the history) lets an interrupted run resume and end exactly as
 * an uninterrupted one.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createModel } from "../models/create.ts";
import type { Model } from "../models/model.ts";
import { createRng } from "../rng.ts";
import { toInputTensor } from "../data/normalization.ts";
import { loadRunData, type RunData } from "../train/data.ts";
import { runFolder } from "../train/run_key.ts";
import { createOptimizer, type Optimizer, type OptimizerState } from "../train/optimizer.ts";
import { autoProgress, type ProgressSink } from "../train/progress.ts";
import { Sgd } from "../train/sgd.ts";
import { scheduledLr } from "../train/schedule.ts";
import { cachedResult, runLoop } from "../train/run.ts";
import { TrainingStep } from "../train/step.ts";
import { type AugerinoSettings, type TrainConfig, wasmHeapError } from "../train/trainer.ts";
import { Augerino, type AugerinoSpec, startingAt, TRANSLATION_ONLY, TRANSLATION_SCALE } from "./augerino.ts";

export type AugerinoVariant = AugerinoSettings["variant"];

/** A run config with Augerino's settings: network, data and schedule as any run, `augment` "None" (Augerino is the only augmentation). */
export type AugerinoRunConfig = TrainConfig & { augerino: AugerinoSettings };

export interface AugerinoEpoch {
  epoch: number;
  loss: number;
  widths: number[];
  /** Absent on epochs the run did not evaluate (`evalEvery`). */
  top1On?: number;
  top1Off?: number;
}

export interface AugerinoResult {
  config: AugerinoRunConfig;
  generators: string[];
  /** The epoch with the best top-1 with Augerino on (for reference only: it is picked on the held-out split). */
  bestEpoch: number;
  /** The reported numbers: at the last epoch. */
  top1On: number;
  top1Off: number;
  widths: number[];
  /** "last" (absent in results written when the best epoch was reported: atLastEpoch converts them). */
  reportedEpoch?: "last";
  history: AugerinoEpoch[];
  seconds: number;
}

/**
 * A result's reported numbers taken at its last epoch (the best epoch kept for
 * reference), from its history: results written when the best epoch was
 * reported read the same as new ones.
 */
export function atLastEpoch(r: AugerinoResult): AugerinoResult {
  if (r.reportedEpoch === "last") return r;
  const last = r.history[r.history.length - 1], evaluated = r.history.filter((h) => h.top1On !== undefined);
  const best = evaluated.reduce((a, b) => (b.top1On! > a.top1On! ? b : a));
  if (last.top1On === undefined || last.top1Off === undefined) throw new Error("an Augerino run's last epoch was not evaluated");
  return { ...r, bestEpoch: best.epoch, top1On: last.top1On, top1Off: last.top1Off, widths: last.widths, reportedEpoch: "last" };
}

export const augerinoSpec = (v: AugerinoVariant): AugerinoSpec => (v === "translation" ? TRANSLATION_ONLY : TRANSLATION_SCALE);

/** Accuracy with Augerino on (mean log-softmax over copies) and off. */
export async function evaluateAugerino(
  model: Model,
  aug: Augerino,
  data: RunData,
  copies: number,
  seed: number,
  batch = 250,
): Promise<{ on: number; off: number }> {
  const { test } = data, size = test.height * test.width * test.channels;
  const rng = createRng(seed);
  let on = 0, off = 0;
  for (let i = 0; i < test.n; i += batch) {
    const n = Math.min(batch, test.n - i);
    const [pOn, pOff] = tf.tidy(() => {
      const x = toInputTensor(
        test.pixels.subarray(i * size, (i + n) * size),
        n,
        test.height,
        test.width,
        test.channels,
        data.norm,
      );
      let acc: tf.Tensor = tf.zeros([n, model.config.numClasses]);
      for (let k = 0; k < copies; k++) acc = tf.add(acc, tf.logSoftmax(model.logits(aug.augment(x, () => rng.next()))));
      return [tf.argMax(acc, 1), tf.argMax(model.logits(x), 1)];
    });
    const [a, b] = [await pOn.data(), await pOff.data()];
    tf.dispose([pOn, pOff]);
    for (let k = 0; k < n; k++) {
      on += a[k] === test.labels[i + k] ? 1 : 0;
      off += b[k] === test.labels[i + k] ? 1 : 0;
    }
  }
  return { on: on / test.n, off: off / test.n };
}

/** An Augerino run's folder name: "augerino-" and its run key (lib/train/run_key.ts). */
export const augerinoRunKey = (c: AugerinoRunConfig): Promise<string> => runFolder(c);

/** A checkpoint's view of the two optimisers and Augerino's θ, as one named state. */
function augerinoTrainingState(net: Optimizer, widths: Sgd, aug: Augerino) {
  const prefixed = (p: string, s: OptimizerState) => Object.fromEntries(Object.entries(s).map(([k, v]) => [p + k, v]));
  const part = (p: string, s: OptimizerState) =>
    Object.fromEntries(Object.entries(s).filter(([k]) => k.startsWith(p)).map(([k, v]) => [k.slice(p.length), v]));
  return {
    state: async (): Promise<OptimizerState> => ({
      ...prefixed("net/", await net.state()),
      ...prefixed("widths/", await widths.state()),
      "augerino/theta": { shape: aug.theta.shape, values: (await aug.theta.data()) as Float32Array },
    }),
    load(s: OptimizerState): void {
      net.load(part("net/", s));
      widths.load(part("widths/", s));
      const theta = s["augerino/theta"];
      if (!theta || theta.values.length !== aug.theta.size) {
        throw new Error("the checkpoint holds no Augerino widths of this variant");
      }
      aug.theta.assign(tf.tensor(theta.values, theta.shape));
    },
  };
}

interface AugerinoCheckpoint {
  epoch: number;
  history: AugerinoEpoch[];
  seconds: number;
}

/** Trains one Augerino run (resuming from its checkpoint), or returns its cached result. */
export async function trainAugerino(
  c: AugerinoRunConfig,
  opts: {
    runsDir: string;
    progress?: ProgressSink;
    force?: boolean;
    /** Stop after this epoch (simulates an interruption in tests; the checkpoint stays). */
    stopAfterEpoch?: number;
  },
): Promise<AugerinoResult> {
  if (c.augment !== "None") {
    throw new RangeError(`Augerino runs use FixedSizeCenterCrop pre-processing (augment "None"), got "${c.augment}"`);
  }
  const dir = `${opts.runsDir}/${await augerinoRunKey(c)}`;
  const done = await cachedResult<AugerinoResult>(dir, opts.force);
  if (done) return atLastEpoch(done);
  const cfg = c, { variant, lambda, evalCopies } = c.augerino, data = await loadRunData(cfg.data);
  const model = createModel(cfg.model, cfg.seed);
  model.normalization = data.norm;
  const spec = augerinoSpec(variant);
  const aug = new Augerino(c.augerino.initialWidth === undefined ? spec : startingAt(spec, c.augerino.initialWidth));
  // The network's optimiser and schedule are the run's (SGD with step decay by default, as the paper's);
  // the widths keep their own SGD at 0.1 × the network's rate.
  const sgd = createOptimizer(cfg);
  const widthSgd = new Sgd({ momentum: cfg.momentum, weightDecay: 0 });
  // Drawn per epoch and per step; the step's closures read the current ones.
  let rng = createRng(0), mask = aug.shutdownMask(await aug.widthValues());
  const saved = augerinoTrainingState(sgd, widthSgd, aug);
  const step = new TrainingStep(model, sgd, {
    transformInput: (x) => aug.augment(x, () => rng.next()),
    extraLoss: () => aug.regulariser(lambda, mask),
    extraGroups: [{ optimizer: widthSgd, params: new Map([["theta", aug.theta]]), lrScale: 0.1 }],
  });
  const progress = opts.progress ?? autoProgress();
  const label = cfg.label ?? `Augerino ${variant} λ ${lambda} seed ${cfg.seed}`;
  const { train: tr } = data;
  // Augerino trains on E(·) of every image (FixedSizeCenterCrop) and augments inside the model: the source's
  // "None" pipeline, once, kept in memory (unreadable files skipped by the source are left out).
  const eSize = cfg.data.crop * cfg.data.crop * tr.channels, eImages = new Uint8Array(tr.n * eSize);
  const eLabels = new Int32Array(tr.n);
  let n = 0;
  for await (
    const b of tr.batches({
      augment: "None",
      geometry: { resizeTo: cfg.data.resizeTo, crop: cfg.data.crop },
      order: Int32Array.from({ length: tr.n }, (_, i) => i),
      batchSize: 256,
      rng: createRng(0),
      epochSeed: 0,
    })
  ) {
    eImages.set(b.pixels, n * eSize);
    eLabels.set(b.labels, n);
    n += b.count;
  }
  const steps = Math.ceil(n / cfg.batchSize);
  try {
    const { result } = await runLoop<AugerinoCheckpoint, AugerinoResult>({
      dir,
      label,
      epochs: cfg.epochs,
      seed: cfg.seed,
      seedSalt: 29,
      steps,
      images: n,
      model,
      optimizer: saved,
      initial: { epoch: 0, history: [], seconds: 0 },
      progress,
      force: opts.force,
      stopAfterEpoch: opts.stopAfterEpoch,
      divergenceHint: ` (Augerino, λ ${lambda})`,
      async trainEpoch(epoch, epochRng, _seed, report) {
        rng = epochRng; // the augmentation's closures read it
        const order = rng.permutation(n);
        let lossSum = 0, seen = 0;
        const te = performance.now();
        for (let s = 0; s < steps; s++) {
          const idx = order.subarray(s * cfg.batchSize, Math.min(n, (s + 1) * cfg.batchSize));
          const px = new Uint8Array(idx.length * eSize), labels = new Int32Array(idx.length);
          idx.forEach((i, k) => {
            px.set(eImages.subarray(i * eSize, (i + 1) * eSize), k * eSize);
            labels[k] = eLabels[i];
          });
          mask = aug.shutdownMask(await aug.widthValues());
          const x = toInputTensor(px, idx.length, cfg.data.crop, cfg.data.crop, tr.channels, data.norm);
          const y = tf.tensor1d(labels, "int32");
          const loss = await step.run(x, y, scheduledLr(cfg, epoch, s, steps)).catch((e) => {
            throw wasmHeapError(e, cfg.batchSize);
          });
          tf.dispose([x, y]);
          await report(s + 1, loss, idx.length);
          lossSum += loss * idx.length;
          seen += idx.length;
        }
        return { loss: lossSum / seen, seen, seconds: (performance.now() - te) / 1000 };
      },
      async endEpoch(state, epoch, t) {
        const te = performance.now(), every = c.augerino.evalEvery ?? 1;
        const ev = epoch === 1 || epoch % every === 0 || epoch === cfg.epochs
          ? await evaluateAugerino(model, aug, data, evalCopies, 10_000 + epoch)
          : undefined;
        const widths = await aug.widthValues();
        const history = [...state.history, { epoch, loss: t.loss, widths, top1On: ev?.on, top1Off: ev?.off }];
        const w = `w ${widths.map((w) => w.toFixed(2)).join("/")}`;
        return {
          state: { epoch, history, seconds: state.seconds + t.seconds + (performance.now() - te) / 1000 },
          note: ev ? `on ${(100 * ev.on).toFixed(1)}% off ${(100 * ev.off).toFixed(1)}% ${w}` : w,
        };
      },
      result: (state) =>
        atLastEpoch({
          config: c,
          generators: augerinoSpec(variant).generators,
          bestEpoch: 0,
          top1On: NaN,
          top1Off: NaN,
          widths: [],
          history: state.history,
          seconds: state.seconds,
        }),
      finish: () => Deno.remove(`${dir}/checkpoint`, { recursive: true }).catch(() => {}),
      summary: (r) =>
        `${label}: top-1 with Augerino ${(100 * r.top1On).toFixed(2)}% (last epoch), without ${(100 * r.top1Off).toFixed(2)}%`,
    });
    return result;
  } finally {
    tr.close();
    sgd.dispose();
    widthSgd.dispose();
    aug.dispose();
    model.dispose();
  }
}
