/**
 * Our own WGSL kernels for the webgpu backend, registered over TF.js's:
 * batched matmul and convolution forward, input gradient and filter gradient,
 * all as one tiled (implicit) GEMM. Each op only says how to read an element
 * of its A (M×K) and B (K×N) operands; the tiling is shared. TF.js computes
 * Conv2DBackpropFilter with one thread per filter element looping over every
 * pixel of the batch (ResNet18's stem: 9 408 threads, each summing 401 408
 * products at batch 32), which is why our layers used an im2col product
 * instead; here it is a GEMM over the pixels, split along K into partial
 * sums so that the GPU has enough workgroups, then reduced.
 *
 * f32 only. Sizes are compiled into each shader (a pipeline per shape, cached
 * by TF.js), which spares the index arithmetic its divisions by unknowns.
 * $GIB_WEBGPU_KERNELS=0 keeps TF.js's kernels (for benchmarks and tests).
 */
import * as tf from "@tensorflow/tfjs-core";
import { matMulShape } from "./matmul_shape.ts";
import { registerOver } from "./register.ts";

/**
 * 64 threads per workgroup, each accumulating an 8×8 block of the output: on lavapipe 1.5× the rate of 256 threads
 * with 4×4 blocks (fewer shared-memory reads per multiply-add); K advances 32 at a time (1.2× over 16).
 */
const PER_THREAD = 8, THREADS = 64, TILE_K = 32;

/**
 * Output tile (rows × columns) per workgroup and the K slice staged per step: square, or long and narrow where N or M
 * is at most 16 (16 output channels, a 10-class head). Both stage (rows + cols)·depth floats within WebGPU's default
 * 16 KiB of workgroup memory, which every adapter offers.
 */
export function tileFor(m: number, n: number): { rows: number; cols: number; depth: number } {
  if (n <= 16 && m > 16) return { rows: 256, cols: 16, depth: 8 };
  if (m <= 16 && n > 16) return { rows: 16, cols: 256, depth: 8 };
  return { rows: 64, cols: 64, depth: TILE_K };
}

/** Input channels below which the input gradient is left to TF.js (see its registration). */
const MIN_DX_CHANNELS = 16;

/** Workgroups a GEMM should have before the filter gradient stops splitting K. */
const TARGET_WORKGROUPS = 512;

/** A GEMM C[z] = A[z] · B[z] of M×K by K×N, described by WGSL bodies reading one element of A and of B. */
export interface GemmSpec {
  /** Part of the shader cache key: everything the WGSL depends on. */
  key: string;
  m: number;
  n: number;
  k: number;
  /** Batches (matmul) or K splits (filter gradient): the workgroup grid's z. */
  z: number;
  /** K per z when `z` splits K (a multiple of TILE_K, so of every tile's depth), else K. */
  kPerZ: number;
  splitsK: boolean;
  /** WGSL constants and the body of `fn loadA(z: i32, r: i32, k: i32) -> f32` (r < M, k < K are checked by the caller). */
  consts: string;
  loadA: string;
  loadB: string;
  /** An epilogue: add Bias[c] (a third input of N values), then ReLU if asked. */
  epilogue?: { bias: boolean; relu: boolean };
}

/**
 * The WGSL of a tiled GEMM (see GemmSpec), writing result[(z·M + r)·N + c]: the workgroup stages a rows×depth slice
 * of A and a depth×cols slice of B in shared memory (see tileFor); thread (tx, ty) owns rows ty + i·(rows/8) and columns
 * tx + j·(cols/8), i, j < 8, strided so that neighbouring threads read neighbouring shared words and write
 * neighbouring outputs.
 */
export function gemmShader(s: GemmSpec): string {
  const { rows, cols, depth } = tileFor(s.m, s.n);
  const ty = rows / PER_THREAD, tx = cols / PER_THREAD;
  const idx = [...Array(PER_THREAD).keys()];
  const pairs = idx.flatMap((i) => idx.map((j) => [i, j] as const));
  const steps = Math.ceil(s.kPerZ / depth);
  const finish = (v: string, col: string) => {
    const biased = s.epilogue?.bias ? `${v} + Bias[${col}]` : v;
    return s.epilogue?.relu ? `max(${biased}, 0.0)` : biased;
  };
  return `
const GM = ${s.m}; const GN = ${s.n}; const GK = ${s.k}; const K_PER_Z = ${s.kPerZ};
${s.consts}
var<workgroup> tileA: array<f32, ${rows * depth}>;
var<workgroup> tileB: array<f32, ${cols * depth}>;
fn loadA(z: i32, r: i32, k: i32) -> f32 { ${s.loadA} }
fn loadB(z: i32, k: i32, c: i32) -> f32 { ${s.loadB} }
fn main() {
  _ = uniforms.NAN; // the auto layout keeps TF.js's uniform binding only where the shader uses it
  let tx = i32(localId.x);
  let ty = i32(localId.y);
  let t = ty * ${tx} + tx;
  let z = i32(workgroupId.z);
  let row0 = i32(workgroupId.y) * ${rows};
  let col0 = i32(workgroupId.x) * ${cols};
  let kBegin = ${s.splitsK ? "z * K_PER_Z" : "0"};
  let kEnd = min(GK, kBegin + K_PER_Z);
  ${pairs.map(([i, j]) => `var acc${i}${j} = 0.0;`).join(" ")}
  for (var step = 0; step < ${steps}; step++) {
    let k0 = kBegin + step * ${depth};
    for (var e = 0; e < ${(rows * depth) / THREADS}; e++) {
      let l = t + ${THREADS} * e;
      let ar = l / ${depth};
      let ak = l % ${depth};
      var va = 0.0;
      if (row0 + ar < GM && k0 + ak < kEnd) { va = loadA(z, row0 + ar, k0 + ak); }
      tileA[ak * ${rows} + ar] = va;
    }
    for (var e = 0; e < ${(cols * depth) / THREADS}; e++) {
      let l = t + ${THREADS} * e;
      let bk = l / ${cols};
      let bc = l % ${cols};
      var vb = 0.0;
      if (col0 + bc < GN && k0 + bk < kEnd) { vb = loadB(z, k0 + bk, col0 + bc); }
      tileB[bk * ${cols} + bc] = vb;
    }
    workgroupBarrier();
    for (var kk = 0; kk < ${depth}; kk++) {
      ${idx.map((i) => `let a${i} = tileA[kk * ${rows} + ty + ${ty * i}];`).join(" ")}
      ${idx.map((j) => `let b${j} = tileB[kk * ${cols} + tx + ${tx * j}];`).join(" ")}
      ${pairs.map(([i, j]) => `acc${i}${j} = fma(a${i}, b${j}, acc${i}${j});`).join(" ")}
    }
    workgroupBarrier();
  }
  ${
    pairs.map(([i, j]) =>
      `if (row0 + ty + ${ty * i} < GM && col0 + tx + ${tx * j} < GN) ` +
      `{ result[(z * GM + row0 + ty + ${ty * i}) * GN + col0 + tx + ${tx * j}] = ${
        finish(`acc${i}${j}`, `col0 + tx + ${tx * j}`)
      }; }`
    ).join("\n  ")
  }
}`;
}

/** The WGSL that sums `parts` partial results of `size` values each (the K splits of a GEMM). */
function reduceShader(parts: number, size: number): string {
  return `
fn main(index: i32) {
  _ = uniforms.NAN;
  if (index < ${size}) {
    var s = 0.0;
    for (var p = 0; p < ${parts}; p++) { s += P[p * ${size} + index]; }
    result[index] = s;
  }
}`;
}

/** Batched matmul: a [batch?, M, K] (or K×M transposed), b likewise; a batch stride of 0 broadcasts. */
export function matMulSpec(
  o: {
    batch: number;
    m: number;
    n: number;
    k: number;
    transposeA: boolean;
    transposeB: boolean;
    strideA: number;
    strideB: number;
  },
): GemmSpec {
  const a = o.transposeA ? `A[z * ${o.strideA} + k * ${o.m} + r]` : `A[z * ${o.strideA} + r * ${o.k} + k]`;
  const b = o.transposeB ? `B[z * ${o.strideB} + c * ${o.k} + k]` : `B[z * ${o.strideB} + k * ${o.n} + c]`;
  return {
    key: `mm_${o.m}_${o.n}_${o.k}_${o.batch}_${+o.transposeA}${+o.transposeB}_${o.strideA}_${o.strideB}`,
    m: o.m,
    n: o.n,
    k: o.k,
    z: o.batch,
    kPerZ: o.k,
    splitsK: false,
    consts: "",
    loadA: `return ${a};`,
    loadB: `return ${b};`,
  };
}

/** A stride-s, dilation-1 NHWC convolution with HWIO filters and explicit top/left padding. */
export interface ConvShape {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  kh: number;
  kw: number;
  stride: number;
  padTop: number;
  padLeft: number;
}

function convConsts(c: ConvShape): string {
  return `const IH = ${c.inH}; const IW = ${c.inW}; const IC = ${c.inC}; const OH = ${c.outH}; const OW = ${c.outW}; ` +
    `const OC = ${c.outC}; const KH = ${c.kh}; const KW = ${c.kw}; const S = ${c.stride}; const PT = ${c.padTop}; const PL = ${c.padLeft};`;
}

const convKey = (c: ConvShape) => Object.values(c).join("_");

/** x[n, oh·s − pt + i, ow·s − pl + j, ci], 0 in the padding: the patch element shared by the forward pass and dw. */
const PATCH_ELEMENT = `
  let ih = oh * S - PT + i;
  let iw = ow * S - PL + j;
  if (ih < 0 || ih >= IH || iw < 0 || iw >= IW) { return 0.0; }
  return A[((n * IH + ih) * IW + iw) * IC + ci];`;

/** A convolution's GEMM of M×K by K×N (K split in `splits` when more than one), its operands read by `loadA`, `loadB`. */
function convGemm(
  kind: string,
  c: ConvShape,
  size: { m: number; n: number; k: number },
  load: { a: string; b: string },
  splits = 1,
): GemmSpec {
  const kPerZ = splits > 1 ? Math.ceil(Math.ceil(size.k / splits) / TILE_K) * TILE_K : size.k;
  return {
    key: `${kind}_${convKey(c)}_${splits}`,
    ...size,
    z: Math.ceil(size.k / kPerZ),
    kPerZ,
    splitsK: splits > 1,
    consts: convConsts(c),
    loadA: load.a,
    loadB: load.b,
  };
}

/** Forward: rows are output pixels (n, oh, ow), K runs over (i, j, ci), columns are output channels. */
export function convForwardSpec(c: ConvShape): GemmSpec {
  return convGemm("cf", c, { m: c.batch * c.outH * c.outW, n: c.outC, k: c.kh * c.kw * c.inC }, {
    a: `let ow = r % OW; let oh = (r / OW) % OH; let n = r / (OW * OH);
  let ci = k % IC; let j = (k / IC) % KW; let i = k / (IC * KW);${PATCH_ELEMENT}`,
    b: "return B[k * OC + c];",
  });
}

/** Input gradient: rows are input pixels (n, ih, iw), K runs over (i, j, co), columns are input channels; A is dy, B the filter. */
export function convInputGradSpec(c: ConvShape): GemmSpec {
  return convGemm("cdx", c, { m: c.batch * c.inH * c.inW, n: c.inC, k: c.kh * c.kw * c.outC }, {
    a: `let iw = r % IW; let ih = (r / IW) % IH; let n = r / (IW * IH);
  let co = k % OC; let j = (k / OC) % KW; let i = k / (OC * KW);
  let th = ih + PT - i;
  let tw = iw + PL - j;
  if (th < 0 || tw < 0 || th % S != 0 || tw % S != 0) { return 0.0; }
  let oh = th / S;
  let ow = tw / S;
  if (oh >= OH || ow >= OW) { return 0.0; }
  return A[((n * OH + oh) * OW + ow) * OC + co];`,
    b: "let co = k % OC; let ij = k / OC; return B[(ij * IC + c) * OC + co];",
  });
}

/** Filter gradient: rows are filter taps (i, j, ci), K runs over output pixels (n, oh, ow), split in `splits`; A is x, B is dy. */
export function convFilterGradSpec(c: ConvShape, splits = filterGradSplits(c)): GemmSpec {
  return convGemm("cdw", c, { m: c.kh * c.kw * c.inC, n: c.outC, k: c.batch * c.outH * c.outW }, {
    a: `let ci = r % IC; let j = (r / IC) % KW; let i = r / (IC * KW);
  let ow = k % OW; let oh = (k / OW) % OH; let n = k / (OW * OH);${PATCH_ELEMENT}`,
    b: "return B[k * OC + c];",
  }, splits);
}

/** K splits for the filter gradient: enough workgroups to fill a GPU, each split at least 256 pixels long. */
export function filterGradSplits(c: ConvShape): number {
  const m = c.kh * c.kw * c.inC, { rows, cols } = tileFor(m, c.outC);
  const tiles = Math.ceil(m / rows) * Math.ceil(c.outC / cols);
  const k = c.batch * c.outH * c.outW;
  return Math.max(1, Math.min(Math.ceil(TARGET_WORKGROUPS / tiles), Math.floor(k / 256)));
}

interface WebgpuBackendLike {
  runWebGPUProgram(
    program: object,
    inputs: tf.TensorInfo[],
    dtype: "float32",
    uniforms?: unknown,
    output?: tf.TensorInfo,
  ): tf.TensorInfo;
  makeTensorInfo(shape: number[], dtype: "float32"): tf.TensorInfo;
  disposeData(dataId: unknown): boolean;
}

/** TF.js's shader header declares the output `result`, inputs by `variableNames` and reads dispatch layouts of rank ≤ 4. */
function layoutFor(rank: number): { x: number[]; y?: number[]; z?: number[] } {
  if (rank === 1) return { x: [0] };
  if (rank === 2) return { x: [1], y: [0] };
  if (rank === 3) return { x: [2], y: [1], z: [0] };
  return { x: [rank - 1], y: [rank - 2], z: [...Array(rank - 2).keys()] };
}

/** WebGPU's default limit of workgroups per dispatch axis; TF.js would fold a larger grid, which our shaders do not read. */
const MAX_WORKGROUPS = 65535;

/** Whether the GEMM's workgroup grid fits the per-axis limit (else the caller leaves the op to TF.js). */
export function fitsDispatch(spec: GemmSpec): boolean {
  const { rows, cols } = tileFor(spec.m, spec.n);
  return Math.max(Math.ceil(spec.n / cols), Math.ceil(spec.m / rows), spec.z) <= MAX_WORKGROUPS;
}

/** Runs a GEMM spec on the backend (with its bias input if the spec has that epilogue); the output is given `outShape`. */
export function runGemm(
  backend: WebgpuBackendLike,
  spec: GemmSpec,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  outShape: number[],
  bias?: tf.TensorInfo,
): tf.TensorInfo {
  if (!!bias !== !!spec.epilogue?.bias) throw new Error("runGemm: a bias input goes with a bias epilogue");
  if (!fitsDispatch(spec)) {
    throw new RangeError(`runGemm: ${spec.key} needs more than ${MAX_WORKGROUPS} workgroups along one axis`);
  }
  const { rows, cols } = tileFor(spec.m, spec.n);
  const inputs = bias ? [a, b, bias] : [a, b];
  const program = (shape: number[]) => ({
    variableNames: bias ? ["A", "B", "Bias"] : ["A", "B"],
    outputShape: shape,
    shaderKey: `gibGemm_${spec.key}`,
    dispatchLayout: layoutFor(shape.length),
    dispatch: [Math.ceil(spec.n / cols), Math.ceil(spec.m / rows), spec.z],
    workgroupSize: [cols / PER_THREAD, rows / PER_THREAD, 1],
    size: false,
    getUserCode: () => gemmShader(spec),
  });
  if (!spec.splitsK || spec.z === 1) return backend.runWebGPUProgram(program(outShape), inputs, "float32");
  if (spec.epilogue) throw new Error("runGemm: an epilogue on a GEMM split along K");
  const partial = backend.runWebGPUProgram(program([spec.z, spec.m, spec.n]), inputs, "float32");
  const size = spec.m * spec.n;
  const out = backend.runWebGPUProgram(
    {
      variableNames: ["P"],
      outputShape: outShape,
      shaderKey: `gibReduce_${spec.z}_${size}`,
      dispatchLayout: { x: outShape.map((_, i) => i) },
      dispatch: [Math.ceil(size / 256), 1, 1],
      workgroupSize: [256, 1, 1],
      size: false,
      getUserCode: () => reduceShader(spec.z, size),
    },
    [partial],
    "float32",
  );
  backend.disposeData(partial.dataId);
  return out;
}

type Info = tf.TensorInfo & { shape: number[] };
type Args = { inputs: Record<string, Info>; backend: WebgpuBackendLike; attrs: Record<string, unknown> };

function convShapeOf(info: tf.backend_util.Conv2DInfo): ConvShape | null {
  if (info.dataFormat !== "channelsLast" || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  if (info.strideHeight !== info.strideWidth) return null;
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kh: info.filterHeight,
    kw: info.filterWidth,
    stride: info.strideHeight,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

const convInfo = (xShape: number[], wShape: number[], attrs: Record<string, unknown>) =>
  tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    wShape as [number, number, number, number],
    attrs.strides as number,
    (attrs.dilations as number) ?? 1,
    attrs.pad as "valid",
    attrs.dimRoundingMode as "floor",
    false,
    tf.backend_util.convertConv2DDataFormat((attrs.dataFormat as "NHWC") ?? "NHWC"),
  );

let installed = false;

/** The kernel names this module replaces on webgpu. */
export const WEBGPU_GEMM_KERNELS = [
  "BatchMatMul",
  "_FusedMatMul",
  "Conv2D",
  "Conv2DBackpropInput",
  "Conv2DBackpropFilter",
] as const;

/** Whether our kernels are registered over TF.js's on webgpu (see installWebgpuKernels). */
export function webgpuKernelsInstalled(): boolean {
  return installed;
}

/**
 * Registers our GEMM kernels over webgpu's (idempotent), unless
 * $GIB_WEBGPU_KERNELS=0. Cases they do not cover (non-float32, NCHW,
 * dilation, unequal strides, batch ranks above 2) go to TF.js's kernels.
 */
export function installWebgpuKernels(): boolean {
  if (installed) return true;
  if (Deno.env.get("GIB_WEBGPU_KERNELS") === "0") return false;
  const register = (kernelName: (typeof WEBGPU_GEMM_KERNELS)[number], fn: (a: Args) => tf.TensorInfo | null) =>
    registerOver("webgpu", kernelName, fn);

  const matMul = ({ inputs: { a, b, bias }, backend, attrs }: Args, epilogue?: GemmSpec["epilogue"]) => {
    if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length > 4 || b.shape.length > 4) return null;
    const ta = !!attrs.transposeA, tb = !!attrs.transposeB;
    const d = matMulShape(a.shape, b.shape, ta, tb);
    if (!d) return null;
    if (epilogue?.bias && (!bias || bias.dtype !== "float32" || size(bias.shape) !== d.n)) return null;
    const spec = matMulSpec({ ...d, transposeA: ta, transposeB: tb });
    const withEpilogue = epilogue ? { ...spec, key: `${spec.key}_${+epilogue.bias}${+epilogue.relu}`, epilogue } : spec;
    if (!fitsDispatch(withEpilogue)) return null;
    return runGemm(backend, withEpilogue, a, b, d.outShape, epilogue?.bias ? bias : undefined);
  };
  register("BatchMatMul", (args) => matMul(args));
  // tf.fused.matMul with a bias of N values and no or ReLU activation (our linear layers).
  register("_FusedMatMul", (args) => {
    const act = (args.attrs.activation as string | undefined) ?? "linear";
    if (args.inputs.preluActivationWeights || (act !== "linear" && act !== "relu")) return null;
    return matMul(args, { bias: !!args.inputs.bias, relu: act === "relu" });
  });

  register("Conv2D", ({ inputs: { x, filter }, backend, attrs }) => {
    if (x.dtype !== "float32") return null;
    const info = convInfo(x.shape, filter.shape, attrs);
    const c = convShapeOf(info);
    const spec = c && convForwardSpec(c);
    return spec && fitsDispatch(spec) ? runGemm(backend, spec, x, filter, info.outShape) : null;
  });

  register("Conv2DBackpropInput", ({ inputs: { dy, filter }, backend, attrs }) => {
    if (dy.dtype !== "float32") return null;
    const info = convInfo(attrs.inputShape as number[], filter.shape, attrs);
    const c = convShapeOf(info);
    // Few input channels (an RGB stem's dx) leave the GEMM bound by its A loads, and with stride 2 three taps in four
    // read zeros: TF.js's direct kernel was 7× and 2× faster there on lavapipe (`deno task bench webgpu`).
    const spec = c && c.inC >= MIN_DX_CHANNELS && c.stride === 1 ? convInputGradSpec(c) : null;
    return spec && fitsDispatch(spec) ? runGemm(backend, spec, dy, filter, attrs.inputShape as number[]) : null;
  });

  register("Conv2DBackpropFilter", ({ inputs: { x, dy }, backend, attrs }) => {
    if (x.dtype !== "float32") return null;
    const info = convInfo(x.shape, attrs.filterShape as number[], attrs);
    const c = convShapeOf(info);
    const spec = c && convFilterGradSpec(c);
    return spec && fitsDispatch(spec) ? runGemm(backend, spec, x, dy, attrs.filterShape as number[]) : null;
  });
  installed = true;
  return true;
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
