/** Section 2's cluster phases: selection runs first, then the seeds at each method's best setting. */
import assert from "node:assert/strict";
import { TABLE_1A_KEYS } from "../../lib/augment/registry.ts";
import { section2PhaseConfigs } from "../../lib/experiments/section2.ts";
import { bracketExtension, replicationConfigs, selectionConfigs } from "../../lib/experiments/selection.ts";
import type { TrainResult } from "../../lib/train/trainer.ts";
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
      assert.ok(select.every((c) => c.data.validationPerClass === profile.training.validationPerClass), "scored on validation");
      await assert.rejects(section2PhaseConfigs(profile, "replicate"), /14 missing in .*Run the select phase first/);
      // Finished selection runs: lr 0.1 wins for T, lr 0.05 for every other method.
      for (const c of select) {
        const top1 = c.augment === "T" ? (c.lr === 0.1 ? 0.6 : 0.5) : (c.lr === 0.05 ? 0.4 : 0.3);
        const runDir = `${runsDir(profile)}/${await runKey(c)}`;
        await Deno.mkdir(runDir, { recursive: true });
        await Deno.writeTextFile(`${runDir}/result.json`, JSON.stringify({ config: c, finalTop1: top1, finalCorrect: "1" }));
      }
      // T's best run is at the grid's largest rate: the grid is extended (bracketed) before anything replicates.
      await assert.rejects(section2PhaseConfigs(profile, "replicate"), /1 missing .*T .*\(lr 0\.2, wd 0\.0005\)/);
      const extended = await section2PhaseConfigs(profile, "select");
      assert.equal(extended.length, select.length + 1);
      const t02 = extended.find((c) => c.augment === "T" && c.lr === 0.2)!;
      const t02Dir = `${runsDir(profile)}/${await runKey(t02)}`;
      await Deno.mkdir(t02Dir, { recursive: true });
      await Deno.writeTextFile(`${t02Dir}/result.json`, JSON.stringify({ config: t02, finalTop1: 0.55, finalCorrect: "1" }));
      assert.equal((await section2PhaseConfigs(profile, "select")).length, select.length + 1, "0.1 beats 0.2: bracketed");
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
      // A selection run trains on fewer images and is scored on the validation split: never a reported run.
      const tSelect = selectionConfigs(profile, "T").find((c) => c.lr === 0.1)!;
      assert.ok(!keys.has(await runKey(tSelect)));
      assert.ok(replicate.every((c) => c.data.validationPerClass === undefined), "reported runs train on every training image");
      // A grid of one setting selects nothing: no validation runs.
      assert.deepEqual(selectionConfigs(smoke, "T"), []);
    } finally {
      if (before === undefined) Deno.env.delete("RESULTS_DIR");
      else Deno.env.set("RESULTS_DIR", before);
    }
  });
});

Deno.test("bracketing: extend ×2 while the best run sits at the largest rate, at most twice; never for a single-rate grid", () => {
  const smoke = getProfile("smoke");
  const profile = { ...smoke, training: { ...smoke.training, lrGrid: [0.1, 0.03], wdGrid: [5e-4] } };
  const run = (lr: number, top1: number) => ({
    config: selectionConfigs(profile, "C", "resnet", [lr])[0],
    result: { finalTop1: top1 } as TrainResult,
  });
  assert.deepEqual(bracketExtension(profile, "C", [run(0.1, 0.5), run(0.03, 0.4)]).map((c) => c.lr), [0.2]);
  assert.deepEqual(bracketExtension(profile, "C", [run(0.1, 0.5), run(0.03, 0.4), run(0.2, 0.6)]).map((c) => c.lr), [0.4]);
  assert.deepEqual(bracketExtension(profile, "C", [run(0.1, 0.5), run(0.03, 0.4), run(0.2, 0.6), run(0.4, 0.7)]), []);
  assert.deepEqual(bracketExtension(profile, "C", [run(0.1, 0.5), run(0.03, 0.6)]), [], "the best is inside the grid");
  assert.deepEqual(
    bracketExtension(smoke, "C", [{
      config: selectionConfigs(smoke, "C", "resnet", [0.05])[0],
      result: { finalTop1: 0.5 } as TrainResult,
    }]),
    [],
  );
});
