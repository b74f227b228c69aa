/**
 * Where one training step's time goes on the active backend: wall time of
 * its phases (forward, forward + backward, SGD update, BatchNorm statistics),
 * each synchronised by reading a value back, and the kernels TF.js ran, by
 * count and by the time the backend reports for them. Used to find why a
 * backend trains far slower than it infers.
 */
import * as tf from "@tensorflow/tfjs-core";
import { crossEntropy, type ForwardContext, updateBatchNormStats } from "../models/layers.ts";
import { createModel } from "../models/create.ts";
import type { ModelConfig } from "../models/model.ts";
import { Sgd } from "../train/sgd.ts";

export interface StepProfile {
  phases: Record<string, number>;
  kernels: { name: string; count: number; ms: number }[];
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Profiles the second of two training steps (the first compiles shaders and fills caches). */
export async function profileTrainStep(config: ModelConfig, batch: number): Promise<StepProfile> {
  const model = createModel(config, 0);
  const sgd = new Sgd({ momentum: 0.9, weightDecay: 5e-4 });
  const named = new Map(model.params.specs.filter((s) => s.trainable).map((s) => [s.name, model.params.get(s.name)]));
  const x = tf.randomNormal([batch, config.imageSize, config.imageSize, config.inChannels]) as tf.Tensor4D;
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % config.numClasses), "int32");
  const sync = async (t: tf.Tensor) => void (await t.data());
  const phases: Record<string, number> = { forward: 0, "forward+backward": 0, sgd: 0, "bn stats": 0 };
  let kernels: StepProfile["kernels"] = [];
  for (let round = 0; round < 2; round++) {
    for (const k of Object.keys(phases)) phases[k] = 0;
    phases.forward = await timed(async () => {
      const l = tf.tidy(() => crossEntropy(model.forward(x, { training: true, bnStats: [] }).logits, y));
      await sync(l);
      l.dispose();
    });
    const ctx: ForwardContext = { training: true, bnStats: [] };
    let grads: Record<string, tf.Tensor> = {};
    const run = async () => {
      phases["forward+backward"] = await timed(async () => {
        const r = tf.variableGrads(() => crossEntropy(model.forward(x, ctx).logits, y), [...named.values()]);
        grads = r.grads;
        await Promise.all(Object.values(grads).map(sync));
        r.value.dispose();
      });
      phases.sgd = await timed(async () => {
        sgd.step(named, new Map(Object.entries(grads).map(([k, v]) => [model.params.nameOf(k), v])), 0.01);
        await sync([...named.values()][0]);
      });
      phases["bn stats"] = await timed(async () => {
        updateBatchNormStats(model.params, ctx.bnStats!);
        const first = model.params.specs.find((s) => !s.trainable);
        if (first) await sync(model.params.get(first.name));
      });
    };
    if (round === 0) await run();
    else {
      const info = await tf.profile(run);
      const by = new Map<string, { count: number; ms: number }>();
      for (const k of info.kernels) {
        const e = by.get(k.name) ?? { count: 0, ms: 0 };
        e.count++;
        const ms = await k.kernelTimeMs;
        if (typeof ms === "number") e.ms += ms;
        by.set(k.name, e);
      }
      kernels = [...by].map(([name, e]) => ({ name, ...e })).sort((a, b) => b.ms - a.ms || b.count - a.count);
    }
    tf.dispose(Object.values(grads));
  }
  tf.dispose([x, y]);
  sgd.dispose();
  model.dispose();
  return { phases, kernels };
}
