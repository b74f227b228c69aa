/**
 * The validation split of Appendix A's selection runs: carved from the
 * training subset, disjoint from the images those runs train on, given
 * E(·), the same for every run, and never the held-out split.
 */
import assert from "node:assert/strict";
import { validationSplit } from "../../lib/data/load.ts";
import { writePhotoFolder } from "../../lib/data/photo_folder.ts";
import type { DataConfig } from "../../lib/profile.ts";
import { loadRunData } from "../../lib/train/data.ts";
import { withTempDir } from "../helpers.ts";

const scenes: DataConfig = { dataset: "scenes", trainPerClass: 20, testPerClass: 10, resizeTo: 37, crop: 32, grey: false };

/** Every image of an epoch in order, as one byte string per image, with its label. */
async function epochImages(src: Awaited<ReturnType<typeof validationSplit>>["train"], crop: number) {
  const out: { bytes: string; label: number }[] = [];
  const order = Int32Array.from({ length: src.n }, (_, i) => i);
  const { createRng } = await import("../../lib/rng.ts");
  const size = crop * crop * 3;
  for await (
    const b of src.batches({
      augment: "None",
      geometry: { resizeTo: 37, crop },
      order,
      batchSize: 64,
      rng: createRng(0),
      epochSeed: 1,
    })
  ) {
    for (let i = 0; i < b.count; i++) {
      out.push({ bytes: b.pixels.subarray(i * size, (i + 1) * size).join(","), label: b.labels[i] });
    }
  }
  src.close();
  return out;
}

Deno.test("validation split (scenes): 5 of 20 per class held out of training, disjoint, at E(·), deterministic", async () => {
  const a = await validationSplit(scenes, { seed: 0, perClass: 5 });
  assert.equal(a.train.n, 150);
  assert.equal(a.validation.dataset.n, 50);
  assert.equal(a.validation.dataset.height, 32);
  const perClass = new Array(10).fill(0);
  for (const l of a.validation.dataset.labels) perClass[l]++;
  assert.deepEqual(perClass, new Array(10).fill(5));
  // No validation image is trained on: compare the trained images (at E(·), no augmentation) with the held ones.
  const trained = new Set((await epochImages(a.train, 32)).map((x) => x.bytes));
  const v = a.validation.dataset, size = 32 * 32 * 3;
  for (let i = 0; i < v.n; i++) {
    assert.ok(!trained.has(v.pixels.subarray(i * size, (i + 1) * size).join(",")), `validation image ${i} trained on`);
  }
  const b = await validationSplit(scenes, { seed: 0, perClass: 5 });
  assert.deepEqual(b.validation.indices, a.validation.indices);
  b.train.close();
  const other = await validationSplit(scenes, { seed: 1, perClass: 5 });
  assert.notDeepEqual(other.validation.indices, a.validation.indices);
  other.train.close();
  await assert.rejects(validationSplit(scenes, { seed: 0, perClass: 21 }), /fewer than the 21 per class/);
});

Deno.test("a run with validationPerClass evaluates on the validation split, not the held-out one", async () => {
  const withVal = await loadRunData({ ...scenes, subsetSeed: 0, validationPerClass: 5 });
  const plain = await loadRunData({ ...scenes, subsetSeed: 0 });
  assert.equal(withVal.test.n, 50);
  assert.equal(withVal.train.n, 150);
  assert.equal(plain.test.n, 100);
  assert.equal(plain.train.n, 200);
  const size = 32 * 32 * 3;
  const held = new Set(
    Array.from({ length: plain.test.n }, (_, i) => plain.test.pixels.subarray(i * size, (i + 1) * size).join(",")),
  );
  for (let i = 0; i < withVal.test.n; i++) {
    assert.ok(
      !held.has(withVal.test.pixels.subarray(i * size, (i + 1) * size).join(",")),
      "a validation image is a held-out image",
    );
  }
  withVal.train.close();
  plain.train.close();
});

Deno.test("validation split (image folder): carved from the chosen training files, the rest streamed", async () => {
  await withTempDir(async (root) => {
    await writePhotoFolder(root, { classes: 3, perClass: { train: 6 }, scale: 0.12, seed: 2 });
    const d: DataConfig = { dataset: root, trainPerClass: 4, testPerClass: 0, resizeTo: 36, crop: 32, grey: false };
    const s = await validationSplit(d, { seed: 0, perClass: 1 });
    assert.equal(s.validation.dataset.n, 3);
    assert.equal(s.train.n, 9);
    const sources = s.validation.dataset.sources ?? [];
    assert.equal(new Set(sources).size, 3);
    const trained = await epochImages(s.train, 32);
    assert.equal(trained.length, 9);
  });
});
