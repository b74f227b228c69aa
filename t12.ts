import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "./lib/backend.ts";
import { createModel, smallResnetConfig } from "./lib/models/mod.ts";
await selectBackend({ prefer: "wasm", quiet: true });
const m = createModel(smallResnetConfig({ depth: 8, width: 16, numClasses: 10, imageSize: 28, inChannels: 1 }), 0);
const x = tf.randomNormal([128, 28, 28, 1]) as tf.Tensor4D;
m.logits(x).dispose();
const info = await tf.profile(() => { m.logits(x).dataSync(); });
const agg = new Map<string, [number, number]>();
for (const k of info.kernels) { const key = k.name + " " + JSON.stringify(k.inputShapes); const a = agg.get(key) ?? [0, 0]; a[0] += (k as any).kernelTimeMs ?? 0; a[1]++; agg.set(key, a); }
console.log([...agg].sort((a, b) => b[1][0] - a[1][0]).slice(0, 14).map(([n, [t, c]]) => `${n} ${t.toFixed(1)}ms x${c}`).join("\n"));
