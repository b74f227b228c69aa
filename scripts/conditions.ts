/**
 * Trains notebook 08's map (lib/experiments/conditions.ts) for the profile:
 * first Table 1(a)'s selection runs of no augmentation, RRC, FSRC and T.(30%)
 * (shared with notebook 01), then every cell's runs; finished runs are
 * skipped, so it resumes. With a shard (a Slurm array task) it trains that
 * shard's cell runs; the selection runs must be finished first (run once
 * without --shard, or `deno task section2 --phase select`), and a shard that
 * finds them missing names them.
 *
 *   PROFILE=quick deno task conditions [--shard i/n] [--list] [--jobs N] [--backend wasm]
 */
import { type BackendName, selectBackend } from "../lib/backend.ts";
import { cellScores, conditionMap } from "../lib/analysis/conditions_findings.ts";
import { findingRows } from "../lib/analysis/findings.ts";
import { parseArgs } from "../lib/cli.ts";
import { conditionCells, conditionRuns, conditionSettings, runConditions } from "../lib/experiments/conditions.ts";
import { getProfile } from "../lib/profile.ts";
import { listRuns, resolveShard } from "../lib/train/grid.ts";
import { applyJobsFlag } from "../lib/train/pool.ts";

const { flags } = parseArgs(Deno.args);
applyJobsFlag(flags);
const profile = getProfile();
const shard = resolveShard(typeof flags.shard === "string" ? flags.shard : undefined);
const cells = conditionCells(profile), c = profile.conditions;
console.error(
  `notebook 08's map, profile ${profile.name}: ${cells.length} cells (crops ${c.crops.join(", ")} × areas ${
    Object.keys(c.areas).join(", ")
  }), seeds ${c.seeds.join(", ")}${shard ? `, shard ${shard.index}/${shard.count}` : ""}`,
);
if (flags.list === true) {
  const runs = conditionRuns(profile, await conditionSettings(profile));
  for (const r of await listRuns(runs.map((x) => x.config), shard)) {
    console.log(`${r.key}  ${r.config.label}  lr ${r.config.lr}`);
  }
  Deno.exit(0);
}
await selectBackend({ prefer: (flags.backend as BackendName | undefined) ?? undefined, purpose: "train" });
const t0 = performance.now();
const done = await runConditions(profile, {
  shard,
  onRun: (r, i, n, cached) => console.error(`[${i}/${n}] ${r.key} ${r.config.label ?? ""}${cached ? " (done, skipped)" : ""}`),
});
console.log(`${done.length} runs finished in ${((performance.now() - t0) / 60000).toFixed(1)} min`);
if (!shard) {
  const scores = cellScores(done.map((r) => ({ ...r.cell, augment: r.augment, seed: r.seed, top1: r.result.finalTop1 })));
  for (const f of findingRows(conditionMap(scores).findings)) console.log(`${f["this run"].padEnd(12)} ${f.claim}`);
}
