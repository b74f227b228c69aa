/**
 * Native CPU kernels for the wasm backend: Conv2D, its two gradients,
 * BatchMatMul and a fused BatchNorm run in native/ (oneDNN's JIT
 * convolutions and sgemm where Debian's libdnnl is installed, else im2col
 * around OpenBLAS's sgemm), called through Deno's FFI on the wasm backend's
 * own memory, so no tensor is copied. Every other op stays in wasm.
 * Optional: when the library is not built (no compiler or BLAS) or
 * $GIB_NATIVE=0, nothing is registered and the wasm kernels are used.
 */
import * as tf from "@tensorflow/tfjs-core";
import { PROJECT_ROOT } from "../paths.ts";
import { matMulShape } from "./matmul_shape.ts";
import { registerOver } from "./register.ts";

const SYMBOLS = {
  gib_conv2d: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "i32" },
  gib_conv2d_fused: { parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "i32"], result: "i32" },
  gib_conv2d_backprop_filter: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "i32" },
  gib_conv2d_backprop_input: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "i32" },
  gib_batch_matmul: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_matmul_bias: { parameters: ["buffer", "buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_bn_forward: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer"],
    result: "void",
  },
  gib_bn_backward: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer"],
    result: "void",
  },
  gib_channel_affine: { parameters: ["buffer", "buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_layer_norm: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer"],
    result: "void",
  },
  gib_layer_norm_backward: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer"],
    result: "void",
  },
  gib_gelu: { parameters: ["buffer", "buffer", "buffer"], result: "void" },
  gib_softmax: { parameters: ["buffer", "buffer", "buffer"], result: "void" },
  gib_maxpool_grad: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_relu: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_relu_grad: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_gelu_backward: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_sum_middle: { parameters: ["buffer", "buffer", "buffer"], result: "void" },
  gib_copy_rows: { parameters: ["buffer", "buffer", "buffer"], result: "void" },
  gib_bilinear_sample: { parameters: ["buffer", "buffer", "buffer", "buffer", "buffer"], result: "void" },
  gib_bilinear_sample_grad: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer"],
    result: "void",
  },
  gib_threads: { parameters: [], result: "i32" },
  gib_uses_dnnl: { parameters: [], result: "i32" },
  gib_set_dnnl: { parameters: ["i32"], result: "i32" },
  gib_im2col_calls: { parameters: [], result: "f64" },
} as const;

type Lib = Deno.DynamicLibrary<typeof SYMBOLS>;

export const NATIVE_LIBRARY = `${PROJECT_ROOT}/native/build/libgib_kernels.so`;

/** Which BLAS the library was built against ("oneDNN" or "OpenBLAS"), as scripts/build_native.sh recorded; undefined when not built. */
export function nativeBuild(): string | undefined {
  try {
    return Deno.readTextFileSync(`${PROJECT_ROOT}/native/build/blas.txt`).trim();
  } catch {
    return undefined;
  }
}

let lib: Lib | null | undefined;
let loadError = "";

/** Opens the native library once; null (with `nativeStatus()` saying why) when it cannot. */
export function nativeLibrary(): Lib | null {
  if (lib !== undefined) return lib;
  if (Deno.env.get("GIB_NATIVE") === "0") {
    loadError = "disabled by $GIB_NATIVE=0";
    return (lib = null);
  }
  // How long OpenMP's idle threads spin before sleeping (libgomp reads this
  // when the library is loaded). In the OpenBLAS build they would steal the
  // cores from OpenBLAS's own threads, so they sleep at once. In the oneDNN
  // build a short spin (10 000) beat both libgomp's default (300 000: the
  // spinning thread slows the single-threaded wasm ops between native calls,
  // ViT training 340 vs 560 img/s) and sleeping at once (wake-ups between
  // convolutions; ResNet-18 layout 446 vs 560 img/s), measured by `deno task bench`.
  if (!Deno.env.get("OMP_WAIT_POLICY") && !Deno.env.get("GOMP_SPINCOUNT")) {
    if (nativeBuild() !== "oneDNN") Deno.env.set("OMP_WAIT_POLICY", "PASSIVE");
    else Deno.env.set("GOMP_SPINCOUNT", "10000");
  }
  try {
    lib = Deno.dlopen(NATIVE_LIBRARY, SYMBOLS);
  } catch (e) {
    loadError = `${NATIVE_LIBRARY} not loadable (${
      e instanceof Error ? e.message.split("\n")[0] : e
    }); run scripts/build_native.sh`;
    lib = null;
  }
  return lib;
}

/** The native kernels' thread count (part of what makes a run's numbers), or undefined without them. */
export function nativeThreads(): number | undefined {
  return nativeLibrary()?.symbols.gib_threads();
}

/** A sentence on whether native kernels are in use. */
export function nativeStatus(): string {
  const l = nativeLibrary();
  return l
    ? `native ${l.symbols.gib_uses_dnnl() ? "oneDNN" : "OpenBLAS"} kernels (${l.symbols.gib_threads()} threads)`
    : `no native kernels: ${loadError}`;
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
  return Int32Array.from([
    c.batchSize,
    c.inHeight,
    c.inWidth,
    c.inChannels,
    c.filterHeight,
    c.filterWidth,
    c.outChannels,
    c.strideHeight,
    c.strideWidth,
    c.padInfo.top,
    c.padInfo.left,
    c.dilationHeight,
    c.dilationWidth,
    c.outHeight,
    c.outWidth,
    c.padInfo.bottom,
    c.padInfo.right,
  ]);
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
  const register = (kernelName: string, fn: (a: Args) => Info | Info[] | null) => registerOver("wasm", kernelName, fn);
  const dnnl = L.symbols.gib_uses_dnnl() === 1;
  const nhwc = (df: unknown) => df === undefined || df === "NHWC" || df === "channelsLast";

  register("Conv2D", ({ inputs: { x, filter }, backend, attrs }) => {
    // XNNPACK beats im2col for (nearly) single-channel inputs, e.g. a grey-image stem; oneDNN beats both (0.6 vs 4.0 ms, 128×28×28×1 → 16).
    if (x.dtype !== "float32" || !nhwc(attrs.dataFormat) || (x.shape[3] < 4 && !dnnl)) return null;
    const c = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides as number,
      attrs.dilations as number,
      attrs.pad as "valid",
      attrs.dimRoundingMode as "floor",
    );
    const out = backend.makeOutput(c.outShape, "float32");
    check(
      L.symbols.gib_conv2d(
        backend.typedArrayFromHeap(x),
        backend.typedArrayFromHeap(filter),
        backend.typedArrayFromHeap(out),
        convShape(c),
      ),
      "conv2d",
    );
    return out;
  });

  register(FUSED_CONV, ({ inputs: { x, filter, bias, residual }, backend, attrs }) => {
    const c = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides as number,
      1,
      attrs.pad as "valid",
    );
    const out = backend.makeOutput(c.outShape, "float32");
    const y = backend.typedArrayFromHeap(out);
    if (residual) y.set(backend.typedArrayFromHeap(residual));
    check(
      L.symbols.gib_conv2d_fused(
        backend.typedArrayFromHeap(x),
        backend.typedArrayFromHeap(filter),
        backend.typedArrayFromHeap(bias),
        y,
        convShape(c),
        (attrs.relu ? 1 : 0) | (residual ? 2 : 0),
      ),
      "fused conv2d",
    );
    return out;
  });

  register("Conv2DBackpropFilter", ({ inputs: { x, dy }, backend, attrs }) => {
    if (x.dtype !== "float32" || !nhwc(attrs.dataFormat)) return null;
    const c = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape as [number, number, number, number],
      attrs.strides as number,
      1,
      attrs.pad as "valid",
      attrs.dimRoundingMode as "floor",
    );
    const out = backend.makeOutput(attrs.filterShape as number[], "float32");
    check(
      L.symbols.gib_conv2d_backprop_filter(
        backend.typedArrayFromHeap(x),
        backend.typedArrayFromHeap(dy),
        backend.typedArrayFromHeap(out),
        convShape(c),
      ),
      "conv2d filter gradient",
    );
    return out;
  });

  register("Conv2DBackpropInput", ({ inputs: { dy, filter }, backend, attrs }) => {
    if (dy.dtype !== "float32" || !nhwc(attrs.dataFormat)) return null;
    const c = tf.backend_util.computeConv2DInfo(
      attrs.inputShape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides as number,
      1,
      attrs.pad as "valid",
      attrs.dimRoundingMode as "floor",
    );
    const out = backend.makeOutput(attrs.inputShape as number[], "float32");
    check(
      L.symbols.gib_conv2d_backprop_input(
        backend.typedArrayFromHeap(dy),
        backend.typedArrayFromHeap(filter),
        backend.typedArrayFromHeap(out),
        convShape(c),
      ),
      "conv2d input gradient",
    );
    return out;
  });

  register("BatchMatMul", ({ inputs: { a, b }, backend, attrs }) => {
    if (a.dtype !== "float32" || b.dtype !== "float32") return null;
    const ta = !!attrs.transposeA, tb = !!attrs.transposeB;
    const d = matMulShape(a.shape, b.shape, ta, tb);
    if (!d) return null;
    const out = backend.makeOutput(d.outShape, "float32");
    L.symbols.gib_batch_matmul(
      backend.typedArrayFromHeap(a),
      backend.typedArrayFromHeap(b),
      backend.typedArrayFromHeap(out),
      Int32Array.from([d.batch, d.m, d.n, d.k, ta ? 1 : 0, tb ? 1 : 0, d.strideA, d.strideB]),
    );
    return out;
  });
  // ReLU of x (+ residual) and its gradient from the output y: one pass each (lib/models/layers.ts relu).
  register(RELU, ({ inputs: { x, residual }, backend }) => {
    const out = backend.makeOutput(x.shape, "float32");
    const n = Int32Array.of(size(x.shape));
    L.symbols.gib_relu(
      backend.typedArrayFromHeap(x),
      residual ? backend.typedArrayFromHeap(residual) : null,
      backend.typedArrayFromHeap(out),
      n,
    );
    return out;
  });
  register(RELU_GRAD, ({ inputs: { dy, y }, backend }) => gradientFrom(L.symbols.gib_relu_grad, backend, dy, y));
  // Max pooling's gradient (the ImageNet stem's): wasm's is a single-threaded scalar loop.
  register("MaxPoolGrad", ({ inputs: { dy, input }, backend, attrs }) => {
    if (dy.dtype !== "float32" || input.shape.length !== 4) return null;
    const p = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      attrs.filterSize as number,
      attrs.strides as number,
      1,
      attrs.pad as "valid",
      attrs.dimRoundingMode as "floor",
    );
    const out = backend.makeOutput(input.shape, "float32");
    L.symbols.gib_maxpool_grad(
      backend.typedArrayFromHeap(dy),
      backend.typedArrayFromHeap(input),
      backend.typedArrayFromHeap(out),
      Int32Array.of(
        p.batchSize,
        p.inHeight,
        p.inWidth,
        p.inChannels,
        p.outHeight,
        p.outWidth,
        p.filterHeight,
        p.filterWidth,
        p.strideHeight,
        p.strideWidth,
        p.padInfo.top,
        p.padInfo.left,
      ),
    );
    return out;
  });
  // A linear layer's product with its bias (and ReLU) in one pass: tf.fused.matMul with one batch and a bias of N values.
  register("_FusedMatMul", ({ inputs: { a, b, bias, preluActivationWeights }, backend, attrs }) => {
    const act = (attrs.activation as string | undefined) ?? "linear";
    if (a.dtype !== "float32" || b.dtype !== "float32" || !bias || preluActivationWeights) return null;
    if (act !== "linear" && act !== "relu") return null;
    const ta = !!attrs.transposeA, tb = !!attrs.transposeB;
    const d = matMulShape(a.shape, b.shape, ta, tb);
    if (!d || d.batch !== 1 || size(bias.shape) !== d.n || bias.dtype !== "float32") return null;
    const out = backend.makeOutput(d.outShape, "float32");
    L.symbols.gib_matmul_bias(
      backend.typedArrayFromHeap(a),
      backend.typedArrayFromHeap(b),
      backend.typedArrayFromHeap(bias),
      backend.typedArrayFromHeap(out),
      Int32Array.of(d.m, d.n, d.k, ta ? 1 : 0, tb ? 1 : 0, act === "relu" ? 1 : 0),
    );
    return out;
  });
  // Fused BatchNorm (training mode) over the last axis: outputs y, batch mean, biased variance, 1/√(var + ε).
  register(BN_FORWARD, ({ inputs: { x, gamma, beta }, backend, attrs }) => {
    const c = x.shape[x.shape.length - 1], m = x.shape.reduce((a, b) => a * b, 1) / c;
    const outs = [
      backend.makeOutput(x.shape, "float32"),
      backend.makeOutput([c], "float32"),
      backend.makeOutput([c], "float32"),
      backend.makeOutput([c], "float32"),
    ];
    const v = (t: Info) => backend.typedArrayFromHeap(t);
    L.symbols.gib_bn_forward(
      v(x),
      v(gamma),
      v(beta),
      v(outs[0]),
      v(outs[1]),
      v(outs[2]),
      v(outs[3]),
      Int32Array.from([m, c]),
      Float32Array.of(attrs.eps as number),
    );
    return outs as unknown as Info;
  });
  register(BN_BACKWARD, ({ inputs: { dy, x, gamma, mean, invstd }, backend }) => {
    const c = x.shape[x.shape.length - 1], m = x.shape.reduce((a, b) => a * b, 1) / c;
    const outs = [backend.makeOutput(x.shape, "float32"), backend.makeOutput([c], "float32"), backend.makeOutput([c], "float32")];
    const v = (t: Info) => backend.typedArrayFromHeap(t);
    L.symbols.gib_bn_backward(
      v(dy),
      v(x),
      v(gamma),
      v(mean),
      v(invstd),
      v(outs[0]),
      v(outs[1]),
      v(outs[2]),
      Int32Array.from([m, c]),
    );
    return outs as unknown as Info;
  });
  // Bilinear sampling at pixel coordinates u, v [N, P, 1] of x [N, H, W, C] → [N, P, C], and its gradient.
  const sampleDims = (x: Info, u: Info) => Int32Array.of(x.shape[0], x.shape[1], x.shape[2], x.shape[3], u.shape[1]);
  register(BILINEAR_SAMPLE, ({ inputs: { x, u, v }, backend }) => {
    const out = backend.makeOutput([x.shape[0], u.shape[1], x.shape[3]], "float32");
    const a = (t: Info) => backend.typedArrayFromHeap(t);
    L.symbols.gib_bilinear_sample(a(x), a(u), a(v), a(out), sampleDims(x, u));
    return out;
  });
  register(BILINEAR_SAMPLE_GRAD, ({ inputs: { dy, x, u, v }, backend }) => {
    const outs = [
      backend.makeOutput(x.shape, "float32"),
      backend.makeOutput(u.shape, "float32"),
      backend.makeOutput(v.shape, "float32"),
    ];
    const a = (t: Info) => backend.typedArrayFromHeap(t);
    L.symbols.gib_bilinear_sample_grad(a(dy), a(x), a(u), a(v), a(outs[0]), a(outs[1]), a(outs[2]), sampleDims(x, u));
    return outs as unknown as Info;
  });
  register(CHANNEL_AFFINE, ({ inputs: { x, scale, shift }, backend }) => {
    const c = x.shape[x.shape.length - 1], m = x.shape.reduce((a, b) => a * b, 1) / c;
    const out = backend.makeOutput(x.shape, "float32");
    const v = (t: Info) => backend.typedArrayFromHeap(t);
    L.symbols.gib_channel_affine(v(x), v(scale), v(shift), v(out), Int32Array.from([m, c]));
    return out;
  });
  register(LAYER_NORM, ({ inputs: { x, gamma, beta }, backend, attrs }) => {
    const d = x.shape[x.shape.length - 1], rows = size(x.shape) / d, stats = x.shape.slice(0, -1);
    const outs = [
      backend.makeOutput(x.shape, "float32"),
      backend.makeOutput(stats, "float32"),
      backend.makeOutput(stats, "float32"),
    ];
    const v = (t: Info) => backend.typedArrayFromHeap(t);
    L.symbols.gib_layer_norm(
      v(x),
      v(gamma),
      v(beta),
      v(outs[0]),
      v(outs[1]),
      v(outs[2]),
      Int32Array.from([rows, d]),
      Float32Array.of(attrs.eps as number),
    );
    return outs as unknown as Info;
  });
  register(LAYER_NORM_GRAD, ({ inputs: { dy, x, gamma, mean, rstd }, backend }) => {
    const d = x.shape[x.shape.length - 1], rows = size(x.shape) / d;
    const outs = [backend.makeOutput(x.shape, "float32"), backend.makeOutput([d], "float32"), backend.makeOutput([d], "float32")];
    const v = (t: Info) => backend.typedArrayFromHeap(t);
    L.symbols.gib_layer_norm_backward(
      v(dy),
      v(x),
      v(gamma),
      v(mean),
      v(rstd),
      v(outs[0]),
      v(outs[1]),
      v(outs[2]),
      Int32Array.from([rows, d]),
    );
    return outs as unknown as Info;
  });
  register(GELU, ({ inputs: { x }, backend }) => {
    const out = backend.makeOutput(x.shape, "float32");
    L.symbols.gib_gelu(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out), Int32Array.of(size(x.shape)));
    return out;
  });
  // Softmax over the last axis (attention): XNNPACK's is single-threaded; this one is threaded and vectorised.
  register("Softmax", ({ inputs: { logits }, backend, attrs }) => {
    const rank = logits.shape.length, dim = attrs.dim as number;
    if (logits.dtype !== "float32" || rank === 0 || (dim !== -1 && dim !== rank - 1) || size(logits.shape) === 0) return null;
    const n = logits.shape[rank - 1];
    const out = backend.makeOutput(logits.shape, "float32");
    L.symbols.gib_softmax(
      backend.typedArrayFromHeap(logits),
      backend.typedArrayFromHeap(out),
      Int32Array.of(size(logits.shape) / n, n),
    );
    return out;
  });
  register(GELU_GRAD, ({ inputs: { dy, x }, backend }) => gradientFrom(L.symbols.gib_gelu_backward, backend, dy, x));

  // Sum and Mean over one contiguous block of axes (bias and broadcast gradients, softmax's gradient, global average
  // pooling): wasm's are JavaScript loops, or single-threaded ones.
  const reduceMiddle = ({ inputs: { x }, backend, attrs }: Args, mean: boolean): Info | null => {
    if (x.dtype !== "float32" || size(x.shape) === 0) return null;
    const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
    if (axes.length === 0 || axes.some((a, i) => a !== axes[0] + i)) return null;
    const first = axes[0], last = axes[axes.length - 1];
    const outShape = attrs.keepDims
      ? x.shape.map((d, i) => (i >= first && i <= last ? 1 : d))
      : x.shape.filter((_, i) => i < first || i > last);
    const out = backend.makeOutput(outShape, "float32");
    const count = size(x.shape.slice(first, last + 1));
    const dims = Int32Array.of(size(x.shape.slice(0, first)), count, size(x.shape.slice(last + 1)));
    const y = backend.typedArrayFromHeap(out);
    L.symbols.gib_sum_middle(backend.typedArrayFromHeap(x), y, dims);
    if (mean) { for (let i = 0; i < y.length; i++) y[i] /= count; }
    return out;
  };
  register("Sum", (a) => reduceMiddle(a, false));
  register("Mean", (a) => reduceMiddle(a, true));

  // Split and concatenation as row copies: wasm's copy element by element when the axis is not the first.
  register("SplitV", ({ inputs: { x }, backend, attrs }) => {
    if (x.dtype !== "float32") return null;
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, attrs.numOrSizeSplits as number | number[], axis);
    const outer = size(x.shape.slice(0, axis)), inner = size(x.shape.slice(axis + 1)), row = x.shape[axis] * inner;
    const outs = sizes.map((n) => backend.makeOutput(x.shape.map((d, i) => (i === axis ? n : d)), "float32"));
    const src = backend.typedArrayFromHeap(x);
    let offset = 0;
    outs.forEach((o, i) => {
      L.symbols.gib_copy_rows(
        src,
        backend.typedArrayFromHeap(o),
        Int32Array.of(outer, sizes[i] * inner, row, offset, sizes[i] * inner, 0),
      );
      offset += sizes[i] * inner;
    });
    return outs as unknown as Info;
  });
  register("Concat", ({ inputs, backend, attrs }) => {
    const xs = Object.values(inputs);
    if (xs.length === 0 || xs.some((t) => t.dtype !== "float32" || t.shape.length !== xs[0].shape.length)) return null;
    const axis = tf.util.parseAxisParam(attrs.axis as number, xs[0].shape)[0];
    const outShape = tf.backend_util.computeOutShape(xs.map((t) => t.shape), axis);
    const out = backend.makeOutput(outShape, "float32");
    const outer = size(outShape.slice(0, axis)), inner = size(outShape.slice(axis + 1)), row = outShape[axis] * inner;
    const dst = backend.typedArrayFromHeap(out);
    let offset = 0;
    for (const t of xs) {
      const len = t.shape[axis] * inner;
      if (len > 0) L.symbols.gib_copy_rows(backend.typedArrayFromHeap(t), dst, Int32Array.of(outer, len, len, 0, row, offset));
      offset += len;
    }
    return out;
  });
  installed = true;
  return true;
}

/** An elementwise gradient dx = f(dy, t) computed natively by `fn(dy, t, dx, [count])`. */
function gradientFrom(
  fn: (dy: Float32Array, t: Float32Array, dx: Float32Array, dims: Int32Array) => void,
  backend: Args["backend"],
  dy: Info,
  t: Info,
): Info {
  const out = backend.makeOutput(t.shape, "float32");
  fn(
    backend.typedArrayFromHeap(dy),
    backend.typedArrayFromHeap(t),
    backend.typedArrayFromHeap(out),
    Int32Array.of(size(t.shape)),
  );
  return out;
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Kernel names of the fused LayerNorm over the last axis (outputs y, mean, 1/√(var + ε)) and its gradient. */
export const LAYER_NORM = "GibLayerNorm";
export const LAYER_NORM_GRAD = "GibLayerNormGrad";
/** Kernel names of ReLU of x (+ a residual of the same shape) and of its gradient from the output. */
export const RELU = "GibRelu";
export const RELU_GRAD = "GibReluGrad";
/** Kernel names of exact GELU and its gradient. */
export const GELU = "GibGelu";
export const GELU_GRAD = "GibGeluGrad";

/**
 * Inference convolution with BatchNorm folded in: [relu](conv(x, filter) +
 * bias [+ residual]) in one native call (oneDNN post-ops), inputs x, filter,
 * bias and optionally residual (NHWC float32), attrs strides, pad, relu.
 * Registered only with the native library; it has no gradient.
 */
export const FUSED_CONV = "GibFusedConv2D";

/**
 * Kernel names of bilinear sampling at pixel coordinates (zero outside; inputs
 * x [N, H, W, C], u, v [N, P, 1] → [N, P, C]) and of its gradient (inputs dy,
 * x, u, v → gx, gu, gv): Augerino's warp. Registered only with the native library.
 */
export const BILINEAR_SAMPLE = "GibBilinearSample";
export const BILINEAR_SAMPLE_GRAD = "GibBilinearSampleGrad";

/** x·scale + shift per channel (last axis) in one pass; registered only with the native library. */
export const CHANNEL_AFFINE = "GibChannelAffine";

/** Kernel names of the fused BatchNorm (registered only with the native library). */
export const BN_FORWARD = "GibBatchNormTrain";
export const BN_BACKWARD = "GibBatchNormTrainGrad";
