/**
 * The native kernels against the cpu backend on random inputs: strides,
 * padding modes, odd sizes, batch 1; and a short training run whose loss
 * curve matches cpu within float tolerance. Skipped where the native library
 * is not built (it is optional).
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../lib/backend.ts";
import { nativeLibrary } from "../../lib/kernels/native.ts";
import { batchNorm, relu } from "../../lib/models/layers.ts";
import { assertSameLossCurve, onIm2colPath } from "../helpers.ts";

const haveNative = nativeLibrary() !== null;

async function onBoth<T extends tf.Tensor | tf.Tensor[]>(
  inputs: { shape: number[]; seed: number }[],
  f: (...xs: tf.Tensor[]) => T,
): Promise<[Float32Array[], Float32Array[]]> {
  const run = async (be: "cpu" | "wasm") => {
    await selectBackend({ prefer: be, quiet: true });
    const xs = inputs.map(({ shape, seed }) => tf.randomUniform(shape, -1, 1, "float32", seed));
    const out = f(...xs);
    const arr = (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
    tf.dispose([...xs, ...(Array.isArray(out) ? out : [out])]);
    return arr;
  };
  return [await run("cpu"), await run("wasm")];
}

function close(a: Float32Array[], b: Float32Array[], what: string, tol = 1e-4) {
  assert.equal(a.length, b.length);
  a.forEach((x, i) => {
    assert.equal(x.length, b[i].length, `${what}: output ${i} length`);
    let scale = 1;
    for (const v of x) scale = Math.max(scale, Math.abs(v));
    for (let k = 0; k < x.length; k++) {
      assert.ok(Math.abs(x[k] - b[i][k]) <= tol * scale, `${what}: output ${i}[${k}] ${x[k]} vs ${b[i][k]}`);
    }
  });
}

const CONV_CASES: [number[], number[], number, "same" | "valid" | number, number][] = [
  [[1, 7, 7, 5], [3, 3, 5, 4], 1, 1, 1],
  [[2, 8, 8, 6], [3, 3, 6, 3], 2, 1, 1],
  [[3, 9, 11, 4], [1, 1, 4, 2], 2, 0, 1],
  [[2, 10, 10, 8], [7, 7, 8, 2], 2, 3, 1],
  [[1, 5, 5, 4], [3, 3, 4, 4], 1, "same", 1],
  [[2, 6, 7, 4], [3, 2, 4, 5], 1, "valid", 1],
  [[1, 9, 9, 4], [3, 3, 4, 2], 1, "valid", 2],
  [[2, 6, 6, 16], [1, 1, 16, 8], 1, 0, 1],
  // TF's "same" with stride 2 pads less on the top/left than on the bottom/right; "valid" with a stride that leaves rows over.
  [[2, 8, 8, 4], [3, 3, 4, 6], 2, "same", 1],
  [[1, 9, 8, 5], [2, 2, 5, 3], 2, "valid", 1],
  [[2, 6, 6, 32], [3, 3, 32, 20], 1, 1, 1],
  // 16 channels: oneDNN's blocked layout is then NHWC itself, and the reorder is skipped.
  [[2, 7, 7, 16], [3, 3, 16, 16], 1, 1, 1],
  [[1, 6, 5, 16], [3, 3, 16, 16], 2, 1, 1],
  // Grey and RGB stems (native only in the oneDNN build; XNNPACK otherwise).
  [[2, 9, 9, 1], [3, 3, 1, 8], 1, 1, 1],
  [[2, 8, 8, 3], [3, 3, 3, 5], 2, "same", 1],
];

async function checkConvCases(label: string) {
  for (const [xs, ws, s, p, d] of CONV_CASES) {
    const pad = typeof p === "number"
      ? [[0, 0], [p, p], [p, p], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]
      : p;
    const [cpu, wasm] = await onBoth([{ shape: xs, seed: 1 }, { shape: ws, seed: 2 }], (x, w) => {
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad, "NHWC", d)));
      return [tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad, "NHWC", d), ...(d === 1 ? tf.grads(f)([x, w]) : [])];
    });
    close(cpu, wasm, `${label}: ${xs} ${ws} s${s} p${p} d${d}`);
  }
}

Deno.test({
  name: "native conv2d and its gradients equal cpu: strides, same/valid/explicit padding, odd sizes, batch 1, dilation",
  ignore: !haveNative,
  fn: async () => {
    const L = nativeLibrary()!;
    const before = L.symbols.gib_im2col_calls();
    await checkConvCases(L.symbols.gib_uses_dnnl() ? "oneDNN" : "im2col");
    // In the oneDNN build every one of these shapes must run on oneDNN, not fall back.
    if (L.symbols.gib_uses_dnnl()) {
      assert.equal(L.symbols.gib_im2col_calls(), before, "oneDNN declined a convolution the im2col path then computed");
    }
  },
});

Deno.test({
  name: "the im2col convolution path (used where oneDNN is missing or declines a shape) equals cpu",
  ignore: !haveNative,
  fn: async () => {
    await onIm2colPath(() => checkConvCases("im2col"));
  },
});

Deno.test({
  name: "native BatchMatMul equals cpu, broadcasting a batch of one",
  ignore: !haveNative,
  fn: async () => {
    for (
      const [sa, sb, ta, tb] of [[[3, 4, 5], [1, 5, 2], false, false], [[1, 5, 4], [3, 5, 2], true, false], [
        [6, 3],
        [4, 3],
        false,
        true,
      ]] as [number[], number[], boolean, boolean][]
    ) {
      const [cpu, wasm] = await onBoth([{ shape: sa, seed: 3 }, { shape: sb, seed: 4 }], (a, b) => tf.matMul(a, b, ta, tb));
      close(cpu, wasm, `${sa} ${sb}`);
    }
  },
});

Deno.test({
  name: "fused BatchNorm equals the composite one: output, batch statistics, gradients",
  ignore: !haveNative,
  fn: async () => {
    const [cpu, wasm] = await onBoth([{ shape: [3, 5, 4, 6], seed: 5 }, { shape: [6], seed: 6 }, { shape: [6], seed: 7 }, {
      shape: [3, 5, 4, 6],
      seed: 8,
    }], (x, g, b, r) => {
      const ps = { get: (n: string) => (n.endsWith("gamma") ? g : b) } as never;
      const ctx = { training: true, bnStats: [] as { mean: tf.Tensor; variance: tf.Tensor }[] };
      const y = batchNorm(ps, "bn", x as tf.Tensor4D, ctx as never);
      const grads = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
        const pp = { get: (n: string) => (n.endsWith("gamma") ? gg : bb) } as never;
        return tf.sum(tf.mul(batchNorm(pp, "bn", xx as tf.Tensor4D, { training: true }), r));
      })([x, g, b]);
      return [y, ctx.bnStats[0].mean, ctx.bnStats[0].variance, ...grads];
    });
    close(cpu, wasm, "batchnorm");
  },
});

Deno.test({
  name: "a short training run gives the same loss curve on the native kernels and on cpu",
  ignore: !haveNative,
  fn: () => assertSameLossCurve("wasm"),
});

Deno.test({
  name: "native softmax over the last axis equals cpu, with its gradient, for large and equal logits",
  ignore: !haveNative,
  fn: async () => {
    for (const shape of [[3, 5, 7], [2, 65, 65], [4, 1]]) {
      const [cpu, wasm] = await onBoth([{ shape, seed: 9 }, { shape, seed: 10 }], (x, r) => [
        tf.softmax(tf.mul(x, 30)),
        ...tf.grads((a: tf.Tensor) => tf.sum(tf.mul(tf.softmax(a), r)))([x]),
      ]);
      close(cpu, wasm, `softmax ${shape}`, 1e-5);
    }
    // The symbol itself, on rows whose maximum is not the first value and on a constant row.
    const x = Float32Array.of(1, 3, 2, 5, 5, 5), y = new Float32Array(6);
    nativeLibrary()!.symbols.gib_softmax(x, y, Int32Array.of(2, 3));
    const e = [Math.exp(-2), 1, Math.exp(-1)], s = e[0] + e[1] + e[2];
    [...e.map((v) => v / s), 1 / 3, 1 / 3, 1 / 3].forEach((v, i) =>
      assert.ok(Math.abs(y[i] - v) < 1e-6, `y[${i}] ${y[i]} vs ${v}`)
    );
  },
});

Deno.test({
  name: "native fused matmul + bias (and ReLU) equals cpu, with its gradients",
  ignore: !haveNative,
  fn: async () => {
    for (
      const [sa, sb, ta, tb, activation] of [
        [[7, 5], [5, 9], false, false, "linear"],
        [[5, 7], [9, 5], true, true, "relu"],
      ] as [number[], number[], boolean, boolean, "linear" | "relu"][]
    ) {
      const [cpu, wasm] = await onBoth(
        [{ shape: sa, seed: 11 }, { shape: sb, seed: 12 }, { shape: [9], seed: 13 }],
        (a, b, bias) => {
          const f = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
            tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: c, activation, transposeA: ta, transposeB: tb });
          return [
            f(a, b, bias),
            ...tf.grads((x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) => tf.sum(tf.square(f(x, w, c))))([a, b, bias]),
          ];
        },
      );
      close(cpu, wasm, `fused matmul ${sa} ${sb} ${activation}`);
    }
    // The symbol itself: [[1, 2], [3, 4]]·[[1, 0], [0, -1]] + [10, 1], then ReLU.
    const c = new Float32Array(4);
    nativeLibrary()!.symbols.gib_matmul_bias(
      Float32Array.of(1, 2, 3, 4),
      Float32Array.of(1, 0, 0, -1),
      Float32Array.of(10, 1),
      c,
      Int32Array.of(2, 2, 2, 0, 0, 1),
    );
    assert.deepEqual([...c], [11, 0, 13, 0]);
  },
});

Deno.test({
  name: "native max-pool gradient equals cpu: padding (numeric, same, valid), overlapping windows, ties go to the first maximum",
  ignore: !haveNative,
  fn: async () => {
    for (
      const [shape, k, s, pad] of [
        [[2, 9, 9, 5], 3, 2, 1],
        [[1, 8, 7, 3], 2, 2, "valid"],
        [[2, 7, 7, 4], 3, 2, "same"],
        [[1, 6, 6, 2], 3, 1, 0],
      ] as [number[], number, number, number | "same" | "valid"][]
    ) {
      const [cpu, wasm] = await onBoth([{ shape, seed: 14 }, { shape, seed: 15 }], (x, r) => {
        // Values rounded to quarters: many windows hold several equal maxima.
        const q = tf.div(tf.round(tf.mul(x, 4)), 4);
        const weights = tf.maxPool(r as tf.Tensor4D, k, s, pad); // any tensor of the output's shape
        const f = (a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, k, s, pad), weights));
        return [tf.maxPool(q as tf.Tensor4D, k, s, pad), ...tf.grads(f)([q])];
      });
      close(cpu, wasm, `max pool ${shape} ${k}/${s} pad ${pad}`);
    }
  },
});

Deno.test({
  name: "native ReLU (with a residual sum) and its gradient equal cpu",
  ignore: !haveNative,
  fn: async () => {
    const shape = [2, 5, 5, 6];
    const [cpu, wasm] = await onBoth([{ shape, seed: 16 }, { shape, seed: 17 }, { shape, seed: 18 }], (x, r, w) => {
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.add(relu(a, b), tf.square(relu(a))), w));
      return [relu(x, r), relu(x), ...tf.grads(f)([x, r])];
    });
    close(cpu, wasm, "relu");
  },
});

Deno.test({
  name: "native Sum and Mean over a contiguous block of axes equal cpu (global average pooling, keepDims)",
  ignore: !haveNative,
  fn: async () => {
    const [cpu, wasm] = await onBoth([{ shape: [3, 5, 4, 6], seed: 19 }], (x) => [
      tf.mean(x, [1, 2]),
      tf.mean(x, [0, 1], true),
      tf.sum(x, [2, 3]),
      tf.mean(x, -1),
      tf.mean(x, [0, 2]), // not contiguous: wasm's own kernel
    ]);
    close(cpu, wasm, "sum/mean", 1e-5);
  },
});
