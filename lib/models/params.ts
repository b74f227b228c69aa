/**
 * A model's parameters and buffers, by name, initialised from a seed with the
 * library's own generator (so the same seed gives the same weights on every
 * backend). Names are stable ("stage1.0.conv1.w"); the TF.js variables get a
 * per-instance prefix because TF.js registers variable names globally.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createRng, type Rng } from "../rng.ts";

export type Init =
  | { kind: "zeros" }
  | { kind: "ones" }
  | { kind: "normal"; std: number; clip?: number }
  | { kind: "uniform"; bound: number };

export interface ParamSpec {
  name: string;
  shape: number[];
  init: Init;
  /** Buffers (BatchNorm running statistics) are saved but not trained. */
  trainable: boolean;
}

let instanceCounter = 0;

function fill(rng: Rng, n: number, init: Init): Float32Array {
  const out = new Float32Array(n);
  switch (init.kind) {
    case "zeros":
      break;
    case "ones":
      out.fill(1);
      break;
    case "normal":
      for (let i = 0; i < n; i++) {
        let v = rng.normal() * init.std;
        if (init.clip !== undefined) v = Math.max(-init.clip, Math.min(init.clip, v));
        out[i] = v;
      }
      break;
    case "uniform":
      for (let i = 0; i < n; i++) out[i] = rng.uniform(-init.bound, init.bound);
      break;
  }
  return out;
}

/** A seed for the initial weights, or "zeros" for a model whose weights are about to be loaded. */
export type InitSeed = number | "zeros";

export class ParamStore {
  readonly specs: ParamSpec[] = [];
  readonly vars = new Map<string, tf.Variable>();
  readonly prefix = `m${++instanceCounter}/`;

  /** Declares a parameter; values are created by `initialize`. */
  add(name: string, shape: number[], init: Init, trainable = true): string {
    if (this.specs.some((s) => s.name === name)) throw new Error(`parameter ${name} declared twice`);
    this.specs.push({ name, shape, init, trainable });
    return name;
  }

  /**
   * Creates every variable from `seed`, in declaration order; "zeros" skips
   * the random draws for a model whose weights are loaded next (ViT-B's
   * 86 M draws take seconds).
   */
  initialize(seed: InitSeed): void {
    const rng = createRng(seed === "zeros" ? 0 : seed);
    for (const s of this.specs) {
      const n = s.shape.reduce((a, b) => a * b, 1);
      const values = seed === "zeros" ? new Float32Array(n) : fill(rng, n, s.init);
      const v = tf.variable(tf.tensor(values, s.shape, "float32"), s.trainable, this.prefix + s.name);
      this.vars.get(s.name)?.dispose();
      this.vars.set(s.name, v);
    }
  }

  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`no parameter named ${name}`);
    return v;
  }

  trainable(): tf.Variable[] {
    return this.specs.filter((s) => s.trainable).map((s) => this.get(s.name));
  }

  /** Number of trainable scalars. */
  count(): number {
    return this.specs.filter((s) => s.trainable).reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
