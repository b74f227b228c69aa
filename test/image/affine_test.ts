import assert from "node:assert/strict";
import { affine } from "../../lib/image/affine.ts";
import {
  applyTransform,
  applyTransformBatch,
  INVARIANCE_TRANSFORMS,
  POOL_OPS,
  POOL_SINGLES,
  POOL_SUBPOLICIES,
} from "../../lib/augment/transforms.ts";
import type { Image8 } from "../../lib/image/image.ts";
import { createRng } from "../../lib/rng.ts";
import { fashionImage } from "../helpers.ts";

const ramp = (w: number, h: number, ch: 1 | 3 = 1): Image8 => ({
  width: w,
  height: h,
  channels: ch,
  data: Uint8Array.from({ length: w * h * ch }, (_, i) => (i * 37) % 251),
});

Deno.test("affine: identity, integer translations are exact shifts, 90° and 180° rotations permute pixels", () => {
  const x = ramp(6, 6);
  assert.deepEqual(affine(x, {}).data, x.data);
  const t = affine(x, { translate: [2, -1] });
  for (let y = 0; y < 6; y++) {
    for (let c = 0; c < 6; c++) {
      const sy = y + 1, sx = c - 2;
      const expected = sx >= 0 && sx < 6 && sy >= 0 && sy < 6 ? x.data[sy * 6 + sx] : 0;
      assert.equal(t.data[y * 6 + c], expected, `(${c},${y})`);
    }
  }
  // Clockwise on screen: the top-left pixel goes to the top-right.
  const r = affine(x, { angle: 90 });
  for (let y = 0; y < 6; y++) for (let c = 0; c < 6; c++) assert.equal(r.data[c * 6 + (5 - y)], x.data[y * 6 + c]);
  const r180 = affine(x, { angle: 180 });
  for (let i = 0; i < 36; i++) assert.equal(r180.data[35 - i], x.data[i]);
  // Beyond the image: everything is fill.
  assert.ok(affine(x, { translate: [6, 0] }, { fill: 7 }).data.every((v) => v === 7));
  // Scale 2 about the centre of a 4×4 image: output pixel (1,1) samples input (1.25,1.25)…
  const z = affine(ramp(4, 4), { scale: 2 });
  const s = ramp(4, 4).data;
  const v = 0.5625 * s[5] + 0.1875 * s[6] + 0.1875 * s[9] + 0.0625 * s[10];
  assert.equal(v, 168.5);
  assert.equal(z.data[5], 168, "rounded half to even, as torch.round");
});

Deno.test("invariance table: 13 transformations × 10 magnitudes, magnitude 0 is the identity", async () => {
  assert.equal(INVARIANCE_TRANSFORMS.length, 13);
  assert.equal(INVARIANCE_TRANSFORMS.filter((t) => t.family === "geometric").length, 7);
  const { image } = await fashionImage(3);
  for (const t of INVARIANCE_TRANSFORMS) {
    assert.equal(t.values.length, 10, t.name);
    if (t.name === "solarize") continue;
    assert.deepEqual(applyTransform(image, t, 0, { fill: 73 }).data, image.data, `${t.name} at 0`);
  }
  // Solarize at threshold 1 flips only pure white, as the spec's pixel-space definition says.
  const sol = applyTransform(image, INVARIANCE_TRANSFORMS.find((t) => t.name === "solarize")!, 0);
  image.data.forEach((v, i) => assert.equal(sol.data[i], v === 255 ? 0 : v));
  const tx = INVARIANCE_TRANSFORMS.find((t) => t.name === "translateX")!;
  assert.ok(applyTransform(image, tx, 9, { fill: 73 }).data.every((v) => v === 73), "translateX at 9 shifts everything out");
  const rot = INVARIANCE_TRANSFORMS.find((t) => t.name === "rotate")!;
  assert.deepEqual([...rot.values], [0, -27, 45, -54, -81, 90, -108, -135, 135, 180]);
});

Deno.test("similarity pool: 63 singles (29 geometric, 34 appearance), 49 sub-policies, 14 ops", () => {
  assert.equal(POOL_SINGLES.length, 63);
  assert.equal(POOL_SINGLES.filter((s) => s.family === "geometric").length, 29);
  assert.equal(POOL_SUBPOLICIES.length, 49);
  assert.equal(POOL_OPS.length, 14);
  assert.ok(POOL_SINGLES.some((s) => s.name === "rescale with magnitude 0"));
  assert.equal(POOL_SINGLES.filter((s) => s.op === "equalize").length, 8);
  const post = POOL_SINGLES.filter((s) => s.op === "posterize").map((s) => s.values[0]);
  assert.deepEqual(post, [6, 5, 5, 4]);
  assert.ok(POOL_SUBPOLICIES.some((s) => s.name === "shearY and translateX with magnitudes 7, 3"));
});

Deno.test("batched path equals the per-image path, for every transformation of both tables", async () => {
  const imgs = await Promise.all([0, 1, 2, 3, 4].map(async (i) => (await fashionImage(i)).image));
  const batch = { n: 5, width: 28, height: 28, channels: 1 as const, pixels: new Uint8Array(5 * 784) };
  imgs.forEach((im, i) => batch.pixels.set(im.data, i * 784));
  for (const t of INVARIANCE_TRANSFORMS) {
    for (const k of [1, 5, 9]) {
      const out = applyTransformBatch(batch, t, k, { fill: 73 });
      imgs.forEach((im, i) =>
        assert.deepEqual(
          out.pixels.subarray(i * 784, (i + 1) * 784),
          applyTransform(im, t, k, { fill: 73 }).data,
          `${t.name} ${k} image ${i}`,
        )
      );
    }
  }
  for (const e of POOL_SINGLES) {
    const out = applyTransformBatch(batch, e, 0, { rng: createRng(5) });
    const rng = createRng(5);
    imgs.forEach((im, i) => {
      const sign = e.randomSign ? (rng.next() < 0.5 ? 1 : -1) : undefined;
      assert.deepEqual(
        out.pixels.subarray(i * 784, (i + 1) * 784),
        applyTransform(im, e, 0, { sign }).data,
        `${e.name} image ${i}`,
      );
    });
  }
  assert.throws(
    () => applyTransformBatch(batch, POOL_SINGLES.find((e) => e.randomSign)!, 0),
    /draws a random sign per image: pass an rng/,
  );
});
