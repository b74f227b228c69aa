/**
 * The paper's Section 3 and Appendix D measures on embeddings.
 *
 * Invariance (Eq. 1, reference convention): with Z = f(x), Zt = f(T(x)), a
 * random permutation π and the cosine distance d,
 *   inv_i = (d(Z_i, Zt_π(i)) − d(Z_i, Zt_i)) / (d(Z_i, Zt_π(i)) + 1e-8):
 * 1 when T leaves the embedding unchanged, 0 when T(x) is no closer to x than
 * another sample's transform, negative when farther.
 *
 * Equivariance (Appendix D): D = Z − Zt; B = D with each column permuted
 * independently (same marginals, no joint direction); with a row permutation π
 * shared by both, eq_i = d(B_i, B_π(i)) − d(D_i, D_π(i)): above 0 when the
 * embedding moves in a consistent direction under T.
 */
import type { Rng } from "../rng.ts";
import { cosineDistance } from "./similarity.ts";

export interface Embeddings {
  n: number;
  d: number;
  /** Row-major n × d. */
  values: Float32Array;
}

function checkPair(z: Embeddings, zt: Embeddings) {
  if (z.n !== zt.n || z.d !== zt.d) throw new RangeError(`embeddings differ in shape: ${z.n}×${z.d} vs ${zt.n}×${zt.d}`);
  if (z.n < 2) throw new RangeError("at least two samples are needed (the baseline pairs each sample with another)");
}

/** A permutation with no fixed point (each sample is compared with another), drawn from `rng`. */
export function derangement(n: number, rng: Rng): Int32Array {
  for (;;) {
    const p = rng.permutation(n);
    let ok = true;
    for (let i = 0; i < n && ok; i++) if (p[i] === i) ok = false;
    if (ok) return p;
  }
}

/** Per-sample invariance of Eq. 1 (the distribution the paper plots). */
export function invarianceScores(z: Embeddings, zt: Embeddings, rng: Rng): Float64Array {
  checkPair(z, zt);
  const { n, d } = z, pi = derangement(n, rng);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = cosineDistance(z.values, i * d, zt.values, pi[i] * d, d);
    const t = cosineDistance(z.values, i * d, zt.values, i * d, d);
    out[i] = (b - t) / (b + 1e-8);
  }
  return out;
}

/** Per-sample equivariance alignment of Appendix D. */
export function equivarianceScores(z: Embeddings, zt: Embeddings, rng: Rng): Float64Array {
  checkPair(z, zt);
  const { n, d } = z;
  const D = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) D[i] = z.values[i] - zt.values[i];
  const B = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const p = rng.permutation(n);
    for (let i = 0; i < n; i++) B[i * d + j] = D[p[i] * d + j];
  }
  const pi = derangement(n, rng);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = cosineDistance(B, i * d, B, pi[i] * d, d) - cosineDistance(D, i * d, D, pi[i] * d, d);
  return out;
}

/** Quantiles of a sample (linear interpolation, as numpy's default). */
export function quantiles(xs: ArrayLike<number>, qs: number[]): number[] {
  const s = Float64Array.from(xs).sort();
  return qs.map((q) => {
    const h = (s.length - 1) * q, lo = Math.floor(h), hi = Math.ceil(h);
    return s[lo] + (s[hi] - s[lo]) * (h - lo);
  });
}
