import type { Image8 } from "../../lib/image/image.ts";
import assert from "node:assert/strict";
import { affine } from "../../lib/image/affine.ts";
import { betaScaleSampler, sampleCropBox, sampleTranslation } from "../../lib/augment/samplers.ts";
import {
  evalPipeline,
  fixedSizeRandomCropPipeline,
  growingZoomPipeline,
  shiftImage,
  translatePipeline,
} from "../../lib/augment/pipelines.ts";
import { scaleMomentsMonteCarlo, scaleMomentsQuadrature } from "../../lib/augment/scale_moments.ts";
import { augmentation, betaKey, pipelineByKey, TABLE_1A_KEYS } from "../../lib/augment/registry.ts";
import { createRng, type Rng } from "../../lib/rng.ts";
import { fashionImage } from "../helpers.ts";

/** Tolerance from the number of draws: 5 standard errors. */
const tol = (sd: number, n: number) => (5 * sd) / Math.sqrt(n);

Deno.test("RandomResizedCrop: accepted boxes fit, area and log-ratio follow the definition (large image, few rejections)", () => {
  const rng = createRng(0), n = 40000, W = 1000, H = 1000;
  let sumLogR = 0, below50 = 0, below25 = 0;
  for (let i = 0; i < n; i++) {
    const b = sampleCropBox(rng, W, H);
    assert.ok(b.top >= 0 && b.left >= 0 && b.top + b.height <= H && b.left + b.width <= W);
    const s = (b.width * b.height) / (W * H);
    if (s < 0.5) below50++;
    if (s < 0.25) below25++;
    sumLogR += Math.log(b.width / b.height);
  }
  // Below s = 0.5 nothing is ever rejected, so s is uniform there: P(s < 0.25 | s < 0.5) = 0.17/0.42.
  const p = 0.17 / 0.42, share = below25 / below50;
  assert.ok(Math.abs(share - p) < 5 * Math.sqrt((p * (1 - p)) / below50), `share ${share} vs ${p}`);
  // Rejection is symmetric in ln r, so ln r stays centred (sd of U(ln 3/4, ln 4/3) is 0.166).
  assert.ok(Math.abs(sumLogR / n) < tol(0.166, n), `E[ln r] = ${sumLogR / n}`);
  // Rejections of large s make the realised mean smaller than the nominal 0.54.
  assert.ok(below50 / n > 0.42 / 0.92);
});

/** Replays torchvision's draws (test/fixtures/make_torchvision_ops.py) in the order our sampler asks for them. */
function replay(draws: [string, number][]): Rng & { left: () => number } {
  const queue = [...draws];
  const take = (kind: string) => {
    const d = queue.shift();
    if (!d || d[0] !== kind) {
      throw new Error(`the sampler asked for a ${kind} draw where torchvision drew ${d?.[0] ?? "nothing"}`);
    }
    return d[1];
  };
  const rng = createRng(0);
  return { ...rng, uniform: () => take("uniform"), int: () => take("int"), left: () => queue.length };
}

Deno.test("RandomResizedCrop: given torchvision 0.14's draws, the same boxes (170 cases, fallbacks included)", () => {
  const fixture = JSON.parse(Deno.readTextFileSync(new URL("../fixtures/torchvision_ops.json", import.meta.url)));
  const cases = fixture.cases.filter((c: { op: string }) => c.op === "rrc");
  assert.equal(cases.length, 170);
  let fallbacks = 0;
  for (const c of cases) {
    const rng = replay(c.draws);
    const box = sampleCropBox(rng, c.width, c.height, { scale: c.scale, ratio: c.ratio });
    assert.deepEqual(box, c.box, `${c.width}×${c.height} ${JSON.stringify(c.draws)}`);
    assert.equal(rng.left(), 0, "every draw torchvision made was used");
    if (c.draws.length === 20) fallbacks++;
  }
  assert.ok(fallbacks > 0, "the fixture exercises the fallback");
});

Deno.test("RandomResizedCrop: fallback is the centred crop; RandomSizeCenterCrop is centred; square boxes without a.r.", () => {
  // An impossible scale range forces all 10 tries to fail.
  const wide = sampleCropBox(createRng(1), 300, 100, { scale: [2, 3] });
  assert.deepEqual(wide, { top: 0, left: Math.floor((300 - 133) / 2), height: 100, width: 133 });
  const tall = sampleCropBox(createRng(1), 100, 300, { scale: [2, 3] });
  assert.deepEqual(tall, { top: Math.floor((300 - 133) / 2), left: 0, height: 133, width: 100 });
  const rng = createRng(2);
  for (let i = 0; i < 200; i++) {
    const b = sampleCropBox(rng, 28, 28, { centred: true, ratio: [1, 1] });
    assert.equal(b.width, b.height);
    assert.equal(b.top, Math.floor((28 - b.height) / 2));
  }
});

Deno.test("translation: integer offsets uniform within ±30%", () => {
  const rng = createRng(3), n = 20000;
  let sum = 0, sq = 0;
  for (let i = 0; i < n; i++) {
    const { tx, ty } = sampleTranslation(rng, 32, 32, 0.3);
    assert.ok(Number.isInteger(tx) && Math.abs(tx) <= 10 && Math.abs(ty) <= 10);
    sum += tx;
    sq += tx * tx;
  }
  const sd = 9.6 / Math.sqrt(3);
  assert.ok(Math.abs(sum / n) < tol(sd, n));
  assert.ok(Math.abs(sq / n - sd * sd) < 2, `E[tx²] = ${sq / n}`);
});

Deno.test("Beta scale: sampler moments match the quadrature, which matches the spec's exact Table A1", () => {
  const exact: Record<number, number> = { 0.1: 0.8283, 0.5: 3.1875, 1: 4.963, 2: 6.8094, 3: 7.6325, 10: 7.3208 };
  for (const [b, v] of Object.entries(exact)) assert.ok(Math.abs(scaleMomentsQuadrature(Number(b)).varInvS - v) < 6e-4, `β=${b}`);
  assert.ok(Math.abs(scaleMomentsQuadrature(1).meanInvS - Math.log(12.5) / 0.92) < 1e-9);
  const n = 200000;
  for (const b of [0.5, 1, 3]) {
    const q = scaleMomentsQuadrature(b), mc = scaleMomentsMonteCarlo(b, n, 11);
    // Var(s) ≤ 0.25 on [0.08, 1]: the sample mean of s is within 5·0.5/√n.
    assert.ok(Math.abs(mc.meanS - q.meanS) < tol(0.5, n), `β=${b}: ${mc.meanS} vs ${q.meanS}`);
  }
  const s = betaScaleSampler(2), rng = createRng(0);
  for (let i = 0; i < 1000; i++) {
    const v = s(rng);
    assert.ok(v >= 0.08 && v <= 1);
  }
});

Deno.test("pipelines: every Table 1a method maps a 28×28 image to 28×28, reproducibly from the seed", async () => {
  const g = { resizeTo: 32, crop: 28 };
  const { image } = await fashionImage(0);
  assert.deepEqual(TABLE_1A_KEYS, ["C", "CC", "R", "T", "TS", "TSnoAR", "None"]);
  for (const key of TABLE_1A_KEYS) {
    const p = pipelineByKey(key, g);
    const a = p.apply(image, p.sample(createRng(9), 28, 28));
    const b = p.apply(image, p.sample(createRng(9), 28, 28));
    assert.deepEqual([a.width, a.height], [28, 28], key);
    assert.deepEqual(a.data, b.data, key);
  }
  assert.deepEqual(
    evalPipeline(g).apply(image, {}).data,
    fixedSizeRandomCropPipeline(g).apply(image, { box: { top: 2, left: 2, height: 28, width: 28 } }).data,
  );
  assert.deepEqual(
    translatePipeline(g).apply(image, { translate: { tx: 0, ty: 0 } }).data,
    evalPipeline(g).apply(image, {}).data,
  );
  assert.deepEqual(
    growingZoomPipeline(g, 1).apply(image, growingZoomPipeline(g, 1).sample(createRng(0), 28, 28)).data,
    evalPipeline(g).apply(image, {}).data,
  );
  assert.equal(augmentation("Cbeta2").key, "Cbeta2");
  assert.match(augmentation("Cbeta2").name, /Beta\(1, 2\)/);
  assert.equal(augmentation(betaKey(1)).key, "C");
  assert.throws(() => augmentation("Cbeta0"), /unknown augmentation "Cbeta0"/);
  assert.throws(() => pipelineByKey("RRC", g), /unknown augmentation "RRC" \(None, C, HC/);
  // The integer shift used by T.(30%) equals the bilinear affine warp with that translation.
  for (const [tx, ty] of [[3, -2], [-10, 7], [0, 0], [30, 0]]) {
    assert.deepEqual(shiftImage(image, tx, ty).data, affine(image, { translate: [tx, ty] }).data);
  }
});

Deno.test("Appendix G's T2 and CCTSnoAR translate the E(·) crop; T50S translates by up to half the image", async () => {
  const g = { resizeTo: 32, crop: 28 }, img = (await fashionImage(0)).image, rng = createRng(9);
  const t2 = pipelineByKey("T2", g), e = evalPipeline(g);
  const base = e.apply(img, e.sample(rng, img.width, img.height));
  for (let i = 0; i < 50; i++) {
    const p = t2.sample(rng, img.width, img.height);
    assert.ok(Math.abs(p.translate!.tx) <= 0.3 * 28 && Math.abs(p.translate!.ty) <= 0.3 * 28);
    assert.deepEqual(t2.apply(img, p).data, shiftImage(base, p.translate!.tx, p.translate!.ty).data);
  }
  const cc = pipelineByKey("CCTSnoAR", g), out = augmentImageOnce(cc, img, rng);
  assert.equal(out.width, 28);
  assert.equal(out.height, 28);
  let far = 0;
  const t50 = pipelineByKey("T50S", g);
  for (let i = 0; i < 400; i++) if (Math.abs(t50.sample(rng, 28, 28).translate!.tx) > 0.3 * 28) far++;
  assert.ok(far > 100, `T.(50%) should shift beyond 30 % often, got ${far}/400`);
});

function augmentImageOnce(pipe: ReturnType<typeof pipelineByKey>, img: Image8, rng: Rng) {
  return pipe.apply(img, pipe.sample(rng, img.width, img.height));
}
