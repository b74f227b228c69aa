/**
 * The native fused and layout kernels (LayerNorm, GELU, Sum, SplitV, Concat,
 * batched small matrix products) against the cpu backend's composite ops on
 * random inputs, values and gradients; and a short ViT training run whose
 * loss curve matches cpu. Skipped where the native library is not built.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../lib/backend.ts";
import { nativeLibrary } from "../../lib/kernels/native.ts";
import { tinyVitConfig } from "../../lib/models/mod.ts";
import { gelu, layerNorm } from "../../lib/models/layers.ts";
import { assertSameLossCurve } from "../helpers.ts";

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
