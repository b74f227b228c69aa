import assert from "node:assert/strict";
import { imagesFor } from "../../lib/analysis/image_set.ts";
import { writeImage } from "../../lib/image/image.ts";
import { fashionImage, withTempDir } from "../helpers.ts";

Deno.test("analysis images: class-balanced, pre-processed, from the embedded set or a folder (only the chosen files decoded)", async () => {
  const fm = await imagesFor(
    { dataset: "fashion-mnist", resizeTo: 32, crop: 28, grey: true, trainPerClass: 0, testPerClass: 0 },
    40,
    0,
  );
  assert.equal(fm.images.n, 40);
  assert.deepEqual(Array.from(new Set(fm.labels)).sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(fm.fill > 50 && fm.fill < 100, `mean grey ${fm.fill}`);
  await withTempDir(async (root) => {
    for (const c of ["n02872752", "n04133789"]) await Deno.mkdir(`${root}/train/${c}`, { recursive: true });
    for (let i = 0; i < 6; i++) {
      await writeImage(`${root}/train/${i % 2 ? "n04133789" : "n02872752"}/${i}.png`, (await fashionImage(i)).image);
    }
    const f = await imagesFor({ dataset: root, resizeTo: 32, crop: 28, grey: true, trainPerClass: 0, testPerClass: 0 }, 4, 0);
    assert.equal(f.images.n, 4);
    assert.deepEqual(Array.from(f.labels), [0, 0, 1, 1]);
  });
});
