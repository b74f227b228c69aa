/**
 * Checks full-size published architectures against PyTorch: loads
 * DIR/resnet18.safetensors and DIR/vit_b_16.safetensors (written with random
 * weights by `/usr/bin/python3 test/fixtures/make_pretrained.py --full DIR`,
 * too large to commit), times each load, and compares logits and penultimate
 * embeddings with PyTorch's (DIR/expected.json) on each backend.
 *
 *   deno run -A scripts/check_pretrained.ts DIR [--backends cpu,wasm]
 *   GIB_NATIVE=0 deno run -A scripts/check_pretrained.ts DIR --backends wasm   # wasm without native kernels
 */
import { type BackendName, selectBackend } from "../lib/backend.ts";
import { parseArgs } from "../lib/cli.ts";
import { nativeStatus } from "../lib/kernels/native.ts";
import { modelFromCheckpoint } from "../lib/models/pretrained.ts";
import { compareWithReference } from "../lib/models/reference_check.ts";
import { readSafetensors } from "../lib/models/safetensors.ts";

const { flags, positional } = parseArgs(Deno.args);
const dir = positional[0];
if (!dir) {
  console.error("usage: deno run -A scripts/check_pretrained.ts DIR [--backends cpu,wasm]");
  Deno.exit(2);
}
const expectedPath = `${dir}/expected.json`;
let expected;
try {
  expected = JSON.parse(await Deno.readTextFile(expectedPath));
} catch (e) {
  console.error(
    `cannot read ${expectedPath} (${e instanceof Error ? e.message : e}); write it with make_pretrained.py --full ${dir}`,
  );
  Deno.exit(2);
}
const backends = (typeof flags.backends === "string" ? flags.backends : "cpu,wasm").split(",") as BackendName[];
const rows: string[] = [
  "| model | backend | read (s) | build (s) | logits rel. error | embedding rel. error |",
  "| --- | --- | --- | --- | --- | --- |",
];
for (const backend of backends) {
  await selectBackend({ prefer: backend, quiet: true });
  const label = backend === "wasm" ? `wasm + ${nativeStatus()}` : backend;
  for (const arch of ["resnet18", "vit_b_16"]) {
    const path = `${dir}/${arch}.safetensors`;
    const t0 = performance.now();
    const tensors = await readSafetensors(path);
    const t1 = performance.now();
    const model = modelFromCheckpoint(tensors, path);
    const t2 = performance.now();
    try {
      const err = await compareWithReference(model, { input: expected.input, ...expected[arch] });
      const row = `| ${arch} | ${label} | ${((t1 - t0) / 1000).toFixed(2)} | ${((t2 - t1) / 1000).toFixed(2)} | ${
        err.logits.toExponential(2)
      } | ${err.embedding.toExponential(2)} |`;
      console.error(row);
      rows.push(row);
    } finally {
      model.dispose();
    }
  }
}
console.log(rows.join("\n"));
