/**
 * Vision transformer as timm's VisionTransformer (2021): non-overlapping patch
 * embedding, class token, learned position embeddings, pre-norm blocks
 * (multi-head self-attention, MLP with exact GELU), final LayerNorm. The
 * embedding is the class token after the final LayerNorm (timm's
 * forward_features), or with `pool: "mean"` the mean token. Init as timm: truncated normal (std 0.02) for linear
 * layers, class token and positions; zero head; PyTorch default for the patch conv.
 */
import * as tf from "@tensorflow/tfjs-core";
import { conv2d, declareLayerNorm, declareLinear, type ForwardContext, gelu, layerNorm, linear, relu } from "./layers.ts";
import type { Model, ViTConfig } from "./model.ts";
import { type InitSeed, ParamStore } from "./params.ts";

/** A tiny ViT for 28–32 px images (patch 4, dim 64, depth 4, 4 heads), as the spec's scaled-down setting. */
export function tinyVitConfig(
  opts: {
    numClasses: number;
    imageSize: number;
    inChannels: number;
    patch?: number;
    dim?: number;
    depth?: number;
    heads?: number;
    /** Convolutional tokenizer layers (ViTConfig.convStem); the patch is then 2^layers. */
    convStem?: number;
    /** ViTConfig.pool. */
    pool?: "mean";
  },
): ViTConfig {
  return {
    arch: "vit",
    ...(opts.convStem ? { convStem: opts.convStem } : {}),
    ...(opts.pool ? { pool: opts.pool } : {}),
    patch: opts.convStem ? 2 ** opts.convStem : opts.patch ?? 4,
    dim: opts.dim ?? 64,
    depth: opts.depth ?? 4,
    heads: opts.heads ?? 4,
    mlpRatio: 4,
    inChannels: opts.inChannels,
    numClasses: opts.numClasses,
    imageSize: opts.imageSize,
  };
}

/** ViT-S/16 and ViT-B/16 sizes at 224 px. */
export function vitConfig(size: "S" | "B", numClasses = 1000): ViTConfig {
  return size === "S"
    ? { arch: "vit", patch: 16, dim: 384, depth: 12, heads: 6, mlpRatio: 4, inChannels: 3, numClasses, imageSize: 224 }
    : { arch: "vit", patch: 16, dim: 768, depth: 12, heads: 12, mlpRatio: 4, inChannels: 3, numClasses, imageSize: 224 };
}

export function createViT(config: ViTConfig, seed: InitSeed): Model {
  const { patch: p, dim: d, depth, heads, imageSize: s, inChannels: c } = config;
  if (s % p !== 0) throw new RangeError(`image size ${s} is not a multiple of the patch size ${p}`);
  if (d % heads !== 0) throw new RangeError(`dim ${d} is not divisible by ${heads} heads`);
  const grid = s / p, tokens = grid * grid, hd = d / heads, hidden = Math.round(d * config.mlpRatio);
  const ps = new ParamStore();
  const stem = config.convStem ?? 0;
  if (stem && 2 ** stem !== p) throw new RangeError(`a ${stem}-layer convolutional tokenizer needs patch ${2 ** stem}, got ${p}`);
  // The tokenizer's channels: half the width, then the width (one layer: the width), as CCT's.
  const stemWidths = Array.from({ length: stem }, (_, i) => (i === stem - 1 ? d : Math.max(1, d >> 1)));
  stemWidths.forEach((w, i) => {
    const cin = i ? stemWidths[i - 1] : c, fan = 9 * cin;
    ps.add(`stem${i}.w`, [3, 3, cin, w], { kind: "uniform", bound: 1 / Math.sqrt(fan) });
    ps.add(`stem${i}.b`, [w], { kind: "uniform", bound: 1 / Math.sqrt(fan) });
  });
  const fanIn = p * p * c;
  if (!stem) {
    ps.add("patch.w", [fanIn, d], { kind: "uniform", bound: 1 / Math.sqrt(fanIn) });
    ps.add("patch.b", [d], { kind: "uniform", bound: 1 / Math.sqrt(fanIn) });
  }
  const gap = config.pool === "mean";
  if (config.pool !== undefined && !gap) throw new RangeError(`unknown ViT pool "${config.pool}" (absent or "mean")`);
  if (!gap) ps.add("cls", [1, 1, d], { kind: "normal", std: 0.02, clip: 2 });
  ps.add("pos", [1, tokens + (gap ? 0 : 1), d], { kind: "normal", std: 0.02, clip: 2 });
  for (let i = 0; i < depth; i++) {
    declareLayerNorm(ps, `block${i}.norm1`, d);
    declareLinear(ps, `block${i}.qkv`, d, 3 * d, { weight: "trunc_normal" });
    declareLinear(ps, `block${i}.proj`, d, d, { weight: "trunc_normal" });
    declareLayerNorm(ps, `block${i}.norm2`, d);
    declareLinear(ps, `block${i}.fc1`, d, hidden, { weight: "trunc_normal" });
    declareLinear(ps, `block${i}.fc2`, hidden, d, { weight: "trunc_normal" });
  }
  declareLayerNorm(ps, "norm", d);
  declareLinear(ps, "head", d, config.numClasses, { weight: "zeros" });
  ps.initialize(seed);

  function attention(i: number, x: tf.Tensor3D): tf.Tensor3D {
    const [b, t] = x.shape;
    // Rank-2 splits: wasm slices tensors of rank 5 very slowly.
    const qkv = linear(ps, `block${i}.qkv`, tf.reshape(x, [b * t, d])) as tf.Tensor2D;
    const heads4 = (m: tf.Tensor2D) =>
      tf.reshape(tf.transpose(tf.reshape(m, [b, t, heads, hd]), [0, 2, 1, 3]), [b * heads, t, hd]) as tf.Tensor3D;
    const [q, k, v] = tf.split(qkv, 3, 1).map((m) => heads4(m as tf.Tensor2D));
    // The 1/√hd scale goes on q (t·hd values) rather than on the scores (t·t), as timm does; for power-of-four
    // head sizes (16, 64) the factor is a power of two and the result is bit for bit the same.
    const att = tf.softmax(tf.matMul(tf.mul(q, 1 / Math.sqrt(hd)), k, false, true));
    const out = tf.transpose(tf.reshape(tf.matMul(att, v), [b, heads, t, hd]), [0, 2, 1, 3]);
    return linear(ps, `block${i}.proj`, tf.reshape(out, [b, t, d])) as tf.Tensor3D;
  }

  function features(x: tf.Tensor4D, _ctx: ForwardContext): tf.Tensor2D {
    const n = x.shape[0];
    if (x.shape[1] !== s || x.shape[2] !== s || x.shape[3] !== c) {
      throw new RangeError(`ViT expects ${s}×${s}×${c} inputs, got ${x.shape.slice(1).join("×")}`);
    }
    let h: tf.Tensor3D;
    if (stem) {
      let y: tf.Tensor4D = x;
      for (let i = 0; i < stem; i++) {
        y = relu(tf.add(conv2d(y, ps.get(`stem${i}.w`) as tf.Tensor4D, 1, 1), ps.get(`stem${i}.b`)) as tf.Tensor4D);
        y = tf.maxPool(y, 3, 2, 1); // PyTorch's MaxPool2d(3, 2, padding=1)
      }
      h = tf.reshape(y, [n, tokens, d]) as tf.Tensor3D;
    } else {
      // Patches in (row, column, channel) order within each patch, matching a conv kernel in HWIO.
      const patches = tf.reshape(tf.transpose(tf.reshape(x, [n, grid, p, grid, p, c]), [0, 1, 3, 2, 4, 5]), [
        n,
        tokens,
        p * p * c,
      ]);
      h = linear(ps, "patch", patches) as tf.Tensor3D;
    }
    if (!gap) h = tf.concat([tf.tile(ps.get("cls") as tf.Tensor3D, [n, 1, 1]), h], 1);
    h = tf.add(h, ps.get("pos"));
    for (let i = 0; i < depth; i++) {
      h = tf.add(h, attention(i, layerNorm(ps, `block${i}.norm1`, h) as tf.Tensor3D));
      const m = linear(ps, `block${i}.fc2`, gelu(linear(ps, `block${i}.fc1`, layerNorm(ps, `block${i}.norm2`, h))));
      h = tf.add(h, m);
    }
    h = layerNorm(ps, "norm", h) as tf.Tensor3D;
    if (gap) return tf.mean(h, 1) as tf.Tensor2D;
    return tf.reshape(tf.slice(h, [0, 0, 0], [n, 1, d]), [n, d]) as tf.Tensor2D;
  }

  return {
    config,
    params: ps,
    embedDim: d,
    forward(x, ctx) {
      const embedding = features(x, ctx);
      return { embedding, logits: linear(ps, "head", embedding) as tf.Tensor2D };
    },
    embed: (x) => tf.tidy(() => features(x, { training: false })),
    logits: (x) => tf.tidy(() => linear(ps, "head", features(x, { training: false })) as tf.Tensor2D),
    dispose: () => ps.dispose(),
  };
}
