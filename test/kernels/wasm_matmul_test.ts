import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../lib/backend.ts";

Deno.test("wasm BatchMatMul (native, or transpose-first without it) equals the cpu backend for every transpose combination, batched and not", async () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[4, 6, 2], [4, 3, 6], true, true],
    [[2, 1, 9], [2, 9, 1], false, false],
    [[3, 8, 5], [1, 8, 4], true, false],
    [[1, 1], [1, 1], true, true],
  ];
  for (const [sa, sb, ta, tb] of cases) {
    await selectBackend({ prefer: "cpu", quiet: true });
    const a = tf.randomNormal(sa, 0, 1, "float32", 1), b = tf.randomNormal(sb, 0, 1, "float32", 2);
    const ref = tf.matMul(a, b, ta, tb).dataSync();
    const [av, bv] = [a.dataSync(), b.dataSync()];
    await selectBackend({ prefer: "wasm", quiet: true });
    const got = tf.matMul(tf.tensor(av, sa), tf.tensor(bv, sb), ta, tb);
    const g = got.dataSync();
    assert.equal(g.length, ref.length);
    for (let i = 0; i < g.length; i++) assert.ok(Math.abs(g[i] - ref[i]) < 1e-4, `${sa} ${sb} ${ta} ${tb} at ${i}`);
    // The gradient path (transposed matmuls) too.
    const [ga] = tf.grads((x: tf.Tensor) => tf.sum(tf.matMul(x, tf.tensor(bv, sb), ta, tb)))([tf.tensor(av, sa)]);
    assert.deepEqual(ga.shape, sa);
  }
  await selectBackend({ prefer: "cpu", quiet: true });
});
