import assert from "node:assert/strict";
import { adjustBrightness, adjustContrast, adjustSaturation, adjustSharpness } from "../../lib/image/enhance.ts";
import { autocontrast, equalize, invert, posterize, solarize } from "../../lib/image/pixel.ts";
import { pilRotateCoeffs, pilTransform } from "../../lib/image/affine.ts";
import type { Image8 } from "../../lib/image/image.ts";
import { b64 } from "../helpers.ts";

const fixture = JSON.parse(Deno.readTextFileSync(new URL("../fixtures/pil_ops.json", import.meta.url)));
const inputs: Record<string, Image8> = {};
for (const [k, v] of Object.entries<{ width: number; height: number; channels: 1 | 3; data: string }>(fixture.inputs)) {
  inputs[k] = { width: v.width, height: v.height, channels: v.channels, data: b64(v.data) };
}

function run(op: string, img: Image8, p: Record<string, unknown>): Image8 {
  switch (op) {
    case "posterize":
      return posterize(img, p.bits as number);
    case "solarize":
      return solarize(img, p.threshold as number);
    case "invert":
      return invert(img);
    case "autocontrast":
      return autocontrast(img);
    case "equalize":
      return equalize(img);
    case "brightness":
      return adjustBrightness(img, p.factor as number);
    case "contrast":
      return adjustContrast(img, p.factor as number);
    case "saturation":
      return adjustSaturation(img, p.factor as number);
    case "sharpness":
      return adjustSharpness(img, p.factor as number);
    case "pil_transform":
      return pilTransform(img, p.coeffs as number[], p.resample as "nearest", p.fill as number);
    case "rescale": {
      const z = p.zoom as number, cx = img.width / 2, cy = img.height / 2;
      return pilTransform(img, [1 / z, 0, cx - cx / z, 0, 1 / z, cy - cy / z], "nearest", 0);
    }
    case "rotate":
      return pilTransform(img, pilRotateCoeffs(img.width, img.height, p.degrees as number), "nearest", 128);
  }
  throw new Error(op);
}

Deno.test("pixel ops, enhancers and PIL transforms are byte-identical to PIL 9.4 (106 grey and RGB cases, 10 of them equalize on few-level histograms)", () => {
  assert.equal(fixture.cases.length, 106);
  for (const c of fixture.cases) {
    const out = run(c.op, inputs[c.input], c.params);
    assert.deepEqual(out.data, b64(c.output), `${c.op} ${JSON.stringify(c.params)} on ${c.input}`);
  }
});

const img = (data: number[], channels: 1 | 3 = 1, width = data.length / channels): Image8 => ({
  width,
  height: data.length / channels / width,
  channels,
  data: Uint8Array.from(data),
});

Deno.test("posterize and solarize: hand-computed values and edge parameters", () => {
  const x = img([0, 1, 127, 128, 200, 255]);
  assert.deepEqual(Array.from(posterize(x, 8).data), [0, 1, 127, 128, 200, 255]);
  assert.deepEqual(Array.from(posterize(x, 1).data), [0, 0, 0, 128, 128, 128]);
  assert.deepEqual(Array.from(posterize(x, 0).data), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(posterize(x, 3).data), [0, 0, 96, 128, 192, 224]);
  assert.throws(() => posterize(x, 9), /bits must be an integer in 0..8/);
  assert.deepEqual(Array.from(solarize(x, 256).data), Array.from(x.data));
  assert.deepEqual(Array.from(solarize(x, 0).data), [255, 254, 128, 127, 55, 0]);
  assert.deepEqual(Array.from(solarize(x, 128).data), [0, 1, 127, 127, 55, 0]);
});

Deno.test("autocontrast and equalize: constant images unchanged, stretch by hand", () => {
  const flat = img([9, 9, 9, 9]);
  assert.deepEqual(autocontrast(flat).data, flat.data);
  assert.deepEqual(equalize(flat).data, flat.data);
  // lo = 0, hi = 102: scale 2.5 → 51 → 127 (trunc of 127.5), 102 → 255.
  assert.deepEqual(Array.from(autocontrast(img([0, 51, 102, 102])).data), [0, 127, 255, 255]);
  // PIL computes in floats: lo = 50, hi = 100 gives 100·5.1 − 255 = 254.99999999999997 → 254, as PIL does.
  assert.deepEqual(Array.from(autocontrast(img([50, 100])).data), [0, 254]);
  // Colour: each channel stretched on its own.
  assert.deepEqual(Array.from(autocontrast(img([10, 0, 5, 20, 0, 5], 3)).data), [0, 0, 5, 255, 0, 5]);
  // Two levels 0 (×3) and 255 (×1): step = 3 // 255 = 0 → identity (PIL's rule).
  assert.deepEqual(Array.from(equalize(img([0, 0, 0, 255])).data), [0, 0, 0, 255]);
});

Deno.test("enhancers: factor 1 is the identity; brightness 0 is black; contrast 0 is the mean grey", () => {
  const x = img([10, 200, 30, 40, 50, 60, 70, 80, 90], 3, 3);
  for (const f of [adjustBrightness, adjustContrast, adjustSaturation, adjustSharpness]) {
    assert.deepEqual(f(x, 1).data, x.data, f.name);
  }
  assert.ok(adjustBrightness(x, 0).data.every((v) => v === 0));
  const g = img([0, 100, 200, 100]);
  assert.deepEqual(Array.from(adjustContrast(g, 0).data), [100, 100, 100, 100]);
  assert.deepEqual(adjustSaturation(g, 0).data, g.data, "saturation is the identity on grey images");
  assert.throws(() => adjustContrast(g, -1), /factor must be a non-negative number/);
});
