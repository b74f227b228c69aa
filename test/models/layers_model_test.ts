import assert from "node:assert/strict";
import * as tfu from "@tensorflow/tfjs";
import { selectBackend } from "../../lib/backend.ts";
import { loadModel } from "../../lib/models/io.ts";
import { withTempDir } from "../helpers.ts";

/** Saves a LayersModel the way TF.js's file handlers do: model.json + weights.bin. */
async function saveLayersModel(m: tfu.LayersModel, dir: string) {
  await m.save(tfu.io.withSaveHandler(async (artifacts) => {
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeFile(`${dir}/weights.bin`, new Uint8Array(artifacts.weightData as ArrayBuffer));
    await Deno.writeTextFile(
      `${dir}/model.json`,
      JSON.stringify({
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
      }),
    );
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
  }));
}

Deno.test("a TF.js LayersModel folder loads as a Model: embed is the last layer's input, logits its output", async () => {
  await selectBackend({ prefer: "cpu", quiet: true });
  const m = tfu.sequential({
    layers: [
      tfu.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, activation: "relu" }),
      tfu.layers.globalAveragePooling2d({}),
      tfu.layers.dense({ units: 10 }),
    ],
  });
  await withTempDir(async (dir) => {
    await saveLayersModel(m, `${dir}/keras`);
    const model = await loadModel(`${dir}/keras`);
    assert.equal(model.embedDim, 4);
    assert.deepEqual([model.config.imageSize, model.config.inChannels, model.config.numClasses], [28, 28 / 28, 10]);
    const x = tfu.randomNormal([3, 28, 28, 1]) as tfu.Tensor4D;
    assert.deepEqual(model.embed(x).shape, [3, 4]);
    const a = model.logits(x).dataSync(), b = (m.predict(x) as tfu.Tensor).dataSync();
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5));
    model.dispose();
    await Deno.remove(`${dir}/keras/weights.bin`);
    await assert.rejects(loadModel(`${dir}/keras`), /lists weights file weights.bin, which cannot be read/);
  });
});
