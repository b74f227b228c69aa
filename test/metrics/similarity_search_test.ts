import assert from "node:assert/strict";
import {
  aggregateChanges,
  invarianceName,
  opPositions,
  pairChanges,
  rankingSpearman,
  referencePairs,
  type SearchRow,
  topPerClass,
  topShareByInvarianceGap,
} from "../../lib/metrics/similarity_search.ts";
import { spearman } from "../../lib/metrics/similarity.ts";

const emb = (rows: number[][]) => ({ n: rows.length, d: rows[0].length, values: Float32Array.from(rows.flat()) });
const close = (a: number, b: number, what = "") => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);

Deno.test("Eq. 2 by hand: only the second image is transformed; percent change is Δ/sim₀", () => {
  const z1 = emb([[1, 0], [1, 0]]), z2 = emb([[1, 1], [0, 1]]), z2t = emb([[1, 0], [1, 1]]);
  const { sim0, delta } = pairChanges(z1, z2, z2t);
  close(sim0[0], Math.SQRT1_2, "sim0 pair 0");
  close(delta[0], 1 - Math.SQRT1_2, "Δ pair 0");
  close(sim0[1], 0, "sim0 pair 1");
  const agg = aggregateChanges([0.5, 0.5, 0.8], [0.1, -0.2, 0.4]);
  close(agg.avgPercentChange, (0.2 - 0.4 + 0.5) / 3, "avg percent change");
  close(agg.avgPercentBoost, (0.2 + 0.5) / 2, "avg percent boost");
  close(agg.proportionBoosted, 2 / 3, "proportion boosted");
  close(agg.weightedBoost, 0.35 * 2 / 3, "weighted boost");
  assert.equal(agg.numBoosted, 2);
  const none = aggregateChanges([0.5], [-0.1]);
  assert.ok(Number.isNaN(none.avgPercentBoost));
  assert.equal(none.weightedBoost, 0);
});

Deno.test("a transformation mapping each second image exactly onto the first gives the maximal increase", () => {
  const z1 = emb([[1, 2, 0], [0, 3, 1], [2, 0, 2]]), z2 = emb([[0, 1, 1], [1, 0, 0], [1, 1, 0]]);
  const exact = pairChanges(z1, z2, z1);
  const other = pairChanges(z1, z2, emb([[1, 1, 1], [0, 2, 2], [2, 1, 1]]));
  for (let i = 0; i < 3; i++) {
    close(exact.sim0[i] + exact.delta[i], 1, `sim_τ = 1 for pair ${i}`);
    assert.ok(exact.delta[i] >= other.delta[i] - 1e-12);
  }
  const id = pairChanges(z1, z2, z2);
  for (const d of id.delta) close(d, 0, "identity changes nothing");
});

Deno.test("reference pairs: k with k+16 in batches of 32, the last incomplete batch dropped, capped by batch", () => {
  const idx = Array.from({ length: 80 }, (_, i) => 100 + i);
  const p = referencePairs(idx, 1000);
  assert.equal(p.length, 32); // two full batches; 16 images left over are dropped
  assert.deepEqual(p[0], [100, 116]);
  assert.deepEqual(p[16], [132, 148]);
  assert.equal(referencePairs(idx, 10).length, 16); // whole batches until ≥ 10
});

Deno.test("rankings: op positions, Spearman between classes (ties averaged), the top row per class", () => {
  const row = (cls: string, op: string, v: number, p = 0.5): SearchRow => ({
    class: cls,
    transform: `${op} ${v}`,
    op,
    family: "appearance",
    meanDelta: v,
    stdDelta: 0,
    avgPercentChange: v,
    avgPercentBoost: v,
    proportionBoosted: p,
    numBoosted: 1,
    totalPairs: 2,
    weightedBoost: v * p,
  });
  const a = [row("A", "x", 0.3), row("A", "y", 0.1), row("A", "x", 0.2), row("A", "z", -0.1)];
  const b = [row("B", "z", 0.3), row("B", "y", 0.2), row("B", "x", 0.1)];
  assert.deepEqual(opPositions(a, ["x", "y", "z"]), [0, 2, 3]);
  close(rankingSpearman(a, a, ["x", "y", "z"]), 1, "self");
  close(rankingSpearman(a, b, ["x", "y", "z"]), -1, "reversed");
  close(spearman([1, 2, 2, 3], [1, 3, 3, 4]), 1, "ties on both sides, same order");
  close(spearman([1, 2, 2, 3], [4, 3, 2, 1]), -0.9486832980505138, "ties on one side (scipy)");
  assert.deepEqual(topPerClass([...a, ...b]).map((r) => r.transform).sort(), ["x 0.3", "z 0.3"]);
});

Deno.test("Fig. 3C mapping and shares: rescale → zoom-in, contrast by index, unmapped ops dropped, shares by gap bin", () => {
  assert.equal(invarianceName("rescale", 8), "scale_zoom_in");
  assert.equal(invarianceName("contrast", 3), "decrease_contrast");
  assert.equal(invarianceName("contrast", 8), "increase_contrast");
  assert.equal(invarianceName("equalize", 4), undefined);
  const r = (cls: string, op: string, index: number, p: number) => ({
    class: cls,
    transform: `${op} ${index}`,
    op,
    index,
    family: "x",
    meanDelta: 0,
    stdDelta: 0,
    avgPercentChange: 0,
    avgPercentBoost: 0.1,
    proportionBoosted: p,
    numBoosted: 1,
    totalPairs: 1,
    weightedBoost: 0,
  });
  const rows = [
    r("A", "rotate", 4, 0.9),
    r("A", "posterize", 5, 0.8),
    r("A", "solarize", 2, 0.99),
    r("B", "rotate", 3, 0.7),
    r("B", "posterize", 6, 0.1),
  ];
  const bins = topShareByInvarianceGap(rows, { rotate: -0.1, posterize: 0.2 }, 1);
  // top-1 by proportion boosted within index 3…7: A → rotate, B → rotate
  assert.deepEqual(bins.map((b) => [b.bin, b.mean]), [["decreases", 1], ["increases", 0]]);
});
