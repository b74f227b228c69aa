import assert from "node:assert/strict";
import { sceneFactorPipeline } from "../../lib/augment/pipelines.ts";
import { augmentation } from "../../lib/augment/registry.ts";
import { generateScenes, NO_VARIATION_KNOBS } from "../../lib/data/scenes.ts";
import { getImage } from "../../lib/data/dataset.ts";
import { createRng } from "../../lib/rng.ts";
import { BASE_AREA } from "../../lib/variation_laws.ts";

const F = 37;

/** Centroid and area (pixels) of the non-black pixels of an RGB image. */
function blob(img: { width: number; height: number; data: Uint8Array }) {
  let n = 0, sx = 0, sy = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const o = (y * img.width + x) * 3;
      if (img.data[o] + img.data[o + 1] + img.data[o + 2] > 0) n++, sx += x, sy += y;
    }
  }
  return { n, cx: sx / n, cy: sy / n };
}

Deno.test("augmentation along position draws the generator's centre law: shift sd = sd × side", () => {
  const pipe = sceneFactorPipeline({ resizeTo: F, crop: 32 }, { position: 0.1 }), rng = createRng(3), n = 8000;
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    const p = pipe.sample(rng, F, F).affine!;
    assert.ok(Number.isInteger(p.translate[0]) && Number.isInteger(p.translate[1]));
    assert.equal(p.scale, 1);
    assert.equal(p.angle, 0);
    s += p.translate[0], s2 += p.translate[0] ** 2;
  }
  const sd = Math.sqrt(s2 / n - (s / n) ** 2) / F;
  assert.ok(Math.abs(s / n) < 0.15, `mean shift ${s / n}`);
  assert.ok(Math.abs(sd - 0.1) < 0.005, `sd ${sd}`); // rounding to whole pixels adds 1/12 px² of variance
});

Deno.test("augmentation along scale makes the object's area log-uniform on the range, from BASE_AREA", () => {
  const pipe = sceneFactorPipeline({ resizeTo: F, crop: 32 }, { scale: [0.1, 0.9] }), rng = createRng(4), n = 8000;
  let s = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const a = BASE_AREA * pipe.sample(rng, F, F).affine!.scale ** 2;
    s += Math.log(a), lo = Math.min(lo, a), hi = Math.max(hi, a);
  }
  assert.ok(lo >= 0.1 - 1e-9 && hi <= 0.9 + 1e-9);
  const expected = (Math.log(0.1) + Math.log(0.9)) / 2, sdLog = (Math.log(0.9) - Math.log(0.1)) / Math.sqrt(12);
  assert.ok(Math.abs(s / n - expected) < (5 * sdLog) / Math.sqrt(n));
});

Deno.test("on a centred scene, the shift moves the object by exactly the drawn pixels (black border, no blur)", async () => {
  const scene = await generateScenes({ split: "val", perClass: 1, seed: 0, frame: F, knobs: NO_VARIATION_KNOBS });
  const img = getImage(scene.dataset, 0), before = blob(img);
  const pipe = sceneFactorPipeline({ resizeTo: F, crop: F }, { position: 0.1 }), rng = createRng(5);
  for (let k = 0; k < 5; k++) {
    const p = pipe.sample(rng, F, F);
    const [tx, ty] = p.affine!.translate;
    if (Math.abs(tx) > 4 || Math.abs(ty) > 4) continue; // keep the object whole inside the frame
    const after = blob(pipe.apply(img, p));
    assert.equal(after.n, before.n);
    assert.ok(Math.abs(after.cx - before.cx - tx) < 1e-9 && Math.abs(after.cy - before.cy - ty) < 1e-9);
  }
});

Deno.test("V:<factor>=<value> keys name the augmentation; a bad factor or value is an error", () => {
  assert.equal(augmentation("V:scale=0.1-0.9").name, "augmentation along scale (area 0.1-0.9)");
  assert.equal(augmentation("V:position=0.05").short, "aug position 0.05");
  assert.throws(() => augmentation("V:colour=1"), /unknown augmentation/);
  assert.throws(() => augmentation("V:rotation=abc"), /rotation/);
});
