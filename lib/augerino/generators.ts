/**
 * The Lie algebra of Aff(2) as Augerino parametrises it: six 3×3 generators
 * in homogeneous *normalised* coordinates (the image spans [−1, 1] on both
 * axes, corners aligned), and the matrix exponential that maps a combination
 * of them to an affine map. Batched and written in TF.js ops, so gradients
 * flow from the map back to the coefficients.
 */
import * as tf from "@tensorflow/tfjs-core";

export const GENERATOR_NAMES = ["tx", "ty", "rot", "scale", "stretch", "shear"] as const;
export type GeneratorName = typeof GENERATOR_NAMES[number];

/** The generator matrices, row-major 3×3. */
export const GENERATORS: Readonly<Record<GeneratorName, number[]>> = {
  tx: [0, 0, 1, 0, 0, 0, 0, 0, 0],
  ty: [0, 0, 0, 0, 0, 1, 0, 0, 0],
  rot: [0, -1, 0, 1, 0, 0, 0, 0, 0],
  scale: [1, 0, 0, 0, 1, 0, 0, 0, 0],
  stretch: [1, 0, 0, 0, -1, 0, 0, 0, 0],
  shear: [0, 1, 0, 1, 0, 0, 0, 0, 0],
};

/** Σ_k ε[:, k]·G_k for coefficients ε [N, k]: a batch of Lie-algebra elements [N, 3, 3]. */
export function lieElement(eps: tf.Tensor2D, names: readonly GeneratorName[]): tf.Tensor3D {
  return tf.tidy(() => {
    const g = tf.tensor2d(names.map((n) => GENERATORS[n]), [names.length, 9]);
    return tf.reshape(tf.matMul(eps, g), [eps.shape[0], 3, 3]) as tf.Tensor3D;
  });
}

/**
 * exp(M) for a batch of 3×3 matrices by scaling and squaring: a degree-12
 * Taylor polynomial of M/2^8, squared 8 times. For ‖M‖ ≤ 8 (the widths
 * Augerino learns are far smaller) the error is below float32 rounding.
 */
export function expm(m: tf.Tensor3D, squarings = 8, degree = 12): tf.Tensor3D {
  return tf.tidy(() => {
    const n = m.shape[0];
    const eye = tf.tile(tf.reshape(tf.eye(3), [1, 3, 3]), [n, 1, 1]) as tf.Tensor3D;
    const a = tf.div(m, 2 ** squarings) as tf.Tensor3D;
    // Horner: I + A(I + A/2(I + A/3(…)))
    let p = eye;
    for (let k = degree; k >= 1; k--) p = tf.add(eye, tf.div(tf.matMul(a, p), k)) as tf.Tensor3D;
    for (let s = 0; s < squarings; s++) p = tf.matMul(p, p);
    return p;
  });
}
