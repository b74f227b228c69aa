import assert from "node:assert/strict";
import { selectBackend } from "../../lib/backend.ts";
import { tinyVitConfig } from "../../lib/models/mod.ts";
import {
  collectResults,
  expandGrid,
  listRuns,
  runGrid,
  runKey,
  silentProgress,
  train,
  type TrainConfig,
  TrainingDivergedError,
} from "../../lib/train/mod.ts";
import { parseShard } from "../../lib/train/grid.ts";
import { stepLr } from "../../lib/train/schedule.ts";
import { TINY_RUN, withTempDir } from "../helpers.ts";

await selectBackend({ prefer: "wasm", quiet: true });

const base = TINY_RUN;

Deno.test("step learning rate: ×0.1 every lrStep epochs", () => {
  assert.deepEqual([0, 1, 2, 3, 4].map((e) => +stepLr(0.1, e, 2).toPrecision(6)), [0.1, 0.1, 0.01, 0.01, 0.001]);
});

Deno.test("a tiny ResNet learns a tiny real subset: loss falls, accuracy beats chance (10%) by a margin", async () => {
  await withTempDir(async (dir) => {
    const r = await train(base, { runDir: dir, progress: silentProgress() });
    assert.ok(r.history[3].loss < 0.8 * r.history[0].loss, `loss ${r.history.map((h) => h.loss)}`);
    // 40 steps on 200 images: chance is 10 %; the binomial sd at 200 test images is 2 %.
    assert.ok(r.bestTop1 > 0.25, `top-1 ${r.bestTop1}`);
    assert.equal(r.correct.length, 200);
    assert.equal(r.perClass.length, 10);
    assert.ok(
      Math.abs(r.perClass.reduce((a, b) => a + b, 0) / 10 - r.bestTop1) < 1e-9,
      "balanced classes: mean per-class = top-1",
    );
    // The reported numbers are the last epoch's.
    assert.equal(r.finalTop1, r.history[r.history.length - 1].top1);
    assert.equal(r.finalCorrect.length, 200);
    assert.equal([...r.finalCorrect].filter((c) => c === "1").length / 200, r.finalTop1);
    assert.ok(Math.abs(r.finalPerClass.reduce((a, b) => a + b, 0) / 10 - r.finalTop1) < 1e-9);
    // Finished runs are not retrained.
    const states: unknown[] = [];
    const again = await train(base, { runDir: dir, progress: silentProgress(states as never) });
    assert.deepEqual(again.history, r.history);
    assert.equal(states.length, 0);
    // A result written before the last epoch's evaluation was kept gets it from the final weights, once.
    const { finalCorrect: _c, finalPerClass: _p, ...old } = r;
    await Deno.writeTextFile(`${dir}/result.json`, JSON.stringify(old));
    const upgraded = await train(base, { runDir: dir, progress: silentProgress() });
    assert.equal(upgraded.finalCorrect, r.finalCorrect);
    assert.deepEqual(upgraded.finalPerClass, r.finalPerClass);
    assert.equal(JSON.parse(await Deno.readTextFile(`${dir}/result.json`)).finalCorrect, r.finalCorrect);
    // Final weights that do not give the recorded last-epoch top-1 are an error, not a silent mix.
    await Deno.writeTextFile(`${dir}/result.json`, JSON.stringify({ ...old, finalTop1: old.finalTop1 + 0.01 }));
    await assert.rejects(train(base, { runDir: dir, progress: silentProgress() }), /its final weights give top-1/);
  });
});

Deno.test("the ViT family trains too", async () => {
  await withTempDir(async (dir) => {
    const r = await train({
      ...base,
      model: tinyVitConfig({ numClasses: 10, imageSize: 28, inChannels: 1, dim: 32, depth: 2 }),
      epochs: 2,
      lr: 0.01,
    }, { runDir: dir, progress: silentProgress() });
    assert.ok(r.history[1].loss < r.history[0].loss);
  });
});

const adamwCosine: Partial<TrainConfig> = {
  optimizer: "adamw",
  lr: 0.003,
  weightDecay: 0.05,
  schedule: { kind: "cosine", warmupEpochs: 1 },
};
for (const [name, recipe] of [["SGD, step decay", {}], ["AdamW, warm-up and cosine", adamwCosine]] as const) {
  Deno.test(`an interrupted run resumes from its checkpoint and ends exactly as an uninterrupted one (${name})`, async () => {
    await withTempDir(async (dir) => {
      const cfg: TrainConfig = { ...base, augment: "C", ...recipe };
      const whole = await train(cfg, { runDir: `${dir}/a`, progress: silentProgress() });
      const part = await train(cfg, { runDir: `${dir}/b`, progress: silentProgress(), stopAfterEpoch: 1 });
      assert.equal(part.history.length, 1);
      const resumed = await train(cfg, { runDir: `${dir}/b`, progress: silentProgress() });
      assert.deepEqual(resumed.history.map((h) => [h.loss, h.top1]), whole.history.map((h) => [h.loss, h.top1]));
      assert.equal(resumed.correct, whole.correct);
      const wa = await Deno.readFile(`${dir}/a/final/weights.bin`), wb = await Deno.readFile(`${dir}/b/final/weights.bin`);
      assert.deepEqual(wa, wb);
    });
  });
}

Deno.test("a corrupted checkpoint is a clear error; a NaN loss stops naming epoch and step", async () => {
  await withTempDir(async (dir) => {
    await train(base, { runDir: dir, progress: silentProgress(), stopAfterEpoch: 1 });
    await Deno.writeFile(`${dir}/checkpoint/weights.bin`, new Uint8Array(10));
    await assert.rejects(
      train(base, { runDir: dir, progress: silentProgress() }),
      /the checkpoint in .*checkpoint cannot be resumed .*delete that folder to restart/,
    );
  });
  await withTempDir(async (dir) => {
    await assert.rejects(train({ ...base, lr: 1e30 }, { runDir: dir, progress: silentProgress() }), (e: Error) => {
      assert.ok(e instanceof TrainingDivergedError);
      assert.match(e.message, /training diverged: loss (NaN|Infinity) at epoch 1, step \d+/);
      return true;
    });
    assert.equal(await Deno.stat(`${dir}/checkpoint`).catch(() => null), null, "no checkpoint of a diverged epoch");
  });
});

Deno.test("grid: expansion, stable keys, shards cover every run exactly once, finished runs skipped, merge", async () => {
  const configs = expandGrid({
    base: { ...base, epochs: 1 },
    axes: { augment: ["None", "T"], seed: [0, 1, 2], lr: [0.05, 0.01] },
  });
  assert.equal(configs.length, 12);
  assert.equal(await runKey(configs[0]), await runKey({ ...configs[0], label: "renamed" }));
  assert.equal(new Set(await Promise.all(configs.map(runKey))).size, 12);
  for (const n of [1, 2, 3, 5, 12, 13]) {
    const shards = await Promise.all(Array.from({ length: n }, (_, i) => listRuns(configs, { index: i, count: n })));
    const keys = shards.flat().map((r) => r.key);
    assert.equal(keys.length, 12, `n=${n}`);
    assert.equal(new Set(keys).size, 12, `n=${n}`);
  }
  assert.deepEqual(parseShard("1/4"), { index: 1, count: 4 });
  assert.throws(() => parseShard("4/4"), /need 0 ≤ i < n/);
  assert.throws(() => parseShard("x"), /shard must look like i\/n/);
  await withTempDir(async (dir) => {
    const small = configs.slice(0, 3);
    const first = await runGrid(small, { runsDir: dir, shard: { index: 0, count: 2 }, progress: silentProgress() });
    const second = await runGrid(small, { runsDir: dir, shard: { index: 1, count: 2 }, progress: silentProgress() });
    assert.equal(first.length + second.length, 3);
    const cachedFlags: boolean[] = [];
    await runGrid(small, { runsDir: dir, progress: silentProgress(), onRun: (_r, _i, _n, cached) => cachedFlags.push(cached) });
    assert.deepEqual(cachedFlags, [true, true, true]);
    const merged = await collectResults(configs, dir);
    assert.equal(merged.done.length, 3);
    assert.equal(merged.missing.length, 9);
  });
});
