/**
 * Augerino (Benton et al. 2020) as the paper's Appendix G uses it: a uniform
 * distribution over the Lie algebra of Aff(2) with learnable widths
 * w_k = softplus(θ_k); ε_k ~ U(−w_k/2, w_k/2) per image (the scale variant:
 * ε_s ~ U(−w_s/2, 0), zoom-in only); the images warped by exp(Σ ε_k G_k)
 * ("joint") or by one warp per generator in order ("sequential": tx, ty,
 * then scale, as the reference's translation-then-scale class). The loss adds
 * −λ·‖m ⊙ w‖₂ (not squared), m_k = 1 while w_k ≤ s_k: each coordinate stops
 * being pushed wider once it reaches its shut-down width s_k.
 */
import * as tf from "@tensorflow/tfjs-core";
import { expm, type GeneratorName, lieElement } from "./generators.ts";
import { affineWarp } from "./warp.ts";

export interface AugerinoSpec {
  generators: GeneratorName[];
  /** Raw θ at the start (softplus gives the widths). */
  init: number[];
  /** Shut-down widths s_k. */
  shutdown: number[];
  /** Generators sampled on the negative half only (zoom-in only for "scale"). */
  negativeOnly?: GeneratorName[];
  mode: "joint" | "sequential";
}

/** Translation only: widths start at softplus(0.84) = 1.20 (±30 %), shut down at 1.2 (30 % of the size). */
export const TRANSLATION_ONLY: AugerinoSpec = {
  generators: ["tx", "ty"],
  init: [0.84, 0.84],
  shutdown: [1.2, 1.2],
  mode: "joint",
};

/** Translation then zoom-in: scale starts at softplus(2.44) = 2.52 and shuts down at ln 12.5 (zoom 1/√0.08). */
export const TRANSLATION_SCALE: AugerinoSpec = {
  generators: ["tx", "ty", "scale"],
  init: [0.84, 0.84, 2.44],
  shutdown: [1.2, 1.2, Math.log(12.5)],
  negativeOnly: ["scale"],
  mode: "sequential",
};

export const softplus = (x: number) => Math.log1p(Math.exp(x));

/** θ with softplus(θ) = w (w > 0). */
export const inverseSoftplus = (w: number) => {
  if (!(w > 0)) throw new RangeError(`an Augerino width must be positive, got ${w}`);
  return w > 30 ? w : Math.log(Math.expm1(w));
};

/** The spec with every generator starting at width `w` (a run that must discover its widths rather than keep them). */
export function startingAt(spec: AugerinoSpec, w: number): AugerinoSpec {
  return { ...spec, init: spec.generators.map(() => inverseSoftplus(w)) };
}

export class Augerino {
  readonly theta: tf.Variable;

  constructor(readonly spec: AugerinoSpec, name = "augerino.theta") {
    if (spec.init.length !== spec.generators.length || spec.shutdown.length !== spec.generators.length) {
      throw new RangeError(`Augerino: ${spec.generators.length} generators need as many init values and shut-down widths`);
    }
    this.theta = tf.variable(tf.tensor1d(spec.init), true, `${name}.${Math.random().toString(36).slice(2, 8)}`);
  }

  /** Current widths w = softplus(θ). */
  widths(): tf.Tensor1D {
    return tf.softplus(this.theta) as tf.Tensor1D;
  }

  /** ε [N, k] from uniforms u [N, k] in [0, 1): u·w − w/2, or u·w/2 − w/2 on negative-only generators. */
  coefficients(u: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const w = this.widths();
      const half = this.spec.generators.map((g) => (this.spec.negativeOnly?.includes(g) ? 0.5 : 1));
      return tf.sub(tf.mul(u, tf.mul(w, tf.tensor1d(half))), tf.div(w, 2)) as tf.Tensor2D;
    });
  }

  /** The images warped by coefficients ε (differentiable in ε). */
  warp(x: tf.Tensor4D, eps: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => {
      const n = x.shape[0], k = this.spec.generators.length;
      if (this.spec.mode === "joint") return affineWarp(x, expm(lieElement(eps, this.spec.generators)));
      let y = x;
      for (let i = 0; i < k; i++) {
        const e = tf.slice(eps, [0, i], [n, 1]) as tf.Tensor2D;
        y = affineWarp(y, expm(lieElement(e, [this.spec.generators[i]])));
      }
      return y;
    });
  }

  /** One random transformed copy per image (uniforms from a seeded generator, for reproducibility). */
  augment(x: tf.Tensor4D, next: () => number): tf.Tensor4D {
    return tf.tidy(() => {
      const n = x.shape[0], k = this.spec.generators.length;
      const u = tf.tensor2d(Float32Array.from({ length: n * k }, next), [n, k]);
      return this.warp(x, this.coefficients(u));
    });
  }

  /** The current widths, read back (asynchronously: WebGPU has no synchronous read). */
  async widthValues(): Promise<number[]> {
    const w = this.widths();
    const v = Array.from(await w.data());
    w.dispose();
    return v;
  }

  /** m_k = 1 while w_k ≤ s_k. */
  shutdownMask(widths: number[]): number[] {
    return widths.map((v, i) => (v <= this.spec.shutdown[i] ? 1 : 0));
  }

  /** −λ·‖m ⊙ w‖₂ for a mask from shutdownMask (no gradient through the mask). */
  regulariser(lambda: number, maskValues: number[]): tf.Scalar {
    return tf.tidy(() => {
      const w = this.widths();
      const mask = tf.tensor1d(maskValues);
      return tf.mul(-lambda, tf.sqrt(tf.add(tf.sum(tf.square(tf.mul(w, mask))), 1e-12))) as tf.Scalar;
    });
  }

  dispose(): void {
    this.theta.dispose();
  }
}
