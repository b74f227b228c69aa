/** Shared test helpers: temporary folders, real Fashion-MNIST images, backend agreement. */
import assert from "node:assert/strict";
import { selectBackend } from "../lib/backend.ts";
import { getImage, loadFashionMnist } from "../lib/data/mod.ts";
import { type ModelConfig, smallResnetConfig } from "../lib/models/mod.ts";
import { silentProgress, train, type TrainConfig } from "../lib/train/mod.ts";
import type { Image8 } from "../lib/image/image.ts";
import { nativeLibrary } from "../lib/kernels/native.ts";

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "gib-test-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The i-th real test image of Fashion-MNIST (28×28 grey). */
export async function fashionImage(i: number): Promise<{ image: Image8; label: number }> {
  const ds = await loadFashionMnist("test");
  return { image: { ...getImage(ds, i), data: getImage(ds, i).data.slice() }, label: ds.labels[i] };
}

export function b64(s: string): Uint8Array {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

/**
 * Trains the same 2-epoch ResNet-8 run on `cpu` and on `backend` and checks
 * that the per-epoch losses agree within float tolerance: every custom kernel
 * or gradient path must leave training unchanged.
 */
export async function assertSameLossCurve(
  backend: "wasm" | "webgpu",
  model: ModelConfig = smallResnetConfig({ depth: 8, width: 8, numClasses: 10, imageSize: 28, inChannels: 1 }),
): Promise<void> {
  const cfg: TrainConfig = {
    model,
    data: { dataset: "fashion-mnist", trainPerClass: 2, testPerClass: 5, resizeTo: 32, crop: 28, grey: true, subsetSeed: 0 },
    augment: "C",
    epochs: 2,
    batchSize: 10,
    lr: 0.05,
    weightDecay: 5e-4,
    momentum: 0.9,
    lrStep: 10,
    seed: 0,
  };
  const curves: number[][] = [];
  for (const be of ["cpu", backend] as const) {
    await selectBackend({ prefer: be, quiet: true });
    await withTempDir(async (dir) =>
      curves.push((await train(cfg, { runDir: dir, progress: silentProgress() })).history.map((h) => h.loss))
    );
  }
  curves[0].forEach((l, i) =>
    assert.ok(Math.abs(l - curves[1][i]) < 1e-3 * Math.max(1, l), `epoch ${i + 1}: cpu ${l} vs ${backend} ${curves[1][i]}`)
  );
}

/**
 * Runs `check` with the native library's oneDNN convolutions switched off, so
 * that its im2col path computes them, and asserts that the path was used.
 */
export async function onIm2colPath(check: () => Promise<void>): Promise<void> {
  const L = nativeLibrary();
  if (!L) throw new Error("the native library is not built");
  const was = L.symbols.gib_set_dnnl(0);
  try {
    const before = L.symbols.gib_im2col_calls();
    await check();
    assert.ok(L.symbols.gib_im2col_calls() > before, "the im2col path was not exercised");
  } finally {
    if (was >= 0) L.symbols.gib_set_dnnl(was);
  }
}

/** A tiny ResNet-8 run on the embedded Fashion-MNIST (20 + 20 per class, 4 epochs): the trainer tests' base config. */
export const TINY_RUN: TrainConfig = {
  model: smallResnetConfig({ depth: 8, width: 8, numClasses: 10, imageSize: 28, inChannels: 1 }),
  data: { dataset: "fashion-mnist", trainPerClass: 20, testPerClass: 20, resizeTo: 32, crop: 28, grey: true, subsetSeed: 0 },
  augment: "None",
  epochs: 4,
  batchSize: 20,
  lr: 0.05,
  weightDecay: 5e-4,
  momentum: 0.9,
  lrStep: 2,
  seed: 0,
};
