/**
 * Profiles one training step per kernel and phase on a backend.
 *
 *   deno run -A scripts/profile_step.ts [backend] [resnet8|resnet18-224] [batch]
 */
import { selectBackend, type BackendName } from "../lib/backend.ts";
import { profileTrainStep } from "../lib/bench/profile_step.ts";
import { resnet18Config, smallResnetConfig } from "../lib/models/resnet.ts";

const [backend = "auto", which = "resnet8", batch = "128"] = Deno.args;
const choice = await selectBackend({ prefer: backend as BackendName, quiet: true });
const config = which === "resnet18-224" ? resnet18Config(1000) : smallResnetConfig({ depth: 8, width: 16, numClasses: 10, imageSize: 28, inChannels: 1 });
const p = await profileTrainStep(config, Number(batch));
console.log(`${choice.name} (${choice.reason}), ${which}, batch ${batch}`);
for (const [k, ms] of Object.entries(p.phases)) console.log(`  ${k.padEnd(18)} ${ms.toFixed(1)} ms`);
console.log("  kernels (name, count, reported ms):");
for (const k of p.kernels.slice(0, 25)) console.log(`    ${k.name.padEnd(28)} ${String(k.count).padStart(5)} ${k.ms.toFixed(2)}`);
