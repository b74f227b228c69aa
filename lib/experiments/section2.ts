/**
 * Section 2 of the paper as runs: Table 1(a)'s seven pre-processing methods,
 * each selected on the profile's lr × wd grid and replicated over seeds, and
 * Table 1(b)'s Beta-distributed RRC scale at RRC's chosen setting. β = 1 is
 * RRC's own law (s uniform on [0.08, 1]), so Table 1(b)'s β = 1 row reuses
 * the RRC runs instead of training the same distribution twice.
 */
import type { Profile } from "../profile.ts";
import type { GridRun } from "../train/grid.ts";
import type { ProgressSink } from "../train/progress.ts";
import { type MethodRuns, selectAndReplicate } from "./selection.ts";

export interface Method {
  /** Augmentation key understood by pipelineByKey. */
  key: string;
  /** The row name of Table 1(a). */
  name: string;
  short: string;
}

/** Table 1(a)'s rows in the paper's order (RRC without flip: key C, see the spec §1.1). */
export const TABLE_1A_METHODS: Method[] = [
  { key: "C", name: "RandomResizedCrop", short: "RRC" },
  { key: "CC", name: "RandomSizeCenterCrop", short: "RSCC" },
  { key: "R", name: "FixedSizeRandomCrop", short: "FSRC" },
  { key: "T", name: "T.(30%)", short: "T" },
  { key: "TS", name: "T.(30%) + RandomSizeCenterCrop", short: "T+RSCC" },
  { key: "TSnoAR", name: "T.(30%) + RSCC w/o a.r.", short: "T+RSCC noAR" },
  { key: "None", name: "FixedSizeCenterCrop (no aug.)", short: "None" },
];

export const TABLE_1B_BETAS = [0.1, 0.5, 1, 2, 3, 10];

/** The augmentation key of Table 1(b)'s row β (β = 1 is RRC). */
export const betaKey = (beta: number): string => (beta === 1 ? "C" : `Cbeta${beta}`);

export interface RunOptions {
  progress?: ProgressSink;
  force?: boolean;
  onRun?: (run: GridRun, position: number, total: number, cached: boolean) => void;
  /** Only these method keys (default: all seven). */
  only?: string[];
}

/** Trains what is missing of Table 1(a) and returns every method's runs, in table order. */
export async function runTable1a(profile: Profile, opts: RunOptions = {}): Promise<MethodRuns[]> {
  const out: MethodRuns[] = [];
  for (const m of TABLE_1A_METHODS) {
    if (opts.only && !opts.only.includes(m.key)) continue;
    out.push(await selectAndReplicate(profile, m.key, opts));
  }
  return out;
}

/** Trains what is missing of Table 1(b), at the setting chosen for RRC in Table 1(a). */
export async function runTable1b(profile: Profile, rrc: MethodRuns, opts: RunOptions = {}): Promise<{ beta: number; runs: MethodRuns }[]> {
  if (rrc.augment !== "C") throw new RangeError(`Table 1(b) needs the RRC (C) runs, got ${rrc.augment}`);
  const out: { beta: number; runs: MethodRuns }[] = [];
  for (const beta of TABLE_1B_BETAS) {
    out.push({ beta, runs: beta === 1 ? rrc : await selectAndReplicate(profile, betaKey(beta), { ...opts, hyper: rrc.chosen }) });
  }
  return out;
}
