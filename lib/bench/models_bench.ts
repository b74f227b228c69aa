/**
 * Training and inference throughput of models on the active backend, timed
 * as the PyTorch reference (scripts/torch_reference.py): batch 128, one
 * training step = forward + backward + SGD update (momentum, weight decay);
 * inference = evaluation-mode logits.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createModel } from "../models/create.ts";
import type { Model, ModelConfig } from "../models/model.ts";
import { resnet18Config, smallResnetConfig } from "../models/resnet.ts";
import { tinyVitConfig, vitConfig } from "../models/vit.ts";
import { Sgd } from "../train/sgd.ts";
import { TrainingStep } from "../train/step.ts";

export interface BenchModel {
  name: string;
  config: ModelConfig;
  batch?: number;
}

/** The fixed set of issue 5 plus the quick profile's own models. */
export function benchModels(): BenchModel[] {
  return [
    {
      name: "ResNet-8 w16, 28×28×1 (quick profile)",
      config: smallResnetConfig({ depth: 8, width: 16, numClasses: 10, imageSize: 28, inChannels: 1 }),
    },
    {
      name: "ResNet-18 layout w16, 32×32×3",
      config: smallResnetConfig({ depth: 18, width: 16, numClasses: 10, imageSize: 32, inChannels: 3 }),
    },
    { name: "tiny ViT p4 d64×4, 32×32×3", config: tinyVitConfig({ numClasses: 10, imageSize: 32, inChannels: 3 }) },
    {
      name: "tiny ViT p4 d64×4, 28×28×1 (quick profile)",
      config: tinyVitConfig({ numClasses: 10, imageSize: 28, inChannels: 1 }),
    },
  ];
}

/**
 * The full profile's own models at the paper's input size (`deno task bench paper`), batch 8: on
 * the wasm backend (a 32-bit heap) a training step of ViT-S/16 fails from batch 16 and ResNet18's
 * from 64 (measured in fresh processes), so on CPU these models train at small batches only.
 */
export function paperBenchModels(): BenchModel[] {
  return [
    { name: "ResNet18, 224×224×3, 1000 classes", config: resnet18Config(1000), batch: 8 },
    { name: "ViT-S/16, 224×224×3, 1000 classes", config: vitConfig("S", 1000), batch: 8 },
  ];
}

/** The model sets a bench child can time, by name. */
export const BENCH_MODEL_SETS = { small: benchModels, paper: paperBenchModels, gpu: gpuBenchModels } as const;

/** ResNet18 at 224 px: the GPU target of issue 5 (too slow to time on a 2-core CPU). */
export function gpuBenchModels(): BenchModel[] {
  return [{ name: "ResNet18, 224×224×3, 1000 classes", config: resnet18Config(1000), batch: 64 }];
}

export interface ModelRate {
  model: string;
  train: number;
  infer: number;
  steps: number;
}

/** Items per second of `fn` (after one warm-up call), over at least `minSeconds` and 2 calls, at most `maxSteps` calls. */
export async function timedRate(
  fn: () => void | Promise<void>,
  items: number,
  minSeconds: number,
  maxSteps: number,
): Promise<{ rate: number; steps: number }> {
  await fn();
  let n = 0;
  const t0 = performance.now();
  for (;;) {
    await fn();
    n++;
    const s = (performance.now() - t0) / 1000;
    if ((s >= minSeconds && n >= Math.min(2, maxSteps)) || n >= maxSteps) return { rate: (n * items) / s, steps: n };
  }
}

/** One evaluation-mode forward pass, waited for. */
export async function inferOnce(model: Model, x: tf.Tensor4D): Promise<void> {
  const l = model.logits(x);
  await l.data();
  l.dispose();
}

/** Times each model; `maxSteps` caps slow backends (cpu) so a run stays short. */
export async function benchModelRates(
  models: BenchModel[],
  opts: { minSeconds?: number; maxSteps?: number; trainOnly?: boolean } = {},
): Promise<ModelRate[]> {
  const out: ModelRate[] = [];
  for (const m of models) {
    const bs = m.batch ?? 128;
    const c = m.config;
    const model = createModel(c, 0);
    const sgd = new Sgd({ momentum: 0.9, weightDecay: 5e-4 });
    const trainingStep = new TrainingStep(model, sgd);
    const x = tf.randomNormal([bs, c.imageSize, c.imageSize, c.inChannels]) as tf.Tensor4D;
    const y = tf.tensor1d(Array.from({ length: bs }, (_, i) => i % c.numClasses), "int32");
    const step = async () => void (await trainingStep.run(x, y, 0.01, { readLossFirst: false }));
    const tr = await timedRate(step, bs, opts.minSeconds ?? 3, opts.maxSteps ?? 1000);
    const inf = opts.trainOnly
      ? { rate: NaN }
      : await timedRate(() => inferOnce(model, x), bs, opts.minSeconds ?? 3, opts.maxSteps ?? 1000);
    out.push({ model: m.name, train: tr.rate, infer: inf.rate, steps: tr.steps });
    tf.dispose([x, y]);
    sgd.dispose();
    model.dispose();
  }
  return out;
}
