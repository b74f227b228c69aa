import assert from "node:assert/strict";
import { applyReferenceOp, castUint8, type ReferenceAppearanceOp } from "../../lib/augment/reference_ops.ts";
import { GREY_NORMALIZATION, IMAGENET_NORMALIZATION, normaliseValues } from "../../lib/data/normalization.ts";

interface Case {
  op: ReferenceAppearanceOp;
  value: number;
  norm: "imagenet" | "grey";
  channels: number;
  pixels: string;
  input: string;
  output: string;
}

const fixtures = JSON.parse(await Deno.readTextFile(new URL("../fixtures/reference_ops.json", import.meta.url))) as {
  torchvision: string;
  cases: Case[];
};
const bytes = (b64: string) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
const floats = (b64: string) => new Float32Array(bytes(b64).buffer);

Deno.test(`reference appearance ops match torchvision ${fixtures.torchvision} on normalised tensors (${fixtures.cases.length} cases)`, () => {
  for (const c of fixtures.cases) {
    const x = floats(c.input).slice(), want = floats(c.output);
    applyReferenceOp(c.op, c.value, x, c.channels);
    for (let i = 0; i < x.length; i++) {
      assert.ok(Math.abs(x[i] - want[i]) <= 1e-6, `${c.op} ${c.value} (${c.norm}) at ${i}: ${x[i]} vs torch ${want[i]}`);
    }
  }
});

Deno.test("reference mode: the library's normalisation gives torchvision's normalised inputs", () => {
  for (const c of fixtures.cases) {
    const norm = c.norm === "imagenet" ? IMAGENET_NORMALIZATION : GREY_NORMALIZATION;
    const got = normaliseValues(bytes(c.pixels), c.channels, norm), want = floats(c.input);
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= 2e-6, `${c.norm} at ${i}`);
  }
});

Deno.test("reference mode: magnitude 0 is not the identity (the paper's curves start below 1), and the uint8 cast wraps", () => {
  const x = new Float32Array([-1.5, -0.2, 0.3, 1.7, 2.4]);
  const y = x.slice();
  applyReferenceOp("increase_brightness", 1, y, 1); // factor 1 still clamps to [0, 1]
  assert.deepEqual([...y], [0, 0, Math.fround(0.3), 1, 1]);
  const p = x.slice();
  applyReferenceOp("posterize", 8, p, 1); // 8 bits keep everything the cast leaves
  assert.notDeepEqual([...p], [...x]);
  assert.equal(castUint8(-1.7), 255);
  assert.equal(castUint8(300.9), 44);
});
