/**
 * Section 2 of the paper as runs: Table 1(a)'s seven pre-processing methods,
 * each selected on the profile's lr × wd grid and replicated over seeds, and
 * Table 1(b)'s Beta-distributed RRC scale at RRC's chosen setting. β = 1 is
 * RRC's own law (s uniform on [0.08, 1]), so Table 1(b)'s β = 1 row reuses
 * the RRC runs instead of training the same distribution twice.
 */
import { type AugmentKey, betaKey, TABLE_1A_KEYS, TABLE_1B_BETAS } from "../augment/registry.ts";
import type { Profile } from "../profile.ts";
import type { GridRun } from "../train/grid.ts";
import type { ProgressSink } from "../train/progress.ts";
import { type MethodRuns, selectAndReplicate } from "./selection.ts";

export interface RunOptions {
  progress?: ProgressSink;
  force?: boolean;
  onRun?: (run: GridRun, position: number, total: number, cached: boolean) => void;
  /** Only these method keys (default: all seven). */
  only?: AugmentKey[];
}

/** Trains what is missing of Table 1(a) and returns every method's runs, in table order. */
export async function runTable1a(profile: Profile, opts: RunOptions = {}): Promise<MethodRuns[]> {
  const out: MethodRuns[] = [];
  for (const key of TABLE_1A_KEYS) {
    if (opts.only && !opts.only.includes(key)) continue;
    out.push(await selectAndReplicate(profile, key, opts));
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
  const out: { beta: number; runs: MethodRuns }[] = [];
  for (const beta of TABLE_1B_BETAS) {
    out.push({ beta, runs: beta === 1 ? rrc : await selectAndReplicate(profile, betaKey(beta), { ...opts, hyper: rrc.chosen }) });
  }
  return out;
}
