import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "./lib/backend.ts";
import { createModel, smallResnetConfig, crossEntropy } from "./lib/models/mod.ts";
await selectBackend({ prefer: "wasm", quiet: true });
const m = createModel(smallResnetConfig({ depth: 8, width: 16, numClasses: 10, imageSize: 28, inChannels: 1 }), 0);
const x = tf.randomNormal([128, 28, 28, 1]) as tf.Tensor4D, y = tf.tensor1d(Array.from({length:128}, (_, i) => i % 10), "int32");
const step = () => { const { value, grads } = tf.variableGrads(() => crossEntropy(m.forward(x, { training: true, bnStats: [] }).logits, y), m.params.trainable()); value.dataSync(); tf.dispose([value, ...Object.values(grads)]); };
step();
const t0 = performance.now(); step(); step(); console.log("step ms", (performance.now() - t0) / 2);
const info = await tf.profile(() => { step(); });
const agg = new Map<string, [number, number]>(); let total = 0;
for (const k of info.kernels) { const key = k.name; const a = agg.get(key) ?? [0, 0]; a[0] += (k as any).kernelTimeMs ?? 0; a[1]++; agg.set(key, a); total += (k as any).kernelTimeMs; }
console.log("kernel total", total.toFixed(0), "count", info.kernels.length);
console.log([...agg].sort((a, b) => b[1][0] - a[1][0]).slice(0, 16).map(([n, [t, c]]) => `${n} ${t.toFixed(1)}ms x${c}`).join("\n"));
