/**
 * Trains the missing runs of a grid, either in this process one after the
 * other ("inline", when no job count is set: tests, an interactive kernel) or
 * in a pool of child processes (`--jobs N` / $JOBS, "auto" for the machine's
 * default), each running scripts/train_run.ts on one run folder.
 *
 * Why child processes: the native kernels' thread count is fixed when a
 * process loads them, and the order of float sums changes with it, so a run's
 * numbers depend on its threads. Every pooled run gets `threadsPerRun(config)`
 * threads, a function of the model's input size alone, whatever --jobs is: one
 * job or eight, a run's result is the same, byte for byte, and its cached key
 * does not change. A run trained inline uses the threads of the process that
 * trained it (recorded in its result's meta, as a pooled run's are).
 *
 * A killed job resumes: each child checkpoints every epoch, and a child exits
 * when its parent dies (it watches its stdin, which the parent holds open).
 */
import { currentBackend } from "../backend.ts";
import { PROJECT_ROOT } from "../paths.ts";
import { readJsonIfExists, writeJsonAtomic } from "../results/atomic.ts";
import { autoProgress, formatDuration, type ProgressSink } from "./progress.ts";
import { runFolder } from "./run_key.ts";
import type { TrainConfig } from "./trainer.ts";

/** One run to make sure of: its folder name under runsDir and its config. */
export interface PoolRun {
  key: string;
  config: TrainConfig;
}

export interface PoolOptions {
  runsDir: string;
  /** Child processes at once; "auto": the machine's default; absent: $JOBS, else train inline. */
  jobs?: number | "auto";
  force?: boolean;
  progress?: ProgressSink;
  /** Called for every run in order: before training it, or at once when it is cached. */
  onRun?: (run: PoolRun, position: number, total: number, cached: boolean) => void;
}

function cores(): number {
  return Math.max(1, navigator.hardwareConcurrency || 1);
}

/**
 * Native threads for one run. Small inputs (≤ 64 px: the smoke and quick
 * profiles) get one thread: on our 2-core machine two 1-thread ResNet-8
 * processes train 1.26× the images per second of one 2-thread process, and
 * two 1-thread Augerino runs 2 × 480 img/s against 411 img/s. Larger inputs
 * (224 px) get every core up to 8, one run at a time on small machines.
 * $THREADS_PER_RUN overrides (and then is part of what makes the numbers).
 */
export function threadsPerRun(config: TrainConfig): number {
  const env = Deno.env.get("THREADS_PER_RUN");
  if (env !== undefined) return positiveInt(env, "$THREADS_PER_RUN");
  return config.data.crop <= 64 ? 1 : Math.min(8, cores());
}

/** The machine's default job count for these runs: cores ÷ the most threads any of them needs. */
export function defaultJobs(configs: TrainConfig[]): number {
  const threads = Math.max(1, ...configs.map(threadsPerRun));
  return Math.max(1, Math.floor(cores() / threads));
}

function positiveInt(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what} must be a whole number ≥ 1 or "auto", got "${text}"`);
  return n;
}

/** Parses a --jobs flag or $JOBS: a whole number ≥ 1, or "auto"; undefined when unset. */
export function parseJobs(text: string | undefined, what = "--jobs"): number | "auto" | undefined {
  if (text === undefined || text === "") return undefined;
  return text === "auto" ? "auto" : positiveInt(text, what);
}

/**
 * For the command-line tasks: `--jobs N` (or "auto") sets $JOBS for this
 * process and every library call in it; without the flag, an unset $JOBS
 * becomes "auto", so tasks use every core by default.
 */
export function applyJobsFlag(flags: Record<string, string | true>): void {
  const flag = flags.jobs;
  if (flag === true) throw new RangeError(`--jobs needs a number or "auto"`);
  const jobs = parseJobs(flag) ?? parseJobs(Deno.env.get("JOBS"), "$JOBS") ?? "auto";
  Deno.env.set("JOBS", String(jobs));
}

/** Trains (or resumes) one run in this process: the trainer, or Augerino's for a run with Augerino settings. */
export async function trainInline(
  config: TrainConfig,
  runsDir: string,
  opts: { force?: boolean; progress?: ProgressSink } = {},
): Promise<void> {
  if (config.augerino) {
    const { trainAugerino } = await import("../augerino/train.ts");
    await trainAugerino({ ...config, augerino: config.augerino }, { runsDir, ...opts });
  } else {
    const { train } = await import("./trainer.ts");
    await train(config, { runDir: `${runsDir}/${await runFolder(config)}`, ...opts });
  }
}

/** "top-1 58.2% (last epoch)" for a finished result of either trainer. */
function summary(result: Record<string, unknown> | undefined): string {
  if (!result) return "no result";
  const pct = (v: unknown) => `${(100 * Number(v)).toFixed(1)}%`;
  if ("top1On" in result) return `top-1 ${pct(result.top1On)} with Augerino, ${pct(result.top1Off)} without`;
  return `top-1 ${pct(result.finalTop1)} (last epoch)`;
}

/** Makes sure every run has a result: cached ones are skipped, the rest trained inline or in the pool. */
export async function trainRuns(runs: PoolRun[], opts: PoolOptions): Promise<void> {
  const pending: { run: PoolRun; position: number }[] = [];
  for (const [i, run] of runs.entries()) {
    const cached = !opts.force && !!(await readJsonIfExists(`${opts.runsDir}/${run.key}/result.json`));
    if (cached) opts.onRun?.(run, i + 1, runs.length, true);
    else pending.push({ run, position: i + 1 });
  }
  if (pending.length === 0) return;
  const setting = opts.jobs ?? parseJobs(Deno.env.get("JOBS"), "$JOBS");
  if (setting === undefined) {
    for (const { run, position } of pending) {
      opts.onRun?.(run, position, runs.length, false);
      await trainInline(run.config, opts.runsDir, { force: opts.force, progress: opts.progress });
    }
    return;
  }
  const jobs = Math.min(pending.length, setting === "auto" ? defaultJobs(pending.map((p) => p.run.config)) : setting);
  await trainInPool(pending, runs.length, jobs, opts);
}

async function trainInPool(
  pending: { run: PoolRun; position: number }[],
  total: number,
  jobs: number,
  opts: PoolOptions,
): Promise<void> {
  const sink = opts.progress ?? autoProgress();
  const t0 = performance.now();
  const durations: number[] = [];
  const failures: string[] = [];
  let next = 0, finished = 0;
  const backend = currentBackend()?.name ?? Deno.env.get("TFJS_BACKEND");
  await sink.done(
    `training ${pending.length} of ${total} runs in ${jobs} processes (${
      pending.length === total ? "none" : total - pending.length
    } cached)`,
  );

  const worker = async () => {
    while (next < pending.length) {
      const { run, position } = pending[next++];
      opts.onRun?.(run, position, total, false);
      const dir = `${opts.runsDir}/${run.key}`;
      await Deno.mkdir(dir, { recursive: true });
      await writeJsonAtomic(`${dir}/config.json`, run.config);
      const threads = threadsPerRun(run.config);
      const started = performance.now();
      const outcome = await runChild(dir, opts.runsDir, threads, backend, opts.force === true);
      const seconds = (performance.now() - started) / 1000;
      finished++;
      const label = run.config.label ?? run.key;
      if (outcome.ok) {
        durations.push(seconds);
        const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
        const left = pending.length - finished;
        const result = await readJsonIfExists<Record<string, unknown>>(`${dir}/result.json`);
        await sink.done(
          `[${finished}/${pending.length}] ${label}: ${summary(result)} in ${formatDuration(seconds)} · ${left} left, ETA ${
            formatDuration(Math.ceil(left / jobs) * mean)
          } (elapsed ${formatDuration((performance.now() - t0) / 1000)})`,
        );
      } else {
        failures.push(`${label} (${dir}/train.log): ${outcome.tail}`);
        await sink.done(`[${finished}/${pending.length}] ${label}: FAILED (exit ${outcome.code}); see ${dir}/train.log`);
      }
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  if (failures.length) {
    throw new Error(
      `${failures.length} of ${pending.length} runs failed; the others are cached and a rerun resumes. First: ${failures[0]}`,
    );
  }
}

/** Runs scripts/train_run.ts on one run folder, appending its output to train.log; the last lines on failure. */
async function runChild(
  dir: string,
  runsDir: string,
  threads: number,
  backend: string | undefined,
  force: boolean,
): Promise<{ ok: boolean; code: number; tail: string }> {
  const env: Record<string, string> = {
    OMP_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(threads),
    GIB_POOL_CHILD: "1",
    DATA_WORKERS: Deno.env.get("DATA_WORKERS") ?? String(threads),
    NO_COLOR: "1",
  };
  if (backend) env.TFJS_BACKEND = backend;
  const args = ["run", "-A", `${PROJECT_ROOT}/scripts/train_run.ts`, dir, "--runs", runsDir, ...(force ? ["--force"] : [])];
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: PROJECT_ROOT,
    env,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log = await Deno.open(`${dir}/train.log`, { create: true, append: true });
  const lines: string[] = [];
  const copy = async (stream: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    for await (const chunk of stream) {
      await log.write(chunk);
      lines.push(...dec.decode(chunk).split("\n").filter((l) => l.trim()));
      if (lines.length > 200) lines.splice(0, lines.length - 200);
    }
  };
  try {
    const [status] = await Promise.all([child.status, copy(child.stdout), copy(child.stderr)]);
    return { ok: status.success, code: status.code, tail: lines.slice(-12).join("\n") };
  } finally {
    await child.stdin.close().catch(() => {});
    log.close();
  }
}
