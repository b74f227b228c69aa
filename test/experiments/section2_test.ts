/** Section 2's cluster phases: selection runs first, then the seeds at each method's best setting. */
import assert from "node:assert/strict";
import { TABLE_1A_KEYS } from "../../lib/augment/registry.ts";
import { section2PhaseConfigs } from "../../lib/experiments/section2.ts";
import { replicationConfigs, selectionConfigs } from "../../lib/experiments/selection.ts";
import { getProfile } from "../../lib/profile.ts";
import { runKey } from "../../lib/train/grid.ts";
import { runsDir } from "../../lib/train/zoo.ts";
import { withTempDir } from "../helpers.ts";

Deno.test("section 2 phases: select lists every method's grid; replicate needs them all, then takes each best setting", async () => {
  await withTempDir(async (dir) => {
    const before = Deno.env.get("RESULTS_DIR");
    Deno.env.set("RESULTS_DIR", dir);
    try {
      const smoke = getProfile("smoke");
      const profile = { ...smoke, training: { ...smoke.training, lrGrid: [0.05, 0.1], wdGrid: [5e-4] } };
      const select = await section2PhaseConfigs(profile, "select");
      assert.equal(select.length, TABLE_1A_KEYS.length * 2);
      assert.ok(select.every((c) => c.seed === profile.training.seeds[0]));
      await assert.rejects(section2PhaseConfigs(profile, "replicate"), /14 missing in .*Run the select phase first/);
      // Finished selection runs: lr 0.1 wins for T, lr 0.05 for every other method.
      for (const c of select) {
        const top1 = c.augment === "T" ? (c.lr === 0.1 ? 0.6 : 0.5) : (c.lr === 0.05 ? 0.4 : 0.3);
        const runDir = `${runsDir(profile)}/${await runKey(c)}`;
        await Deno.mkdir(runDir, { recursive: true });
        await Deno.writeTextFile(`${runDir}/result.json`, JSON.stringify({ config: c, bestTop1: top1 }));
      }
      const replicate = await section2PhaseConfigs(profile, "replicate");
      const keys = new Set(await Promise.all(replicate.map(runKey)));
      const want = [
        ...replicationConfigs(profile, "T", { lr: 0.1, weightDecay: 5e-4 }),
        ...replicationConfigs(profile, "C", { lr: 0.05, weightDecay: 5e-4 }),
        ...replicationConfigs(profile, "T50S", { lr: 0.05, weightDecay: 5e-4 }),
        ...replicationConfigs(profile, "Cbeta10", { lr: 0.05, weightDecay: 5e-4 }),
      ];
      for (const c of want) assert.ok(keys.has(await runKey(c)), `${c.augment} lr ${c.lr} seed ${c.seed}`);
      // 7 methods + T50S + 5 laws of Table 1(b), every seed; without Table 1(b), 8.
      const seeds = profile.training.seeds.length;
      assert.equal(replicate.length, (TABLE_1A_KEYS.length + 1 + 5) * seeds);
      assert.equal(
        (await section2PhaseConfigs(profile, "replicate", { table1b: false })).length,
        (TABLE_1A_KEYS.length + 1) * seeds,
      );
      // The selection run at the first seed is the replication run at it: same key, never trained twice.
      const tSelect = selectionConfigs(profile, "T").find((c) => c.lr === 0.1)!;
      assert.ok(keys.has(await runKey(tSelect)));
    } finally {
      if (before === undefined) Deno.env.delete("RESULTS_DIR");
      else Deno.env.set("RESULTS_DIR", before);
    }
  });
});
