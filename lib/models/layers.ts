/**
 * Layers as functions of a ParamStore, in NHWC. Convolutions pad
 * symmetrically like PyTorch (TF's "same" pads stride-2 convolutions
 * asymmetrically, which shifts every feature map by a pixel), and their
 * gradients are computed with forward convolutions only (see conv2dGrads),
 * so training runs on backends that lack Conv2DBackpropFilter (wasm).
 */
import * as tf from "@tensorflow/tfjs-core";
import "../kernels/gradients.ts";
import {
  BN_BACKWARD,
  BN_FORWARD,
  CHANNEL_AFFINE,
  FUSED_CONV,
  GELU,
  GELU_GRAD,
  LAYER_NORM,
  LAYER_NORM_GRAD,
  RELU,
  RELU_GRAD,
} from "../kernels/native.ts";
import type { ParamStore } from "./params.ts";
import { webgpuKernelsInstalled } from "../kernels/webgpu_gemm.ts";

export interface ForwardContext {
  training: boolean;
  /** BatchNorm batch statistics gathered in training, applied to the running averages after the step. */
  bnStats?: { name: string; mean: tf.Tensor; variance: tf.Tensor; count: number }[];
}

type Pad4 = [[number, number], [number, number], [number, number], [number, number]];
const pad4 = (p: number): Pad4 => [[0, 0], [p, p], [p, p], [0, 0]];

/**
 * Zeros inserted between the rows and columns of dy (stride s), as a strided
 * convolution's input gradient needs. Rows then columns, each a 4-D pad:
 * TF.js's WebGPU pad of a 6-D tensor writes wrong values (measured).
 */
function dilate(dy: tf.Tensor4D, s: number): tf.Tensor4D {
  if (s === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const rows = tf.reshape(tf.pad(tf.reshape(dy, [n, h, 1, w * c]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]), [n * h * s, w, 1, c]);
  const both = tf.reshape(tf.pad(rows, [[0, 0], [0, 0], [0, s - 1], [0, 0]]), [n, h * s, w * s, c]) as tf.Tensor4D;
  return tf.slice(both, [0, 0, 0, 0], [n, (h - 1) * s + 1, (w - 1) * s + 1, c]);
}

/**
 * Gradients of y = conv2d(x, w, stride s, symmetric padding p) by forward
 * convolutions: dx convolves the dilated, padded dy with the flipped filter;
 * dw convolves x (batch and channels swapped) with dy as a filter dilated by s.
 */
export function conv2dGrads(
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  dy: tf.Tensor4D,
  s: number,
  p: number,
  im2colWeightGrad = false,
): [tf.Tensor4D, tf.Tensor4D] {
  const [, H, W] = x.shape;
  const [kh, kw] = w.shape;
  // dx
  const dyd = dilate(dy, s);
  const top = kh - 1 - p, left = kw - 1 - p;
  const bottom = H + kh - 1 - dyd.shape[1] - top, right = W + kw - 1 - dyd.shape[2] - left;
  const wFlip = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  let padded = dyd;
  const cut = (v: number) => Math.max(0, -v);
  if (top < 0 || left < 0 || bottom < 0 || right < 0) {
    padded = tf.slice(dyd, [0, cut(top), cut(left), 0], [
      -1,
      dyd.shape[1] - cut(top) - cut(bottom),
      dyd.shape[2] - cut(left) - cut(right),
      -1,
    ]);
  }
  padded = tf.pad(padded, [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]]);
  const dx = tf.conv2d(padded, wFlip, 1, "valid");
  if (im2colWeightGrad) return [dx, conv2dWeightGradIm2col(x, dy, kh, kw, s, p)];
  // dw
  const xt = tf.transpose(p ? tf.pad(x, pad4(p)) : x, [3, 1, 2, 0]) as tf.Tensor4D; // [CI, Hp, Wp, N]
  const f = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [OH, OW, N, CO]
  let dw = tf.conv2d(xt, f, 1, "valid", "NHWC", s); // [CI, ≥kh, ≥kw, CO]
  if (dw.shape[1] !== kh || dw.shape[2] !== kw) dw = tf.slice(dw, [0, 0, 0, 0], [-1, kh, kw, -1]);
  return [dx, tf.transpose(dw, [1, 2, 0, 3]) as tf.Tensor4D];
}

/**
 * The weight gradient as one batched matrix product: the kh·kw strided views
 * of the padded input, side by side, form per image an im2col matrix
 * [OH·OW, kh·kw·CI]; its transpose times dy [OH·OW, CO] summed over images is
 * dw. Every image is a separate product, so a GPU has N × tiles of parallel
 * work even where dw itself is small (TF.js's WebGPU Conv2DBackpropFilter
 * reduces over N·OH·OW in one thread per output and was measured 280× slower
 * than the forward convolution on an H100).
 */
export function conv2dWeightGradIm2col(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  kh: number,
  kw: number,
  s: number,
  p: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, , , ci] = x.shape;
    const [, oh, ow, co] = dy.shape;
    const xp = p ? tf.pad(x, pad4(p)) : x;
    const views: tf.Tensor4D[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        views.push(
          tf.stridedSlice(xp, [0, i, j, 0], [n, i + (oh - 1) * s + 1, j + (ow - 1) * s + 1, ci], [1, s, s, 1]) as tf.Tensor4D,
        );
      }
    }
    const cols = tf.reshape(views.length === 1 ? views[0] : tf.concat(views, 3), [n, oh * ow, kh * kw * ci]) as tf.Tensor3D;
    const perImage = tf.matMul(cols, tf.reshape(dy, [n, oh * ow, co]) as tf.Tensor3D, true, false); // [N, kh·kw·CI, CO]
    return tf.reshape(tf.sum(perImage, 0), [kh, kw, ci, co]) as tf.Tensor4D;
  });
}

export type ConvGradients = "backend" | "forward-conv" | "im2col";

/**
 * How conv2d's gradients are computed on the active backend: its own
 * kernels where they are fast (cpu, tensorflow, wasm with native kernels);
 * forward convolutions where Conv2DBackpropFilter is missing (plain wasm);
 * on webgpu, TF.js's own with our GEMM kernels (lib/kernels/webgpu_gemm.ts), else
 * forward convolutions for dx and the im2col product for dw (TF.js's filter
 * gradient loops over every pixel in one thread per weight).
 * $GIB_CONV_GRADIENTS forces one (for benchmarks and tests).
 */
export function convGradients(backend = tf.getBackend()): ConvGradients {
  const forced = Deno.env.get("GIB_CONV_GRADIENTS");
  if (forced === "backend" || forced === "forward-conv" || forced === "im2col") return forced;
  if (forced) throw new RangeError(`GIB_CONV_GRADIENTS must be backend, forward-conv or im2col, got "${forced}"`);
  if (backend === "webgpu") return webgpuKernelsInstalled() ? "backend" : "im2col";
  return tf.getKernel("Conv2DBackpropFilter", backend) ? "backend" : "forward-conv";
}

const convCache = new Map<string, (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D>();

/** conv2d with PyTorch padding, its gradients chosen by convGradients(). */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: number): tf.Tensor4D {
  const how = convGradients();
  if (how === "backend") return tf.conv2d(x, w, stride, pad ? pad4(pad) : "valid");
  return conv2dForwardGrads(x, w, stride, pad, how === "im2col");
}

/** conv2d whose gradients are computed with forward convolutions (see conv2dGrads), dw optionally by im2col. */
export function conv2dForwardGrads(
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  stride: number,
  pad: number,
  im2colWeightGrad = false,
): tf.Tensor4D {
  const key = `${stride}/${pad}/${im2colWeightGrad}`;
  let f = convCache.get(key);
  if (!f) {
    f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [xx, ww, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
      save([xx, ww]);
      return {
        value: tf.conv2d(xx, ww, stride, pad ? pad4(pad) : "valid"),
        gradFunc: (dy, saved) =>
          conv2dGrads(saved[0] as tf.Tensor4D, saved[1] as tf.Tensor4D, dy as tf.Tensor4D, stride, pad, im2colWeightGrad),
      };
    }) as (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;
    convCache.set(key, f);
  }
  return f(x, w);
}

/** Declares a conv weight with Kaiming-normal (fan_out, ReLU) init, as torchvision's ResNet. */
export function declareConv(ps: ParamStore, name: string, k: number, cin: number, cout: number): void {
  ps.add(`${name}.w`, [k, k, cin, cout], { kind: "normal", std: Math.sqrt(2 / (cout * k * k)) });
}

/** Declares BatchNorm: γ = 1, β = 0, running mean 0 and variance 1. */
export function declareBatchNorm(ps: ParamStore, name: string, c: number): void {
  ps.add(`${name}.gamma`, [c], { kind: "ones" });
  ps.add(`${name}.beta`, [c], { kind: "zeros" });
  ps.add(`${name}.mean`, [c], { kind: "zeros" }, false);
  ps.add(`${name}.var`, [c], { kind: "ones" }, false);
}

export const BN_EPS = 1e-5;
export const BN_MOMENTUM = 0.1;

/** BatchNorm over N, H, W: batch statistics in training (recorded in ctx), running statistics in evaluation. */
export function batchNorm(ps: ParamStore, name: string, x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
  const gamma = ps.get(`${name}.gamma`), beta = ps.get(`${name}.beta`);
  if (!ctx.training) {
    const scale = tf.mul(gamma, tf.rsqrt(tf.add(ps.get(`${name}.var`), BN_EPS)));
    const shift = tf.sub(beta, tf.mul(ps.get(`${name}.mean`), scale));
    if (tf.getKernel(CHANNEL_AFFINE, tf.getBackend())) {
      return tf.engine().runKernel(CHANNEL_AFFINE, { x, scale, shift }, {}) as tf.Tensor4D;
    }
    return tf.add(tf.mul(x, scale), shift);
  }
  const count = x.shape[0] * x.shape[1] * x.shape[2];
  if (tf.getKernel(BN_FORWARD, tf.getBackend())) {
    return fusedBatchNorm(x, gamma, beta, (mean, variance) => ctx.bnStats?.push({ name, mean, variance, count }));
  }
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  ctx.bnStats?.push({ name, mean: tf.keep(mean), variance: tf.keep(variance), count });
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, BN_EPS))), gamma), beta);
}

/**
 * conv2d → BatchNorm [+ residual] [→ ReLU], torchvision's ResNet unit. In
 * evaluation, where the backend has the fused kernel, BatchNorm is folded
 * into the filter (w·γ/√(σ² + ε) per output channel) and a bias (β − μ·γ/√(σ² + ε)),
 * and the sum and ReLU run as post-ops of the same convolution, as PyTorch's
 * inference path does: one pass over the output instead of three. The
 * result equals the unfused path to float rounding.
 */
export function convBn(
  ps: ParamStore,
  names: { conv: string; bn: string },
  x: tf.Tensor4D,
  conv: { stride: number; pad: number },
  ctx: ForwardContext,
  post: { relu: boolean; residual?: tf.Tensor4D },
): tf.Tensor4D {
  if (!ctx.training && tf.getKernel(FUSED_CONV, tf.getBackend())) {
    const gamma = ps.get(`${names.bn}.gamma`);
    const scale = tf.mul(gamma, tf.rsqrt(tf.add(ps.get(`${names.bn}.var`), BN_EPS)));
    const bias = tf.sub(ps.get(`${names.bn}.beta`), tf.mul(ps.get(`${names.bn}.mean`), scale));
    const filter = tf.mul(ps.get(`${names.conv}.w`), scale);
    const inputs: tf.NamedTensorMap = { x, filter, bias, ...(post.residual ? { residual: post.residual } : {}) };
    const attrs = { strides: conv.stride, pad: conv.pad ? pad4(conv.pad) : "valid", relu: post.relu };
    const y = tf.engine().runKernel(FUSED_CONV, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
    tf.dispose([scale, bias, filter]);
    return y;
  }
  const y = batchNorm(ps, names.bn, conv2d(x, ps.get(`${names.conv}.w`) as tf.Tensor4D, conv.stride, conv.pad), ctx);
  if (post.relu) return relu(y, post.residual);
  return post.residual ? tf.add(y, post.residual) : y;
}

/**
 * max(x (+ residual), 0). Where the backend has the fused kernels (wasm with native kernels) the sum and ReLU are one
 * pass and the gradient, taken from the output, another; TF.js's gradient is dy · cast(step(x)), three kernels.
 */
export function relu<T extends tf.Tensor>(x: T, residual?: T): T {
  const fused = tf.getKernel(RELU, tf.getBackend()) && x.dtype === "float32" &&
    (!residual || tf.util.arraysEqual(x.shape, residual.shape));
  if (!fused) return tf.relu(residual ? tf.add(x, residual) : x) as T;
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [a, r] = args.slice(0, -1) as tf.Tensor[];
    const y = tf.engine().runKernel(RELU, r ? { x: a, residual: r } : { x: a }, {}) as tf.Tensor;
    save([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const g = tf.engine().runKernel(RELU_GRAD, { dy: dy as tf.Tensor, y: saved[0] }, {}) as tf.Tensor;
        // The sum passes the same gradient to both; a second handle, so that each can be released on its own.
        return r ? [g, tf.clone(g)] : [g];
      },
    };
  });
  return (residual ? f(x, residual) : f(x)) as T;
}

/**
 * Training-mode BatchNorm as two fused kernels (forward, backward) where the
 * backend has them (wasm with native kernels): the same function as the
 * composite above, in 2 kernels instead of ~15.
 */
function fusedBatchNorm(
  x: tf.Tensor4D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  onStats: (mean: tf.Tensor, variance: tf.Tensor) => void,
): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xx, g, b, save] = args as [tf.Tensor4D, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, mean, variance, invstd] = tf.engine().runKernel(BN_FORWARD, { x: xx, gamma: g, beta: b }, {
      eps: BN_EPS,
    }) as unknown as tf.Tensor[];
    onStats(tf.keep(tf.clone(mean)), tf.keep(tf.clone(variance)));
    save([xx, g, mean, invstd]);
    return {
      value: y as tf.Tensor4D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sg, sm, si] = saved;
        return tf.engine().runKernel(BN_BACKWARD, { dy, x: sx, gamma: sg, mean: sm, invstd: si }, {}) as unknown as tf.Tensor[];
      },
    };
  });
  return f(x, gamma, beta) as tf.Tensor4D;
}

/** Applies recorded batch statistics to the running averages, as PyTorch (momentum 0.1, unbiased variance). */
export function updateBatchNormStats(ps: ParamStore, stats: NonNullable<ForwardContext["bnStats"]>): void {
  tf.tidy(() => {
    for (const s of stats) {
      const m = ps.get(`${s.name}.mean`), v = ps.get(`${s.name}.var`);
      m.assign(tf.add(tf.mul(m, 1 - BN_MOMENTUM), tf.mul(s.mean, BN_MOMENTUM)));
      v.assign(tf.add(tf.mul(v, 1 - BN_MOMENTUM), tf.mul(s.variance, (BN_MOMENTUM * s.count) / Math.max(1, s.count - 1))));
    }
  });
  for (const s of stats) {
    s.mean.dispose();
    s.variance.dispose();
  }
}

/** Declares a linear layer with PyTorch's default init (uniform ±1/√fan_in for weight and bias). */
export function declareLinear(
  ps: ParamStore,
  name: string,
  din: number,
  dout: number,
  init?: { weight: "torch" | "trunc_normal" | "zeros" },
): void {
  const mode = init?.weight ?? "torch";
  const bound = 1 / Math.sqrt(din);
  ps.add(
    `${name}.w`,
    [din, dout],
    mode === "torch" ? { kind: "uniform", bound } : mode === "zeros" ? { kind: "zeros" } : { kind: "normal", std: 0.02, clip: 2 },
  );
  ps.add(`${name}.b`, [dout], mode === "torch" ? { kind: "uniform", bound } : { kind: "zeros" });
}

/** x·W + b over the last axis. */
export function linear(ps: ParamStore, name: string, x: tf.Tensor): tf.Tensor {
  const w = ps.get(`${name}.w`) as tf.Tensor2D, bias = ps.get(`${name}.b`);
  // Product and bias in one kernel, as PyTorch's addmm (ours on wasm with native kernels and on webgpu, TF.js's
  // elsewhere); its gradient is tfjs-core's: dx and dw as matmuls, the bias's as a sum.
  const product = (a: tf.Tensor2D) => tf.fused.matMul({ a, b: w, bias });
  if (x.rank === 2) return product(x as tf.Tensor2D);
  const shape = x.shape;
  const flat = tf.reshape(x, [-1, shape[shape.length - 1]]) as tf.Tensor2D;
  return tf.reshape(product(flat), [...shape.slice(0, -1), w.shape[1]]);
}

export function declareLayerNorm(ps: ParamStore, name: string, d: number): void {
  ps.add(`${name}.gamma`, [d], { kind: "ones" });
  ps.add(`${name}.beta`, [d], { kind: "zeros" });
}

/**
 * LayerNorm over the last axis (timm's ViT uses ε = 1e-6): two fused kernels
 * (forward, backward) where the backend has them (wasm with native kernels),
 * else the composite of TF.js ops.
 */
export function layerNorm(ps: ParamStore, name: string, x: tf.Tensor, eps = 1e-6): tf.Tensor {
  const gamma = ps.get(`${name}.gamma`), beta = ps.get(`${name}.beta`);
  if (tf.getKernel(LAYER_NORM, tf.getBackend())) return fusedLayerNorm(x, gamma, beta, eps);
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
}

function fusedLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xx, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, mean, rstd] = tf.engine().runKernel(LAYER_NORM, { x: xx, gamma: g, beta: b }, { eps }) as unknown as tf.Tensor[];
    save([xx, g, mean, rstd]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sg, sm, sr] = saved;
        return tf.engine().runKernel(LAYER_NORM_GRAD, { dy, x: sx, gamma: sg, mean: sm, rstd: sr }, {}) as unknown as tf.Tensor[];
      },
    };
  });
  return f(x, gamma, beta);
}

/** Exact GELU, 0.5·x·(1 + erf(x/√2)), as PyTorch's nn.GELU (one fused kernel each way where the backend has it). */
export function gelu(x: tf.Tensor): tf.Tensor {
  if (tf.getKernel(GELU, tf.getBackend())) {
    const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [xx, save] = args as [tf.Tensor, tf.GradSaveFunc];
      save([xx]);
      return {
        value: tf.engine().runKernel(GELU, { x: xx }, {}) as tf.Tensor,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(GELU_GRAD, { dy, x: saved[0] }, {}) as tf.Tensor,
      };
    });
    return f(x);
  }
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/** Mean cross-entropy of integer labels, through x − logsumexp(x) (wasm has no LogSoftmax kernel). */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, labelSmoothing = 0): tf.Scalar {
  const logp = tf.sub(logits, tf.logSumExp(logits, -1, true));
  const onehot = tf.oneHot(labels, logits.shape[1]);
  // torch.nn.CrossEntropyLoss(label_smoothing=ε): the target is (1 − ε)·one-hot + ε / classes.
  const target = labelSmoothing > 0 ? tf.add(tf.mul(onehot, 1 - labelSmoothing), labelSmoothing / logits.shape[1]) : onehot;
  return tf.neg(tf.mean(tf.sum(tf.mul(target, logp), -1))) as tf.Scalar;
}
