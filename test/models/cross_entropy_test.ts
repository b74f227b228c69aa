import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../lib/backend.ts";
import { crossEntropy } from "../../lib/models/layers.ts";

await selectBackend({ prefer: "cpu", quiet: true });

interface Fixture {
  shape: [number, number];
  logits: number[];
  labels: number[];
  cases: { labelSmoothing: number; loss: number; grad: number[] }[];
}
// PyTorch's CrossEntropyLoss(label_smoothing=ε) on rows from near-uniform to saturated (make_cross_entropy.py).
const fixture: Fixture = JSON.parse(await Deno.readTextFile(new URL("../fixtures/cross_entropy.json", import.meta.url)));

Deno.test("crossEntropy matches torch's CrossEntropyLoss, loss and gradient, at ε = 0, 0.1 and 0.3", () => {
  for (const c of fixture.cases) {
    const v = tf.variable(tf.tensor2d(fixture.logits, fixture.shape)), y = tf.tensor1d(fixture.labels, "int32");
    const { value, grads } = tf.variableGrads(() => crossEntropy(v as tf.Tensor2D, y, c.labelSmoothing), [v]);
    assert.ok(Math.abs(value.dataSync()[0] - c.loss) < 1e-5 * Math.max(1, c.loss), `ε = ${c.labelSmoothing}: loss`);
    const g = grads[v.name].dataSync();
    const worst = Math.max(...c.grad.map((t, i) => Math.abs(g[i] - t)));
    assert.ok(worst < 1e-6, `ε = ${c.labelSmoothing}: gradient off by ${worst}`);
    tf.dispose([y, v, value, ...Object.values(grads)]);
  }
  // Smoothing changes the loss: a test that ε reaches the loss at all.
  const [plain, smoothed] = [fixture.cases[0].loss, fixture.cases[1].loss];
  assert.notEqual(plain, smoothed);
});
