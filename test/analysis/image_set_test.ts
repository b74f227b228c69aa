import assert from "node:assert/strict";
import { analysisImages, backgroundControlImages, imagesFor } from "../../lib/analysis/image_set.ts";
import { getProfile } from "../../lib/profile.ts";
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

Deno.test("background control images: the analysis images of the same seed on uniform backgrounds; none for photos of other data", async () => {
  const profile = getProfile("smoke");
  const [photo, plain] = [await analysisImages(profile, 20, 3), await backgroundControlImages(profile, 20, 3)!];
  assert.deepEqual(Array.from(plain.labels), Array.from(photo.labels));
  assert.equal(plain.images.pixels.length, photo.images.pixels.length);
  assert.notDeepEqual(plain.images.pixels, photo.images.pixels);
  // A corner pixel of each image is background: it differs from the photo's in most images.
  const size = plain.images.width * plain.images.height * plain.images.channels;
  const corners = Array.from({ length: 20 }, (_, i) => plain.images.pixels[i * size] !== photo.images.pixels[i * size]);
  assert.ok(corners.filter(Boolean).length >= 15, `${corners.filter(Boolean).length} of 20 corners differ`);
  const fm = getProfile("smoke", { dataset: "fashion-mnist" });
  assert.equal(backgroundControlImages(fm, 20, 3), undefined);
});
