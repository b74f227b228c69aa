import assert from "node:assert/strict";
import { selectBackend } from "../../lib/backend.ts";
import { getProfile } from "../../lib/profile.ts";
import { profileTrainConfig } from "../../lib/train/presets.ts";
import { silentProgress, train } from "../../lib/train/mod.ts";
import { TINY_RUN, withTempDir } from "../helpers.ts";

await selectBackend({ prefer: "wasm", quiet: true });

Deno.test("a family's recipe reaches its runs: a ViT recipe's label smoothing, none in the ResNet's config (its keys stand)", () => {
  const quick = getProfile("quick");
  const vitRecipe = { ...quick.training.recipes?.vit, labelSmoothing: 0.1 };
  const profile = { ...quick, training: { ...quick.training, recipes: { vit: vitRecipe } } };
  const vit = profileTrainConfig(profile, { family: "vit", augment: "None", seed: 0 });
  assert.equal(vit.labelSmoothing, 0.1);
  assert.equal(vit.optimizer, "adamw");
  const resnet = profileTrainConfig(profile, { family: "resnet", augment: "None", seed: 0 });
  assert.ok(
    !("labelSmoothing" in resnet),
    "a ResNet config must not carry the key, or every cached ResNet run would be retrained",
  );
});

Deno.test("the trainer applies label smoothing: the same run with ε = 0.1 has another loss", async () => {
  const short = { ...TINY_RUN, epochs: 1 };
  const loss = async (labelSmoothing?: number) =>
    await withTempDir(async (dir) =>
      (await train({ ...short, ...(labelSmoothing ? { labelSmoothing } : {}) }, { runDir: dir, progress: silentProgress() }))
        .history[0].loss
    );
  const [plain, smoothed] = [await loss(), await loss(0.1)];
  assert.ok(Math.abs(plain - smoothed) > 1e-3, `loss ${plain} with no smoothing, ${smoothed} with ε = 0.1`);
});
