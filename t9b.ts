import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "./lib/backend.ts";
import { createModel, smallResnetConfig, tinyVitConfig, crossEntropy } from "./lib/models/mod.ts";
await selectBackend({ prefer: "wasm", quiet: true });
const cfgs: Record<string, any> = {
  r8w16: smallResnetConfig({ depth: 8, width: 16, numClasses: 10, imageSize: 28, inChannels: 1 }),
  r10w16: { arch: "resnet", stem: "small", blocks: [1,1,1,1], width: 16, inChannels: 1, numClasses: 10, imageSize: 28 },
  r18w16c3: smallResnetConfig({ depth: 18, width: 16, numClasses: 10, imageSize: 32, inChannels: 3 }),
  vit: tinyVitConfig({ numClasses: 10, imageSize: 28, inChannels: 1 }),
};
for (const [name, cfg] of Object.entries(cfgs)) {
  const m = createModel(cfg, 0); const s = cfg.imageSize, c = cfg.inChannels;
  const x = tf.randomNormal([128, s, s, c]) as tf.Tensor4D, y = tf.tensor1d(Array.from({length:128}, (_, i) => i % 10), "int32");
  const step = () => { const { value, grads } = tf.variableGrads(() => crossEntropy(m.forward(x, { training: true, bnStats: [] }).logits, y), m.params.trainable()); value.dataSync(); tf.dispose([value, ...Object.values(grads)]); };
  step(); let t0 = performance.now(); step(); step(); const tr = (performance.now() - t0) / 2;
  m.logits(x).dispose(); t0 = performance.now(); for (let i = 0; i < 3; i++) m.logits(x).dataSync(); const inf = (performance.now() - t0) / 3;
  console.log(name, m.params.count(), "train img/s", (128000 / tr).toFixed(0), "infer img/s", (128000 / inf).toFixed(0));
  m.dispose();
}
