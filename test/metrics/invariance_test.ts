import assert from "node:assert/strict";
import { cosine, type Embeddings, equivarianceScores, invarianceScores, iou, mean, spearman } from "../../lib/metrics/mod.ts";
import { quantiles } from "../../lib/metrics/invariance.ts";
import { averageRanks } from "../../lib/metrics/similarity.ts";
import { createRng } from "../../lib/rng.ts";

function randomEmbeddings(n: number, d: number, seed: number, nonNegative = true): Embeddings {
  const r = createRng(seed), values = new Float32Array(n * d);
  for (let i = 0; i < values.length; i++) values[i] = nonNegative ? r.next() : r.normal();
  return { n, d, values };
}

Deno.test("invariance: 1 for the identity, ≈0 when the transformed embedding is an unrelated sample's", () => {
  const z = randomEmbeddings(400, 32, 1);
  const same = invarianceScores(z, { ...z, values: z.values.slice() }, createRng(0));
  assert.ok(same.every((v) => Math.abs(v - 1) < 1e-6));
  const other = randomEmbeddings(400, 32, 2); // f(T(x)) unrelated to f(x)
  const inv = invarianceScores(z, other, createRng(0));
  // b and t are then exchangeable, so the median of (b − t)/b is 0 (the mean is pulled below 0 by 1/b).
  const med = quantiles(inv, [0.5])[0];
  assert.ok(Math.abs(med) < 0.05, `median ${med}`);
  // A transformation that blanks every image to the same embedding gives exactly 0.
  const blank = { n: 400, d: 32, values: new Float32Array(400 * 32).fill(0.5) };
  assert.ok(invarianceScores(z, blank, createRng(0)).every((v) => Math.abs(v) < 1e-6));
});

Deno.test("invariance: an exactly invariant model scores 1 (global average of a brightness-normalised input)", () => {
  // f(x) = 8 block averages of x/‖x‖: invariant to scaling the brightness of x.
  const r = createRng(3), n = 50, p = 64, d = 8;
  const f = (x: Float64Array) => {
    let norm = 0;
    for (const v of x) norm += v * v;
    norm = Math.sqrt(norm);
    return Array.from({ length: d }, (_, k) => x.subarray(k * 8, k * 8 + 8).reduce((a, v) => a + v / norm, 0) / 8);
  };
  const z = new Float32Array(n * d), zt = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const x = Float64Array.from({ length: p }, () => r.next() ** 3);
    z.set(f(x), i * d);
    zt.set(f(x.map((v) => v * 1.7)), i * d);
  }
  const inv = invarianceScores({ n, d, values: z }, { n, d, values: zt }, createRng(1));
  assert.ok(inv.every((v) => Math.abs(v - 1) < 1e-3), `${inv.slice(0, 5)}`);
});

Deno.test("equivariance: displacements along one direction align maximally, shuffled differences give ≈0, identity 0", () => {
  const n = 1200, z = randomEmbeddings(n, 16, 4, false);
  // T moves every embedding along the same direction v by a sample-dependent amount: D_i = s_i·v,
  // so d(D_i, D_π(i)) = 0 and eq_i is the whole baseline distance.
  // This is a linear map of the embedding, Zt = Z(I − u vᵀ), when s_i = z_i·u > 0.
  const v = Float32Array.from({ length: 16 }, (_, k) => Math.sin(k + 1));
  const r = createRng(9), s = Float32Array.from({ length: n }, () => Math.exp(r.normal()));
  const zt = { ...z, values: z.values.map((x, i) => x - s[Math.floor(i / 16)] * v[i % 16]) };
  const eq = equivarianceScores(z, zt, createRng(0));
  // Every eq_i is the whole baseline distance (never below 0), clearly above the shuffled case.
  assert.ok(eq.every((e) => e >= -1e-9), "aligned differences never score below the baseline");
  assert.ok(mean(eq) > 0.2, `aligned ${mean(eq)}`);
  // A constant shift is invisible to this measure: column shuffles of a constant D leave it unchanged.
  const shifted = { ...z, values: z.values.map((x, i) => x - v[i % 16]) };
  assert.ok(equivarianceScores(z, shifted, createRng(0)).every((e) => Math.abs(e) < 1e-9));
  const noise = randomEmbeddings(n, 16, 5, false);
  const shuffled = equivarianceScores(z, noise, createRng(0));
  // Random 16-d directions: cosine distances have sd ≈ 0.25, so the mean of n differences is within 5·0.25·√2/√n.
  assert.ok(Math.abs(mean(shuffled)) < (5 * 0.25 * Math.SQRT2) / Math.sqrt(n), `shuffled ${mean(shuffled)}`);
  assert.ok(equivarianceScores(z, { ...z }, createRng(0)).every((v) => v === 0));
});

Deno.test("statistics: cosine, ranks with ties, Spearman, IoU, quantiles by hand", () => {
  assert.equal(cosine([1, 0], 0, [0, 1], 0, 2), 0);
  assert.ok(Math.abs(cosine([1, 2], 0, [2, 4], 0, 2) - 1) < 1e-12);
  assert.equal(cosine([0, 0], 0, [1, 1], 0, 2), 0);
  assert.deepEqual(averageRanks([10, 20, 20, 5]), [2, 3.5, 3.5, 1]);
  assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  // With ties: ranks x = [1, 2.5, 2.5, 4], y = [1, 2, 3, 4]; Pearson of those = 0.9486832980505138 (scipy.stats.spearmanr).
  assert.ok(Math.abs(spearman([1, 2, 2, 3], [1, 2, 3, 4]) - 0.9486832980505138) < 1e-12);
  assert.equal(iou([1, 2, 3], [2, 3, 4]), 0.5);
  assert.deepEqual(quantiles([1, 2, 3, 4, 5], [0, 0.25, 0.5, 1]), [1, 2, 3, 5]);
});
