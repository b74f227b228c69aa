/**
 * Models saved by TF.js itself (`tf.LayersModel`, e.g. converted from Keras
 * with tensorflowjs_converter): a folder with a model.json holding
 * `modelTopology` and a weights manifest. Wrapped in the library's Model
 * interface so every analysis can measure them: `embed` is the input of the
 * last layer (the penultimate representation), `logits` the model's output.
 */
import * as tfu from "@tensorflow/tfjs";
import type * as tf from "@tensorflow/tfjs-core";
import type { Model } from "./model.ts";
import { ParamStore } from "./params.ts";
import { concatBytes } from "../typed_arrays.ts";

export interface ExternalConfig {
  arch: "tfjs-layers";
  /** The folder it was loaded from. */
  source: string;
  imageSize: number;
  inChannels: number;
  numClasses: number;
}

/** Whether a parsed model.json describes a TF.js LayersModel. */
export function isLayersModelJson(json: unknown): boolean {
  return !!json && typeof json === "object" && "modelTopology" in json && "weightsManifest" in json;
}

/** Loads a LayersModel folder; errors name the missing or unusable part. */
export async function loadLayersModelFolder(dir: string): Promise<Model> {
  const json = JSON.parse(await Deno.readTextFile(`${dir}/model.json`));
  const manifest = json.weightsManifest as { paths: string[]; weights: tfu.io.WeightsManifestEntry[] }[];
  const buffers: Uint8Array[] = [];
  for (const group of manifest) {
    for (const p of group.paths) {
      try {
        buffers.push(await Deno.readFile(`${dir}/${p}`));
      } catch {
        throw new Error(`${dir}/model.json lists weights file ${p}, which cannot be read`);
      }
    }
  }
  const weightData = concatBytes(buffers);
  const lm = await tfu.loadLayersModel(
    tfu.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: manifest.flatMap((g) => g.weights),
      weightData: weightData.buffer,
    }),
  );
  const inShape = lm.inputs[0].shape;
  if (inShape.length !== 4 || !inShape[1] || inShape[1] !== inShape[2]) {
    throw new Error(`${dir}: expected a model of square NHWC images, its input shape is [${inShape.join(", ")}]`);
  }
  if (lm.layers.length < 2) throw new Error(`${dir}: a model with one layer has no penultimate representation`);
  const last = lm.layers[lm.layers.length - 1];
  const features = tfu.model({ inputs: lm.inputs, outputs: last.input as tfu.SymbolicTensor });
  const outShape = lm.outputs[0].shape;
  const embShape = (last.input as tfu.SymbolicTensor).shape;
  const config: ExternalConfig = {
    arch: "tfjs-layers",
    source: dir,
    imageSize: inShape[1]!,
    inChannels: inShape[3]!,
    numClasses: outShape[outShape.length - 1] ?? 0,
  };
  const flat = (t: tf.Tensor) => (t.rank === 2 ? t : tfu.reshape(t, [t.shape[0], -1])) as tf.Tensor2D;
  return {
    config: config as never,
    params: new ParamStore(),
    embedDim: embShape.slice(1).reduce((a, b) => a! * b!, 1)!,
    embed: (x) => tfu.tidy(() => flat(features.predict(x) as tf.Tensor)),
    logits: (x) => tfu.tidy(() => flat(lm.predict(x) as tf.Tensor)),
    forward: (x) => ({ embedding: flat(features.apply(x) as tf.Tensor), logits: flat(lm.apply(x) as tf.Tensor) }),
    dispose: () => lm.dispose(),
  };
}
