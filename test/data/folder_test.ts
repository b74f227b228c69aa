import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import {
  evalPreprocess,
  folderBatches,
  indexImageFolder,
  loadDataset,
  loadImageFolder,
  type SkippedFile,
} from "../../lib/data/mod.ts";
import { encodeJpeg, encodePng, readImage, writeImage } from "../../lib/image/image.ts";
import { fashionImage, withTempDir } from "../helpers.ts";

const BOOT = "n02872752", SANDAL = "n04133789";

/** A real little ImageNet-style tree: 3 PNG boots, 2 JPEG sandals, plus whatever `extra` adds. */
async function makeTree(root: string, extra?: (root: string) => Promise<void>) {
  for (const wnid of [BOOT, SANDAL]) await Deno.mkdir(`${root}/train/${wnid}`, { recursive: true });
  let boots = 0, sandals = 0;
  for (let i = 0; boots < 3 || sandals < 2; i++) {
    const { image, label } = await fashionImage(i);
    if (label === 9 && boots < 3) await writeImage(`${root}/train/${BOOT}/img${boots++}.png`, image);
    if (label === 5 && sandals < 2) await writeImage(`${root}/train/${SANDAL}/img${sandals++}.JPEG`, image, { quality: 95 });
  }
  await Deno.writeTextFile(`${root}/train/${BOOT}/README.txt`, "not an image");
  if (extra) await extra(root);
}

Deno.test("image folder: indexes classes in order, names them from WordNet, ignores stray files", async () => {
  await withTempDir(async (root) => {
    await makeTree(root);
    const idx = await indexImageFolder(root, "train");
    assert.deepEqual(idx.classes.map((c) => c.wnid), [BOOT, SANDAL]);
    assert.deepEqual(idx.classes.map((c) => c.name), ["boot", "sandal"]);
    assert.equal(idx.files.length, 5);
    assert.deepEqual(idx.files.map((f) => f.label), [0, 0, 0, 1, 1]);
    assert.equal(idx.ignored.length, 1);
    assert.match(idx.ignored[0], /README.txt$/);
  });
});

Deno.test("image folder: PNG is lossless, JPEG close; evaluation pre-processing applied", async () => {
  await withTempDir(async (root) => {
    await makeTree(root);
    const ds = await loadImageFolder(root, "train", { resizeTo: 32, crop: 28, grey: true });
    assert.equal(ds.n, 5);
    assert.deepEqual([ds.height, ds.width, ds.channels], [28, 28, 1]);
    const png = await readImage(`${root}/train/${BOOT}/img0.png`, { grey: true });
    const expected = evalPreprocess(png, { resizeTo: 32, crop: 28 });
    assert.deepEqual(ds.pixels.subarray(0, 784), expected.data);
    const rgb = await loadImageFolder(root, "train", { resizeTo: 64, crop: 48 });
    assert.deepEqual([rgb.height, rgb.width, rgb.channels, rgb.n], [48, 48, 3, 5]);
  });
});

Deno.test("image folder: round trip of a real image through PNG is exact and through JPEG is near", async () => {
  const { image } = await fashionImage(0);
  const { decodeImage } = await import("../../lib/image/image.ts");
  const back = await decodeImage(await encodePng(image), "mem.png", { grey: true });
  assert.deepEqual(back.data, image.data);
  const j = await decodeImage(await encodeJpeg(image, 95), "mem.jpg", { grey: true });
  let err = 0;
  for (let i = 0; i < image.data.length; i++) err += Math.abs(j.data[i] - image.data[i]);
  assert.ok(err / image.data.length < 6, `mean JPEG error ${err / image.data.length}`);
});

Deno.test("image folder: a corrupt or truncated image fails naming the file, or is skipped and counted", async () => {
  await withTempDir(async (root) => {
    await makeTree(root, async (r) => {
      await Deno.writeFile(`${r}/train/${SANDAL}/broken.JPEG`, new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
      const good = await Deno.readFile(`${r}/train/${BOOT}/img0.png`);
      await Deno.writeFile(`${r}/train/${BOOT}/cut.png`, good.subarray(0, Math.floor(good.length / 2)));
    });
    await assert.rejects(loadImageFolder(root, "train", { resizeTo: 32, crop: 28, grey: true }), (e: Error) => {
      assert.match(e.message, /cannot read image .*(cut\.png|broken\.JPEG)/);
      return true;
    });
    const ds = await loadImageFolder(root, "train", { resizeTo: 32, crop: 28, grey: true, onCorrupt: "skip" });
    assert.equal(ds.n, 5);
    assert.equal(ds.skipped.length, 2);
    assert.deepEqual(ds.skipped.map((s) => s.path.split("/").pop()).sort(), ["broken.JPEG", "cut.png"]);
  });
});

Deno.test("image folder: missing root, missing split, no class folders, empty class: errors name the folder", async () => {
  await withTempDir(async (root) => {
    await assert.rejects(indexImageFolder(`${root}/nope`, "train"), /dataset root .*nope does not exist/);
    await Deno.mkdir(`${root}/val`);
    await assert.rejects(indexImageFolder(root, "train"), /split folder .*\/train not found \(folders in .*: val\)/);
    await assert.rejects(indexImageFolder(root, "val"), /\/val has no class folders/);
    await makeTree(root, (r) => Deno.mkdir(`${r}/train/n03057021`));
    await assert.rejects(indexImageFolder(root, "train"), /class folder .*train\/n03057021 holds no images/);
    await assert.rejects(loadDataset(`${root}/nope`, "train"), /does not exist/);
  });
});

Deno.test("image folder: batches as normalised tensors, skipped files reported", async () => {
  await withTempDir(async (root) => {
    await makeTree(root, (r) => Deno.writeFile(`${r}/train/${BOOT}/zz.png`, new Uint8Array([1, 2, 3])));
    await tf.setBackend("cpu");
    const idx = await indexImageFolder(root, "train");
    const skipped: SkippedFile[] = [];
    const shapes: number[][] = [];
    let labels: number[] = [];
    for await (
      const b of folderBatches(idx, {
        batchSize: 2,
        resizeTo: 32,
        crop: 28,
        grey: true,
        onCorrupt: "skip",
        skipped,
        norm: { mean: [0], std: [1] },
      })
    ) {
      shapes.push(b.x.shape);
      const max = tf.max(b.x).dataSync()[0];
      assert.ok(max <= 1 && max > 0.5);
      b.x.dispose();
      labels = labels.concat(Array.from(b.labels));
    }
    assert.deepEqual(shapes, [[2, 28, 28, 1], [2, 28, 28, 1], [1, 28, 28, 1]]);
    assert.deepEqual(labels, [0, 0, 0, 1, 1]);
    assert.equal(skipped.length, 1);
  });
});
