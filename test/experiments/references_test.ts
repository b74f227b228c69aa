/**
 * Sections 3 and 4 with published checkpoints: the checkpoint takes the place
 * of the model trained with augmentation (not trained then), the untrained
 * model gets the checkpoint's architecture, and embeddings are cached under
 * the checkpoint's name.
 */
import assert from "node:assert/strict";
import { selectBackend } from "../../lib/backend.ts";
import { referenceRun, sectionFourModels, sectionThreeModels, trainReferenceModels } from "../../lib/experiments/references.ts";
import { checkpointConfig } from "../../lib/models/pretrained.ts";
import { readSafetensors } from "../../lib/models/safetensors.ts";
import { getProfile } from "../../lib/profile.ts";
import { silentProgress } from "../../lib/train/progress.ts";
import { withTempDir } from "../helpers.ts";

/**
 * A torchvision ResNet18 checkpoint (10 classes) with every weight zero: the tensors' names and
 * shapes are what this test needs, and 45 MB of zeros need not be committed.
 */
async function zeroResnet18(path: string): Promise<void> {
  const shapes: [string, number[]][] = [["conv1.weight", [64, 3, 7, 7]]];
  const bn = (name: string, c: number) =>
    ["weight", "bias", "running_mean", "running_var"].forEach((k) => shapes.push([`${name}.${k}`, [c]]));
  bn("bn1", 64);
  let cin = 64;
  for (const [stage, c] of [[1, 64], [2, 128], [3, 256], [4, 512]]) {
    for (const b of [0, 1]) {
      const p = `layer${stage}.${b}`;
      shapes.push([`${p}.conv1.weight`, [c, b === 0 ? cin : c, 3, 3]]);
      bn(`${p}.bn1`, c);
      shapes.push([`${p}.conv2.weight`, [c, c, 3, 3]]);
      bn(`${p}.bn2`, c);
      if (b === 0 && stage > 1) {
        shapes.push([`${p}.downsample.0.weight`, [c, cin, 1, 1]]);
        bn(`${p}.downsample.1`, c);
      }
    }
    cin = c;
  }
  shapes.push(["fc.weight", [10, 512]], ["fc.bias", [10]]);
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, shape] of shapes) {
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    header[name] = { dtype: "F32", shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  await Deno.writeFile(path, out);
}

Deno.test("checkpoints in the profile replace the models trained with augmentation in Sections 3 and 4", async () => {
  await selectBackend({ prefer: "wasm", quiet: true });
  await withTempDir(async (dir) => {
    const before = Deno.env.get("RESULTS_DIR");
    Deno.env.set("RESULTS_DIR", dir);
    try {
      const resnet = `${dir}/resnet18_zero.safetensors`;
      await zeroResnet18(resnet);
      const profile = { ...getProfile("smoke"), pretrained: { resnet } };
      const refs = await trainReferenceModels(profile, { skipReplaced: true, progress: silentProgress() });
      assert.deepEqual(refs.map((m) => `${m.family} ${m.augment}`), ["resnet None", "vit None", "vit HC"]);
      const seed = profile.training.seeds[0];
      const three = await sectionThreeModels(profile, refs, seed);
      try {
        assert.deepEqual(three.map((m) => m.label), [
          "ResNet untrained",
          "ResNet trained w/o aug",
          "ResNet trained",
          "ViT untrained",
          "ViT trained w/o aug",
          "ViT trained",
        ]);
        assert.deepEqual(
          three[0].model.config,
          checkpointConfig(await readSafetensors(resnet), resnet),
          "untrained: its architecture",
        );
        assert.equal(three[2].cacheKey, "pretrained-resnet18_zero.safetensors");
        assert.deepEqual(three[2].model.config, three[0].model.config);
        // Without a checkpoint the ViT trained with RRC + flip is the run's.
        assert.equal(three[5].cacheKey, referenceRun(refs, "vit", "HC", seed).key);
        assert.equal(three[1].cacheKey, referenceRun(refs, "resnet", "None", seed).key);
      } finally {
        for (const m of three) m.model.dispose();
      }
      const four = await sectionFourModels(profile, refs, seed);
      try {
        assert.deepEqual(four.map((m) => [m.label, m.cacheKey]), [
          ["trained w/o aug", referenceRun(refs, "resnet", "None", seed).key],
          ["trained w/ aug", "pretrained-resnet18_zero.safetensors"],
        ]);
      } finally {
        for (const m of four) m.model.dispose();
      }
    } finally {
      if (before === undefined) Deno.env.delete("RESULTS_DIR");
      else Deno.env.set("RESULTS_DIR", before);
    }
  });
});
