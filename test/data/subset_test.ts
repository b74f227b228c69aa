import assert from "node:assert/strict";
import { balancedIndices, balancedSubset, classCounts, loadFashionMnist } from "../../lib/data/mod.ts";

Deno.test("balanced subsets: n per class, deterministic by seed, different across seeds", async () => {
  const ds = await loadFashionMnist("train");
  const a = balancedSubset(ds, 30, 7);
  assert.equal(a.n, 300);
  assert.deepEqual(classCounts(a), new Array(10).fill(30));
  const b = balancedIndices(ds.labels, 10, 30, 7);
  const c = balancedIndices(ds.labels, 10, 30, 8);
  assert.deepEqual(Array.from(balancedIndices(ds.labels, 10, 30, 7)), Array.from(b));
  assert.notDeepEqual(Array.from(b), Array.from(c));
  assert.equal(new Set(b).size, b.length, "no image twice");
  // A larger subset with the same seed does not change which images a class gets first? No such promise;
  // but each index must point to an image of the class it is listed under.
  for (let k = 0; k < b.length; k++) assert.equal(ds.labels[b[k]], Math.floor(k / 30));
});

Deno.test("balanced subsets: asking for more than a class has names the class", () => {
  const labels = [0, 0, 0, 1];
  assert.throws(() => balancedIndices(labels, 2, 2, 0, ["cat", "dog"]), /class dog has 1 images, fewer than the 2 per class/);
  assert.throws(() => balancedIndices(labels, 2, 0, 0), /nPerClass must be a positive integer/);
});
