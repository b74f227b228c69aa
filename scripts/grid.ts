/**
 * Runs, lists or merges an experiment grid described by a JSON file
 * { "base": TrainConfig, "axes": { "augment": [...], "seed": [...], ... } }.
 *
 *   deno task grid run grid.json [--shard i/n] [--runs dir] [--backend wasm]
 *   deno task grid list grid.json [--shard i/n]
 *   deno task grid merge grid.json [--runs dir] [--out results.csv]
 *
 * --shard i/n (0-based) runs every n-th run starting at i of the key-sorted list;
 * $GRID_SHARD, or $SLURM_ARRAY_TASK_ID / $JOB_COMPLETION_INDEX with $GRID_SHARDS, set it too.
 * Finished runs (a result.json in their folder) are skipped, so re-running resumes.
 */
import { type BackendName, selectBackend } from "../lib/backend.ts";
import { parseArgs } from "../lib/cli.ts";
import { resultsDir } from "../lib/paths.ts";
import { getProfile } from "../lib/profile.ts";
import { writeCsv } from "../lib/results/csv.ts";
import { collectResults, expandGrid, type GridSpec, listRuns, resolveShard, runGrid } from "../lib/train/grid.ts";
import { applyJobsFlag } from "../lib/train/pool.ts";

const { flags, positional } = parseArgs(Deno.args);
applyJobsFlag(flags);
const [command, file] = positional;
if (!["run", "list", "merge"].includes(command) || !file) {
  console.error("usage: deno task grid run|list|merge <grid.json> [--shard i/n] [--runs dir] [--out file.csv]");
  Deno.exit(2);
}
let spec: GridSpec;
try {
  spec = JSON.parse(await Deno.readTextFile(file));
} catch (e) {
  console.error(`cannot read grid ${file}: ${e instanceof Error ? e.message : e}`);
  Deno.exit(2);
}
const configs = expandGrid(spec);
const runs = typeof flags.runs === "string" ? flags.runs : `${resultsDir()}/${getProfile().name}/runs`;
const shard = resolveShard(typeof flags.shard === "string" ? flags.shard : undefined);

if (command === "list") {
  for (const r of await listRuns(configs, shard)) {
    console.log(`${r.key}  ${r.config.augment}  seed ${r.config.seed}  lr ${r.config.lr}  wd ${r.config.weightDecay}`);
  }
} else if (command === "run") {
  await selectBackend({ prefer: (flags.backend as BackendName | undefined) ?? undefined, purpose: "train" });
  const done = await runGrid(configs, {
    runsDir: runs,
    shard,
    onRun: (r, i, n, cached) => console.error(`[${i}/${n}] ${r.key} ${cached ? "(done, skipped)" : ""}`),
  });
  console.log(`${done.length} runs finished in shard ${shard ? `${shard.index}/${shard.count}` : "0/1"}`);
} else {
  const { done, missing } = await collectResults(configs, runs);
  const rows = done.map(({ key, config: c, result: r }) => ({
    key,
    augment: c.augment,
    seed: c.seed,
    lr: c.lr,
    weightDecay: c.weightDecay,
    epochs: c.epochs,
    bestTop1: r.bestTop1,
    bestEpoch: r.bestEpoch,
    finalTop1: r.finalTop1,
    imagesPerSecond: Math.round(r.imagesPerSecond),
  }));
  const out = typeof flags.out === "string" ? flags.out : `${runs}/merged.csv`;
  await writeCsv(out, rows);
  console.log(
    `${done.length} results merged into ${out}; ${missing.length} runs missing${
      missing.length ? ": " + missing.slice(0, 5).map((m) => m.key).join(", ") + (missing.length > 5 ? ", …" : "") : ""
    }`,
  );
}
