/**
 * Benchmarks. `deno task bench` runs them all but paper, memory and webgpu (long); `deno task bench augment` (train,
 * paper, data, memory, embed, fusion, webgpu) one.
 * Results are printed as a table and written to results/bench/<name>.csv.
 */
import { benchAugment } from "../lib/bench/augment_bench.ts";
import { benchData, benchTrainingMemory } from "../lib/bench/data_bench.ts";
import { benchEmbedding } from "../lib/bench/embed_bench.ts";
import { getProfile } from "../lib/profile.ts";
import { median } from "../lib/metrics/stats.ts";
import { benchFusion } from "../lib/bench/fusion_bench.ts";
import { pythonWith } from "../lib/bench/python.ts";
import { BENCH_MODEL_SETS, type BenchModel, benchModels } from "../lib/bench/models_bench.ts";
import { describeGpuAdapter, selectBackend } from "../lib/backend.ts";
import { nativeBuild, nativeLibrary } from "../lib/kernels/native.ts";
import { PROJECT_ROOT } from "../lib/paths.ts";
import { resultsDir } from "../lib/paths.ts";
import { table } from "../lib/plots/table.ts";
import { writeCsv } from "../lib/results/csv.ts";

interface Rates {
  train: number;
  infer: number;
}

/** Runs a bench script in a fresh process; its last stdout line is JSON, or the error is the last lines of its stderr. */
async function childJson(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ json: Record<string, unknown> } | { error: string }> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${PROJECT_ROOT}/scripts/${script}`, ...args],
    env: { ...env, XDG_RUNTIME_DIR: Deno.env.get("XDG_RUNTIME_DIR") ?? "/tmp" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!r.success) {
    return {
      error: new TextDecoder().decode(r.stderr).trim().split("\n").filter((l) => !l.startsWith("=") && l.trim()).slice(-2).join(
        " ",
      ),
    };
  }
  return { json: JSON.parse(new TextDecoder().decode(r.stdout).trim().split("\n").pop() ?? "") };
}

/** Runs scripts/bench_child.ts for one backend setting in a fresh process. */
async function childRates(
  label: string,
  backend: string,
  env: Record<string, string>,
  minSeconds: number,
  maxSteps: number,
  batch: number | string,
): Promise<{ label: string; reason: string; rows: (Rates & { model: string })[] } | { label: string; error: string }> {
  const r = await childJson("bench_child.ts", [backend, String(minSeconds), String(maxSteps), String(batch)], env);
  if ("error" in r) return { label, error: r.error };
  return { label, reason: r.json.reason as string, rows: r.json.rows as (Rates & { model: string })[] };
}

/** The PyTorch reference (Debian's python3-torch), if importable by some python3. */
async function torchRates(
  minSeconds: number,
  models: BenchModel[] = benchModels(),
): Promise<{ python: string; rows: (Rates & { model: string; threads: number; torch: string })[] } | null> {
  const specs = JSON.stringify(models.map((m) => ({ name: m.name, config: m.config, batch: m.batch })));
  const py = await pythonWith("torch");
  if (!py) return null;
  const r = await new Deno.Command(py, {
    args: [`${PROJECT_ROOT}/scripts/torch_reference.py`, specs, String(minSeconds)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (r.success) return { python: py, rows: new TextDecoder().decode(r.stdout).trim().split("\n").map((l) => JSON.parse(l)) };
  return null;
}

/** Single-precision GEMM rate (1024³) of the native BLAS and of TF.js wasm, for context. */
function gemmBounds(): { what: string; gflops: number }[] {
  const out: { what: string; gflops: number }[] = [];
  const L = nativeLibrary();
  const n = 1024, a = new Float32Array(n * n).fill(0.5), b = new Float32Array(n * n).fill(0.25), c = new Float32Array(n * n);
  if (L) {
    const dims = Int32Array.from([1, n, n, n, 0, 0, 0, 0]);
    L.symbols.gib_batch_matmul(a, b, c, dims);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) L.symbols.gib_batch_matmul(a, b, c, dims);
    out.push({
      what: `${L.symbols.gib_uses_dnnl() ? "oneDNN" : "OpenBLAS"} sgemm, ${L.symbols.gib_threads()} threads (native kernels)`,
      gflops: (5 * 2 * n ** 3) / ((performance.now() - t0) / 1000) / 1e9,
    });
  }
  return out;
}

/**
 * Training and inference of a model set on every backend against PyTorch: the main backend (wasm +
 * native) and PyTorch alternate (A B A B …) for $BENCH_PAIRS pairs, so that load arriving on a shared
 * machine hits both; the median ratio with its min–max. "small": the quick profile's models and
 * issue 5's, batch 128, all backends; "paper": ResNet18 and ViT-S/16 at 224 px, batch 8, the main
 * backend only (the others would take hours).
 */
/** Images per second as shown: whole numbers, one decimal below 100 (the 224-px models run at a few). */
const rate = (x: number) => (x < 100 ? +x.toFixed(1) : Math.round(x));

async function modelBench(set: "small" | "paper"): Promise<void> {
  const models = BENCH_MODEL_SETS[set]();
  const minSeconds = Number(Deno.env.get("BENCH_SECONDS") ?? 2);
  const pairs = Number(Deno.env.get("BENCH_PAIRS") ?? 5);
  console.log(
    `Training and inference, images/s (${set === "paper" ? "batch 8" : "batch 128"}; each backend in its own process; ` +
      `≥${minSeconds} s per measurement; wasm + native and PyTorch alternated for ${pairs} pairs, median ratio with its min–max)`,
  );
  const gemm = gemmBounds();
  for (const g of gemm) console.log(`GEMM bound: ${g.what}: ${g.gflops.toFixed(0)} GFLOP/s`);
  // [label, backend, environment, max steps, batch]: slow backends get one small step.
  const settings: [string, string, Record<string, string>, number, number][] = [
    [`wasm + native (${nativeBuild() ?? "not built"})`, "wasm", {}, 1000, 128],
    ["wasm (no native)", "wasm", { GIB_NATIVE: "0" }, 1000, 128],
    ["cpu (batch 16, 1 step)", "cpu", {}, 1, 16],
  ];
  const adapter = await describeGpuAdapter();
  if (adapter) {
    settings.push(
      adapter.software
        ? [`webgpu on ${adapter.description} (batch 16, 1 step)`, "webgpu", {}, 1, 16]
        : [`webgpu (${adapter.description})`, "webgpu", {}, 1000, 128],
    );
  }
  // The main backend and PyTorch alternate (A B A B …): load that arrives on a shared machine hits both.
  const [mainLabel, mainBe, mainEnv, mainSteps, smallBatch] = settings[0];
  const mainBatch = set === "paper" ? "paper" : smallBatch;
  const mainRuns: Awaited<ReturnType<typeof childRates>>[] = [];
  const torchRuns: NonNullable<Awaited<ReturnType<typeof torchRates>>>[] = [];
  for (let p = 0; p < pairs; p++) {
    console.error(`  pair ${p + 1}/${pairs}: timing ${mainLabel}…`);
    mainRuns.push(await childRates(mainLabel, mainBe, mainEnv, minSeconds, mainSteps, mainBatch));
    console.error(`  pair ${p + 1}/${pairs}: timing PyTorch…`);
    const t = await torchRates(minSeconds, models);
    if (t) torchRuns.push(t);
  }
  const results = [];
  for (const [label, be, env, maxSteps, batch] of set === "paper" ? [] : settings.slice(1)) {
    console.error(`  timing ${label}…`);
    results.push(await childRates(label, be, env, maxSteps > 1 ? minSeconds : 0, maxSteps, batch));
  }
  const torchOf = (model: string) => torchRuns.map((t) => t.rows.find((r) => r.model === model)).filter((r) => r !== undefined);
  const rows: Record<string, string | number | null>[] = [];
  const mainOk = mainRuns.filter((r) => !("error" in r)) as {
    label: string;
    reason: string;
    rows: (Rates & { model: string })[];
  }[];
  for (const m of mainOk[0]?.rows ?? []) {
    const ours = mainOk.map((r) => r.rows.find((x) => x.model === m.model)!);
    const ref = torchOf(m.model);
    const paired = (k: keyof Rates) => ref.map((t, i) => ours[i][k] / t[k]);
    const span = (xs: number[]) => (xs.length ? `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}` : null);
    rows.push({
      backend: mainLabel,
      model: m.model,
      "train img/s": rate(median(ours.map((o) => o.train))),
      "infer img/s": rate(median(ours.map((o) => o.infer))),
      "train / PyTorch": ref.length ? +median(paired("train")).toFixed(2) : null,
      "infer / PyTorch": ref.length ? +median(paired("infer")).toFixed(2) : null,
      "train ratio min–max": span(paired("train")),
      "infer ratio min–max": span(paired("infer")),
      pairs: ref.length,
    });
  }
  for (const r of [...mainRuns.filter((r) => "error" in r).slice(0, 1), ...results]) {
    if ("error" in r) {
      rows.push({
        backend: r.label,
        model: "—",
        "train img/s": null,
        "infer img/s": null,
        note: `failed: ${r.error.slice(0, 120)}`,
      });
      continue;
    }
    for (const m of r.rows) {
      const ref = torchOf(m.model);
      rows.push({
        backend: r.label,
        model: m.model,
        "train img/s": rate(m.train),
        "infer img/s": rate(m.infer),
        "train / PyTorch": ref.length ? +(m.train / median(ref.map((t) => t.train))).toFixed(2) : null,
        "infer / PyTorch": ref.length ? +(m.infer / median(ref.map((t) => t.infer))).toFixed(2) : null,
        pairs: 0,
      });
    }
  }
  if (torchRuns.length) {
    for (const t of torchRuns[0].rows) {
      const ref = torchOf(t.model);
      rows.push({
        backend: `PyTorch ${t.torch} (${t.threads} threads)`,
        model: t.model,
        "train img/s": rate(median(ref.map((x) => x.train))),
        "infer img/s": rate(median(ref.map((x) => x.infer))),
        "train / PyTorch": 1,
        "infer / PyTorch": 1,
        pairs: ref.length,
      });
    }
  } else console.log("PyTorch reference: no python3 with torch (Debian: apt-get install python3-torch); ratios left empty");
  const out = `${resultsDir()}/bench/${set === "paper" ? "paper" : "train"}.csv`;
  await writeCsv(out, rows, { gemm });
  console.log(table(rows).text());
  console.log(`written to ${out}`);
}

/** Prints a bench's notes and table and writes them to results/bench/<name>.csv. */
async function report<T extends object>(name: string, rows: T[], notes: string[]): Promise<void> {
  const out = `${resultsDir()}/bench/${name}.csv`;
  await writeCsv(out, rows, { notes });
  for (const n of notes) console.log(n);
  console.log(table(rows as unknown as Record<string, string | number | null>[]).text());
  console.log(`written to ${out}`);
}

const BENCHES: Record<string, () => Promise<void>> = {
  train: () => modelBench("small"),
  paper: () => modelBench("paper"),

  async data() {
    const images = Number(Deno.env.get("BENCH_DATA_IMAGES") ?? 1000);
    console.log(
      `Input pipeline: RandomResizedCrop(224) + flip + normalise from JPEGs of ImageNet-like sizes, one epoch of ${images} images, against PyTorch's DataLoader`,
    );
    const { rows, notes } = await benchData({ images, onProgress: (l) => console.error(l) });
    await report("data", rows, notes);
  },

  async embed() {
    const profile = getProfile();
    const backend = await selectBackend({ purpose: "infer", quiet: true });
    console.log(
      `The embedding pass of Sections 3–4 (every invariance transformation × 10 magnitudes, then embedded) against the bench's inference rate, ${profile.name} profile`,
    );
    const rows = await benchEmbedding(profile, { onProgress: (l) => console.error(l) });
    await report("embed", rows, [
      `profile ${profile.name}, data ${profile.data.dataset}, batch 256, untrained models, backend ${backend.name} (${backend.reason})`,
    ]);
  },

  async fusion() {
    const backend = await selectBackend({ prefer: "wasm", quiet: true });
    console.log(
      "ResNet inference with and without the fused convolution (BatchNorm folded; sum and ReLU as post-ops), alternated",
    );
    const resnets = [...BENCH_MODEL_SETS.small(), ...BENCH_MODEL_SETS.paper()].filter((m) => m.config.arch === "resnet");
    const rows = await benchFusion(resnets.map((m) => (m.batch ? m : { ...m, batch: 128 })));
    await report("fusion", rows, [`backend ${backend.name} (${backend.reason}); untrained models; median of 5 pairs`]);
  },

  async webgpu() {
    const adapter = await describeGpuAdapter();
    if (!adapter) {
      console.log("webgpu: no WebGPU adapter here (no Vulkan driver); nothing to time");
      return;
    }
    const batch = Number(Deno.env.get("BENCH_WEBGPU_BATCH") ?? (adapter.software ? 2 : 32));
    const pairs = Number(Deno.env.get("BENCH_PAIRS") ?? 3);
    const minSeconds = Number(Deno.env.get("BENCH_SECONDS") ?? 1);
    console.log(
      `Our WGSL GEMM kernels against TF.js's on ${adapter.description}: ms per op (ResNet18 convolutions at 224 px, ` +
        `a ViT-S/16 projection) and per ResNet18 training step and inference pass, batch ${batch}; the two alternated in fresh processes for ${pairs} pairs, medians`,
    );
    type OpTime = { name: string; ms: number; gflops: number };
    const child = async (env: Record<string, string>) => {
      const r = await childJson("bench_webgpu_child.ts", [String(batch), String(minSeconds)], env);
      if ("error" in r) throw new Error(`webgpu bench child failed: ${r.error}`);
      return r.json.rows as OpTime[];
    };
    const ours: OpTime[][] = [], theirs: OpTime[][] = [];
    for (let p = 0; p < pairs; p++) {
      console.error(`  pair ${p + 1}/${pairs}: our kernels, then TF.js's…`);
      ours.push(await child({}));
      theirs.push(await child({ GIB_WEBGPU_KERNELS: "0" }));
    }
    const rows = ours[0].map((r, i) => {
      const a = median(ours.map((o) => o[i].ms)), b = median(theirs.map((t) => t[i].ms));
      const ratios = ours.map((o, p) => theirs[p][i].ms / o[i].ms);
      return {
        op: r.name,
        "ours ms": +a.toFixed(1),
        "TF.js ms": +b.toFixed(1),
        "ours GFLOP/s": Number.isFinite(r.gflops) ? +median(ours.map((o) => o[i].gflops)).toFixed(1) : null,
        "speed-up": +median(ratios).toFixed(2),
        "speed-up min–max": `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
      };
    });
    await report("webgpu", rows, [
      `adapter ${adapter.description}${adapter.software ? " (software: a correctness target, not the GPU figure)" : ""}; ` +
      `batch ${batch}; ${pairs} pairs; speed-up = TF.js ms / ours ms, per pair`,
    ]);
  },

  async memory() {
    console.log(
      "Peak memory of one training epoch (quick profile's ResNet-8) on folders of 2 500 and 10 000 ImageNet-sized JPEGs",
    );
    const { rows, notes } = await benchTrainingMemory([2500, 10000], (l) => console.error(l));
    await report("memory", rows, notes);
  },

  async augment() {
    console.log(
      "Augmentations: images per second, per image and batched (synthetic images; magnitude 5 for the invariance table)",
    );
    const rows = await benchAugment({
      onRow: (r) =>
        console.error(
          `  ${r.size} ${r.table} ${r.transformation}: ${r.perImage.toFixed(0)} / ${r.batched?.toFixed(0) ?? "—"} img/s`,
        ),
    });
    const out = `${resultsDir()}/bench/augment.csv`;
    await writeCsv(
      out,
      rows.map((r) => ({ ...r, perImage: Math.round(r.perImage), batched: r.batched === null ? null : Math.round(r.batched) })),
    );
    const fmt = rows.map((r) => ({
      size: r.size,
      table: r.table,
      transformation: r.transformation,
      "per image (img/s)": Math.round(r.perImage),
      "batched (img/s)": r.batched === null ? "—" : Math.round(r.batched),
      "10k images (s)": (10000 / (r.batched ?? r.perImage)).toFixed(2),
    }));
    console.log(table(fmt).text());
    console.log(`written to ${out}`);
  },
};

const wanted = Deno.args.length ? Deno.args : Object.keys(BENCHES).filter((b) => !["paper", "memory", "webgpu"].includes(b));
for (const name of wanted) {
  if (!BENCHES[name]) {
    console.error(`unknown benchmark "${name}"; choose from ${Object.keys(BENCHES).join(", ")}`);
    Deno.exit(2);
  }
  await BENCHES[name]();
}
