import assert from "node:assert/strict";
import { selectBackend } from "../../lib/backend.ts";
import { nativeLibrary } from "../../lib/kernels/native.ts";
import { runGrid, silentProgress, type TrainConfig } from "../../lib/train/mod.ts";
import { applyJobsFlag, defaultJobs, parseJobs, threadsPerRun } from "../../lib/train/pool.ts";
import type { ProgressSink } from "../../lib/train/progress.ts";
import { TINY_RUN, withTempDir } from "../helpers.ts";

await selectBackend({ prefer: "wasm", quiet: true });

const tiny: TrainConfig = { ...TINY_RUN, epochs: 2, data: { ...TINY_RUN.data, trainPerClass: 6, testPerClass: 6 } };
const grid = [0, 1, 2].map((seed) => ({ ...tiny, seed, label: `tiny seed ${seed}` }));

function lines(record: string[]): ProgressSink {
  return { ...silentProgress(), done: (m) => void record.push(m) };
}

Deno.test("--jobs parsing: whole numbers ≥ 1 or auto; a bad value names the flag", () => {
  assert.equal(parseJobs("3"), 3);
  assert.equal(parseJobs("auto"), "auto");
  assert.equal(parseJobs(undefined), undefined);
  assert.throws(() => parseJobs("0"), /--jobs must be a whole number/);
  assert.throws(() => parseJobs("two", "$JOBS"), /\$JOBS must be a whole number ≥ 1 or "auto", got "two"/);
  const saved = Deno.env.get("JOBS");
  try {
    Deno.env.delete("JOBS");
    applyJobsFlag({});
    assert.equal(Deno.env.get("JOBS"), "auto", "tasks default to the machine's job count");
    applyJobsFlag({ jobs: "2" });
    assert.equal(Deno.env.get("JOBS"), "2");
    assert.throws(() => applyJobsFlag({ jobs: true }), /--jobs needs a number/);
  } finally {
    if (saved === undefined) Deno.env.delete("JOBS");
    else Deno.env.set("JOBS", saved);
  }
});

Deno.test("threads per run depend on the model's input, not on --jobs; the default job count fills the cores", () => {
  assert.equal(threadsPerRun(tiny), 1);
  const big = { ...tiny, data: { ...tiny.data, crop: 224 } };
  assert.ok(threadsPerRun(big) >= 1 && threadsPerRun(big) <= 8);
  assert.equal(defaultJobs([tiny]), Math.max(1, navigator.hardwareConcurrency));
  assert.ok(defaultJobs([tiny, big]) <= defaultJobs([tiny]));
});

Deno.test({
  name: "a grid trained by 2 processes equals the same grid by 1, byte for byte; finished runs are not retrained",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const histories: string[][] = [];
    for (const jobs of [1, 2]) {
      await withTempDir(async (dir) => {
        const said: string[] = [];
        const done = await runGrid(grid, { runsDir: dir, jobs, progress: lines(said) });
        assert.equal(done.length, 3);
        assert.match(said[0], /training 3 of 3 runs in \d processes/);
        assert.equal(said.filter((l) => /\[\d\/3\] tiny seed \d: top-1 .* ETA/.test(l)).length, 3, said.join("\n"));
        // Without the native kernels ($GIB_NATIVE=0) there is no thread count to record.
        const threads = nativeLibrary() ? 1 : undefined;
        for (const d of done) assert.equal(d.result.meta.threads, threads, "each pooled run trains on one native thread");
        histories.push(done.map((d) => JSON.stringify([d.result.history.map((h) => [h.loss, h.top1]), d.result.correct])));
        // A second call finds every result and starts no process.
        const again: string[] = [];
        const cached: boolean[] = [];
        await runGrid(grid, { runsDir: dir, jobs, progress: lines(again), onRun: (_r, _i, _n, c) => cached.push(c) });
        assert.deepEqual(again, []);
        assert.deepEqual(cached, [true, true, true]);
      });
    }
    assert.deepEqual(histories[1], histories[0]);
  },
});

Deno.test({
  name: "a failing run is named with its log; the other runs still finish and are cached",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await withTempDir(async (dir) => {
      const bad = { ...tiny, augment: "NoSuchAugmentation" } as unknown as TrainConfig;
      await assert.rejects(
        runGrid([bad, grid[0]], { runsDir: dir, jobs: 2, progress: silentProgress() }),
        /1 of 2 runs failed; the others are cached and a rerun resumes\. First: .*train\.log.*NoSuchAugmentation/s,
      );
      const done = await runGrid([grid[0]], { runsDir: dir, jobs: 2, progress: lines([]) });
      assert.equal(done.length, 1);
    });
  },
});
