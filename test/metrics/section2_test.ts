import assert from "node:assert/strict";
import {
  acrossIou,
  chanceWithinIou,
  helpedLists,
  helpedPools,
  helpedSamples,
  withinIou,
} from "../../lib/metrics/helped_samples.ts";
import { hurtClasses } from "../../lib/metrics/hurt_classes.ts";
import { pickBest } from "../../lib/experiments/selection.ts";
import type { TrainConfig, TrainResult } from "../../lib/train/trainer.ts";

Deno.test("helped samples: right with the method, wrong without; IoU within and across methods by hand", () => {
  assert.deepEqual(helpedSamples("1101", "0100"), [0, 3]);
  assert.throws(() => helpedSamples("11", "111"), /differ in length/);
  // method seeds a, b; base seeds x, y → lists (a,x) (a,y) (b,x) (b,y)
  const lists = helpedLists(["1100", "1010"], ["0000", "1000"]);
  assert.deepEqual(lists, [[0, 1], [1], [0, 2], [2]]);
  // unordered pairs: {01,1}=1/2, {01,02}=1/3, {01,2}=0, {1,02}=0, {1,2}=0, {02,2}=1/2
  const w = withinIou(lists);
  assert.equal(w.pairs, 6);
  assert.ok(Math.abs(w.mean - (0.5 + 1 / 3 + 0.5) / 6) < 1e-12);
  const a = acrossIou([[0, 1]], [[0, 1], [2]]);
  assert.equal(a.pairs, 2);
  assert.equal(a.mean, 0.5);
  // identical lists → IoU 1, and SEM 0
  const same = withinIou([[1, 2], [1, 2], [1, 2]]);
  assert.equal(same.mean, 1);
  assert.equal(same.sem, 0);
  // two empty lists have no IoU: that pair is left out
  assert.deepEqual(withinIou([[], [], [3]]), { mean: 0, sem: 0, pairs: 2 });
});

Deno.test("hurt classes: shares, mean loss where hurt, the largest drop, helped classes, threshold is strict", () => {
  // 2 classes; method seeds m1, m2; base seeds b1, b2 → 4 comparisons
  const method = [[0.5, 0.9], [0.6, 0.8]];
  const base = [[0.7, 0.8], [0.6, 0.7]];
  // class 0 drops: m1-b1 0.2, m1-b2 0.1, m2-b1 0.1, m2-b2 0 (not hurt) → 3/4 hurt, mean 0.1333
  // class 1 never hurt; helped in m1-b1, m1-b2, m2-b2 (3/4), tie m2-b1
  const s = hurtClasses(method, base, 0.7);
  assert.equal(s.comparisons, 4);
  assert.deepEqual(s.hurt.map((h) => h.class), [0]);
  assert.equal(s.hurt[0].share, 0.75);
  assert.ok(Math.abs(s.hurt[0].meanChange - 0.4 / 3) < 1e-12);
  assert.deepEqual(s.helped.map((h) => h.class), [1]);
  assert.equal(s.largestDrop.class, 0);
  assert.ok(Math.abs(s.largestDrop.drop - 0.2) < 1e-12);
  // fraction of classes hurt per comparison: 1/2, 1/2, 1/2, 0 → 0.375
  assert.equal(s.meanFractionHurt, 0.375);
  assert.deepEqual(hurtClasses(method, base, 0.75).hurt, []);
  // a method equal to its baseline hurts nothing
  assert.equal(hurtClasses([[0.5, 0.7]], [[0.5, 0.7]]).meanFractionHurt, 0);
});

Deno.test("Appendix A selection keeps the setting of the best validation run (last epoch), the first on ties", () => {
  const run = (lr: number, weightDecay: number, finalTop1: number, validationPerClass = 50) => ({
    config: { lr, weightDecay, data: { validationPerClass } } as TrainConfig,
    result: { finalTop1, bestTop1: 0.99 } as TrainResult,
  });
  assert.deepEqual(pickBest([run(0.1, 5e-4, 0.7), run(0.03, 5e-4, 0.75), run(0.1, 5e-5, 0.75)]), { lr: 0.03, weightDecay: 5e-4 });
  assert.throws(() => pickBest([]), /no selection runs/);
  assert.throws(() => pickBest([run(0.1, 5e-4, 0.7, 0)]), /selection must use a validation split/);
});

Deno.test("chance IoU of helped lists: random lists of the same sizes give the hypergeometric level", () => {
  // Two lists of 100 of 1 000 images: E|A∩B| = 10, so IoU ≈ 10 / 190 ≈ 0.053.
  const all = Array.from({ length: 1000 }, (_, i) => i);
  const lists = [Array.from({ length: 100 }, (_, i) => i), Array.from({ length: 100 }, (_, i) => i)];
  const c = chanceWithinIou(lists, [all, all], { draws: 2000, seed: 3 });
  assert.equal(c.pairs, 1);
  assert.ok(Math.abs(c.mean - 10 / 190) < 0.004, `chance IoU ${c.mean}`);
  assert.equal(withinIou(lists).mean, 1, "identical lists: far above chance");
  // Larger lists overlap more by accident.
  const big = chanceWithinIou([Array(500).fill(0), Array(500).fill(0)], [all, all], { draws: 200, seed: 3 });
  assert.ok(big.mean > 0.3 && big.mean < 0.37, `${big.mean}`); // 250 / 750 = 0.333
  assert.deepEqual(chanceWithinIou(lists, [all, all], { seed: 1 }), chanceWithinIou(lists, [all, all], { seed: 1 }));
  assert.throws(() => chanceWithinIou(lists, [all]), /2 helped lists but 1 pools/);
});

Deno.test("chance IoU of helped lists: drawn from the no-augmentation errors, the level is higher", () => {
  // 1 000 images; each no-augmentation seed gets 400 wrong (the same 400), each method seed helps 100 of them.
  const base = ["0".repeat(400) + "1".repeat(600), "0".repeat(400) + "1".repeat(600)];
  const pools = helpedPools(2, base);
  assert.equal(pools.length, 4);
  assert.deepEqual(pools[0], Array.from({ length: 400 }, (_, i) => i));
  const lists = Array.from({ length: 4 }, (_, k) => Array.from({ length: 100 }, (_, i) => (i + 50 * k) % 400));
  const fair = chanceWithinIou(lists, pools, { draws: 1000, seed: 2 });
  // Two lists of 100 of 400: E|A∩B| = 25, IoU ≈ 25 / 175 ≈ 0.143, against 0.053 from all 1 000 images.
  assert.ok(Math.abs(fair.mean - 25 / 175) < 0.01, `${fair.mean}`);
  assert.throws(
    () => chanceWithinIou([Array(500).fill(0)], [Array(400).fill(0)]),
    /helped list 0 has 500 images, its pool only 400/,
  );
});
