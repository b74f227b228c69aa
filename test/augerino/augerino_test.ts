import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "../../lib/backend.ts";
import {
  Augerino,
  inverseSoftplus,
  softplus,
  startingAt,
  TRANSLATION_ONLY,
  TRANSLATION_SCALE,
} from "../../lib/augerino/augerino.ts";
import { expm, GENERATORS, lieElement } from "../../lib/augerino/generators.ts";
import { affineWarp } from "../../lib/augerino/warp.ts";

const arr = (t: tf.Tensor) => Array.from(t.dataSync());
const near = (a: number[], b: number[], tol: number, what: string) =>
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol, `${what}[${i}]: ${v} vs ${b[i]}`));

Deno.test("expm: zero is the identity, a translation is I + G, a rotation is the rotation matrix, scale is e^ε", () => {
  tf.tidy(() => {
    near(arr(expm(tf.zeros([2, 3, 3]))), [...[1, 0, 0, 0, 1, 0, 0, 0, 1], ...[1, 0, 0, 0, 1, 0, 0, 0, 1]], 1e-6, "exp(0)");
    const t = lieElement(tf.tensor2d([[0.3, -0.5]]), ["tx", "ty"]);
    near(arr(expm(t)), [1, 0, 0.3, 0, 1, -0.5, 0, 0, 1], 1e-6, "exp(translation)");
    const th = 0.7;
    near(
      arr(expm(lieElement(tf.tensor2d([[th]]), ["rot"]))),
      [Math.cos(th), -Math.sin(th), 0, Math.sin(th), Math.cos(th), 0, 0, 0, 1],
      1e-5,
      "exp(rotation)",
    );
    near(
      arr(expm(lieElement(tf.tensor2d([[-0.9]]), ["scale"]))),
      [Math.exp(-0.9), 0, 0, 0, Math.exp(-0.9), 0, 0, 0, 1],
      1e-5,
      "exp(scale)",
    );
    assert.deepEqual(GENERATORS.shear, [0, 1, 0, 1, 0, 0, 0, 0, 0]);
  });
});

Deno.test("warp: the identity returns the image; a translation by one pixel's width moves it by one pixel (zero fill)", () => {
  tf.tidy(() => {
    const img = tf.randomUniform([2, 5, 7, 3], 0, 1, "float32", 4) as tf.Tensor4D;
    const id = tf.tile(tf.reshape(tf.eye(3), [1, 3, 3]), [2, 1, 1]) as tf.Tensor3D;
    near(arr(affineWarp(img, id)), arr(img), 1e-6, "identity warp");
    // output(p) = input(p + ε): ε = 2/(W−1) normalised = one pixel to the right in the input → content moves left
    const shift = expm(lieElement(tf.tensor2d([[2 / 6, 0], [2 / 6, 0]]), ["tx", "ty"]));
    const out = affineWarp(img, shift);
    const want = tf.concat([tf.slice(img, [0, 0, 1, 0], [2, 5, 6, 3]), tf.zeros([2, 5, 1, 3])], 2);
    near(arr(out), arr(want), 1e-5, "one-pixel shift");
  });
});

Deno.test("the gradient of a loss with respect to Augerino's bounds matches finite differences", () => {
  const h = 12, w = 12;
  const img = tf.tensor4d(Float32Array.from({ length: h * w * 2 }, (_, i) => Math.sin(i * 0.37) + Math.cos(i * 0.11)), [
    1,
    h,
    w,
    2,
  ]);
  const x = tf.concat([img, tf.reverse(img, 1)], 0) as tf.Tensor4D;
  const weights = tf.randomNormal([2, h, w, 2], 0, 1, "float32", 9);
  for (const spec of [TRANSLATION_ONLY, TRANSLATION_SCALE]) {
    const aug = new Augerino({ ...spec, init: spec.init.map((v) => v - 0.5) });
    const u = tf.tensor2d([[0.9, 0.2, 0.3], [0.15, 0.7, 0.05]].map((r) => r.slice(0, spec.generators.length)));
    const loss = () => tf.sum(tf.mul(aug.warp(x, aug.coefficients(u)), weights)) as tf.Scalar;
    const g = tf.variableGrads(loss, [aug.theta]).grads[aug.theta.name].dataSync();
    const theta0 = Array.from(aug.theta.dataSync());
    for (let k = 0; k < theta0.length; k++) {
      const at = (d: number) => {
        aug.theta.assign(tf.tensor1d(theta0.map((v, i) => (i === k ? v + d : v))));
        return loss().dataSync()[0];
      };
      const eps = 1e-2, fd = (at(eps) - at(-eps)) / (2 * eps);
      aug.theta.assign(tf.tensor1d(theta0));
      assert.ok(
        Math.abs(fd - g[k]) <= 0.03 * Math.max(1, Math.abs(fd)),
        `${spec.generators[k]}: autodiff ${g[k]} vs finite difference ${fd}`,
      );
    }
    aug.dispose();
  }
});

Deno.test("regulariser: −λ‖m⊙w‖₂; a bound past its shut-down width gets no regularisation gradient, one below does", async () => {
  const aug = new Augerino({ ...TRANSLATION_ONLY, init: [3, -1] }); // widths 3.05 (> 1.2: shut down) and 0.31
  const widths = await aug.widthValues();
  const mask = aug.shutdownMask(widths);
  assert.deepEqual(mask, [0, 1]);
  const value = aug.regulariser(0.5, mask).dataSync()[0];
  assert.ok(Math.abs(value + 0.5 * widths[1]) < 1e-5);
  const g = tf.variableGrads(() => aug.regulariser(0.5, mask), [aug.theta]).grads[aug.theta.name].dataSync();
  assert.ok(g[0] === 0, `shut-down width got gradient ${g[0]}`);
  assert.ok(g[1] < 0, "the loss falls as the open width grows");
  aug.dispose();
});

Deno.test("a small start: every width begins at the given value, far below the shut-down level; bad widths are an error", async () => {
  for (const w of [1e-3, 0.1, 1.2, 40]) assert.ok(Math.abs(softplus(inverseSoftplus(w)) - w) < 1e-9 * Math.max(1, w), `w ${w}`);
  const aug = new Augerino(startingAt(TRANSLATION_SCALE, 0.1));
  near(await aug.widthValues(), [0.1, 0.1, 0.1], 1e-6, "widths");
  assert.deepEqual(aug.shutdownMask(await aug.widthValues()), [1, 1, 1], "all pushed wider by the regulariser");
  aug.theta.dispose();
  assert.throws(() => inverseSoftplus(0), /must be positive, got 0/);
});
