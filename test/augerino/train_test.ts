import assert from "node:assert/strict";
import { atLastEpoch, type AugerinoResult, trainAugerino } from "../../lib/augerino/train.ts";
import type { AugerinoRunConfig } from "../../lib/augerino/train.ts";
import { selectBackend } from "../../lib/backend.ts";
import { silentProgress } from "../../lib/train/mod.ts";
import { TINY_RUN, withTempDir } from "../helpers.ts";

await selectBackend({ prefer: "wasm", quiet: true });

const config: AugerinoRunConfig = {
  ...TINY_RUN,
  data: { ...TINY_RUN.data, trainPerClass: 10, testPerClass: 10 },
  epochs: 3,
  batchSize: 25,
  augerino: { variant: "translation+scale", lambda: 0.1, evalCopies: 2, initialWidth: 0.3 },
};

Deno.test("an interrupted Augerino run resumes from its checkpoint and ends exactly as an uninterrupted one", async () => {
  await withTempDir(async (dir) => {
    const whole = await trainAugerino(config, { runsDir: `${dir}/a`, progress: silentProgress() });
    const part = await trainAugerino(config, { runsDir: `${dir}/b`, progress: silentProgress(), stopAfterEpoch: 1 });
    assert.equal(part.history.length, 1);
    const resumed = await trainAugerino(config, { runsDir: `${dir}/b`, progress: silentProgress() });
    assert.equal(resumed.history.length, 3);
    // Loss, accuracies and the learned widths, epoch by epoch: the network, both optimisers and θ were restored.
    const trace = (r: typeof whole) => r.history.map((h) => [h.loss, h.top1On, h.top1Off, ...h.widths]);
    assert.deepEqual(trace(resumed), trace(whole));
    assert.ok(whole.widths.some((w) => Math.abs(w - 0.3) > 1e-4), "the widths moved, so their restoring was tested");
  });
});

Deno.test("an Augerino run evaluating every 2nd epoch trains exactly as one evaluating every epoch, and reports its last", async () => {
  await withTempDir(async (dir) => {
    const every = await trainAugerino(config, { runsDir: `${dir}/a`, progress: silentProgress() });
    const sparse = await trainAugerino({ ...config, augerino: { ...config.augerino, evalEvery: 2 } }, {
      runsDir: `${dir}/b`,
      progress: silentProgress(),
    });
    assert.deepEqual(sparse.history.map((h) => h.top1On !== undefined), [true, true, true], "epochs 1, 2 and the last (3)");
    const skipped = await trainAugerino({ ...config, epochs: 4, augerino: { ...config.augerino, evalEvery: 3 } }, {
      runsDir: `${dir}/c`,
      progress: silentProgress(),
    });
    assert.deepEqual(skipped.history.map((h) => h.top1On !== undefined), [true, false, true, true]);
    assert.deepEqual(
      skipped.history.slice(0, 3).map((h) => [h.loss, ...h.widths]),
      every.history.map((h) => [h.loss, ...h.widths]),
    );
    assert.equal(skipped.top1On, skipped.history[3].top1On);
    assert.deepEqual([sparse.top1On, sparse.top1Off, sparse.widths], [every.top1On, every.top1Off, every.widths]);
  });
});

Deno.test("Augerino honours the run's optimiser and schedule: AdamW with warm-up and cosine trains differently from SGD, and resumes exactly", async () => {
  await withTempDir(async (dir) => {
    const adamw: AugerinoRunConfig = {
      ...config,
      epochs: 2,
      lr: 0.001,
      optimizer: "adamw",
      schedule: { kind: "cosine", warmupEpochs: 1 },
    };
    const sgd = await trainAugerino({ ...adamw, optimizer: undefined, schedule: undefined }, {
      runsDir: `${dir}/s`,
      progress: silentProgress(),
    });
    const whole = await trainAugerino(adamw, { runsDir: `${dir}/a`, progress: silentProgress() });
    await trainAugerino(adamw, { runsDir: `${dir}/b`, progress: silentProgress(), stopAfterEpoch: 1 });
    const resumed = await trainAugerino(adamw, { runsDir: `${dir}/b`, progress: silentProgress() });
    const losses = (r: typeof whole) => r.history.map((h) => h.loss);
    assert.notDeepEqual(losses(whole), losses(sgd), "the optimiser and schedule were not ignored");
    assert.deepEqual(losses(resumed), losses(whole), "AdamW's moments are saved in the checkpoint");
  });
});

Deno.test("Augerino results report the last epoch; results written with the best epoch read the same", () => {
  const epoch = (e: number, on: number, w: number) => ({ epoch: e, loss: 1, widths: [w], top1On: on, top1Off: on - 0.1 });
  const old = {
    config: {} as AugerinoRunConfig,
    generators: ["tx"],
    bestEpoch: 2,
    top1On: 0.6,
    top1Off: 0.5,
    widths: [0.2],
    history: [epoch(1, 0.4, 0.1), epoch(2, 0.6, 0.2), epoch(3, 0.55, 0.3)],
    seconds: 1,
  } as AugerinoResult;
  const r = atLastEpoch(old);
  assert.deepEqual([r.top1On, r.top1Off, r.widths, r.bestEpoch, r.reportedEpoch], [0.55, 0.55 - 0.1, [0.3], 2, "last"]);
  assert.equal(atLastEpoch(r), r);
});
