/**
 * The dimensions of a batched matrix product a·b as our native and WGSL
 * kernels compute it: either operand transposed, batches equal or one of
 * them a single matrix that is reused (stride 0). Other broadcasts are left
 * to the backend's own kernel (null).
 */
import * as tf from "@tensorflow/tfjs-core";

export interface MatMulShape {
  batch: number;
  m: number;
  n: number;
  k: number;
  /** Elements between consecutive matrices of a and of b: 0 for a single reused matrix. */
  strideA: number;
  strideB: number;
  outShape: number[];
}

export function matMulShape(a: number[], b: number[], transposeA: boolean, transposeB: boolean): MatMulShape | null {
  if (a.length < 2 || b.length < 2) return null;
  const ra = a.length, rb = b.length;
  const m = transposeA ? a[ra - 1] : a[ra - 2], k = transposeA ? a[ra - 2] : a[ra - 1];
  const n = transposeB ? b[rb - 2] : b[rb - 1];
  const ba = size(a.slice(0, -2)), bb = size(b.slice(0, -2));
  if (ba !== bb && ba !== 1 && bb !== 1) return null;
  const outBatch = tf.backend_util.assertAndGetBroadcastShape(a.slice(0, -2), b.slice(0, -2));
  const batch = Math.max(ba, bb);
  if (size(outBatch) !== batch) return null;
  return { batch, m, n, k, strideA: ba === 1 ? 0 : m * k, strideB: bb === 1 ? 0 : k * n, outShape: [...outBatch, m, n] };
}

function size(shape: number[]): number {
  return shape.reduce((x, y) => x * y, 1);
}
