/**
 * Trains one run folder (its config.json) in this process: the pool's child
 * (lib/train/pool.ts), also usable by hand to train or resume a single run.
 *
 *   deno run -A scripts/train_run.ts results/quick/runs/<key> --runs results/quick/runs [--force]
 *
 * The backend comes from $TFJS_BACKEND, the native threads from $OMP_NUM_THREADS.
 * As a pool child ($GIB_POOL_CHILD=1) it exits when its parent dies (its stdin closes).
 */
import { selectBackend } from "../lib/backend.ts";
import { parseArgs } from "../lib/cli.ts";
import { nativeStatus } from "../lib/kernels/native.ts";
import { trainInline } from "../lib/train/pool.ts";
import type { TrainConfig } from "../lib/train/trainer.ts";

const { flags, positional } = parseArgs(Deno.args);
const [dir] = positional;
if (!dir) {
  console.error("usage: deno run -A scripts/train_run.ts <run folder> [--runs <runs folder>] [--force]");
  Deno.exit(2);
}
if (Deno.env.get("GIB_POOL_CHILD") === "1") {
  (async () => {
    try {
      for await (const _ of Deno.stdin.readable) { /* the parent writes nothing; EOF means it is gone */ }
    } catch { /* closed */ }
    console.error("the pool's parent process ended; stopping (the last epoch's checkpoint is kept)");
    Deno.exit(130);
  })();
}
let config: TrainConfig;
try {
  config = JSON.parse(await Deno.readTextFile(`${dir}/config.json`));
} catch (e) {
  console.error(`cannot read the run's config ${dir}/config.json: ${e instanceof Error ? e.message : e}`);
  Deno.exit(2);
}
const runsDir = typeof flags.runs === "string" ? flags.runs : dir.replace(/\/[^/]+\/?$/, "");
try {
  const choice = await selectBackend({ purpose: "train", quiet: true });
  console.error(`${new Date().toISOString()} ${config.label ?? dir}: ${choice.name}, ${nativeStatus()}`);
  await trainInline(config, runsDir, { force: flags.force === true });
  Deno.exit(0);
} catch (e) {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  Deno.exit(1);
}
