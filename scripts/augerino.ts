/**
 * Trains Appendix G's Augerino sweep for the profile from the command line
 * (cached; notebook 06 then only reads the runs).
 *
 *   PROFILE=quick deno task augerino [--seeds 0,1] [--lambdas 0.01,0.1] [--variants translation] [--initial-width 0.1]
 *
 * Runs are cached one by one, so disjoint subsets (e.g. one process per
 * variant) can train side by side and the notebook then reads them all.
 * --initial-width starts every generator at that width (the notebook's
 * small-start runs: --variants translation --lambdas 0.01,0.2,1 --initial-width 0.1).
 * --comparisons trains only the tables' comparison rows (T2 and CCTSnoAR at
 * no augmentation's setting) instead.
 */
import { type BackendName, selectBackend } from "../lib/backend.ts";
import { runAugerinoComparisons, runAugerinoSweep } from "../lib/augerino/sweep.ts";
import type { AugerinoVariant } from "../lib/augerino/train.ts";
import { numberFlag, parseArgs } from "../lib/cli.ts";
import { getProfile } from "../lib/profile.ts";
import { applyJobsFlag } from "../lib/train/pool.ts";

const { flags } = parseArgs(Deno.args);
applyJobsFlag(flags);
const list = (k: string) => (typeof flags[k] === "string" ? (flags[k] as string).split(",") : undefined);
await selectBackend({ prefer: (flags.backend as BackendName | undefined) ?? undefined, purpose: "train" });
const t0 = performance.now();
if (flags.comparisons === true) {
  for (const m of await runAugerinoComparisons(getProfile())) {
    console.log(`${m.augment.padEnd(9)} top-1 ${m.runs.map((r) => (100 * r.result.finalTop1).toFixed(1)).join(" ")}`);
  }
  console.log(`comparisons ready in ${((performance.now() - t0) / 60000).toFixed(1)} min`);
  Deno.exit(0);
}
const results = await runAugerinoSweep(getProfile(), {
  seeds: list("seeds")?.map(Number),
  lambdas: list("lambdas")?.map(Number),
  variants: list("variants") as AugerinoVariant[] | undefined,
  initialWidth: flags["initial-width"] === undefined ? undefined : numberFlag(flags, "initial-width", NaN),
  onRun: (label, i, n) => console.error(`[${i}/${n}] ${label}`),
});
for (const r of results) {
  console.log(
    `${r.config.augerino.variant.padEnd(18)} λ ${String(r.config.augerino.lambda).padEnd(5)} seed ${r.config.seed}  on ${
      (100 * r.top1On).toFixed(1)
    }  off ${(100 * r.top1Off).toFixed(1)}  widths ${r.widths.map((w) => w.toFixed(3)).join(" ")}`,
  );
}
console.log(`Augerino sweep ready in ${((performance.now() - t0) / 60000).toFixed(1)} min`);
