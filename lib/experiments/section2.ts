/**
 * Section 2 of the paper as runs: Table 1(a)'s seven pre-processing methods,
 * each selected on the profile's lr × wd grid and replicated over seeds, and
 * Table 1(b)'s Beta-distributed RRC scale at RRC's chosen setting. β = 1 is
 * RRC's own law (s uniform on [0.08, 1]), so Table 1(b)'s β = 1 row reuses
 * the RRC runs instead of training the same distribution twice.
 */
import { type AugmentKey, betaKey, TABLE_1A_KEYS, TABLE_1B_BETAS } from "../augment/registry.ts";
import type { Profile } from "../profile.ts";
import { collectResults, type GridOptions, type GridRun, runGrid } from "../train/grid.ts";
import type { ProgressSink } from "../train/progress.ts";
import type { TrainConfig } from "../train/trainer.ts";
import { runsDir } from "../train/zoo.ts";
import {
  bracketExtension,
  headlineSeeds,
  type Hyper,
  type MethodRuns,
  onlySetting,
  pickBest,
  replicationConfigs,
  selectAndReplicate,
  selectionConfigs,
} from "./selection.ts";

const HEADLINE_BETAS = [0.1, 1, 10];

export interface RunOptions {
  progress?: ProgressSink;
  force?: boolean;
  onRun?: (run: GridRun, position: number, total: number, cached: boolean) => void;
  /** Only these method keys (default: all seven). */
  only?: AugmentKey[];
}

/** Trains what is missing of Table 1(a) and returns every method's runs, in table order. */
export async function runTable1a(profile: Profile, opts: RunOptions = {}): Promise<MethodRuns[]> {
  // Each phase of every method as one grid, so that a process pool trains the methods side by side.
  const grid = { runsDir: runsDir(profile), progress: opts.progress, force: opts.force, onRun: opts.onRun };
  // The select phase grows while a method's best run sits at the grid's largest rate (bracketing).
  for (let n = -1, configs: TrainConfig[] = []; configs.length !== n;) {
    n = configs.length;
    configs = await section2PhaseConfigs(profile, "select", { only: opts.only });
    await runGrid(configs, { ...grid, force: opts.force && n < 0 });
  }
  await runGrid(await section2PhaseConfigs(profile, "replicate", { only: opts.only, table1b: false }), grid);
  const out: MethodRuns[] = [];
  for (const key of TABLE_1A_KEYS) {
    if (opts.only && !opts.only.includes(key)) continue;
    out.push(await selectAndReplicate(profile, key, { ...opts, force: false, seeds: headlineSeeds(profile) })); // cached
  }
  return out;
}

/** Trains what is missing of Table 1(b), at the setting chosen for RRC in Table 1(a). */
export async function runTable1b(
  profile: Profile,
  rrc: MethodRuns,
  opts: RunOptions = {},
): Promise<{ beta: number; runs: MethodRuns }[]> {
  if (rrc.augment !== "C") throw new RangeError(`Table 1(b) needs the RRC (C) runs, got ${rrc.augment}`);
  const seedsOf = (b: number) => (HEADLINE_BETAS.includes(b) ? headlineSeeds(profile) : profile.training.seeds);
  const laws = TABLE_1B_BETAS.filter((b) => b !== 1).flatMap((b) =>
    replicationConfigs(profile, betaKey(b), rrc.chosen, "resnet", seedsOf(b))
  );
  await runGrid(laws, { runsDir: runsDir(profile), progress: opts.progress, force: opts.force, onRun: opts.onRun });
  const out: { beta: number; runs: MethodRuns }[] = [];
  for (const beta of TABLE_1B_BETAS) {
    out.push({
      beta,
      runs: beta === 1
        ? rrc
        : await selectAndReplicate(profile, betaKey(beta), { ...opts, force: false, hyper: rrc.chosen, seeds: seedsOf(beta) }),
    });
  }
  return out;
}

/** A method's selection runs so far: the profile's grid, then each bracketing step its finished runs call for. */
async function selectionSoFar(profile: Profile, k: AugmentKey) {
  let configs = selectionConfigs(profile, k);
  for (;;) {
    const { done, missing } = await collectResults(configs, runsDir(profile));
    const more = missing.length ? [] : bracketExtension(profile, k, done);
    if (!more.length) return { configs, done, missing };
    configs = [...configs, ...more];
  }
}

/**
 * Each method's setting chosen by its finished selection runs (Appendix A,
 * on the validation split); an error naming the missing runs when any is not finished.
 */
export async function chosenSettings(profile: Profile, methods: readonly AugmentKey[]): Promise<Map<AugmentKey, Hyper>> {
  const chosen = new Map<AugmentKey, Hyper>();
  const missing: string[] = [];
  for (const k of methods) {
    const { done, missing: left } = await selectionSoFar(profile, k);
    if (left.length) missing.push(...left.map((r) => `${k} ${r.key} (lr ${r.config.lr}, wd ${r.config.weightDecay})`));
    else chosen.set(k, onlySetting(profile) ?? pickBest(done));
  }
  if (missing.length) {
    throw new Error(
      `choosing the settings of ${methods.join(", ")} needs every selection run finished; ${missing.length} missing in ${
        runsDir(profile)
      }: ${missing.slice(0, 8).join("; ")}${
        missing.length > 8 ? "; …" : ""
      }. Run the select phase first (deno task section2 --phase select; again after it finishes while a method's best rate is the grid's largest: the grid is bracketed)`,
    );
  }
  return chosen;
}

/** Trains what is missing of these methods' selection runs (bracketing included) and returns their chosen settings. */
export async function selectSettings(
  profile: Profile,
  methods: readonly AugmentKey[],
  grid: Omit<GridOptions, "runsDir">,
): Promise<Map<AugmentKey, Hyper>> {
  for (let n = -1, configs: TrainConfig[] = []; configs.length !== n;) {
    n = configs.length;
    configs = (await Promise.all(methods.map((k) => selectionSoFar(profile, k)))).flatMap((s) => s.configs);
    await runGrid(configs, { ...grid, runsDir: runsDir(profile) });
  }
  return chosenSettings(profile, methods);
}

/** The two phases of Section 2 on a cluster: every selection run, then every replication run. */
export type Section2Phase = "select" | "replicate";

/**
 * Section 2's runs of one phase, for spreading over a cluster without a
 * coordinator (`deno task section2 --phase select|replicate --shard i/n`, a
 * Slurm array per phase, the second after the first): "select" is every
 * method's lr × wd grid at the first seed; "replicate" reads those results
 * (all must be finished: the missing ones are named), keeps each method's
 * best setting, and gives every seed at it, with Appendix A's T.(50%) + RSCC
 * at T.(30%) + RSCC's setting and, unless `table1b` is false, Table 1(b)'s
 * laws at RRC's. The keys are the single-machine runs', so the notebooks read
 * a cluster's results as their own.
 */
export async function section2PhaseConfigs(
  profile: Profile,
  phase: Section2Phase,
  opts: { only?: AugmentKey[]; table1b?: boolean } = {},
): Promise<TrainConfig[]> {
  const methods = TABLE_1A_KEYS.filter((k) => !opts.only || opts.only.includes(k));
  if (phase === "select") return (await Promise.all(methods.map((k) => selectionSoFar(profile, k)))).flatMap((s) => s.configs);
  const chosen = await chosenSettings(profile, methods);
  const configs = methods.flatMap((k) => replicationConfigs(profile, k, chosen.get(k)!, "resnet", headlineSeeds(profile)));
  if (chosen.has("TS")) configs.push(...replicationConfigs(profile, "T50S", chosen.get("TS")!));
  if (chosen.has("C") && opts.table1b !== false) {
    for (const beta of TABLE_1B_BETAS) {
      const seeds = HEADLINE_BETAS.includes(beta) ? headlineSeeds(profile) : profile.training.seeds;
      if (beta !== 1) configs.push(...replicationConfigs(profile, betaKey(beta), chosen.get("C")!, "resnet", seeds));
    }
  }
  return configs;
}
