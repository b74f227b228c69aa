/**
 * Native CPU kernels for the wasm backend: Conv2D, its two gradients and
 * BatchMatMul run in native/gib_kernels.c (im2col around OpenBLAS's
 * multithreaded sgemm), called through Deno's FFI on the wasm backend's own
 * memory, so no tensor is copied. Every other op stays in wasm. Optional:
 * when the library is not built (no compiler or OpenBLAS) or $GIB_NATIVE=0,
 * nothing is registered and the wasm kernels are used.
 */
import * as tf from "@tensorflow/tfjs-core";
import { PROJECT_ROOT } from "../paths.ts";

const SYMBOLS = {
  gib_conv2d: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "i32" },
  gib_conv2d_backprop_filter: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "i32" },
  gib_conv2d_backprop_input: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "i32" },
  gib_batch_matmul: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_bn_forward: { parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_bn_backward: { parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_channel_affine: { parameters: ["buffer", "buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_threads: { parameters: [], result: "i32" },
} as const;

type Lib = Deno.DynamicLibrary<typeof SYMBOLS>;

export const NATIVE_LIBRARY = `${PROJECT_ROOT}/native/build/libgib_kernels.so`;

let lib: Lib | null | undefined;
let loadError = "";

/** Opens the native library once; null (with `nativeStatus()` saying why) when it cannot. */
export function nativeLibrary(): Lib | null {
  if (lib !== undefined) return lib;
  if (Deno.env.get("GIB_NATIVE") === "0") {
    loadError = "disabled by $GIB_NATIVE=0";
    return (lib = null);
  }
  // OpenMP threads that spin after a parallel region steal the cores from
  // OpenBLAS's threads; libgomp reads this when the library is loaded.
  if (!Deno.env.get("OMP_WAIT_POLICY")) Deno.env.set("OMP_WAIT_POLICY", "PASSIVE");
  try {
    lib = Deno.dlopen(NATIVE_LIBRARY, SYMBOLS);
  } catch (e) {
    loadError = `${NATIVE_LIBRARY} not loadable (${e instanceof Error ? e.message.split("\n")[0] : e}); run scripts/build_native.sh`;
    lib = null;
  }
  return lib;
}

/** A sentence on whether native kernels are in use. */
export function nativeStatus(): string {
  const l = nativeLibrary();
  return l ? `native OpenBLAS kernels (${l.symbols.gib_threads()} threads)` : `no native kernels: ${loadError}`;
}

interface Info {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface WasmBackend {
  makeOutput(shape: number[], dtype: string): Info;
  typedArrayFromHeap(t: Info): Float32Array;
}
type Args = { inputs: Record<string, Info>; backend: WasmBackend; attrs: Record<string, unknown> };

function convShape(c: tf.backend_util.Conv2DInfo): Int32Array {
  return Int32Array.from([c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth, c.outChannels, c.strideHeight, c.strideWidth,
    c.padInfo.top, c.padInfo.left, c.dilationHeight, c.dilationWidth, c.outHeight, c.outWidth]);
}

function check(rc: number, what: string) {
  if (rc !== 0) throw new Error(`native ${what} failed (out of memory?)`);
}

let installed = false;

/**
 * Registers the native kernels over the wasm backend's (idempotent). Returns
 * false when the native library is unavailable. Unsupported cases (NCHW,
 * non-float32, exotic broadcasting) fall through to the original kernels.
 */
export function installNativeKernels(): boolean {
  if (installed) return true;
  const L = nativeLibrary();
  if (!L) return false;
  const fallback = (name: string) => tf.getKernel(name, "wasm")?.kernelFunc as ((a: unknown) => Info) | undefined;
  const origConv = fallback("Conv2D"), origBpi = fallback("Conv2DBackpropInput"), origMatMul = fallback("BatchMatMul");

  const register = (kernelName: string, fn: (a: Args) => Info | null, orig?: (a: unknown) => Info) => {
    if (tf.getKernel(kernelName, "wasm")) tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({
      kernelName,
      backendName: "wasm",
      kernelFunc: ((a: unknown) => {
        const r = fn(a as Args);
        if (r) return r;
        if (!orig) throw new Error(`${kernelName}: case not supported by the native kernel and no wasm kernel exists`);
        return orig(a);
      }) as unknown as tf.KernelFunc,
    });
  };
  const nhwc = (df: unknown) => df === undefined || df === "NHWC" || df === "channelsLast";

  register("Conv2D", ({ inputs: { x, filter }, backend, attrs }) => {
    // XNNPACK is faster for (nearly) single-channel inputs, e.g. a grey-image stem.
    if (x.dtype !== "float32" || !nhwc(attrs.dataFormat) || x.shape[3] < 4) return null;
    const c = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides as number, attrs.dilations as number, attrs.pad as "valid", attrs.dimRoundingMode as "floor");
    const out = backend.makeOutput(c.outShape, "float32");
    check(L.symbols.gib_conv2d(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(filter), backend.typedArrayFromHeap(out), convShape(c)), "conv2d");
    return out;
  }, origConv);

  register("Conv2DBackpropFilter", ({ inputs: { x, dy }, backend, attrs }) => {
    if (x.dtype !== "float32" || !nhwc(attrs.dataFormat)) return null;
    const c = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape as [number, number, number, number], attrs.strides as number, 1, attrs.pad as "valid", attrs.dimRoundingMode as "floor");
    const out = backend.makeOutput(attrs.filterShape as number[], "float32");
    check(L.symbols.gib_conv2d_backprop_filter(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(dy), backend.typedArrayFromHeap(out), convShape(c)), "conv2d filter gradient");
    return out;
  });

  register("Conv2DBackpropInput", ({ inputs: { dy, filter }, backend, attrs }) => {
    if (dy.dtype !== "float32" || !nhwc(attrs.dataFormat)) return null;
    const c = tf.backend_util.computeConv2DInfo(attrs.inputShape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides as number, 1, attrs.pad as "valid", attrs.dimRoundingMode as "floor");
    const out = backend.makeOutput(attrs.inputShape as number[], "float32");
    check(L.symbols.gib_conv2d_backprop_input(backend.typedArrayFromHeap(dy), backend.typedArrayFromHeap(filter), backend.typedArrayFromHeap(out), convShape(c)), "conv2d input gradient");
    return out;
  }, origBpi);

  register("BatchMatMul", ({ inputs: { a, b }, backend, attrs }) => {
    if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length < 2 || b.shape.length < 2) return null;
    const ta = !!attrs.transposeA, tb = !!attrs.transposeB;
    const ra = a.shape.length, rb = b.shape.length;
    const m = ta ? a.shape[ra - 1] : a.shape[ra - 2], k = ta ? a.shape[ra - 2] : a.shape[ra - 1];
    const n = tb ? b.shape[rb - 2] : b.shape[rb - 1];
    const ba = a.shape.slice(0, -2).reduce((x, y) => x * y, 1), bb = b.shape.slice(0, -2).reduce((x, y) => x * y, 1);
    if (ba !== bb && ba !== 1 && bb !== 1) return null;
    const outBatch = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const batch = Math.max(ba, bb);
    if (outBatch.reduce((x, y) => x * y, 1) !== batch) return null;
    const out = backend.makeOutput([...outBatch, m, n], "float32");
    L.symbols.gib_batch_matmul(backend.typedArrayFromHeap(a), backend.typedArrayFromHeap(b), backend.typedArrayFromHeap(out),
      Int32Array.from([batch, m, n, k, ta ? 1 : 0, tb ? 1 : 0, ba === 1 ? 0 : m * k, bb === 1 ? 0 : k * n]));
    return out;
  }, origMatMul);
  // Fused BatchNorm (training mode) over the last axis: outputs y, batch mean, biased variance, 1/√(var + ε).
  register(BN_FORWARD, ({ inputs: { x, gamma, beta }, backend, attrs }) => {
    const c = x.shape[x.shape.length - 1], m = x.shape.reduce((a, b) => a * b, 1) / c;
    const outs = [backend.makeOutput(x.shape, "float32"), backend.makeOutput([c], "float32"), backend.makeOutput([c], "float32"), backend.makeOutput([c], "float32")];
    const v = (t: Info) => backend.typedArrayFromHeap(t);
    L.symbols.gib_bn_forward(v(x), v(gamma), v(beta), v(outs[0]), v(outs[1]), v(outs[2]), v(outs[3]), Int32Array.from([m, c]), Float32Array.of(attrs.eps as number));
    return outs as unknown as Info;
  });
  register(BN_BACKWARD, ({ inputs: { dy, x, gamma, mean, invstd }, backend }) => {
    const c = x.shape[x.shape.length - 1], m = x.shape.reduce((a, b) => a * b, 1) / c;
    const outs = [backend.makeOutput(x.shape, "float32"), backend.makeOutput([c], "float32"), backend.makeOutput([c], "float32")];
    const v = (t: Info) => backend.typedArrayFromHeap(t);
    L.symbols.gib_bn_backward(v(dy), v(x), v(gamma), v(mean), v(invstd), v(outs[0]), v(outs[1]), v(outs[2]), Int32Array.from([m, c]));
    return outs as unknown as Info;
  });
  register(CHANNEL_AFFINE, ({ inputs: { x, scale, shift }, backend }) => {
    const c = x.shape[x.shape.length - 1], m = x.shape.reduce((a, b) => a * b, 1) / c;
    const out = backend.makeOutput(x.shape, "float32");
    const v = (t: Info) => backend.typedArrayFromHeap(t);
    L.symbols.gib_channel_affine(v(x), v(scale), v(shift), v(out), Int32Array.from([m, c]));
    return out;
  });
  installed = true;
  return true;
}

/** x·scale + shift per channel (last axis) in one pass; registered only with the native library. */
export const CHANNEL_AFFINE = "GibChannelAffine";

/** Kernel names of the fused BatchNorm (registered only with the native library). */
export const BN_FORWARD = "GibBatchNormTrain";
export const BN_BACKWARD = "GibBatchNormTrainGrad";

/** Whether the native kernels are registered. */
export function nativeKernelsInstalled(): boolean {
  return installed;
}
