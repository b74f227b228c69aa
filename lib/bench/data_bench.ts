/**
 * `deno task bench data`: the training input pipeline against PyTorch's on
 * the same folder in the same run. RandomResizedCrop(224) + flip + normalise
 * from JPEG photographs of ImageNet-like sizes, one epoch per measurement,
 * ours and PyTorch's DataLoader alternated (A B A B …) so that load arriving
 * on a shared machine hits both sides alike; the ratio of each pair, then the
 * median. Rates count the images after the first batch, so that neither
 * side's start-up (ours: loading the decoding modules in each worker, once
 * per run; PyTorch: forking its workers, once per epoch) is in them; the
 * start-up is reported beside. Peak memory is the whole process tree's, at N
 * and 4N images, to show that it does not grow with the folder.
 */
import { pythonWith } from "./python.ts";
import { median } from "../metrics/stats.ts";
import { writePhotoFolder } from "../data/photo_folder.ts";
import { PROJECT_ROOT, resultsDir } from "../paths.ts";
import { runSampled } from "./process_tree.ts";

export interface DataBenchOptions {
  /** Images in the folder timed for the rate (N); the memory check also uses 4N. */
  images?: number;
  workers?: number[];
  pairs?: number;
  batch?: number;
  onProgress?: (line: string) => void;
}

export interface DataBenchRow {
  workers: number;
  images: number;
  "ours img/s": number;
  "PyTorch img/s": number | null;
  /** Median over the pairs of ours / PyTorch, with the smallest and largest pair. */
  "ratio (median)": number | null;
  "ratio min–max": string;
  "ours start s": number;
  "PyTorch start s": number | null;
  "ours peak MiB": number;
  "PyTorch peak MiB": number | null;
}

interface Epoch {
  /** Images per second after the first batch. */
  rate: number;
  /** Seconds to the first batch: starting the workers and filling the first batch. */
  startSeconds: number;
  peakMiB: number;
  /** The side's own JSON line. */
  info: Record<string, string | number>;
}

const CLASSES = 10;

/** Held-out images per class in every benchmark folder: the quick profile evaluates 100 per class. */
const VAL_PER_CLASS = 100;

/** The benchmark folder of `n` training images (made once, cached under results/bench). */
async function benchFolder(n: number, log: (line: string) => void = () => {}): Promise<{ root: string; source: string }> {
  const root = `${resultsDir()}/bench/photos-${n}`;
  const marker = `${root}/made.json`;
  try {
    const made = JSON.parse(await Deno.readTextFile(marker));
    if (made.valPerClass === VAL_PER_CLASS) return { root, source: made.source };
  } catch { /* not made yet */ }
  log(`  making ${root} (${n} JPEGs)…`);
  await Deno.remove(root, { recursive: true }).catch(() => {});
  const { source } = await writePhotoFolder(root, {
    classes: CLASSES,
    perClass: { train: Math.ceil(n / CLASSES), val: VAL_PER_CLASS },
    seed: n,
  });
  await Deno.writeTextFile(marker, JSON.stringify({ source, images: n, valPerClass: VAL_PER_CLASS }));
  return { root, source };
}

/** One side's epoch in its own process tree. */
async function runEpoch(cmd: string, args: string[], what: string): Promise<Epoch> {
  const r = await runSampled(cmd, args);
  if (!r.success) throw new Error(`${what} failed: ${r.stderr.trim().split("\n").slice(-3).join(" ")}`);
  const info = JSON.parse(r.stdout.trim().split("\n").pop()!);
  return {
    rate: info.steadyImages / info.steadySeconds,
    startSeconds: info.firstBatchSeconds,
    peakMiB: r.peakRssBytes / 2 ** 20,
    info,
  };
}

const ours = (root: string, workers: number, batch: number) =>
  runEpoch(
    Deno.execPath(),
    ["run", "-A", `${PROJECT_ROOT}/scripts/bench_data_child.ts`, root, `${workers}`, `${batch}`],
    "our pipeline",
  );

async function pytorch(root: string, workers: number, batch: number): Promise<Epoch | null> {
  const py = await pythonWith("torchvision, PIL");
  if (!py) return null;
  return runEpoch(py, [`${PROJECT_ROOT}/scripts/torch_data_reference.py`, root, `${workers}`, `${batch}`], "PyTorch's pipeline");
}

const r2 = (x: number) => +x.toFixed(2);

export async function benchData(opts: DataBenchOptions = {}): Promise<{ rows: DataBenchRow[]; notes: string[] }> {
  const n = opts.images ?? 1000, pairs = opts.pairs ?? 5, batch = opts.batch ?? 32, workerCounts = opts.workers ?? [1, 2];
  const log = opts.onProgress ?? (() => {});
  const small = await benchFolder(n, log), large = await benchFolder(4 * n, log);
  const rows: DataBenchRow[] = [];
  let oursInfo: Epoch["info"] = {}, torchInfo: Epoch["info"] | undefined;
  const row = (workers: number, images: number, a: Epoch[], b: Epoch[]): DataBenchRow => {
    const ratios = b.map((t, i) => a[i].rate / t.rate);
    return {
      workers,
      images,
      "ours img/s": Math.round(median(a.map((e) => e.rate))),
      "PyTorch img/s": b.length ? Math.round(median(b.map((e) => e.rate))) : null,
      "ratio (median)": ratios.length ? r2(median(ratios)) : null,
      "ratio min–max": ratios.length > 1 ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}` : "one pair",
      "ours start s": r2(median(a.map((e) => e.startSeconds))),
      "PyTorch start s": b.length ? r2(median(b.map((e) => e.startSeconds))) : null,
      "ours peak MiB": Math.round(Math.max(...a.map((e) => e.peakMiB))),
      "PyTorch peak MiB": b.length ? Math.round(Math.max(...b.map((e) => e.peakMiB))) : null,
    };
  };
  for (const workers of workerCounts) {
    const a: Epoch[] = [], b: Epoch[] = [];
    for (let p = 0; p < pairs; p++) {
      const o = await ours(small.root, workers, batch), t = await pytorch(small.root, workers, batch);
      a.push(o);
      oursInfo = o.info;
      if (t) [torchInfo] = [t.info, b.push(t)];
      log(
        `  ${workers} worker(s), pair ${p + 1}/${pairs}: ours ${o.rate.toFixed(0)} img/s, PyTorch ${
          t ? t.rate.toFixed(0) : "—"
        } img/s`,
      );
    }
    rows.push(row(workers, n, a, b));
  }
  // The memory check: the same epoch on 4N images, at the largest worker count.
  const w = Math.max(...workerCounts);
  const o = await ours(large.root, w, batch), t = await pytorch(large.root, w, batch);
  log(`  ${w} worker(s), ${4 * n} images: ours ${o.peakMiB.toFixed(0)} MiB, PyTorch ${t ? t.peakMiB.toFixed(0) : "—"} MiB`);
  rows.push(row(w, 4 * n, [o], t ? [t] : []));
  const notes = [
    `photographs from ${small.source}; ${CLASSES} classes; batch ${batch}; ${pairs} interleaved pairs per worker count`,
    `rates after the first batch; "start" is the time to the first batch`,
    `ours: JPEG decoder ${oursInfo.decoder}`,
    torchInfo
      ? `PyTorch: ${await pythonWith(
        "torchvision, PIL",
      )}: torch ${torchInfo.torch}, torchvision ${torchInfo.torchvision}, Pillow ${torchInfo.pil}`
      : "PyTorch: not run (no python3 imports torchvision and PIL; Debian: apt-get install python3-torchvision python3-pil)",
  ];
  return { rows, notes };
}

export interface TrainingMemoryRow {
  images: number;
  "peak MiB": number;
  "train img/s": number;
  "× the smallest folder's peak": number;
}

/**
 * Peak memory of a whole training run (`deno task train`, the quick profile's
 * ResNet-8 at 32 px, one epoch, every image of the folder, 2 decode workers)
 * on folders of `sizes` images: the streaming pipeline keeps it flat.
 */
export async function benchTrainingMemory(
  sizes: number[] = [2500, 10000],
  log: (line: string) => void = () => {},
): Promise<{ rows: TrainingMemoryRow[]; notes: string[] }> {
  const rows: TrainingMemoryRow[] = [];
  let source = "";
  for (const n of sizes) {
    const folder = await benchFolder(n, log);
    source = folder.source;
    const runs = await Deno.makeTempDir({ prefix: "gib-mem-" });
    try {
      const args = [
        "run",
        "-A",
        `${PROJECT_ROOT}/scripts/train.ts`,
        "--augment",
        "HC",
        "--epochs",
        "1",
        "--train-per-class",
        "0",
        "--workers",
        "2",
      ];
      const r = await runSampled(Deno.execPath(), [...args, "--runs", runs], {
        env: { PROFILE: "quick", DATASET: folder.root, NO_COLOR: "1" },
      });
      if (!r.success) throw new Error(`training on ${folder.root} failed: ${r.stderr.trim().split("\n").slice(-3).join(" ")}`);
      const result = JSON.parse(r.stdout.trim().split("\n").pop()!);
      const peak = r.peakRssBytes / 2 ** 20;
      log(`  ${n} images: peak ${peak.toFixed(0)} MiB, ${result.imagesPerSecond} img/s`);
      rows.push({
        images: n,
        "peak MiB": Math.round(peak),
        "train img/s": result.imagesPerSecond,
        "× the smallest folder's peak": 0,
      });
    } finally {
      await Deno.remove(runs, { recursive: true });
    }
  }
  for (const r of rows) r["× the smallest folder's peak"] = +(r["peak MiB"] / rows[0]["peak MiB"]).toFixed(2);
  return {
    rows,
    notes: [
      `photographs from ${source}; quick profile (ResNet-8 at 32 px, RandomResizedCrop + flip from the originals), 1 epoch, 2 decode workers`,
    ],
  };
}
