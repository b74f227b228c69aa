/**
 * Where one training step's time goes on the active backend: wall time of
 * its phases (forward, forward + backward, SGD update, BatchNorm statistics),
 * each synchronised by reading a value back, and the kernels TF.js ran, by
 * count and by the time the backend reports for them. Used to find why a
 * backend trains far slower than it infers. `profileInference` does the same
 * for one evaluation-mode forward pass, kernels split by input shapes.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createModel } from "../models/create.ts";
import { crossEntropy } from "../models/layers.ts";
import type { ModelConfig } from "../models/model.ts";
import { Sgd } from "../train/sgd.ts";
import { type StepGradients, TrainingStep } from "../train/step.ts";

export interface KernelTime {
  name: string;
  count: number;
  ms: number;
}

export interface StepProfile {
  phases: Record<string, number>;
  kernels: KernelTime[];
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Kernels of a profiled run grouped by `key`, slowest first. */
type ProfileInfo = Awaited<ReturnType<typeof tf.profile>>;

async function groupKernels(info: ProfileInfo, key: (k: ProfileInfo["kernels"][number]) => string): Promise<KernelTime[]> {
  const by = new Map<string, { count: number; ms: number }>();
  for (const k of info.kernels) {
    const e = by.get(key(k)) ?? { count: 0, ms: 0 };
    e.count++;
    const ms = await k.kernelTimeMs;
    if (typeof ms === "number") e.ms += ms;
    by.set(key(k), e);
  }
  return [...by].map(([name, e]) => ({ name, ...e })).sort((a, b) => b.ms - a.ms || b.count - a.count);
}

function batchFor(config: ModelConfig, batch: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const x = tf.randomNormal([batch, config.imageSize, config.imageSize, config.inChannels]) as tf.Tensor4D;
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % config.numClasses), "int32");
  return { x, y };
}

/** Profiles the second of two training steps (the first compiles shaders and fills caches). */
export async function profileTrainStep(config: ModelConfig, batch: number): Promise<StepProfile> {
  const model = createModel(config, 0);
  const sgd = new Sgd({ momentum: 0.9, weightDecay: 5e-4 });
  const step = new TrainingStep(model, sgd);
  const { x, y } = batchFor(config, batch);
  const sync = async (t: tf.Tensor) => void (await t.data());
  const phases: Record<string, number> = { forward: 0, "forward+backward": 0, sgd: 0, "bn stats": 0 };
  let kernels: KernelTime[] = [];
  for (let round = 0; round < 2; round++) {
    for (const k of Object.keys(phases)) phases[k] = 0;
    phases.forward = await timed(async () => {
      const l = tf.tidy(() => crossEntropy(model.forward(x, { training: true, bnStats: [] }).logits, y));
      await sync(l);
      l.dispose();
    });
    let g: StepGradients | undefined;
    const run = async () => {
      phases["forward+backward"] = await timed(async () => {
        g = step.gradients(x, y);
        await Promise.all(Object.values(g.grads).map(sync));
      });
      phases.sgd = await timed(async () => {
        step.apply(g!, 0.01);
        await sync([...step.params.values()][0]);
      });
      phases["bn stats"] = await timed(async () => {
        step.updateStatistics(g!);
        const first = model.params.specs.find((s) => !s.trainable);
        if (first) await sync(model.params.get(first.name));
      });
    };
    if (round === 0) await run();
    else kernels = await groupKernels(await tf.profile(run), (k) => k.name);
    if (g) step.release(g);
  }
  tf.dispose([x, y]);
  sgd.dispose();
  model.dispose();
  return { phases, kernels };
}

/** Profiles the second of two inference passes (logits), kernels keyed by name and input shapes. */
export async function profileInference(config: ModelConfig, batch: number): Promise<{ ms: number; kernels: KernelTime[] }> {
  const model = createModel(config, 0);
  const { x, y } = batchFor(config, batch);
  const pass = async () => {
    const l = model.logits(x);
    await l.data();
    l.dispose();
  };
  await pass();
  const ms = await timed(pass);
  const kernels = await groupKernels(await tf.profile(pass), (k) => `${k.name} ${JSON.stringify(k.inputShapes)}`);
  tf.dispose([x, y]);
  model.dispose();
  return { ms, kernels };
}
