/**
 * The WebGPU backend computes what cpu computes for the ops our models use:
 * convolutions with PyTorch padding and their gradients, batched matmul,
 * a ResNet and a ViT forward pass. Runs where a WebGPU adapter exists
 * (Mesa's lavapipe on CPU machines, the Vulkan driver on GPUs), with our GEMM
 * kernels (lib/kernels/webgpu_gemm.ts) over TF.js's, or TF.js's alone with
 * GIB_WEBGPU_KERNELS=0.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { describeGpuAdapter, selectBackend } from "../../lib/backend.ts";
import { createModel, smallResnetConfig, tinyVitConfig } from "../../lib/models/mod.ts";
import { conv2dForwardGrads } from "../../lib/models/layers.ts";
import { convForwardSpec, fitsDispatch, webgpuKernelsInstalled } from "../../lib/kernels/webgpu_gemm.ts";
import { assertSameLossCurve } from "../helpers.ts";

const adapter = await describeGpuAdapter();

async function compare(
  what: string,
  inputs: { shape: number[]; seed: number }[],
  f: (...xs: tf.Tensor[]) => tf.Tensor[],
  tol = 1e-3,
) {
  const results: Float32Array[][] = [];
  for (const be of ["cpu", "webgpu"] as const) {
    await selectBackend({ prefer: be, quiet: true });
    const xs = inputs.map(({ shape, seed }) => tf.randomUniform(shape, -1, 1, "float32", seed));
    const outs = f(...xs);
    results.push(await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array)));
    tf.dispose([...xs, ...outs]);
  }
  results[0].forEach((a, i) => {
    let scale = 1;
    for (const v of a) scale = Math.max(scale, Math.abs(v));
    for (let k = 0; k < a.length; k++) {
      assert.ok(
        Math.abs(a[k] - results[1][i][k]) <= tol * scale,
        `${what}: output ${i}[${k}] cpu ${a[k]} vs webgpu ${results[1][i][k]}`,
      );
    }
  });
}

Deno.test({
  name: `webgpu equals cpu on convolutions, their gradients and matmul (${adapter?.description ?? "no adapter"})`,
  ignore: !adapter,
  fn: async () => {
    for (
      const [xs, ws, s, p] of [[[2, 8, 8, 3], [3, 3, 3, 4], 1, 1], [[1, 9, 9, 4], [3, 3, 4, 2], 2, 1], [
        [2, 6, 6, 4],
        [1, 1, 4, 3],
        2,
        0,
      ]] as [number[], number[], number, number][]
    ) {
      const pad = [[0, 0], [p, p], [p, p], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]];
      await compare(`conv ${xs} ${ws} s${s}`, [{ shape: xs, seed: 1 }, { shape: ws, seed: 2 }], (x, w) => [
        tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad),
        ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad))))([
          x,
          w,
        ]),
      ]);
    }
    // Our own training path on webgpu: forward-convolution dx and the im2col dw.
    for (
      const [xs, ws, s, p] of [[[3, 9, 9, 4], [3, 3, 4, 5], 2, 1], [[2, 8, 8, 3], [1, 1, 3, 4], 2, 0], [
        [1, 7, 7, 2],
        [3, 3, 2, 3],
        1,
        1,
      ]] as [number[], number[], number, number][]
    ) {
      await compare(
        `im2col conv grads ${xs} ${ws} s${s}`,
        [{ shape: xs, seed: 6 }, { shape: ws, seed: 7 }],
        (x, w) =>
          tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(tf.square(conv2dForwardGrads(a as tf.Tensor4D, b as tf.Tensor4D, s, p, true)))
          )([x, w]),
      );
    }
    // The ImageNet stem's max pooling (PyTorch's padding 1) and its gradient.
    await compare("max pool", [{ shape: [2, 9, 9, 4], seed: 9 }], (x) => [
      tf.maxPool(x as tf.Tensor4D, 3, 2, 1),
      ...tf.grads((a: tf.Tensor) => tf.sum(tf.square(tf.maxPool(a as tf.Tensor4D, 3, 2, 1))))([x]),
    ]);
    // Sum and Mean gradients broadcast on the GPU (lib/kernels/gradients.ts).
    await compare("sum/mean grads", [{ shape: [4, 5, 6, 3], seed: 8 }], (x) => [
      ...tf.grads((a: tf.Tensor) => tf.add(tf.sum(tf.square(tf.mean(a, [0, 1, 2]))), tf.sum(tf.mul(tf.sum(a, -1, true), a))))([
        x,
      ]),
    ]);
    await compare(
      "matmul",
      [{ shape: [3, 5, 4], seed: 3 }, { shape: [3, 6, 4], seed: 4 }],
      (a, b) => [tf.matMul(a, b, false, true)],
    );
  },
});

Deno.test({
  name: "our webgpu GEMM kernels equal cpu across several tiles, K splits, strides, transposes and broadcast batches",
  ignore: !adapter || Deno.env.get("GIB_WEBGPU_KERNELS") === "0",
  fn: async () => {
    assert.ok(webgpuKernelsInstalled(), "selectBackend installs our webgpu kernels");
    // A 7×7 stride-2 stem with more than one tile of channels, a filter gradient split along K (25 splits), and input
    // gradients on our kernel (stride 1, at least 16 input channels; the others go to TF.js's).
    for (
      const [xs, ws, s, p] of [[[2, 33, 33, 3], [7, 7, 3, 70], 2, 3], [[4, 40, 40, 8], [3, 3, 8, 16], 1, 1], [
        [3, 17, 17, 66],
        [1, 1, 66, 5],
        1,
        0,
      ], [[2, 9, 9, 20], [3, 3, 20, 70], 1, 1]] as [number[], number[], number, number][]
    ) {
      const pad = [[0, 0], [p, p], [p, p], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]];
      await compare(`conv ${xs} ${ws} s${s}`, [{ shape: xs, seed: 11 }, { shape: ws, seed: 12 }], (x, w) => [
        tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad),
        ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad))))([
          x,
          w,
        ]),
      ]);
    }
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      await compare(
        `matmul ${ta} ${tb}`,
        [{ shape: ta ? [2, 37, 70] : [2, 70, 37], seed: 13 }, { shape: tb ? [1, 130, 37] : [1, 37, 130], seed: 14 }],
        (a, b) => [tf.matMul(a, b, ta, tb)],
      );
    }
    for (const activation of ["linear", "relu"] as const) {
      await compare(
        `fused matmul + bias, ${activation}`,
        [{ shape: [70, 37], seed: 15 }, { shape: [37, 66], seed: 16 }, { shape: [66], seed: 17 }],
        (a, b, bias) => [
          tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias, activation }),
          ...tf.grads((x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
            tf.sum(tf.square(tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: c, activation })))
          )([a, b, bias]),
        ],
      );
    }
    const cache = Object.keys((tf.engine().findBackend("webgpu") as unknown as { pipelineCache: object }).pipelineCache);
    for (const kind of ["mm", "cf", "cdx", "cdw"]) {
      assert.ok(cache.some((k) => k.startsWith(`gibGemm_${kind}_`)), `our ${kind} shader ran (pipelines: ${cache.length})`);
    }
    assert.ok(cache.some((k) => k.startsWith("gibReduce_")), "a filter gradient was split along K and reduced");
    for (const epilogue of ["10", "11"]) {
      assert.ok(cache.some((k) => new RegExp(`^gibGemm_mm_.*_${epilogue}_`).test(k)), `our fused matmul (${epilogue}) ran`);
    }
  },
});

Deno.test({
  name: "webgpu equals cpu on a ResNet and a ViT forward pass",
  ignore: !adapter,
  fn: async () => {
    for (
      const cfg of [
        smallResnetConfig({ depth: 8, width: 4, numClasses: 10, imageSize: 28, inChannels: 1 }),
        tinyVitConfig({ numClasses: 10, imageSize: 28, inChannels: 1, dim: 16, depth: 1, heads: 2 }),
      ]
    ) {
      await compare(cfg.arch, [{ shape: [2, 28, 28, 1], seed: 5 }], (x) => {
        const m = createModel(cfg, 0);
        const out = [m.embed(x as tf.Tensor4D), m.logits(x as tf.Tensor4D)];
        m.dispose();
        return out;
      });
    }
  },
});

Deno.test({
  name: "a short training run gives the same loss curve on webgpu and on cpu",
  ignore: !adapter,
  fn: () => assertSameLossCurve("webgpu"),
});

Deno.test("a GEMM whose workgroup grid exceeds 65 535 along an axis is left to TF.js's kernels", () => {
  const conv = (batch: number) =>
    convForwardSpec({
      batch,
      inH: 224,
      inW: 224,
      inC: 3,
      outH: 112,
      outW: 112,
      outC: 64,
      kh: 7,
      kw: 7,
      stride: 2,
      padTop: 3,
      padLeft: 3,
    });
  assert.ok(fitsDispatch(conv(256)), "ResNet18's stem at batch 256: 50 176 row tiles");
  assert.ok(!fitsDispatch(conv(512)), "at batch 512: 100 352 row tiles");
});
