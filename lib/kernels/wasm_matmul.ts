/**
 * A faster BatchMatMul for the wasm backend. TF.js's wasm kernel is fast
 * (XNNPACK-like speed, ~30 GFLOP/s here) when neither operand is transposed,
 * but falls to ~2 GFLOP/s with transposeA or transposeB, which every
 * backward pass of a linear layer uses. This kernel materialises the
 * transpose with wasm's Transpose kernel (a cheap copy) and calls the original
 * kernel untransposed. Registered over the original when wasm is activated.
 */
import * as tf from "@tensorflow/tfjs-core";

type KernelFunc = tf.KernelConfig["kernelFunc"];
interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface BackendLike {
  disposeData(dataId: object): void;
}

let installed = false;

/** Replaces wasm's BatchMatMul with the transpose-first version (idempotent). */
export function installWasmMatMul(): void {
  if (installed) return;
  const orig = tf.getKernel("BatchMatMul", "wasm");
  const transpose = tf.getKernel("Transpose", "wasm");
  if (!orig || !transpose) return;
  const origFunc = orig.kernelFunc as KernelFunc;
  const transposeFunc = transpose.kernelFunc as KernelFunc;
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { a: TensorInfoLike; b: TensorInfoLike };
      backend: BackendLike;
      attrs: { transposeA: boolean; transposeB: boolean };
    };
    if (!attrs.transposeA && !attrs.transposeB) return origFunc(args);
    const temps: TensorInfoLike[] = [];
    const t = (x: TensorInfoLike): TensorInfoLike => {
      const r = x.shape.length;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2];
      const out = transposeFunc({
        inputs: { x } as never,
        backend: backend as never,
        attrs: { perm } as never,
      }) as unknown as TensorInfoLike;
      temps.push(out);
      return out;
    };
    const a = attrs.transposeA ? t(inputs.a) : inputs.a;
    const b = attrs.transposeB ? t(inputs.b) : inputs.b;
    const out = origFunc({
      inputs: { a, b } as never,
      backend: backend as never,
      attrs: { ...attrs, transposeA: false, transposeB: false } as never,
    });
    for (const x of temps) backend.disposeData(x.dataId);
    return out;
  };
  tf.unregisterKernel("BatchMatMul", "wasm");
  tf.registerKernel({ ...orig, kernelFunc });
  installed = true;
}
