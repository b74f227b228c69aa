/** Every run is trained once: notebooks that ask for the same method, setting and seed share one cached run. */
import assert from "node:assert/strict";
import { selectBackend } from "../../lib/backend.ts";
import { runTable1a } from "../../lib/experiments/section2.ts";
import { getProfile } from "../../lib/profile.ts";
import { silentProgress } from "../../lib/train/progress.ts";
import { runsDir } from "../../lib/train/zoo.ts";
import { withTempDir } from "../helpers.ts";

await selectBackend({ prefer: "wasm", quiet: true });

Deno.test("notebook 01's Table 1(a) then notebook 06's calls: T.(30%) and no augmentation are trained once, then read", async () => {
  await withTempDir(async (dir) => {
    const before = Deno.env.get("RESULTS_DIR"), jobs = Deno.env.get("JOBS");
    Deno.env.set("RESULTS_DIR", dir);
    Deno.env.delete("JOBS");
    try {
      const profile = getProfile("smoke");
      const trained: string[] = [], cachedLater: boolean[] = [];
      // Notebook 01 (here three of its seven methods, to keep the test short).
      const first = await runTable1a(profile, {
        only: ["T", "None", "C"],
        progress: silentProgress(),
        onRun: (r, _i, _n, cached) => void (!cached && trained.push(r.key)),
      });
      assert.equal(new Set(trained).size, trained.length, "no run trained twice within notebook 01");
      const stamp = async (key: string) => (await Deno.stat(`${runsDir(profile)}/${key}/result.json`)).mtime?.getTime();
      const tKeys = first.find((m) => m.augment === "T")!.runs.map((r) => r.key);
      const stamps = await Promise.all(tKeys.map(stamp));
      // Notebook 06 asks for T.(30%) and no augmentation again, as Appendix G's baselines.
      const again = await runTable1a(profile, {
        only: ["T", "None"],
        progress: silentProgress(),
        onRun: (_r, _i, _n, cached) => void cachedLater.push(cached),
      });
      assert.ok(cachedLater.length > 0 && cachedLater.every(Boolean), "every run notebook 06 asks for was already cached");
      assert.deepEqual(again.find((m) => m.augment === "T")!.runs.map((r) => r.key), tKeys);
      assert.deepEqual(await Promise.all(tKeys.map(stamp)), stamps, "T.(30%)'s results were not rewritten");
    } finally {
      if (before === undefined) Deno.env.delete("RESULTS_DIR");
      else Deno.env.set("RESULTS_DIR", before);
      if (jobs !== undefined) Deno.env.set("JOBS", jobs);
    }
  });
});
