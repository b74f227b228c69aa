import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "./lib/backend.ts";
import { conv2dGrads } from "./lib/models/layers.ts";
const mode = Deno.args[0];
if (mode === "wasm") Deno.env.set("GIB_NATIVE", "0");
await selectBackend({ prefer: "wasm", quiet: true });
const shapes: [number[], number[], number, number][] = [[[128,28,28,1],[3,3,1,16],1,1],[[128,28,28,16],[3,3,16,16],1,1],[[128,28,28,16],[3,3,16,32],2,1],[[128,14,14,32],[3,3,32,32],1,1],[[128,14,14,32],[3,3,32,64],2,1],[[128,7,7,64],[3,3,64,64],1,1],[[128,28,28,16],[1,1,16,32],2,0]];
const time = (f: () => tf.Tensor | tf.Tensor[]) => { tf.dispose(f()); const t0 = performance.now(); for (let i = 0; i < 5; i++) { const r = f(); (Array.isArray(r) ? r : [r]).forEach(t => t.dataSync()); tf.dispose(r); } return (performance.now() - t0) / 5; };
for (const [xs, ws, s, p] of shapes) {
  const x = tf.randomNormal(xs) as tf.Tensor4D, w = tf.randomNormal(ws) as tf.Tensor4D;
  const pad = p ? [[0,0],[p,p],[p,p],[0,0]] as [[number,number],[number,number],[number,number],[number,number]] : "valid" as const;
  const y = tf.conv2d(x, w, s, pad);
  const fwd = time(() => tf.conv2d(x, w, s, pad));
  let bf = NaN, bi = NaN;
  if (mode === "wasm") { const g = time(() => conv2dGrads(x, w, y, s, p)); bf = g; }
  else { bf = time(() => tf.engine().runKernel("Conv2DBackpropFilter", {x, dy: y}, {strides: s, pad, dataFormat: "NHWC", dimRoundingMode: undefined, filterShape: ws}) as tf.Tensor);
         bi = time(() => tf.engine().runKernel("Conv2DBackpropInput", {dy: y, filter: w}, {strides: s, pad, dataFormat: "NHWC", dimRoundingMode: undefined, inputShape: xs}) as tf.Tensor); }
  console.log(mode, JSON.stringify(xs), JSON.stringify(ws), s, "fwd", fwd.toFixed(1), "bwdF", bf.toFixed(1), "bwdI", bi.toFixed(1));
}
