/**
 * SGD with momentum as PyTorch's torch.optim.SGD (no dampening, no Nesterov):
 * weight decay is coupled L2 added to the gradient of *every* parameter
 * (BatchNorm and biases included, as the paper's runs), then
 * buf ← μ·buf + g (buf = g on the first step), θ ← θ − lr·buf.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Optimizer, OptimizerState } from "./optimizer.ts";

export interface SgdOptions {
  momentum: number;
  weightDecay: number;
}

export class Sgd implements Optimizer {
  /** Momentum buffers by parameter name (absent before the first step, as in PyTorch). */
  readonly buffers = new Map<string, tf.Variable>();
  constructor(readonly opts: SgdOptions) {}

  /** One update of `params` (name → variable) with `grads` (name → gradient) at learning rate `lr`. */
  step(params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>, lr: number): void {
    const { momentum, weightDecay } = this.opts;
    tf.tidy(() => {
      for (const [name, p] of params) {
        const g0 = grads.get(name);
        if (!g0) continue;
        const g = weightDecay ? tf.add(g0, tf.mul(p, weightDecay)) : g0;
        let d = g;
        if (momentum) {
          const buf = this.buffers.get(name);
          if (!buf) {
            this.buffers.set(name, tf.variable(tf.clone(g), false, `sgdbuf/${crypto.randomUUID()}`));
            d = g;
          } else {
            buf.assign(tf.add(tf.mul(buf, momentum), g));
            d = buf;
          }
        }
        p.assign(tf.sub(p, tf.mul(d, lr)));
      }
    });
  }

  /** Buffers as plain arrays (for checkpoints). */
  async state(): Promise<OptimizerState> {
    const out: OptimizerState = {};
    for (const [n, b] of this.buffers) out[n] = { shape: b.shape, values: (await b.data()) as Float32Array };
    return out;
  }

  load(state: OptimizerState): void {
    this.dispose();
    for (const [n, s] of Object.entries(state)) {
      this.buffers.set(n, tf.variable(tf.tensor(s.values, s.shape, "float32"), false, `sgdbuf/${crypto.randomUUID()}`));
    }
  }

  dispose(): void {
    for (const b of this.buffers.values()) b.dispose();
    this.buffers.clear();
  }
}
