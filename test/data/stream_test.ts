/**
 * The streaming input pipeline: images augmented from the original files,
 * the same for any number of workers, corrupt files failing or skipped by the
 * onCorrupt rule, and a run trained from a folder resuming exactly.
 */
import assert from "node:assert/strict";
import { pipelineByKey } from "../../lib/augment/registry.ts";
import { indexImageFolder } from "../../lib/data/folder.ts";
import { writePhotoFolder } from "../../lib/data/photo_folder.ts";
import { streamingSource } from "../../lib/data/stream.ts";
import { sampleSeed, type TrainBatch, type TrainSource } from "../../lib/data/train_source.ts";
import { readImage } from "../../lib/image/image.ts";
import { smallResnetConfig } from "../../lib/models/mod.ts";
import { createRng } from "../../lib/rng.ts";
import { silentProgress, train, type TrainConfig } from "../../lib/train/mod.ts";
import { withTempDir } from "../helpers.ts";

const g = { resizeTo: 36, crop: 32 };

/** One epoch's batches; `close` stops the workers after it (also when it fails). */
async function epoch(
  src: TrainSource,
  augment: "HC" | "None",
  order: Int32Array,
  opts: { close?: boolean } = {},
): Promise<TrainBatch[]> {
  const out: TrainBatch[] = [];
  try {
    for await (const b of src.batches({ augment, geometry: g, order, batchSize: 4, rng: createRng(0), epochSeed: 77 })) {
      out.push(b);
    }
  } finally {
    if (opts.close !== false) src.close();
  }
  return out;
}

Deno.test("streaming: each image is augmented from its original file with its own seed, whatever the number of workers", async () => {
  await withTempDir(async (root) => {
    await writePhotoFolder(root, { classes: 3, perClass: { train: 4 }, scale: 0.12, seed: 1 });
    const index = await indexImageFolder(root, "train");
    const sizes = await Promise.all(index.files.map(async (f) => (await readImage(f.path)).width));
    assert.ok(new Set(sizes).size > 1, "the folder has images of several sizes");
    const order = createRng(5).permutation(index.files.length);
    const one = await epoch(streamingSource(index.files, index.classes, { workers: 1 }), "HC", order);
    const two = await epoch(streamingSource(index.files, index.classes, { workers: 2, prefetch: 1 }), "HC", order);
    assert.equal(one.length, 3);
    assert.deepEqual(two.map((b) => [...b.labels]), one.map((b) => [...b.labels]));
    two.forEach((b, i) => assert.deepEqual(b.pixels, one[i].pixels));
    // The reference: RandomResizedCrop + flip applied here to the decoded original, seeded by (epoch seed, position).
    const pipe = pipelineByKey("HC", g);
    for (let p = 0; p < order.length; p++) {
      const img = await readImage(index.files[order[p]].path);
      const want = pipe.apply(img, pipe.sample(createRng(sampleSeed(77, p)), img.width, img.height));
      const b = one[Math.floor(p / 4)], k = p % 4, size = 32 * 32 * 3;
      assert.deepEqual(b.pixels.subarray(k * size, (k + 1) * size), want.data, `image at position ${p}`);
      assert.equal(b.labels[k], index.files[order[p]].label);
    }
  });
});

Deno.test("streaming: a corrupt file fails naming it, or is skipped and listed once", async () => {
  await withTempDir(async (root) => {
    await writePhotoFolder(root, { classes: 2, perClass: { train: 3 }, scale: 0.1 });
    const index = await indexImageFolder(root, "train");
    const bad = index.files[2].path;
    const bytes = await Deno.readFile(bad);
    await Deno.writeFile(bad, bytes.subarray(0, 200)); // truncated mid-scan
    const order = Int32Array.from({ length: index.files.length }, (_, i) => i);
    await assert.rejects(
      epoch(streamingSource(index.files, index.classes, { workers: 2 }), "None", order),
      (e: Error) => e.name === "ImageReadError" && e.message.includes(bad),
    );
    const src = streamingSource(index.files, index.classes, { workers: 2, onCorrupt: "skip" });
    for (let e = 0; e < 2; e++) {
      const batches = await epoch(src, "None", order, { close: e === 1 }); // the second epoch reuses the workers
      assert.deepEqual(batches.map((b) => b.count), [3, 2]);
      assert.equal(batches[1].pixels.length, 2 * 32 * 32 * 3);
    }
    assert.deepEqual(src.skipped.map((s) => s.path), [bad]);
  });
});

Deno.test("streaming: an epoch abandoned early, then closed, leaves no worker running", async () => {
  await withTempDir(async (root) => {
    await writePhotoFolder(root, { classes: 2, perClass: { train: 6 }, scale: 0.1 });
    const index = await indexImageFolder(root, "train");
    const src = streamingSource(index.files, index.classes, { workers: 2 });
    const order = Int32Array.from({ length: index.files.length }, (_, i) => i);
    for await (const b of src.batches({ augment: "C", geometry: g, order, batchSize: 2, rng: createRng(0), epochSeed: 1 })) {
      assert.equal(b.count, 2);
      break;
    }
    src.close(); // the test's sanitizers fail if a worker were left running
  });
});

Deno.test("training from a folder streams the originals and resumes exactly", async () => {
  await withTempDir(async (root) => {
    await writePhotoFolder(root, { classes: 3, perClass: { train: 8, val: 4 }, scale: 0.1, seed: 2 });
    const cfg: TrainConfig = {
      model: smallResnetConfig({ depth: 8, width: 4, numClasses: 3, imageSize: 32, inChannels: 3 }),
      data: { dataset: root, resizeTo: 36, crop: 32, grey: false, trainPerClass: 0, testPerClass: 0, subsetSeed: 0 },
      augment: "HC",
      epochs: 2,
      batchSize: 8,
      lr: 0.05,
      weightDecay: 5e-4,
      momentum: 0.9,
      lrStep: 10,
      seed: 3,
    };
    const whole = await train(cfg, { runDir: `${root}/runs/a`, progress: silentProgress() });
    await train(cfg, { runDir: `${root}/runs/b`, progress: silentProgress(), stopAfterEpoch: 1 });
    const resumed = await train(cfg, { runDir: `${root}/runs/b`, progress: silentProgress() });
    assert.deepEqual(resumed.history.map((h) => [h.loss, h.top1]), whole.history.map((h) => [h.loss, h.top1]));
    const wa = await Deno.readFile(`${root}/runs/a/final/weights.bin`),
      wb = await Deno.readFile(`${root}/runs/b/final/weights.bin`);
    assert.deepEqual(wa, wb);
  });
});
