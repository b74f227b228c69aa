/**
 * Trains every run of Section 2 (Table 1a with its lr × wd selection, then
 * Table 1b, and Appendix A's T.(50%) + RSCC) for the profile, from the command line; cached runs are skipped,
 * so it resumes, and the notebooks 01 and 02 then only read the results.
 *
 *   PROFILE=quick deno task section2 [--only C,None] [--no-table1b] [--backend wasm] [--force]
 *
 * On a cluster, two arrays, the second after the first (examples/slurm_section2.sh):
 *
 *   deno task section2 --phase select --shard i/n      # every method's lr × wd grid
 *   deno task section2 --phase replicate --shard i/n   # every seed at each method's chosen setting
 *
 * (--shard, else $SLURM_ARRAY_TASK_ID with $GRID_SHARDS; finished runs are skipped.)
 */
import { type BackendName, selectBackend } from "../lib/backend.ts";
import { parseArgs } from "../lib/cli.ts";
import { augmentation } from "../lib/augment/registry.ts";
import { runTable1a, runTable1b, section2PhaseConfigs } from "../lib/experiments/section2.ts";
import { resolveShard, runGrid } from "../lib/train/grid.ts";
import { runsDir } from "../lib/train/zoo.ts";
import { selectAndReplicate } from "../lib/experiments/selection.ts";
import { getProfile } from "../lib/profile.ts";
import { formatMeanSem } from "../lib/metrics/stats.ts";
import { applyJobsFlag } from "../lib/train/pool.ts";

const { flags } = parseArgs(Deno.args);
applyJobsFlag(flags);
const profile = getProfile();
await selectBackend({ prefer: (flags.backend as BackendName | undefined) ?? undefined, purpose: "train" });
const only = typeof flags.only === "string" ? flags.only.split(",").map((k) => augmentation(k).key) : undefined;
const onRun = (r: { key: string; config: { label?: string } }, i: number, n: number, cached: boolean) =>
  console.error(`[${i}/${n}] ${r.key} ${r.config.label ?? ""}${cached ? " (done, skipped)" : ""}`);
const t0 = performance.now();
if (flags.phase !== undefined) {
  const phase = String(flags.phase);
  if (phase !== "select" && phase !== "replicate") throw new RangeError(`--phase must be select or replicate, got "${phase}"`);
  const configs = await section2PhaseConfigs(profile, phase, { only, table1b: flags["no-table1b"] !== true });
  const shard = resolveShard(typeof flags.shard === "string" ? flags.shard : undefined);
  const done = await runGrid(configs, { runsDir: runsDir(profile), shard, onRun, force: flags.force === true });
  console.log(
    `section 2, ${phase} phase${
      shard ? `, shard ${shard.index}/${shard.count}` : ""
    }: ${done.length} of ${configs.length} runs ready in ${((performance.now() - t0) / 60000).toFixed(1)} min`,
  );
  Deno.exit(0);
}
const table1a = await runTable1a(profile, { only, onRun, force: flags.force === true });
for (const m of table1a) {
  console.log(
    `${m.augment.padEnd(8)} lr ${m.chosen.lr} wd ${m.chosen.weightDecay}  top-1 ${
      formatMeanSem(m.runs.map((r) => r.result.finalTop1))
    }`,
  );
}
const ts = table1a.find((m) => m.augment === "TS");
if (ts) {
  // Appendix A's extra run (notebook 01): T.(50%) + RSCC at T.(30%) + RSCC's setting.
  const t50 = await selectAndReplicate(profile, "T50S", { hyper: ts.chosen, onRun, force: flags.force === true });
  console.log(`T50S     top-1 ${formatMeanSem(t50.runs.map((r) => r.result.finalTop1))}`);
}
const rrc = table1a.find((m) => m.augment === "C");
if (rrc && flags["no-table1b"] !== true) {
  for (const { beta, runs } of await runTable1b(profile, rrc, { onRun, force: flags.force === true })) {
    console.log(`beta ${String(beta).padEnd(4)} top-1 ${formatMeanSem(runs.runs.map((r) => r.result.finalTop1))}`);
  }
}
console.log(`section 2 runs ready in ${((performance.now() - t0) / 60000).toFixed(1)} min`);
