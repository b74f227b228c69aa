/** One backend's model timings for scripts/bench.ts (run in its own process). Prints JSON. */
import { type BackendName, selectBackend } from "../lib/backend.ts";
import { BENCH_MODEL_SETS, benchModelRates, benchModels } from "../lib/bench/models_bench.ts";

// batch: a number (the small set at that batch), or a set's name ("paper", "gpu") with its own batches.
const [backend, minSeconds, maxSteps, batch] = Deno.args;
const choice = await selectBackend({ prefer: backend as BackendName, quiet: true });
const set = batch in BENCH_MODEL_SETS ? BENCH_MODEL_SETS[batch as keyof typeof BENCH_MODEL_SETS]() : undefined;
const models = set ?? benchModels().map((m) => (batch ? { ...m, batch: Number(batch) } : m));
const rows = await benchModelRates(models, { minSeconds: Number(minSeconds), maxSteps: Number(maxSteps) });
console.log(JSON.stringify({ backend: choice.name, reason: choice.reason, rows }));
