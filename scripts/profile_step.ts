/**
 * Profiles one training step (or, with --infer, one inference pass) per
 * kernel and phase on a backend.
 *
 *   deno run -A scripts/profile_step.ts [backend] [resnet8|resnet18|vit|resnet18-224] [batch] [--infer]
 */
import { type BackendName, selectBackend } from "../lib/backend.ts";
import { profileInference, profileTrainStep } from "../lib/bench/profile_step.ts";
import type { ModelConfig } from "../lib/models/model.ts";
import { resnet18Config, smallResnetConfig } from "../lib/models/resnet.ts";
import { tinyVitConfig } from "../lib/models/vit.ts";

const infer = Deno.args.includes("--infer");
const [backend = "auto", which = "resnet8", batch = "128"] = Deno.args.filter((a) => !a.startsWith("--"));
const choice = await selectBackend({ prefer: backend as BackendName, quiet: true });
const configs: Record<string, () => ModelConfig> = {
  resnet8: () => smallResnetConfig({ depth: 8, width: 16, numClasses: 10, imageSize: 28, inChannels: 1 }),
  resnet18: () => smallResnetConfig({ depth: 18, width: 16, numClasses: 10, imageSize: 32, inChannels: 3 }),
  vit: () => tinyVitConfig({ numClasses: 10, imageSize: 32, inChannels: 3 }),
  "resnet18-224": () => resnet18Config(1000),
};
if (!configs[which]) throw new RangeError(`model must be one of ${Object.keys(configs).join(", ")}, got "${which}"`);
const config = configs[which]();
console.log(`${choice.name} (${choice.reason}), ${which}, batch ${batch}, ${infer ? "inference" : "training step"}`);
if (infer) {
  const p = await profileInference(config, Number(batch));
  console.log(`  pass ${p.ms.toFixed(1)} ms`);
  console.log("  kernels (name and input shapes, count, reported ms):");
  for (const k of p.kernels.slice(0, 20)) {
    console.log(`    ${k.name.padEnd(60)} ${String(k.count).padStart(5)} ${k.ms.toFixed(2)}`);
  }
} else {
  const p = await profileTrainStep(config, Number(batch));
  for (const [k, ms] of Object.entries(p.phases)) console.log(`  ${k.padEnd(18)} ${ms.toFixed(1)} ms`);
  console.log("  kernels (name, count, reported ms):");
  for (const k of p.kernels.slice(0, 30)) {
    console.log(`    ${k.name.padEnd(28)} ${String(k.count).padStart(5)} ${k.ms.toFixed(2)}`);
  }
}
