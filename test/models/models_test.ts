import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../lib/backend.ts";
import {
  createModel,
  describeModel,
  loadModel,
  resnet18Config,
  saveModel,
  smallResnetConfig,
  tinyVitConfig,
  vitConfig,
} from "../../lib/models/mod.ts";
import { loadWeightsInto } from "../../lib/models/io.ts";
import { conv2dForwardGrads, crossEntropy } from "../../lib/models/layers.ts";
import { withTempDir } from "../helpers.ts";

await selectBackend({ prefer: "cpu", quiet: true });
const r8 = smallResnetConfig({ depth: 8, width: 8, numClasses: 10, imageSize: 28, inChannels: 1 });

Deno.test("ResNet18 has torchvision's 11 689 512 parameters; embed dims of every family", () => {
  const m = createModel(resnet18Config(), 0);
  assert.equal(m.params.count(), 11_689_512);
  assert.equal(m.embedDim, 512);
  m.dispose();
  const vb = createModel(vitConfig("B"), 0);
  assert.equal(vb.params.count(), 86_567_656); // timm vit_base_patch16_224
  vb.dispose();
  const small = createModel(smallResnetConfig({ depth: 18, width: 16, numClasses: 10, imageSize: 32, inChannels: 3 }), 0);
  tf.tidy(() => {
    assert.deepEqual(small.embed(tf.zeros([3, 32, 32, 3])).shape, [3, 128]);
    assert.deepEqual(small.logits(tf.zeros([3, 32, 32, 3])).shape, [3, 10]);
  });
  small.dispose();
  const v = createModel(tinyVitConfig({ numClasses: 10, imageSize: 28, inChannels: 1 }), 0);
  tf.tidy(() => assert.deepEqual(v.embed(tf.zeros([2, 28, 28, 1])).shape, [2, 64]));
  v.dispose();
});

Deno.test("same seed → same weights and same first loss; another seed differs", () => {
  const x = tf.randomNormal([4, 28, 28, 1], 0, 1, "float32", 3) as tf.Tensor4D, y = tf.tensor1d([0, 1, 2, 3], "int32");
  const loss = (seed: number) => {
    const m = createModel(r8, seed);
    const l = tf.tidy(() => crossEntropy(m.forward(x, { training: true, bnStats: [] }).logits, y).dataSync()[0]);
    const w = m.params.get("stage2.0.conv1.w").dataSync().slice(0, 5);
    m.dispose();
    return { l, w: Array.from(w) };
  };
  const a = loss(1), b = loss(1), c = loss(2);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.w, c.w);
});

Deno.test("conv2d with forward-conv gradients, and with the im2col weight gradient, equals TF.js autodiff: strides, paddings, odd sizes, batch 1", () => {
  for (
    const [n, h, k, s, p, ci, co] of [
      [1, 7, 3, 1, 1, 3, 4],
      [2, 8, 3, 2, 1, 2, 3],
      [3, 9, 1, 2, 0, 3, 2],
      [1, 11, 7, 2, 3, 3, 2],
      [2, 5, 3, 2, 1, 1, 1],
      [1, 1, 3, 1, 1, 2, 2],
      [2, 6, 3, 1, 0, 2, 2],
    ]
  ) {
    tf.tidy(() => {
      const x = tf.randomNormal([n, h, h, ci], 0, 1, "float32", 1) as tf.Tensor4D,
        w = tf.randomNormal([k, k, ci, co], 0, 1, "float32", 2) as tf.Tensor4D;
      const ref = tf.grads((a, b) =>
        tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, [[0, 0], [p, p], [p, p], [0, 0]])))
      )([x, w]);
      for (const im2col of [false, true]) {
        const ours = tf.grads((a, b) => tf.sum(tf.square(conv2dForwardGrads(a as tf.Tensor4D, b as tf.Tensor4D, s, p, im2col))))([
          x,
          w,
        ]);
        for (let i = 0; i < 2; i++) {
          const err = tf.max(tf.abs(tf.sub(ref[i], ours[i]))).dataSync()[0], scale = tf.max(tf.abs(ref[i])).dataSync()[0];
          assert.ok(err <= 1e-5 * Math.max(1, scale), `n${n} h${h} k${k} s${s} p${p} im2col ${im2col}: grad ${i} error ${err}`);
        }
      }
    });
  }
});

Deno.test("save/load: round trip exact; corrupt files and other architectures give clear errors", async () => {
  await withTempDir(async (dir) => {
    const m = createModel(r8, 5);
    await saveModel(m, `${dir}/m`);
    const back = await loadModel(`${dir}/m`);
    for (const s of m.params.specs) assert.deepEqual(back.params.get(s.name).dataSync(), m.params.get(s.name).dataSync(), s.name);
    const other = createModel({ ...r8, width: 16 }, 0);
    await assert.rejects(
      loadWeightsInto(other, `${dir}/m`),
      /cannot load .* into this model:\n {2}architecture: folder has resnet-small\[1,1,1\]w8.*\n {2}stem.conv.w: shape 3×3×1×8 in the folder, 3×3×1×16 in the model/,
    );
    const vit = createModel(tinyVitConfig({ numClasses: 10, imageSize: 28, inChannels: 1 }), 0);
    await assert.rejects(loadWeightsInto(vit, `${dir}/m`), /missing weight patch.w/);
    const bytes = await Deno.readFile(`${dir}/m/weights.bin`);
    await Deno.writeFile(`${dir}/m/weights.bin`, bytes.subarray(0, 100));
    await assert.rejects(loadModel(`${dir}/m`), /weights.bin has 100 bytes, the manifest needs \d+ \(truncated or corrupt\)/);
    await Deno.writeTextFile(`${dir}/m/model.json`, "{ not json");
    await assert.rejects(loadModel(`${dir}/m`), /model.json is corrupt/);
    await assert.rejects(loadModel(`${dir}/none`), /no model at .*none: .*model.json is missing/);
    [m, back, other, vit].forEach((x) => x.dispose());
  });
});

Deno.test("ViT with a convolutional tokenizer: 2 layers make 8×8 tokens of a 32 px image; its stem gets gradients; bad patch refused", () => {
  const cfg = tinyVitConfig({ numClasses: 10, imageSize: 32, inChannels: 3, dim: 32, depth: 1, heads: 2, convStem: 2 });
  assert.equal(cfg.patch, 4);
  const m = createModel(cfg, 0);
  // Stem: 3·3·3·16 + 16 and 3·3·16·32 + 32 parameters; no patch projection.
  const names = m.params.specs.map((s) => s.name);
  assert.ok(names.includes("stem1.w") && !names.includes("patch.w"));
  const x = tf.randomNormal([2, 32, 32, 3], 0, 1, "float32", 1) as tf.Tensor4D, y = tf.tensor1d([0, 1], "int32");
  tf.tidy(() => assert.deepEqual(m.logits(x).shape, [2, 10]));
  const stemW = m.params.get("stem0.w"), head = m.params.get("head.w");
  head.assign(tf.randomNormal(head.shape, 0, 0.1, "float32", 2)); // the head starts at zero, which stops every gradient below it
  const g = tf.variableGrads(() => crossEntropy(m.forward(x, { training: true, bnStats: [] }).logits, y) as tf.Scalar, [stemW]);
  assert.ok(tf.tidy(() => tf.max(tf.abs(Object.values(g.grads)[0])).dataSync()[0]) > 0, "the tokenizer learns");
  tf.dispose([x, y, g.value, ...Object.values(g.grads)]);
  m.dispose();
  assert.throws(() => createModel({ ...cfg, patch: 8 }, 0), /needs patch 4/);
  // Without a tokenizer the config is the same object as before (run keys unchanged).
  assert.equal("convStem" in tinyVitConfig({ numClasses: 10, imageSize: 32, inChannels: 3 }), false);
});

Deno.test("ViT with mean pooling: no class token or its position, the blocks get gradients through the mean token; an unknown pool refused", () => {
  const base = tinyVitConfig({ numClasses: 10, imageSize: 32, inChannels: 3, dim: 32, depth: 1, heads: 2, convStem: 2 });
  const cfg = tinyVitConfig({
    numClasses: 10,
    imageSize: 32,
    inChannels: 3,
    dim: 32,
    depth: 1,
    heads: 2,
    convStem: 2,
    pool: "mean",
  });
  assert.equal(describeModel(cfg), `${describeModel(base)}-gap`);
  assert.equal("pool" in base, false, "absent by default: earlier run keys unchanged");
  const m = createModel(cfg, 0), c = createModel(base, 0);
  const names = m.params.specs.map((s) => s.name);
  assert.ok(!names.includes("cls"));
  assert.deepEqual(m.params.get("pos").shape, [1, 64, 32]); // 8×8 tokens, no class token
  assert.deepEqual(c.params.get("pos").shape, [1, 65, 32]);
  const x = tf.randomNormal([2, 32, 32, 3], 0, 1, "float32", 1) as tf.Tensor4D, y = tf.tensor1d([0, 1], "int32");
  tf.tidy(() => assert.deepEqual(m.embed(x).shape, [2, 32]));
  const head = m.params.get("head.w");
  head.assign(tf.randomNormal(head.shape, 0, 0.1, "float32", 2));
  const w = m.params.get("block0.qkv.w");
  const g = tf.variableGrads(() => crossEntropy(m.forward(x, { training: true, bnStats: [] }).logits, y) as tf.Scalar, [w]);
  assert.ok(tf.tidy(() => tf.max(tf.abs(Object.values(g.grads)[0])).dataSync()[0]) > 0, "the blocks learn");
  tf.dispose([x, y, g.value, ...Object.values(g.grads)]);
  [m, c].forEach((k) => k.dispose());
  assert.throws(() => createModel({ ...cfg, pool: "max" as "mean" }, 0), /unknown ViT pool "max"/);
});

Deno.test("stemStride: an s-times larger image gives the blocks the base feature map through a (2s+1)-wide strided stem; other sides are an error", () => {
  const base = smallResnetConfig({ depth: 8, width: 4, numClasses: 10, imageSize: 32, inChannels: 3 });
  const big = smallResnetConfig({ depth: 8, width: 4, numClasses: 10, imageSize: 96, inChannels: 3, stemStride: 3 });
  assert.equal(big.stemStride, 3);
  assert.equal(
    smallResnetConfig({ depth: 8, width: 4, numClasses: 10, imageSize: 32, inChannels: 3, stemStride: 1 }).stemStride,
    undefined,
    "stride 1 is the base stem: earlier run keys unchanged",
  );
  assert.throws(
    () => smallResnetConfig({ depth: 8, width: 4, numClasses: 10, imageSize: 64, inChannels: 3, stemStride: 1.5 }),
    /stemStride/,
  );
  const a = createModel(base, 3), b = createModel(big, 3);
  assert.deepEqual(a.params.get("stem.conv.w").shape, [3, 3, 3, 4]);
  assert.deepEqual(b.params.get("stem.conv.w").shape, [7, 7, 3, 4]);
  // Only the stem differs: 7·7·3·4 − 3·3·3·4 more weights.
  assert.equal(b.params.count() - a.params.count(), (49 - 9) * 3 * 4);
  // The blocks see 32×32 either way: the stem's strided output has the base size, so both embed to the same width.
  const x32 = tf.randomUniform([2, 32, 32, 3], 0, 1, "float32", 1) as tf.Tensor4D;
  const x96 = tf.image.resizeBilinear(x32, [96, 96]) as tf.Tensor4D;
  const stem = (m: typeof a, x: tf.Tensor4D, s: number) =>
    tf.conv2d(x, m.params.get("stem.conv.w") as tf.Tensor4D, s, [[0, 0], [s, s], [s, s], [0, 0]]);
  const sa = stem(a, x32, 1), sb = stem(b, x96, 3);
  assert.deepEqual(sb.shape, sa.shape);
  const la = a.logits(x32), lb = b.logits(x96);
  assert.deepEqual(lb.shape, la.shape);
  assert.ok(lb.dataSync().every(Number.isFinite));
  assert.throws(() => b.logits(tf.zeros([1, 95, 95, 3]) as tf.Tensor4D), /multiples of it, got 95×95/);
  tf.dispose([x32, x96, la, lb, sa, sb]);
  a.dispose();
  b.dispose();
});
