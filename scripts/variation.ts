/**
 * Trains notebook 07's grid (lib/experiments/variation.ts) for the profile,
 * then measures every model; cached runs and measurements are skipped, so it
 * resumes. With a shard it only trains that shard (measure after all shards
 * are done by running it once more without --shard, or by the notebook).
 *
 *   PROFILE=quick deno task variation [--shard i/n] [--backend wasm] [--force]
 */
import { type BackendName, selectBackend } from "../lib/backend.ts";
import { parseArgs } from "../lib/cli.ts";
import { findingRows } from "../lib/analysis/findings.ts";
import { variationFindings, variationSummary } from "../lib/analysis/variation_findings.ts";
import { measureVariation, trainVariationGrid, variationDir, variationRunCount } from "../lib/experiments/variation.ts";
import { getProfile } from "../lib/profile.ts";
import { writeCsv } from "../lib/results/csv.ts";
import { resolveShard } from "../lib/train/grid.ts";
import { applyJobsFlag } from "../lib/train/pool.ts";

const { flags } = parseArgs(Deno.args);
applyJobsFlag(flags);
const profile = getProfile();
await selectBackend({ prefer: (flags.backend as BackendName | undefined) ?? undefined, purpose: "train" });
const shard = resolveShard(typeof flags.shard === "string" ? flags.shard : undefined);
const t0 = performance.now();
const minutes = () => ((performance.now() - t0) / 60000).toFixed(1);
console.error(
  `notebook 07's grid, profile ${profile.name}: ${await variationRunCount(profile)} runs${
    shard ? `, shard ${shard.index}/${shard.count}` : ""
  }`,
);
await trainVariationGrid(profile, {
  shard,
  force: flags.force === true,
  onRun: (r, i, n, cached) => console.error(`[${i}/${n}] ${r.key} ${r.config.label ?? ""}${cached ? " (done, skipped)" : ""}`),
});
console.log(`trained in ${minutes()} min`);
if (!shard) {
  const rows = await measureVariation(profile, { onModel: (i, n, what) => console.error(`measured ${i}/${n} ${what}`) });
  await writeCsv(`${variationDir(profile)}/rows.csv`, rows, { profile: profile.name });
  for (const s of variationSummary(rows, profile.variation.factors)) {
    console.log(
      `${s.factor.padEnd(9)} invariance slope (data) ${s.invarianceSlope.mean.toFixed(3)} ± ${
        s.invarianceSlope.sem.toFixed(3)
      }, ` +
        `(augmentation) ${s.augmentationSlope.mean.toFixed(3)} ± ${s.augmentationSlope.sem.toFixed(3)}; ` +
        `data − augmentation at the strongest ${s.dataMinusAugmentation.diff.toFixed(3)} (${
          s.dataMinusAugmentation.z.toFixed(1)
        } SEM)`,
    );
  }
  for (const f of findingRows(variationFindings(rows, profile.variation.factors))) {
    console.log(`${f["this run"].padEnd(12)} ${f.claim}`);
  }
  console.log(`trained and measured in ${minutes()} min`);
}
