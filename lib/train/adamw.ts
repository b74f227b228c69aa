/**
 * AdamW as PyTorch's torch.optim.AdamW (amsgrad off): decoupled weight decay
 * θ ← θ − lr·wd·θ, then m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * θ ← θ − lr·m̂/(√v̂ + ε) with bias-corrected m̂, v̂. As timm's ViT recipe,
 * weight decay skips parameters of rank < 2 (biases, LayerNorm/BatchNorm
 * scales and shifts); the class token and position embedding are rank ≥ 2
 * here and are decayed, as in PyTorch's default parameter groups.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Optimizer, OptimizerState } from "./optimizer.ts";

export interface AdamWOptions {
  weightDecay: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class AdamW implements Optimizer {
  readonly m = new Map<string, tf.Variable>();
  readonly v = new Map<string, tf.Variable>();
  /** Updates taken so far (the bias correction's t). */
  steps = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;

  constructor(readonly opts: AdamWOptions) {
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
  }

  step(params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>, lr: number): void {
    const { beta1, beta2, eps } = this;
    this.steps++;
    const c1 = 1 - Math.pow(beta1, this.steps), c2 = 1 - Math.pow(beta2, this.steps);
    tf.tidy(() => {
      for (const [name, p] of params) {
        const g = grads.get(name);
        if (!g) continue;
        const m = this.moment(this.m, name, p), v = this.moment(this.v, name, p);
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const decayed = this.opts.weightDecay && p.rank >= 2 ? tf.mul(p, 1 - lr * this.opts.weightDecay) : p;
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), eps));
        p.assign(tf.sub(decayed, tf.mul(update, lr)));
      }
    });
  }

  private moment(store: Map<string, tf.Variable>, name: string, like: tf.Variable): tf.Variable {
    let s = store.get(name);
    if (!s) {
      s = tf.variable(tf.zerosLike(like), false, `adamw/${crypto.randomUUID()}`);
      store.set(name, s);
    }
    return s;
  }

  async state(): Promise<OptimizerState> {
    const out: OptimizerState = { steps: { shape: [1], values: new Float32Array([this.steps]) } };
    for (const [prefix, store] of [["m", this.m], ["v", this.v]] as const) {
      for (const [n, s] of store) out[`${prefix}/${n}`] = { shape: s.shape, values: (await s.data()) as Float32Array };
    }
    return out;
  }

  load(state: OptimizerState): void {
    this.dispose();
    for (const [key, s] of Object.entries(state)) {
      if (key === "steps") {
        this.steps = s.values[0];
        continue;
      }
      const slash = key.indexOf("/");
      const store = key.slice(0, slash) === "m" ? this.m : this.v;
      store.set(
        key.slice(slash + 1),
        tf.variable(tf.tensor(s.values, s.shape, "float32"), false, `adamw/${crypto.randomUUID()}`),
      );
    }
  }

  dispose(): void {
    for (const s of [...this.m.values(), ...this.v.values()]) s.dispose();
    this.m.clear();
    this.v.clear();
    this.steps = 0;
  }
}
