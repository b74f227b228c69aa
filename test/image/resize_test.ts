import assert from "node:assert/strict";
import { centerCrop, centerCropParams, crop, hflip, roundHalfEven } from "../../lib/image/crop.ts";
import { resize, resizeBox } from "../../lib/image/resize.ts";
import type { Image8 } from "../../lib/image/image.ts";
import { b64 } from "../helpers.ts";

const fixture = JSON.parse(Deno.readTextFileSync(new URL("../fixtures/pil_resize.json", import.meta.url)));

Deno.test("resize: byte-identical to PIL's BILINEAR on up-, down- and mixed scaling, grey and RGB", () => {
  for (const c of fixture.cases) {
    const img: Image8 = { width: c.width, height: c.height, channels: c.channels, data: b64(c.input) };
    const out = resizeBox(img, c.outWidth, c.outHeight);
    assert.deepEqual(out.data, b64(c.output), `${c.width}×${c.height}×${c.channels} → ${c.outWidth}×${c.outHeight}`);
  }
});

Deno.test("resize: shorter side as torchvision (floor of the long side), no-op at the size", () => {
  const img: Image8 = { width: 500, height: 375, channels: 1, data: new Uint8Array(500 * 375) };
  const r = resize(img, 256);
  assert.deepEqual([r.width, r.height], [341, 256]); // floor(256·500/375) = 341
  const tall: Image8 = { width: 3, height: 7, channels: 1, data: new Uint8Array(21).map((_, i) => i) };
  assert.deepEqual([resize(tall, 2).width, resize(tall, 2).height], [2, 4]);
  assert.deepEqual(resize(tall, 3).data, tall.data);
  // A constant image stays constant under any resampling.
  const flat: Image8 = { width: 28, height: 28, channels: 1, data: new Uint8Array(784).fill(77) };
  assert.ok(resize(flat, 32).data.every((v) => v === 77));
  assert.throws(() => resize(flat, [0, 3]), /output size must be positive integers/);
});

Deno.test("centre crop: Python's half-to-even rounding of the offsets", () => {
  assert.equal(roundHalfEven(0.5), 0);
  assert.equal(roundHalfEven(1.5), 2);
  assert.equal(roundHalfEven(2.5), 2);
  assert.equal(roundHalfEven(-0.5), -0);
  // 32 → 28: offset 2 exactly; 341 → 224: (117)/2 = 58.5 → 58.
  assert.deepEqual(centerCropParams(32, 32, 28, 28), { top: 2, left: 2, height: 28, width: 28 });
  assert.equal(centerCropParams(341, 256, 224, 224).left, 58);
  assert.equal(centerCropParams(5, 5, 2, 2).top, 2); // 1.5 → 2
  const img: Image8 = { width: 4, height: 4, channels: 1, data: Uint8Array.from({ length: 16 }, (_, i) => i) };
  assert.deepEqual(Array.from(centerCrop(img, 2).data), [5, 6, 9, 10]);
});

Deno.test("crop outside the image fills with 0; hflip mirrors", () => {
  const img: Image8 = { width: 2, height: 2, channels: 1, data: Uint8Array.from([1, 2, 3, 4]) };
  assert.deepEqual(Array.from(crop(img, -1, -1, 3, 3).data), [0, 0, 0, 0, 1, 2, 0, 3, 4]);
  assert.deepEqual(Array.from(hflip(img).data), [2, 1, 4, 3]);
  const rgb: Image8 = { width: 2, height: 1, channels: 3, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
  assert.deepEqual(Array.from(hflip(rgb).data), [4, 5, 6, 1, 2, 3]);
});
