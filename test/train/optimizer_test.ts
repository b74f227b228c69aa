import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../lib/backend.ts";
import { AdamW } from "../../lib/train/adamw.ts";
import { cosineLr, scheduledLr } from "../../lib/train/schedule.ts";

await selectBackend({ prefer: "wasm", quiet: true });

interface AdamWFixture {
  weightDecay: number;
  shapes: Record<string, number[]>;
  init: Record<string, number[]>;
  steps: { lr: number; grads: Record<string, number[]>; after: Record<string, number[]> }[];
}

Deno.test("AdamW matches torch.optim.AdamW step by step (decay on rank ≥ 2 only), and its state round-trips", async () => {
  const fx: AdamWFixture = JSON.parse(await Deno.readTextFile(new URL("../fixtures/adamw.json", import.meta.url)));
  const params = new Map(Object.entries(fx.shapes).map(([n, s]) => [n, tf.variable(tf.tensor(fx.init[n], s), true, `t/${n}`)]));
  let opt = new AdamW({ weightDecay: fx.weightDecay });
  for (const [k, st] of fx.steps.entries()) {
    const grads = new Map(Object.entries(fx.shapes).map(([n, s]) => [n, tf.tensor(st.grads[n], s)]));
    opt.step(params, grads, st.lr);
    tf.dispose([...grads.values()]);
    for (const [n, p] of params) {
      const got = await p.data();
      st.after[n].forEach((want, i) =>
        assert.ok(Math.abs(got[i] - want) <= 1e-6 + 1e-5 * Math.abs(want), `step ${k + 1}, ${n}[${i}]: ${got[i]} vs ${want}`)
      );
    }
    if (k === 1) {
      // A checkpoint in the middle: a fresh optimiser loaded from the state continues identically.
      const state = await opt.state();
      opt.dispose();
      opt = new AdamW({ weightDecay: fx.weightDecay });
      opt.load(state);
      assert.equal(opt.steps, 2);
    }
  }
  opt.dispose();
  for (const p of params.values()) p.dispose();
});

Deno.test("warm-up then cosine: rises linearly to lr₀ over the warm-up, falls to 0 at the end; no schedule keeps step decay", () => {
  const at = (epoch: number, batch: number) =>
    scheduledLr({ lr: 1, lrStep: 30, epochs: 10, schedule: { kind: "cosine", warmupEpochs: 2 } }, epoch, batch, 4);
  assert.equal(at(1, 0), 1 / 8); // first batch: lr₀ / (warm-up batches)
  assert.equal(at(2, 3), 1); // the warm-up's last batch reaches lr₀
  assert.equal(at(3, 0), 1); // the cosine starts at lr₀
  assert.ok(Math.abs(at(7, 0) - 0.5) < 1e-12); // half-way through the cosine
  assert.ok(cosineLr(1, 10, 10, 2, 4) < 1e-12);
  const lrs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((e) => [0, 1, 2, 3].map((b) => at(e, b)));
  assert.ok(lrs.slice(8).every((v, i, a) => i === 0 || v <= a[i - 1]), "monotone after the warm-up");
  assert.equal(scheduledLr({ lr: 0.1, lrStep: 2, epochs: 5 }, 3, 1, 4), 0.1 * 0.1);
});
