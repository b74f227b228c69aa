import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../lib/backend.ts";

Deno.test("backend: by argument, by environment, and clear errors", async () => {
  const cpu = await selectBackend({ prefer: "cpu", quiet: true });
  assert.equal(cpu.name, "cpu");
  assert.equal(tf.getBackend(), "cpu");
  assert.match(cpu.reason, /asked for by argument/);

  Deno.env.set("TFJS_BACKEND", "wasm");
  try {
    const w = await selectBackend({ quiet: true });
    assert.equal(w.name, "wasm");
    assert.match(w.reason, /TFJS_BACKEND/);
    assert.deepEqual(Array.from(tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync()), [4, 6]);
    Deno.env.set("TFJS_BACKEND", "cuda");
    await assert.rejects(selectBackend({ quiet: true }), /unknown backend "cuda" \(from \$TFJS_BACKEND\)/);
  } finally {
    Deno.env.delete("TFJS_BACKEND");
  }
  // tfjs-node is never installed by the project: asking for it says so.
  await assert.rejects(
    selectBackend({ prefer: "tensorflow", quiet: true }),
    /tensorflow: @tensorflow\/tfjs-node-gpu not installed; @tensorflow\/tfjs-node not installed/,
  );
});

Deno.test("backend: auto takes the first available in order and reports every probe", async () => {
  const auto = await selectBackend({ quiet: true });
  assert.ok(["tensorflow", "webgpu", "wasm", "cpu"].includes(auto.name));
  assert.equal(auto.tried[0].name, "tensorflow");
  assert.equal(auto.tried.at(-1)!.name, auto.name);
  for (const t of auto.tried.slice(0, -1)) assert.equal(t.available, false, `${t.name} was skipped for a reason: ${t.why}`);
  const gpu = auto.tried.find((t) => t.name === "webgpu");
  if (gpu && /software rasteriser/.test(gpu.why)) assert.equal(auto.name, "wasm");
});

Deno.test("backend: auto with a purpose prefers what deno task bench measured fastest for it", async () => {
  const { measuredOrder } = await import("../lib/backend.ts");
  const { withTempDir } = await import("./helpers.ts");
  await withTempDir(async (dir) => {
    const csv = `${dir}/train.csv`;
    await Deno.writeTextFile(
      csv,
      [
        "backend,model,train img/s,infer img/s",
        'wasm + native,"ResNet-8 w16, 28×28×1",700,2000',
        'wasm (no native),"ResNet-8 w16, 28×28×1",150,1100',
        'webgpu (NVIDIA H100),"ResNet-8 w16, 28×28×1",5000,1500',
        'cpu (batch 16),"ResNet-8 w16, 28×28×1",1,30',
        'PyTorch 1.13 (2 threads),"ResNet-8 w16, 28×28×1",1400,6500',
      ].join("\n"),
    );
    assert.deepEqual(measuredOrder("train", csv)?.order, ["webgpu", "wasm", "cpu"]);
    assert.deepEqual(measuredOrder("infer", csv)?.order, ["wasm", "webgpu", "cpu"]);
    assert.equal(measuredOrder("train", `${dir}/none.csv`), undefined);
  });
});
