/** One backend's model timings for scripts/bench.ts (run in its own process). Prints JSON. */
import { type BackendName, selectBackend } from "../lib/backend.ts";
import { benchModelRates, benchModels, gpuBenchModels } from "../lib/bench/models_bench.ts";

const [backend, minSeconds, maxSteps, batch] = Deno.args;
const choice = await selectBackend({ prefer: backend as BackendName, quiet: true });
const models = (batch === "gpu" ? gpuBenchModels() : benchModels()).map((
  m,
) => (batch && batch !== "gpu" ? { ...m, batch: Number(batch) } : m));
const rows = await benchModelRates(models, { minSeconds: Number(minSeconds), maxSteps: Number(maxSteps) });
console.log(JSON.stringify({ backend: choice.name, reason: choice.reason, rows }));
