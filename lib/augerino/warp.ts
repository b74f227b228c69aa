/**
 * Differentiable affine warps of a batch of images, as PyTorch's
 * affine_grid + grid_sample (bilinear, zero padding, align_corners true):
 * output(p) = input(A·p) in normalised coordinates. The bilinear weights are
 * built from the sampling coordinates with TF.js ops, so the loss has a
 * gradient with respect to A (and through it to Augerino's widths); the
 * corner values are gathered (no gradient is needed with respect to images).
 */
import * as tf from "@tensorflow/tfjs-core";
import { BILINEAR_SAMPLE, BILINEAR_SAMPLE_GRAD } from "../kernels/native.ts";

/** Normalised output coordinates of an h×w grid: x and y, each [1, h·w, 1]. */
function baseGrid(h: number, w: number): [tf.Tensor3D, tf.Tensor3D] {
  const xs = new Float32Array(h * w), ys = new Float32Array(h * w);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      xs[i * w + j] = w > 1 ? (2 * j) / (w - 1) - 1 : 0;
      ys[i * w + j] = h > 1 ? (2 * i) / (h - 1) - 1 : 0;
    }
  }
  return [tf.tensor3d(xs, [1, h * w, 1]), tf.tensor3d(ys, [1, h * w, 1])];
}

interface Corners {
  vals: tf.Tensor3D[];
  idx: tf.Tensor[];
  valid: tf.Tensor[];
  wu: tf.Tensor3D[];
  wv: tf.Tensor3D[];
  du: number[];
  dv: number[];
}

/** The four neighbours of every sampling point: values (zero outside), and the bilinear weights' factors. */
function corners(x: tf.Tensor4D, u: tf.Tensor3D, v: tf.Tensor3D): Corners {
  const [n, h, w, c] = x.shape, p = u.shape[1];
  const u0 = tf.floor(u), v0 = tf.floor(v);
  const fu = tf.sub(u, u0), fv = tf.sub(v, v0);
  const flat = tf.reshape(x, [n * h * w, c]);
  const base = tf.reshape(tf.mul(tf.range(0, n, 1, "float32"), h * w), [n, 1, 1]);
  const out: Corners = { vals: [], idx: [], valid: [], wu: [], wv: [], du: [], dv: [] };
  for (const [du, dv] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
    const cu = tf.add(u0, du), cv = tf.add(v0, dv);
    const valid = tf.cast(
      tf.logicalAnd(
        tf.logicalAnd(tf.greaterEqual(cu, 0), tf.lessEqual(cu, w - 1)),
        tf.logicalAnd(tf.greaterEqual(cv, 0), tf.lessEqual(cv, h - 1)),
      ),
      "float32",
    );
    // Flat row index n·H·W + v·W + u, exact in float32 below 2^24 entries, then int32.
    const idx = tf.cast(tf.add(base, tf.add(tf.mul(tf.clipByValue(cv, 0, h - 1), w), tf.clipByValue(cu, 0, w - 1))), "int32");
    out.vals.push(tf.mul(tf.reshape(tf.gather(flat, tf.reshape(idx, [-1])), [n, p, c]), valid) as tf.Tensor3D);
    out.idx.push(idx);
    out.valid.push(valid);
    out.wu.push((du ? fu : tf.sub(1, fu)) as tf.Tensor3D);
    out.wv.push((dv ? fv : tf.sub(1, fv)) as tf.Tensor3D);
    out.du.push(du);
    out.dv.push(dv);
  }
  return out;
}

/**
 * Bilinear samples of x at pixel coordinates (u, v) [N, P, 1] → [N, P, C], as
 * one op with its own gradient: ∂/∂u and ∂/∂v from the corner values (the
 * weights are piecewise linear in the coordinates), and ∂/∂x by scattering
 * dy·weight back onto the source pixels (needed when warps are chained, as
 * the translation-then-scale variant does). Written as one op because the
 * integer corner indices must not sit on the differentiated path.
 */
const sampleBilinear = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, u, v, save] = args as [tf.Tensor4D, tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
  save([x, u, v]);
  const k = corners(x, u, v);
  let value: tf.Tensor = tf.zeros(k.vals[0].shape);
  for (let i = 0; i < 4; i++) value = tf.add(value, tf.mul(k.vals[i], tf.mul(k.wu[i], k.wv[i])));
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, su, sv] = saved as [tf.Tensor4D, tf.Tensor3D, tf.Tensor3D];
      const c = corners(sx, su, sv);
      let gu: tf.Tensor = tf.zeros(su.shape), gv: tf.Tensor = tf.zeros(sv.shape);
      const [n, h, w, ch] = sx.shape, p = su.shape[1];
      const updates = tf.concat(
        c.vals.map((_, i) => tf.reshape(tf.mul(dy, tf.mul(tf.mul(c.wu[i], c.wv[i]), c.valid[i])), [n * p, ch])),
        0,
      );
      const where = tf.concat(c.idx.map((ix) => tf.reshape(ix, [n * p, 1])), 0);
      const gx = tf.reshape(tf.scatterND(where, updates, [n * h * w, ch]), [n, h, w, ch]); // duplicates are summed
      for (let i = 0; i < 4; i++) {
        const dyv = tf.sum(tf.mul(dy, c.vals[i]), 2, true); // Σ_c dy·value
        gu = tf.add(gu, tf.mul(dyv, tf.mul(c.wv[i], c.du[i] ? 1 : -1)));
        gv = tf.add(gv, tf.mul(dyv, tf.mul(c.wu[i], c.dv[i] ? 1 : -1)));
      }
      return [gx, gu, gv];
    },
  };
}) as (x: tf.Tensor4D, u: tf.Tensor3D, v: tf.Tensor3D) => tf.Tensor3D;

/** sampleBilinear as one native kernel each way (lib/kernels/native.ts; the same sums in the same order). */
const sampleBilinearNative = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, u, v, save] = args as [tf.Tensor4D, tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
  save([x, u, v]);
  return {
    value: tf.engine().runKernel(BILINEAR_SAMPLE, { x, u, v }) as tf.Tensor3D,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, su, sv] = saved;
      return tf.engine().runKernel(BILINEAR_SAMPLE_GRAD, { dy, x: sx, u: su, v: sv }) as unknown as tf.Tensor[];
    },
  };
}) as (x: tf.Tensor4D, u: tf.Tensor3D, v: tf.Tensor3D) => tf.Tensor3D;

/** Warps x [N, H, W, C] by the affine maps a [N, 3, 3] (only the top two rows are used). */
export function affineWarp(x: tf.Tensor4D, a: tf.Tensor3D): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const [gx, gy] = baseGrid(h, w);
    // A·(x, y, 1) for every output point, by broadcasting [N, 1, 1] coefficients over [1, P, 1] coordinates
    // (a tiled grid times Aᵀ as a batched matrix product cost 30 ms per 128 images on wasm; this, under 1 ms).
    const at = (i: number, j: number) => tf.slice(a, [0, i, j], [n, 1, 1]);
    const row = (i: number) => tf.add(tf.add(tf.mul(at(i, 0), gx), tf.mul(at(i, 1), gy)), at(i, 2));
    const u = tf.mul(tf.add(row(0), 1), (w - 1) / 2) as tf.Tensor3D; // pixel column
    const v = tf.mul(tf.add(row(1), 1), (h - 1) / 2) as tf.Tensor3D; // pixel row
    const sample = tf.getKernel(BILINEAR_SAMPLE, tf.getBackend()) ? sampleBilinearNative : sampleBilinear;
    return tf.reshape(sample(x, u, v), [n, h, w, c]) as tf.Tensor4D;
  });
}
