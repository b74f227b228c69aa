/**
 * The native fused and layout kernels (LayerNorm, GELU, Sum, SplitV, Concat,
 * batched small matrix products, the inference convolution with BatchNorm folded in,
 * Augerino's bilinear sampling) against the cpu backend's composite ops on
 * random inputs, values and gradients; and a short ViT training run whose
 * loss curve matches cpu. Skipped where the native library is not built.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../lib/backend.ts";
import { affineWarp } from "../../lib/augerino/warp.ts";
import { BILINEAR_SAMPLE, FUSED_CONV, nativeLibrary } from "../../lib/kernels/native.ts";
import { tinyVitConfig } from "../../lib/models/mod.ts";
import { convBn, declareBatchNorm, declareConv, gelu, layerNorm } from "../../lib/models/layers.ts";
import { ParamStore } from "../../lib/models/params.ts";
import { assertSameLossCurve, onIm2colPath } from "../helpers.ts";

const ignore = nativeLibrary() === null;

/** Runs f on cpu and on wasm (native kernels) with the same random inputs; returns both outputs as arrays. */
async function onBoth(
  shapes: number[][],
  f: (...xs: tf.Tensor[]) => tf.Tensor[],
  scale = 1,
): Promise<[Float32Array[], Float32Array[]]> {
  const run = async (be: "cpu" | "wasm") => {
    await selectBackend({ prefer: be, quiet: true });
    const xs = shapes.map((s, i) => tf.mul(tf.randomUniform(s, -1, 1, "float32", 11 + i), scale));
    const out = f(...xs);
    const arr = out.map((t) => t.dataSync() as Float32Array);
    tf.dispose([...xs, ...out]);
    return arr;
  };
  return [await run("cpu"), await run("wasm")];
}

function close(a: Float32Array[], b: Float32Array[], what: string, tol = 1e-4) {
  assert.equal(a.length, b.length, `${what}: number of outputs`);
  a.forEach((x, i) => {
    assert.equal(x.length, b[i].length, `${what}: output ${i} length`);
    let scale = 1;
    for (const v of x) scale = Math.max(scale, Math.abs(v));
    for (let k = 0; k < x.length; k++) {
      assert.ok(Math.abs(x[k] - b[i][k]) <= tol * scale, `${what}: output ${i}[${k}] cpu ${x[k]} vs native ${b[i][k]}`);
    }
  });
}

Deno.test({
  name: "fused LayerNorm equals the composite: output and gradients of x, γ, β (odd row length, rank 3)",
  ignore,
  fn: async () => {
    for (const shape of [[3, 5, 7], [2, 64], [1, 1, 9]]) {
      const d = shape[shape.length - 1];
      const [cpu, wasm] = await onBoth([shape, [d], [d], shape], (x, g, b, r) => {
        const ln = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) =>
          layerNorm({ get: (n: string) => (n.endsWith("gamma") ? gg : bb) } as never, "ln", xx);
        return [
          ln(x, g, b),
          ...tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(ln(xx, gg, bb), r)))([x, g, b]),
        ];
      });
      close(cpu, wasm, `layernorm ${shape}`);
    }
  },
});

Deno.test({
  name: "fused GELU equals the composite exact GELU, value and gradient, over [-6, 6]",
  ignore,
  fn: async () => {
    const [cpu, wasm] = await onBoth(
      [[4, 33, 17], [4, 33, 17]],
      (x, r) => [gelu(x), tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(gelu(xx), r)))(x)],
      6,
    );
    // TF.js's cpu erf is itself an approximation (|error| ≤ 1.5e-7·scale); both sides stay within 1e-5.
    close(cpu, wasm, "gelu", 1e-5);
  },
});

Deno.test({
  name: "native Sum over leading, middle, trailing and all axes, with and without keepDims, equals cpu; split axes fall back",
  ignore,
  fn: async () => {
    const cases: [number[], number | number[], boolean][] = [
      [[6, 5, 4], 0, false],
      [[6, 5, 4], [0, 1], false],
      [[6, 5, 4], 1, true],
      [[6, 5, 4], 2, false],
      [[6, 5, 4], [1, 2], true],
      [[6, 5, 4], [0, 1, 2], false],
      [[6, 5, 4], [0, 2], false],
      [[3, 4, 5, 6], [1, 2], false],
      [[7], 0, false],
      [[300, 70], 0, false],
    ];
    for (const [shape, axis, keepDims] of cases) {
      const [cpu, wasm] = await onBoth([shape], (x) => [tf.sum(x, axis, keepDims)]);
      close(cpu, wasm, `sum ${shape} over ${axis} keepDims ${keepDims}`);
    }
  },
});

Deno.test({
  name: "native SplitV and Concat equal cpu on every axis, with uneven sizes and an empty part, and are each other's gradient",
  ignore,
  fn: async () => {
    for (const axis of [0, 1, 2]) {
      const shape = [4, 6, 5];
      const sizes = axis === 0 ? [1, 3, 0] : axis === 1 ? [2, 4] : [3, 2];
      sizes[sizes.length - 1] = shape[axis] - sizes.slice(0, -1).reduce((a, b) => a + b, 0);
      const [cpu, wasm] = await onBoth([shape, shape], (x, r) => {
        const parts = tf.split(x, sizes, axis);
        const back = tf.concat(parts.map((p, i) => tf.mul(p, i + 1)), axis);
        const g = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(tf.concat(tf.split(xx, sizes, axis).reverse(), axis), r)))(x);
        return [...parts, back, g];
      });
      close(cpu, wasm, `split/concat axis ${axis} sizes ${sizes}`);
    }
  },
});

Deno.test({
  name: "native BatchMatMul over many small matrices (threaded by batch) equals cpu, transposed and broadcast",
  ignore,
  fn: async () => {
    for (
      const [sa, sb, ta, tb] of [[[16, 7, 5], [16, 5, 3], false, false], [[16, 7, 5], [16, 3, 5], false, true], [
        [16, 5, 7],
        [1, 5, 3],
        true,
        false,
      ]] as [number[], number[], boolean, boolean][]
    ) {
      const [cpu, wasm] = await onBoth([sa, sb], (a, b) => [tf.matMul(a, b, ta, tb)]);
      close(cpu, wasm, `matmul ${sa} ${sb} ${ta} ${tb}`);
    }
  },
});

Deno.test({
  name: "a short ViT training run gives the same loss curve on the native kernels and on cpu",
  ignore,
  fn: () =>
    assertSameLossCurve("wasm", tinyVitConfig({ numClasses: 10, imageSize: 28, inChannels: 1, dim: 32, depth: 2, heads: 2 })),
});

/** convBn in evaluation with random BatchNorm statistics: on wasm with native kernels it runs as one fused convolution. */
async function checkConvBn(label: string) {
  const cases: { x: number[]; k: number; co: number; stride: number; pad: number; relu: boolean; residual: boolean }[] = [
    { x: [2, 9, 9, 5], k: 3, co: 7, stride: 1, pad: 1, relu: true, residual: false },
    { x: [2, 9, 9, 5], k: 3, co: 7, stride: 1, pad: 1, relu: true, residual: true },
    { x: [1, 10, 10, 8], k: 3, co: 16, stride: 2, pad: 1, relu: false, residual: false },
    { x: [3, 8, 8, 16], k: 3, co: 16, stride: 1, pad: 1, relu: true, residual: true },
    { x: [2, 9, 8, 4], k: 1, co: 8, stride: 2, pad: 0, relu: false, residual: true },
    { x: [2, 16, 16, 3], k: 7, co: 8, stride: 2, pad: 3, relu: true, residual: false },
  ];
  for (const c of cases) {
    const oh = Math.floor((c.x[1] + 2 * c.pad - c.k) / c.stride) + 1, ow = Math.floor((c.x[2] + 2 * c.pad - c.k) / c.stride) + 1;
    const shapes = [c.x, [c.k, c.k, c.x[3], c.co], [c.co], [c.co], [c.co], [c.co], [c.x[0], oh, ow, c.co]];
    const [cpu, native] = await onBoth(shapes, (x, w, gamma, beta, mean, v, residual) => {
      const ps = new ParamStore();
      declareConv(ps, "c", c.k, c.x[3], c.co);
      declareBatchNorm(ps, "bn", c.co);
      ps.initialize(0);
      ps.get("c.w").assign(w);
      ps.get("bn.gamma").assign(tf.add(gamma, 1.5));
      ps.get("bn.beta").assign(beta);
      ps.get("bn.mean").assign(mean);
      ps.get("bn.var").assign(tf.add(v, 1.2));
      const y = convBn(ps, { conv: "c", bn: "bn" }, x as tf.Tensor4D, c, { training: false }, {
        relu: c.relu,
        residual: c.residual ? residual as tf.Tensor4D : undefined,
      });
      const out = tf.clone(y);
      ps.dispose();
      return [out];
    });
    close(cpu, native, `${label}: ${JSON.stringify(c)}`);
  }
}

Deno.test({
  name: "convBn in evaluation (BatchNorm folded, residual and ReLU as post-ops) equals the composite on cpu, oneDNN and im2col",
  ignore,
  fn: async () => {
    await selectBackend({ prefer: "wasm", quiet: true });
    assert.ok(tf.getKernel(FUSED_CONV, "wasm"), "the fused convolution kernel is registered with the native library");
    const L = nativeLibrary()!;
    await checkConvBn(L.symbols.gib_uses_dnnl() ? "oneDNN" : "im2col");
    await onIm2colPath(() => checkConvBn("im2col"));
  },
});

Deno.test({
  name: "Augerino's warp on the native bilinear kernels equals the TF.js composite: values and gradients of image and map",
  ignore,
  fn: async () => {
    // Maps with scale, shear and translation that sample partly outside the image (zero fill), and one exact integer shift.
    const maps = [
      [1.3, 0.2, 0.4, -0.1, 0.8, -0.5, 0, 0, 1],
      [0.7, 0, 0, 0, 0.7, 0, 0, 0, 1],
      [1, 0, 2 / 6, 0, 1, -2 / 8, 0, 0, 1],
    ];
    const [cpu, native] = await onBoth([[3, 9, 7, 5], [3, 9, 7, 5]], (x, r) => {
      const a = tf.tensor3d(maps.flat(), [3, 3, 3]);
      const f = (xx: tf.Tensor, aa: tf.Tensor) => tf.sum(tf.mul(affineWarp(xx as tf.Tensor4D, aa as tf.Tensor3D), r));
      return [affineWarp(x as tf.Tensor4D, a), ...tf.grads(f)([x, a])];
    });
    assert.ok(tf.getKernel(BILINEAR_SAMPLE, "wasm"), "the native bilinear kernel is registered");
    close(cpu, native, "affineWarp value, ∂/∂x, ∂/∂A");
  },
});
