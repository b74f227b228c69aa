/**
 * The GEMM-shaped ops of our models timed on the active backend: the
 * convolution forward, input gradient and filter gradient of ResNet18's layers
 * at 224 px and a ViT-S/16 projection. `deno task bench webgpu` runs it in
 * fresh processes with our webgpu kernels (lib/kernels/webgpu_gemm.ts) and
 * with TF.js's alone, alternated.
 */
import * as tf from "@tensorflow/tfjs-core";

export interface GemmOp {
  name: string;
  /** Multiply-adds ×2. */
  flops: number;
  run: () => tf.Tensor;
  dispose: () => void;
}

type Pad = [[number, number], [number, number], [number, number], [number, number]];

/** ResNet18's stem and a 3×3 convolution of each stage at 224 px, batch `batch`; each as forward, dx and dw. */
export function resnetConvOps(batch: number): GemmOp[] {
  const layers: [string, number, number, number, number, number][] = [
    // name, input size, cin, cout, kernel, stride
    ["stem 7×7/2 3→64 @224", 224, 3, 64, 7, 2],
    ["3×3 64→64 @56", 56, 64, 64, 3, 1],
    ["3×3/2 128→256 @28", 28, 128, 256, 3, 2],
    ["3×3 512→512 @7", 7, 512, 512, 3, 1],
  ];
  const ops: GemmOp[] = [];
  for (const [name, size, cin, cout, k, s] of layers) {
    const p = (k - 1) / 2, pad: Pad = [[0, 0], [p, p], [p, p], [0, 0]];
    const out = Math.floor((size + 2 * p - k) / s) + 1;
    const flops = 2 * batch * out * out * cout * k * k * cin;
    const x = tf.randomUniform([batch, size, size, cin], -1, 1, "float32", 1) as tf.Tensor4D;
    const w = tf.randomUniform([k, k, cin, cout], -0.1, 0.1, "float32", 2) as tf.Tensor4D;
    const dy = tf.randomUniform([batch, out, out, cout], -1, 1, "float32", 3) as tf.Tensor4D;
    const dispose = () => tf.dispose([x, w, dy]);
    ops.push(
      { name: `${name} forward`, flops, run: () => tf.conv2d(x, w, s, pad), dispose: () => {} },
      { name: `${name} dx`, flops, run: () => tf.conv2dTranspose(dy, w, x.shape, s, pad), dispose: () => {} },
      {
        name: `${name} dw`,
        flops,
        run: () =>
          tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, {
            strides: s,
            pad,
            dataFormat: "NHWC",
            filterShape: w.shape,
          }) as tf.Tensor,
        dispose,
      },
    );
  }
  return ops;
}

/** ViT-S/16's qkv projection at batch `batch` (197 tokens, 384 → 1152). */
export function vitMatMulOps(batch: number): GemmOp[] {
  const a = tf.randomUniform([batch * 197, 384], -1, 1, "float32", 4) as tf.Tensor2D;
  const b = tf.randomUniform([384, 1152], -0.1, 0.1, "float32", 5) as tf.Tensor2D;
  return [{
    name: "ViT-S qkv matmul",
    flops: 2 * batch * 197 * 384 * 1152,
    run: () => tf.matMul(a, b),
    dispose: () => tf.dispose([a, b]),
  }];
}

/**
 * Milliseconds per call of each op (after one warm-up call), over at least `minSeconds`: calls go out in rounds of
 * `round`, each round synchronised by reading one value back, so that a GPU's queue stays full but bounded.
 */
export async function timeGemmOps(
  ops: GemmOp[],
  minSeconds: number,
  round = 4,
): Promise<{ name: string; ms: number; gflops: number }[]> {
  const out = [];
  const sync = async (t: tf.Tensor) => {
    const one = tf.slice(tf.reshape(t, [-1]), 0, 1);
    await one.data();
    tf.dispose([one, t]);
  };
  for (const op of ops) {
    await sync(op.run());
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < minSeconds * 1000 || n < round) {
      for (let i = 0; i < round - 1; i++) op.run().dispose();
      await sync(op.run());
      n += round;
    }
    const ms = (performance.now() - t0) / n;
    out.push({ name: op.name, ms, gflops: op.flops / ms / 1e6 });
    op.dispose();
  }
  return out;
}
