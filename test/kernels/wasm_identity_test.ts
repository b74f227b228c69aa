import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../lib/backend.ts";

Deno.test("wasm Identity shares the buffer: a clone outlives its source, values stay right, nothing leaks", async () => {
  await selectBackend({ prefer: "wasm", quiet: true });
  const before = tf.memory().numBytes;
  const x = tf.tensor([1, 2, 3, 4], [2, 2]);
  const c = tf.clone(x);
  const d = tf.clone(c);
  assert.equal(c.dataId, x.dataId, "the clone shares its source's buffer");
  x.dispose();
  assert.deepEqual(Array.from(c.dataSync()), [1, 2, 3, 4]);
  c.dispose();
  assert.deepEqual(Array.from(d.dataSync()), [1, 2, 3, 4]);
  // An op on the clone writes a new buffer, never the shared one.
  const e = tf.add(d, 1);
  assert.deepEqual(Array.from(d.dataSync()), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(e.dataSync()), [2, 3, 4, 5]);
  tf.dispose([d, e]);
  assert.equal(tf.memory().numBytes, before);
  // Gradients through ops that save their inputs (clones) are unchanged.
  const init = tf.tensor([0.5, -1, 2]);
  const w = tf.variable(init);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.relu(w), w)), [w]);
  assert.deepEqual(Array.from(Object.values(grads)[0].dataSync()), [1, 0, 4]);
  tf.dispose([value, ...Object.values(grads), w, init]);
  assert.equal(tf.memory().numBytes, before);
  await selectBackend({ prefer: "cpu", quiet: true });
});
