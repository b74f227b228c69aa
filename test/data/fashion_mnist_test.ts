import assert from "node:assert/strict";
import { classCounts, FASHION_MNIST_CLASSES, loadFashionMnist } from "../../lib/data/mod.ts";
import { parseIdx, readIdx } from "../../lib/data/idx.ts";
import { loadWordNet } from "../../lib/wordnet/wordnet.ts";
import { withTempDir } from "../helpers.ts";

Deno.test("Fashion-MNIST: 60 000 train and 10 000 test images of 28×28, 10 balanced classes", async () => {
  const train = await loadFashionMnist("train");
  const test = await loadFashionMnist("test");
  assert.equal(train.n, 60000);
  assert.equal(test.n, 10000);
  assert.deepEqual([train.height, train.width, train.channels], [28, 28, 1]);
  assert.deepEqual(classCounts(train), new Array(10).fill(6000));
  assert.deepEqual(classCounts(test), new Array(10).fill(1000));
  // Known facts of the published files: the first training image is an ankle boot,
  // the first two test images an ankle boot and a pullover.
  assert.equal(train.labels[0], 9);
  assert.deepEqual([test.labels[0], test.labels[1]], [9, 2]);
  assert.equal(train.pixels.length, 60000 * 784);
});

Deno.test("Fashion-MNIST: every class has a name and a WordNet 3.0 noun id that resolves", async () => {
  const wn = await loadWordNet();
  assert.equal(FASHION_MNIST_CLASSES.length, 10);
  for (const c of FASHION_MNIST_CLASSES) {
    const s = wn.synset(c.wnid);
    assert.ok(s.lemmas.length > 0, c.name);
  }
  assert.ok(wn.synset("n02872752").lemmas.includes("boot"));
  assert.ok(wn.synset("n03472535").lemmas.includes("sneaker"));
  assert.throws(() => wn.synset("n99999999"), /unknown wnid n99999999/);
  assert.throws(() => wn.synset("boot"), /not a WordNet noun id/);
});

Deno.test("IDX: malformed files give errors naming the file", async () => {
  assert.throws(() => parseIdx(new Uint8Array([1, 2, 3, 4, 5]), "x.idx"), /x.idx: not an IDX file/);
  assert.throws(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]), "f.idx"), /type 0xd is not supported/);
  // Header says 3 values, file holds 2.
  assert.throws(
    () => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 7]), "short.idx"),
    /short.idx: header says 3 = 3 values but the file holds 2/,
  );
  await withTempDir(async (dir) => {
    await assert.rejects(readIdx(`${dir}/missing.idx`), /cannot read IDX file .*missing.idx/);
    await Deno.writeFile(`${dir}/bad.gz`, new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    await assert.rejects(readIdx(`${dir}/bad.gz`), /bad.gz/);
  });
});

Deno.test("Fashion-MNIST: a label file that does not match its image file is an error naming both", async () => {
  await withTempDir(async (dir) => {
    const header = (dims: number[]) => {
      const b = new Uint8Array(4 + 4 * dims.length);
      b.set([0, 0, 8, dims.length]);
      const v = new DataView(b.buffer);
      dims.forEach((d, k) => v.setUint32(4 + 4 * k, d, false));
      return b;
    };
    const images = new Uint8Array([...header([3, 2, 2]), ...new Uint8Array(12)]);
    const labels = new Uint8Array([...header([2]), 1, 2]);
    await Deno.writeFile(`${dir}/t10k-images-idx3-ubyte`, images);
    await Deno.writeFile(`${dir}/t10k-labels-idx1-ubyte`, labels);
    await assert.rejects(
      loadFashionMnist("test", { dir }),
      /label file .*t10k-labels-idx1-ubyte has 2 labels but image file .*t10k-images-idx3-ubyte has 3 images/,
    );
    await assert.rejects(loadFashionMnist("train", { dir }), /train-images-idx3-ubyte\(\.gz\) not found/);
    // @ts-expect-error: a wrong split name is a clear error
    assert.throws(() => loadFashionMnist("val"), /split must be "train" or "test", got "val"/);
  });
});
