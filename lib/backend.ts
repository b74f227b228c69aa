/**
 * Picks the TensorFlow.js backend and says what it chose and why.
 *
 * Order in "auto": `tensorflow` (tfjs-node-gpu or tfjs-node, if the user has
 * installed one: they cannot install without network access, so they are
 * never required), `webgpu` on a hardware adapter, `wasm`, then `cpu`.
 * WebGPU on a software rasteriser (Mesa's llvmpipe/lavapipe) is skipped in
 * "auto" because it is slower than wasm there; asking for it by name still
 * works. With a `purpose` ("train" or "infer"), auto mode first tries the
 * backends that `deno task bench train` measured fastest for that purpose on
 * this machine. The choice is overridable by argument or by $TFJS_BACKEND.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const choice = await selectBackend({ prefer: "cpu", quiet: true });
 * assert.equal(choice.name, "cpu");
 * ```
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { csvParse } from "d3-dsv";
import { createRequire } from "node:module";
import { installNativeKernels, nativeStatus } from "./kernels/native.ts";
import { installWebgpuKernels } from "./kernels/webgpu_gemm.ts";
import { installWasmIdentity } from "./kernels/wasm_identity.ts";
import { installWasmMatMul } from "./kernels/wasm_matmul.ts";
import "./kernels/gradients.ts";
import { PROJECT_ROOT } from "./paths.ts";

export const BACKENDS = ["tensorflow", "webgpu", "wasm", "cpu"] as const;
export type BackendName = typeof BACKENDS[number];

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  why: string;
}

export interface BackendChoice {
  name: BackendName;
  reason: string;
  /** What was probed, in order, and why each was or was not taken. */
  tried: BackendProbe[];
}

type Prober = () => Promise<BackendProbe>;

function probeTensorflow(): Promise<BackendProbe> {
  const require = createRequire(`${PROJECT_ROOT}/`);
  const errors: string[] = [];
  for (const pkg of ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]) {
    try {
      require.resolve(pkg);
    } catch {
      errors.push(`${pkg} not installed`);
      continue;
    }
    try {
      require(pkg);
      if (tf.findBackendFactory("tensorflow")) {
        return Promise.resolve({ name: "tensorflow", available: true, why: `${pkg} loaded` });
      }
      errors.push(`${pkg} loaded but registered its backend with another copy of tfjs-core`);
    } catch (e) {
      errors.push(`${pkg} failed to load: ${e instanceof Error ? e.message.split("\n")[0] : e}`);
    }
  }
  return Promise.resolve({ name: "tensorflow", available: false, why: errors.join("; ") });
}

interface GpuAdapterLike {
  info?: { description?: string; device?: string; vendor?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** Describes the WebGPU adapter, or null when there is none. */
export async function describeGpuAdapter(): Promise<{ description: string; software: boolean } | null> {
  // Mesa prints an error without a runtime dir; any writable folder does.
  if (!Deno.env.get("XDG_RUNTIME_DIR")) Deno.env.set("XDG_RUNTIME_DIR", "/tmp");
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return null;
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    return null;
  }
  if (!adapter) return null;
  const d = adapter.info?.description || adapter.info?.device || adapter.info?.vendor || "unknown adapter";
  const software = !!(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter) ||
    /llvmpipe|lavapipe|swiftshader|softpipe/i.test(d);
  return { description: d, software };
}

function probeWebgpu(auto: boolean): Prober {
  return async () => {
    const a = await describeGpuAdapter();
    if (!a) return { name: "webgpu", available: false, why: "no WebGPU adapter (no Vulkan driver found)" };
    if (a.software && auto) {
      return {
        name: "webgpu",
        available: false,
        why: `adapter is a software rasteriser (${a.description}), slower than wasm; ask for webgpu by name to use it`,
      };
    }
    await import("@tensorflow/tfjs-backend-webgpu");
    return { name: "webgpu", available: true, why: `adapter: ${a.description}` };
  };
}

async function probeWasm(): Promise<BackendProbe> {
  const { setWasmPaths } = await import("@tensorflow/tfjs-backend-wasm");
  const require = createRequire(`${PROJECT_ROOT}/`);
  let dir: string;
  try {
    dir = require.resolve("@tensorflow/tfjs-backend-wasm/package.json").replace(/package\.json$/, "dist/");
  } catch {
    return {
      name: "wasm",
      available: false,
      why: "@tensorflow/tfjs-backend-wasm is not in node_modules (run the set-up command)",
    };
  }
  setWasmPaths(dir);
  return { name: "wasm", available: true, why: `WebAssembly (XNNPACK) kernels; ${nativeStatus()}` };
}

const probeCpu: Prober = () => Promise.resolve({ name: "cpu", available: true, why: "pure JavaScript, always available (slow)" });

function prober(name: BackendName, auto: boolean): Prober {
  switch (name) {
    case "tensorflow":
      return probeTensorflow;
    case "webgpu":
      return probeWebgpu(auto);
    case "wasm":
      return probeWasm;
    case "cpu":
      return probeCpu;
  }
}

let current: BackendChoice | undefined;

/** What a backend is for: the fastest backend for training need not be the fastest for inference. */
export type BackendPurpose = "train" | "infer";

/**
 * Backends ordered by the throughput measured by `deno task bench train` on
 * this machine (results/bench/train.csv), for one purpose: the median over
 * models of each backend's ratio to the best. Undefined when never measured.
 */
export function measuredOrder(
  purpose: BackendPurpose,
  benchCsv = `${Deno.env.get("RESULTS_DIR") ?? `${PROJECT_ROOT}/results`}/bench/train.csv`,
): { order: BackendName[]; source: string } | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(benchCsv);
  } catch {
    return undefined;
  }
  const byModel = new Map<string, Map<BackendName, number>>();
  for (const row of csvParse(text)) {
    const label = row.backend ?? "", v = Number(row[purpose === "train" ? "train img/s" : "infer img/s"]);
    const name = BACKENDS.find((b) => label.startsWith(b));
    // Plain-wasm rows (no native kernels) do not describe the wasm backend as set up here.
    if (!name || !Number.isFinite(v) || v <= 0 || label.includes("no native")) continue;
    const m = byModel.get(row.model ?? "") ?? new Map<BackendName, number>();
    m.set(name, Math.max(m.get(name) ?? 0, v));
    byModel.set(row.model ?? "", m);
  }
  const ratios = new Map<BackendName, number[]>();
  for (const m of byModel.values()) {
    const best = Math.max(...m.values());
    for (const [b, v] of m) ratios.set(b, [...(ratios.get(b) ?? []), v / best]);
  }
  if (ratios.size === 0) return undefined;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const order = [...ratios.keys()].sort((a, b) => median(ratios.get(b)!) - median(ratios.get(a)!));
  return { order, source: benchCsv };
}

/** The choice made by the last selectBackend call, if any. */
export function currentBackend(): BackendChoice | undefined {
  return current;
}

/**
 * Chooses and activates a backend. `prefer` (or $TFJS_BACKEND) names one; if
 * it is not available, that is an error that says why. "auto" takes the first
 * available in the order above. The choice is logged to stderr, except in a
 * notebook (whose run line names the backend) or with `quiet`.
 */
export async function selectBackend(
  opts: { prefer?: BackendName | "auto"; quiet?: boolean; purpose?: BackendPurpose } = {},
): Promise<BackendChoice> {
  const fromEnv = Deno.env.get("TFJS_BACKEND");
  const wanted = opts.prefer ?? ((fromEnv as BackendName | "auto" | undefined) || "auto");
  if (wanted !== "auto" && !BACKENDS.includes(wanted)) {
    throw new RangeError(
      `unknown backend "${wanted}"${opts.prefer ? "" : " (from $TFJS_BACKEND)"}; choose one of auto, ${BACKENDS.join(", ")}`,
    );
  }
  const tried: BackendProbe[] = [];
  // With a purpose, auto tries the backends measured fastest for it first, then the fixed order.
  const measured = wanted === "auto" && opts.purpose ? measuredOrder(opts.purpose) : undefined;
  const order: BackendName[] = wanted !== "auto"
    ? [wanted]
    : measured
    ? [...new Set([...measured.order, ...BACKENDS])]
    : [...BACKENDS];
  for (const name of order) {
    const probe = await prober(name, wanted === "auto")();
    tried.push(probe);
    if (!probe.available) continue;
    let ok = false;
    try {
      ok = await tf.setBackend(name);
      await tf.ready();
    } catch (e) {
      probe.available = false;
      probe.why += `; initialisation failed: ${e instanceof Error ? e.message : e}`;
      continue;
    }
    if (!ok) {
      probe.available = false;
      probe.why += "; initialisation failed";
      continue;
    }
    if (name === "wasm") {
      installWasmIdentity();
      if (!installNativeKernels()) installWasmMatMul();
    }
    if (name === "webgpu") installWebgpuKernels();
    const source = opts.prefer
      ? "asked for by argument"
      : fromEnv
      ? "asked for by $TFJS_BACKEND"
      : measured && measured.order[0] === name
      ? `fastest for ${opts.purpose === "train" ? "training" : "inference"} measured by deno task bench (${measured.source})`
      : "first available in auto order";
    current = { name, reason: `${source}: ${probe.why}`, tried };
    const quiet = opts.quiet ?? Deno.env.get("JPY_PARENT_PID") !== undefined;
    if (!quiet) console.error(`[backend] ${name} (${current.reason})`);
    return current;
  }
  throw new Error(`backend ${wanted} is not available: ${tried.map((t) => `${t.name}: ${t.why}`).join("; ")}`);
}
