import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "./lib/backend.ts";
import { createModel, smallResnetConfig, tinyVitConfig, crossEntropy } from "./lib/models/mod.ts";
await selectBackend({ prefer: (Deno.args[0] ?? "wasm") as "wasm", quiet: true });
const cfg = Deno.args[1] === "resnet" ? smallResnetConfig({ depth: 8, width: 16, numClasses: 10, imageSize: 28, inChannels: 1 }) : tinyVitConfig({ numClasses: 10, imageSize: 28, inChannels: 1 });
const m = createModel(cfg, 0);
const x = tf.randomNormal([128, 28, 28, 1]) as tf.Tensor4D, y = tf.tensor1d(Array.from({length:128}, (_, i) => i % 10), "int32");
const step = () => { const { value, grads } = tf.variableGrads(() => crossEntropy(m.forward(x, { training: true, bnStats: [] }).logits, y), m.params.trainable()); value.dataSync(); tf.dispose([value, ...Object.values(grads)]); };
step();
let t0 = performance.now(); step(); step(); console.log("step ms", (performance.now() - t0) / 2);
const info = await tf.profile(() => { step(); });
const agg = new Map<string, [number, number]>();
for (const k of info.kernels) { const a = agg.get(k.name) ?? [0, 0]; a[0] += (k as any).kernelTimeMs ?? 0; a[1]++; agg.set(k.name, a); }
console.log([...agg].sort((a, b) => b[1][0] - a[1][0]).slice(0, 15).map(([n, [t, c]]) => `${n} ${t.toFixed(1)}ms x${c}`).join("\n"));
const shapes = new Map<string, [number, number]>();
for (const k of info.kernels) if (["BatchMatMul","Conv2D","Sum"].includes(k.name)) { const key = k.name + " " + JSON.stringify(k.inputShapes) ; const a = shapes.get(key) ?? [0,0]; a[0] += (k as any).kernelTimeMs; a[1]++; shapes.set(key, a); }
console.log([...shapes].sort((a, b) => b[1][0] - a[1][0]).slice(0, 12).map(([n, [t, c]]) => `${n} ${t.toFixed(1)}ms x${c}`).join("\n"));
