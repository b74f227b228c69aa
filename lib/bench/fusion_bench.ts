/**
 * `deno task bench fusion`: what the fused inference convolution buys. ResNet
 * evaluation with the fused kernel (BatchNorm folded, residual sum and ReLU as
 * post-ops: `convBn`) and without it (convolution, channel affine, add, ReLU
 * as separate kernels) alternate in one process, so that load on a shared
 * machine hits both; the median of the pairs' ratios with their min–max.
 */
import * as tf from "@tensorflow/tfjs-core";
import { FUSED_CONV } from "../kernels/native.ts";
import { median } from "../metrics/stats.ts";
import { createModel } from "../models/create.ts";
import { type BenchModel, inferOnce, timedRate } from "./models_bench.ts";

export interface FusionBenchRow {
  model: string;
  batch: number;
  "fused img/s": number;
  "unfused img/s": number;
  "fused / unfused": number;
  "ratio min–max": string;
  pairs: number;
}

/** Needs the wasm backend with native kernels (the fused kernel is registered only there). */
export async function benchFusion(
  models: BenchModel[],
  opts: { pairs?: number; seconds?: number } = {},
): Promise<FusionBenchRow[]> {
  const fused = tf.getKernel(FUSED_CONV, tf.getBackend());
  if (!fused) {
    throw new Error(`no fused convolution kernel on the ${tf.getBackend()} backend (it needs the native kernels on wasm)`);
  }
  const pairs = opts.pairs ?? 5, seconds = opts.seconds ?? 1.5;
  const use = (on: boolean) => {
    const has = !!tf.getKernel(FUSED_CONV, fused.backendName);
    if (on && !has) tf.registerKernel(fused);
    if (!on && has) tf.unregisterKernel(FUSED_CONV, fused.backendName);
  };
  const rows: FusionBenchRow[] = [];
  try {
    for (const m of models) {
      const batch = m.batch ?? 128, c = m.config;
      const model = createModel(c, 0);
      const x = tf.randomUniform([batch, c.imageSize, c.imageSize, c.inChannels]) as tf.Tensor4D;
      const on: number[] = [], off: number[] = [];
      for (let p = 0; p < pairs; p++) {
        use(false);
        off.push((await timedRate(() => inferOnce(model, x), batch, seconds, Infinity)).rate);
        use(true);
        on.push((await timedRate(() => inferOnce(model, x), batch, seconds, Infinity)).rate);
      }
      const ratios = on.map((r, i) => r / off[i]);
      rows.push({
        model: m.name,
        batch,
        "fused img/s": Math.round(median(on)),
        "unfused img/s": Math.round(median(off)),
        "fused / unfused": +median(ratios).toFixed(2),
        "ratio min–max": `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
        pairs,
      });
      tf.dispose(x);
      model.dispose();
    }
  } finally {
    use(true);
  }
  return rows;
}
