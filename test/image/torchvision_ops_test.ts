import assert from "node:assert/strict";
import { affine } from "../../lib/image/affine.ts";
import { centerCrop } from "../../lib/image/crop.ts";
import type { Image8 } from "../../lib/image/image.ts";
import { resizeNoAntialias } from "../../lib/image/resize.ts";
import { b64 } from "../helpers.ts";

/** Made by test/fixtures/make_torchvision_ops.py with Debian's torchvision 0.14. */
const fixture = JSON.parse(Deno.readTextFileSync(new URL("../fixtures/torchvision_ops.json", import.meta.url)));
const inputs: Record<string, Image8> = {};
for (const [k, v] of Object.entries<{ width: number; height: number; channels: 1 | 3; data: string }>(fixture.inputs)) {
  inputs[k] = { width: v.width, height: v.height, channels: v.channels, data: b64(v.data) };
}
const casesOf = (op: string) => fixture.cases.filter((c: { op: string }) => c.op === op);

/** Largest absolute difference and the number of differing values. */
function compare(a: Uint8Array, b: Uint8Array): { max: number; differing: number } {
  assert.equal(a.length, b.length);
  let max = 0, differing = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d) differing++;
    max = Math.max(max, d);
  }
  return { max, differing };
}

Deno.test("tensor affine: within 1 level of torchvision 0.14's F.affine, with fill=None and with an explicit fill", () => {
  const cases = casesOf("affine");
  assert.equal(cases.length, 54);
  let values = 0, differing = 0;
  for (const c of cases) {
    const img = inputs[c.input];
    const out = affine(img, c.params, c.fill === null ? {} : { fill: c.fill, explicitFill: true });
    const r = compare(out.data, b64(c.output));
    assert.ok(r.max <= 1, `${JSON.stringify(c.params)} fill ${c.fill} on ${c.input}: off by ${r.max}`);
    values += out.data.length;
    differing += r.differing;
  }
  // torch samples in float32, we in float64: only values on a rounding boundary differ (measured: 23 of 20 223).
  assert.ok(differing / values < 0.005, `${differing} of ${values} values differ by 1`);
});

Deno.test("tensor affine: an explicit fill blends the border ring twice, fill=None does not; integer shifts are unaffected", () => {
  const img: Image8 = { width: 4, height: 1, channels: 1, data: Uint8Array.from([200, 200, 200, 200]) };
  // Half a pixel right: the first output pixel is half outside (weight 0.5 on the zero padding).
  const none = affine(img, { translate: [0.5, 0] });
  const zero = affine(img, { translate: [0.5, 0] }, { fill: 0, explicitFill: true });
  assert.equal(none.data[0], 100); // 0.5·200 + 0.5·0
  assert.equal(zero.data[0], 50); // (0.5·200)·mask 0.5 + 0.5·0
  const shifted = affine(img, { translate: [1, 0] });
  assert.deepEqual(affine(img, { translate: [1, 0] }, { fill: 0, explicitFill: true }).data, shifted.data);
});

Deno.test("centre crop: torchvision's pad-then-crop when the crop is larger, byte-identical", () => {
  const cases = casesOf("center_crop");
  assert.equal(cases.length, 16);
  for (const c of cases) {
    const out = centerCrop(inputs[c.input], [c.width, c.height]);
    assert.deepEqual(out.data, b64(c.output), `${c.width}×${c.height} from ${c.input}`);
  }
});

Deno.test("tensor resize without antialiasing: within 1 level of torchvision 0.14's F.resize(antialias=False), only at ties", () => {
  const cases = casesOf("resize");
  assert.equal(cases.length, 10);
  let values = 0, differing = 0;
  for (const c of cases) {
    const out = resizeNoAntialias(inputs[c.input], c.width, c.height);
    const r = compare(out.data, b64(c.output));
    assert.ok(r.max <= 1, `${c.width}×${c.height} from ${c.input}: off by ${r.max}`);
    values += out.data.length;
    differing += r.differing;
  }
  // torch interpolates in float32 (vectorised, FMA where the CPU has it), we in float64: values whose
  // exact result is a tie k + 0.5 round either way (measured: 25 of 5 780 values here, each an exact tie).
  assert.ok(differing / values < 0.01, `${differing} of ${values} values differ by 1`);
});
