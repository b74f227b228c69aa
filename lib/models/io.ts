/**
 * Saving and loading weights as a folder in TF.js's format: `model.json`
 * (the architecture config, the input normalisation, and a weights manifest:
 * names, shapes, dtypes) and
 * `weights.bin` (float32 values in manifest order). Files are written
 * atomically; loading checks the architecture and says what does not match.
 */
import * as tf from "@tensorflow/tfjs-core";
import { writeFileAtomic, writeJsonAtomic } from "../results/atomic.ts";
import { concatFloat32 } from "../typed_arrays.ts";
import { createModel } from "./create.ts";
import { isLayersModelJson, loadLayersModelFolder } from "./layers_model.ts";
import type { Normalization } from "../data/normalization.ts";
import { describeModel, type Model, type ModelConfig } from "./model.ts";

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: "float32";
}

interface ModelJson {
  format: "gib-model";
  formatVersion: 1;
  config: ModelConfig;
  /** The input normalisation the weights expect (absent in folders saved before it was recorded). */
  normalization?: Normalization;
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
  [key: string]: unknown;
}

/** Error for a model folder that cannot be loaded; names the folder and what is wrong. */
export class ModelLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelLoadError";
  }
}

/** Writes the model's parameters and buffers to `dir` (created). `extra` is stored in model.json. */
export async function saveModel(model: Model, dir: string, extra: Record<string, unknown> = {}): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const weights: WeightEntry[] = [];
  const chunks: Float32Array[] = [];
  for (const s of model.params.specs) {
    weights.push({ name: s.name, shape: s.shape, dtype: "float32" });
    chunks.push(await model.params.get(s.name).data() as Float32Array);
  }
  const buf = concatFloat32(chunks);
  await writeFileAtomic(`${dir}/weights.bin`, new Uint8Array(buf.buffer));
  const json: ModelJson = {
    format: "gib-model",
    formatVersion: 1,
    config: model.config,
    normalization: model.normalization,
    weightsManifest: [{ paths: ["weights.bin"], weights }],
    ...extra,
  };
  await writeJsonAtomic(`${dir}/model.json`, json);
}

async function readModelJson(dir: string): Promise<ModelJson> {
  let text: string;
  try {
    text = await Deno.readTextFile(`${dir}/model.json`);
  } catch {
    throw new ModelLoadError(`no model at ${dir}: ${dir}/model.json is missing`);
  }
  try {
    const j = JSON.parse(text);
    if (j.format !== "gib-model" || !j.config || !Array.isArray(j.weightsManifest)) {
      throw new Error("not a model.json written by this library");
    }
    return j;
  } catch (e) {
    throw new ModelLoadError(`${dir}/model.json is corrupt: ${e instanceof Error ? e.message : e}`);
  }
}

/** Copies the weights stored in `dir` into `model`, which must have the same architecture. */
export async function loadWeightsInto(model: Model, dir: string): Promise<Record<string, unknown>> {
  const json = await readModelJson(dir);
  const want = describeModel(model.config), have = describeModel(json.config);
  const problems: string[] = [];
  if (JSON.stringify(json.config) !== JSON.stringify(model.config)) {
    problems.push(
      `architecture: folder has ${have} ${JSON.stringify(json.config)}, model is ${want} ${JSON.stringify(model.config)}`,
    );
  }
  const entries = json.weightsManifest.flatMap((m) => m.weights);
  const byName = new Map(entries.map((e) => [e.name, e]));
  for (const s of model.params.specs) {
    const e = byName.get(s.name);
    if (!e) problems.push(`missing weight ${s.name}`);
    else if (e.shape.join("×") !== s.shape.join("×")) {
      problems.push(`${s.name}: shape ${e.shape.join("×")} in the folder, ${s.shape.join("×")} in the model`);
    }
  }
  for (const e of entries) if (!model.params.specs.some((s) => s.name === e.name)) problems.push(`unexpected weight ${e.name}`);
  if (problems.length) {
    throw new ModelLoadError(
      `cannot load ${dir} into this model:\n  ${problems.slice(0, 12).join("\n  ")}${
        problems.length > 12 ? `\n  … and ${problems.length - 12} more` : ""
      }`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(`${dir}/weights.bin`);
  } catch {
    throw new ModelLoadError(`${dir}/weights.bin is missing`);
  }
  const expected = entries.reduce((a, e) => a + e.shape.reduce((x, y) => x * y, 1), 0) * 4;
  if (bytes.length !== expected) {
    throw new ModelLoadError(
      `${dir}/weights.bin has ${bytes.length} bytes, the manifest needs ${expected} (truncated or corrupt)`,
    );
  }
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  let o = 0;
  for (const e of entries) {
    const n = e.shape.reduce((x, y) => x * y, 1);
    const slice = values.slice(o, o + n);
    o += n;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(slice[i])) {
        throw new ModelLoadError(`${dir}/weights.bin: weight ${e.name} holds a non-finite value (corrupt checkpoint)`);
      }
    }
    const t = tf.tensor(slice, e.shape, "float32");
    model.params.get(e.name).assign(t);
    t.dispose();
  }
  if (json.normalization) model.normalization = json.normalization;
  const { format: _f, formatVersion: _v, config: _c, normalization: _n, weightsManifest: _w, ...extra } = json;
  return extra;
}

/**
 * Builds the model described by `dir/model.json` and loads its weights: a
 * folder saved by `saveModel`, or a TF.js LayersModel folder (see layers_model.ts).
 */
export async function loadModel(dir: string): Promise<Model> {
  try {
    if (isLayersModelJson(JSON.parse(await Deno.readTextFile(`${dir}/model.json`)))) return await loadLayersModelFolder(dir);
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof Deno.errors.NotFound) { /* reported below */ }
    else throw e;
  }
  const json = await readModelJson(dir);
  const model = createModel(json.config, "zeros");
  try {
    await loadWeightsInto(model, dir);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
