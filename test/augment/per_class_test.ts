import assert from "node:assert/strict";
import { perClassAugmenter } from "../../lib/augment/per_class.ts";
import { createRng } from "../../lib/rng.ts";

Deno.test("per-class augmentation: only the image's class set applies, each op with probability 1/n, bad sets named", () => {
  const img = { width: 8, height: 8, channels: 1 as const, data: Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256) };
  const aug = perClassAugmenter({ "1": [["invert", 3]] });
  assert.equal(aug(img, 0, createRng(1)), img); // class 0 has no set
  // a single op is applied with probability 1: invert is its own kind of exact check
  assert.deepEqual(Array.from(aug(img, 1, createRng(1)).data), Array.from(img.data, (v) => 255 - v));
  // two ops: each with probability 1/2 → over many draws about a quarter of the images get both, a quarter neither
  const two = perClassAugmenter({ "0": [["invert", 4], ["solarize", 2]] });
  const rng = createRng(2);
  let unchanged = 0;
  for (let i = 0; i < 2000; i++) if (two(img, 0, rng) === img) unchanged++;
  assert.ok(Math.abs(unchanged / 2000 - 0.25) < 0.04, `share unchanged ${unchanged / 2000}`);
  assert.throws(() => perClassAugmenter({ "2": [["warp", 1]] }), /class 2: unknown pool op "warp"/);
  assert.throws(() => perClassAugmenter({ "2": [["rotate", 12]] }), /0…9, got 12/);
});
