/** Notebook 08's map: its cells, its runs' configs, and the settings they take from Table 1(a)'s selection. */
import assert from "node:assert/strict";
import { CONDITION_METHODS, conditionCells, conditionRuns, runConditions } from "../../lib/experiments/conditions.ts";
import { withTempDir } from "../helpers.ts";
import type { AugmentKey } from "../../lib/augment/registry.ts";
import type { Hyper } from "../../lib/experiments/selection.ts";
import { getProfile } from "../../lib/profile.ts";
import { runKey } from "../../lib/train/grid.ts";

const smoke = getProfile("smoke");
const chosen = new Map<AugmentKey, Hyper>(
  ([["None", 0.2], ["C", 0.1], ["R", 0.2], ["T", 0.4]] as const).map(([k, lr]) => [k, { lr, weightDecay: 5e-4 }]),
);

Deno.test("conditions: crops × area laws, stored at crop·37/32, the default law is the scenes' own", () => {
  const cells = conditionCells(smoke);
  assert.deepEqual(cells.map((c) => `${c.crop}/${c.frame}/${c.area}/${c.dataset}`), [
    "32/37/small/scenes:scale=0.02-0.15",
    "32/37/default/scenes",
    "64/74/small/scenes:scale=0.02-0.15",
    "64/74/default/scenes",
  ]);
  const quick = getProfile("quick");
  assert.equal(conditionCells(quick).length, 6);
  assert.deepEqual(Object.keys(getProfile("full", { dataset: "scenes" }).conditions.areas), ["small", "default", "large"]);
  assert.deepEqual(conditionCells(quick).map((c) => c.frame).filter((f, i, a) => a.indexOf(f) === i), [37, 74, 111]);
  assert.throws(
    () => conditionCells({ ...smoke, conditions: { ...smoke.conditions, crops: [48] } }),
    /crop 48 must be a positive multiple of 32/,
  );
});

Deno.test("conditions: every cell × method × seed, each method at its chosen rate (β laws at RRC's), the stem strided to 32 px", async () => {
  const runs = conditionRuns(smoke, chosen);
  assert.equal(runs.length, 4 * CONDITION_METHODS.length * smoke.conditions.seeds.length);
  assert.equal(new Set(await Promise.all(runs.map((r) => runKey(r.config)))).size, runs.length, "one key per run");
  for (const r of runs) {
    const c = r.config, m = c.model;
    assert.equal(c.data.crop, r.cell.crop);
    assert.equal(c.data.resizeTo, r.cell.frame);
    assert.equal(c.data.dataset, r.cell.dataset);
    assert.equal(c.data.trainPerClass, smoke.conditions.trainPerClass);
    assert.equal(c.epochs, smoke.conditions.epochs);
    assert.equal(c.data.validationPerClass, undefined, "map runs report on the held-out split");
    assert.equal(m.arch === "resnet" ? m.stemStride : "vit", r.cell.crop === 64 ? 2 : undefined);
    const own = chosen.get(r.augment.startsWith("Cbeta") ? "C" : r.augment)!;
    assert.equal(c.lr, own.lr, `${r.augment} at ${c.lr}`);
  }
  assert.equal(getProfile("quick").conditions.seeds.length * 6 * CONDITION_METHODS.length, 108);
  assert.throws(() => conditionRuns(smoke, new Map()), /no chosen setting for None: run Table 1\(a\)'s selection/);
});

Deno.test("conditions: a shard of the map refuses to start while Table 1(a)'s selection runs are missing, naming them", async () => {
  await withTempDir(async (dir) => {
    const before = Deno.env.get("RESULTS_DIR");
    Deno.env.set("RESULTS_DIR", dir);
    try {
      const quick = getProfile("quick");
      await assert.rejects(
        runConditions(quick, { shard: { index: 0, count: 2 } }),
        /choosing the settings of None, C, R, T needs every selection run finished; 12 missing .*Run the select phase first/,
      );
    } finally {
      if (before === undefined) Deno.env.delete("RESULTS_DIR");
      else Deno.env.set("RESULTS_DIR", before);
    }
  });
});
