import assert from "node:assert/strict";
import { type BackendName, selectBackend } from "../../lib/backend.ts";
import { ModelLoadError } from "../../lib/models/io.ts";
import type { ModelConfig } from "../../lib/models/model.ts";
import { checkpointConfig, loadPretrained, resnetTarget, vitTarget } from "../../lib/models/pretrained.ts";
import { compareWithReference } from "../../lib/models/reference_check.ts";
import { nativeStatus } from "../../lib/kernels/native.ts";
import { parseSafetensors, SafetensorsError } from "../../lib/models/safetensors.ts";

// Fixtures: test/fixtures/make_pretrained.py (Debian's python3-torch 1.13 / python3-torchvision 0.14).
const dir = new URL("../fixtures/pretrained/", import.meta.url).pathname;
const expected = JSON.parse(await Deno.readTextFile(`${dir}expected.json`));
const RESNET: ModelConfig = {
  arch: "resnet",
  stem: "imagenet",
  blocks: [1, 1, 1, 1],
  width: 4,
  inChannels: 3,
  numClasses: 10,
  imageSize: 32,
};
const VIT: ModelConfig = {
  arch: "vit",
  patch: 8,
  dim: 16,
  depth: 2,
  heads: 2,
  mlpRatio: 2,
  inChannels: 3,
  numClasses: 10,
  imageSize: 32,
};

for (const backend of ["cpu", "wasm"] as BackendName[]) {
  for (
    const [label, file, config, key] of [
      ["torchvision ResNet", "resnet_tv", RESNET, "resnet"],
      ["torchvision ViT", "vit_tv", VIT, "vit"],
      ["timm-named ViT", "vit_timm", VIT, "vit"],
    ] as const
  ) {
    Deno.test(`${label} loaded from safetensors computes PyTorch's logits and embeddings within 1e-4 (${backend})`, async () => {
      await selectBackend({ prefer: backend, quiet: true });
      const model = await loadPretrained(`${dir}${file}.safetensors`, config);
      try {
        const err = await compareWithReference(model, { input: expected.input, ...expected[key] });
        assert.ok(err.logits < 1e-4, `logits: relative error ${err.logits}`);
        assert.ok(err.embedding < 1e-4, `embedding: relative error ${err.embedding}`);
        const kernels = backend === "wasm" ? ` + ${nativeStatus()}` : "";
        console.log(
          `${label} (${backend}${kernels}): relative error logits ${err.logits.toExponential(2)}, embedding ${
            err.embedding.toExponential(2)
          }`,
        );
      } finally {
        model.dispose();
      }
    });
  }
}

Deno.test("a checkpoint that does not fit lists its unknown, mis-shaped and missing tensors", async () => {
  await selectBackend({ prefer: "cpu", quiet: true });
  await assert.rejects(
    () => loadPretrained(`${dir}vit_tv.safetensors`, RESNET),
    (e: Error) =>
      e instanceof ModelLoadError && /unknown tensors \(32\): class_token \[1,1,16\]; conv_proj\.weight/.test(e.message) &&
      /missing \(our names\) \(\d+\): stem\.conv\.w/.test(e.message),
  );
  await assert.rejects(
    () => loadPretrained(`${dir}resnet_tv.safetensors`, { ...RESNET, width: 8 }),
    (e: Error) => /mis-shaped \(\d+\): conv1\.weight \[4,3,7,7\] → stem\.conv\.w needs \[7,7,3,8\]/.test(e.message),
  );
  await assert.rejects(() => loadPretrained(`${dir}nothing.safetensors`, RESNET), SafetensorsError);
  assert.throws(
    () => parseSafetensors(new Uint8Array([200, 0, 0, 0, 0, 0, 0, 0, 123]), "bad.safetensors"),
    /bad\.safetensors .*past the end/,
  );
});

Deno.test("name maps: torchvision's ResNet, timm's and torchvision's ViT (both MLP namings) onto ours", () => {
  assert.deepEqual(resnetTarget("layer3.1.downsample.1.running_var"), { ours: "stage3.1.down.bn.var", layout: "same" });
  assert.equal(resnetTarget("layer1.0.bn1.num_batches_tracked"), "ignore");
  assert.deepEqual(vitTarget("blocks.11.attn.qkv.weight"), { ours: "block11.qkv.w", layout: "linear" });
  assert.deepEqual(vitTarget("encoder.layers.encoder_layer_3.mlp.linear_2.bias"), { ours: "block3.fc2.b", layout: "same" });
  assert.deepEqual(vitTarget("encoder.layers.encoder_layer_3.mlp.3.bias"), { ours: "block3.fc2.b", layout: "same" });
  assert.equal(vitTarget("head_drop.weight"), undefined);
});

Deno.test("the architecture of a published checkpoint is read from its tensors", () => {
  const t = (entries: [string, number[]][]) => new Map(entries.map(([n, shape]) => [n, { dtype: "F32", shape }]));
  const r = checkpointConfig(t([["fc.weight", [1000, 512]], ["layer4.1.conv2.weight", [512, 512, 3, 3]]]));
  assert.deepEqual([r.arch, r.arch === "resnet" && r.width, r.arch === "resnet" && r.blocks], ["resnet", 64, [2, 2, 2, 2]]);
  const v = checkpointConfig(t([["cls_token", [1, 1, 768]], ["head.weight", [1000, 768]]]));
  assert.deepEqual([v.arch, v.arch === "vit" && v.dim, v.arch === "vit" && v.depth, v.numClasses], ["vit", 768, 12, 1000]);
  const s = checkpointConfig(t([["class_token", [1, 1, 384]], ["heads.head.weight", [10, 384]]]));
  assert.equal(s.arch === "vit" && s.dim, 384);
  assert.throws(
    () => checkpointConfig(t([["class_token", [1, 1, 16]], ["heads.head.weight", [10, 16]]]), "tiny.safetensors"),
    /tiny\.safetensors: not a ResNet18/,
  );
});
