import assert from "node:assert/strict";
import { augmentation } from "../../lib/augment/registry.ts";
import { parseSceneSpec } from "../../lib/data/scenes.ts";
import {
  factorTransformations,
  factorValue,
  sceneSpec,
  variationRunCount,
  variationRuns,
} from "../../lib/experiments/variation.ts";
import { getProfile } from "../../lib/profile.ts";

const quick = getProfile("quick", { dataset: "scenes" });

Deno.test("variation grid: per factor, data at every amount and augmentation above 0, amount 0 shared; 65 ResNet + 15 ViT quick runs", async () => {
  const runs = variationRuns(quick), V = quick.variation;
  const resnets = runs.filter((r) => r.family === "resnet"), vits = runs.filter((r) => r.family === "vit");
  assert.equal(resnets.length, V.factors.length * V.seeds.length * V.amounts.length * 2);
  assert.equal(vits.length, V.factors.length * V.seeds.length * V.vitAmounts.length);
  assert.deepEqual([...new Set(vits.map((r) => r.amount))].sort(), [0, 1]);
  assert.ok(vits.every((r) => r.source === "data" && r.config.augment === "None"));
  const vitDistinct = 1 + V.factors.length * (V.vitAmounts.length - 1);
  assert.equal(
    await variationRunCount(quick),
    (1 + V.factors.length * (V.amounts.length - 1) * 2 + vitDistinct) * V.seeds.length,
  );
  assert.equal(await variationRunCount(quick), 80);
  for (const r of runs) {
    assert.equal(r.config.epochs, V.epochs);
    assert.equal(r.config.data.trainPerClass, V.trainPerClass);
    if (r.source === "augmentation" && r.amount > 0) {
      assert.equal(r.config.data.dataset, sceneSpec(undefined, 0, V));
      assert.equal(augmentation(r.config.augment).name.startsWith(`augmentation along ${r.factor}`), true);
    } else assert.equal(r.config.augment, "None");
  }
});

Deno.test("variation data: only the factor varies, at the amount's value; the strongest is the profile's", () => {
  const V = quick.variation;
  const none = parseSceneSpec(sceneSpec(undefined, 0, V))!.knobs;
  assert.deepEqual([none.position, none.scale, none.rotation, none.colour, none.clutter], [0, [0.3, 0.3], 0, 0, 0]);
  const pos = parseSceneSpec(sceneSpec("position", 1, V))!.knobs;
  assert.equal(pos.position, V.strongest.position);
  assert.deepEqual(pos.scale, [0.3, 0.3]);
  const sc = parseSceneSpec(sceneSpec("scale", 1, V))!.knobs;
  assert.deepEqual(sc.scale, [0.1, 0.9]);
  assert.equal(sc.position, 0);
  assert.equal(factorValue("scale", 0.5, V), "0.1732-0.5196");
  assert.equal(factorValue("rotation", 1 / 3, V), "15");
});

Deno.test("variation measure: Section 3's magnitudes inside the strongest variation", () => {
  const V = quick.variation;
  assert.deepEqual(factorTransformations("position", V), [{ name: "translateX", magnitudes: [1, 2] }, {
    name: "translateY",
    magnitudes: [1, 2],
  }]);
  assert.deepEqual(factorTransformations("scale", V), [{ name: "scale_zoom_out", magnitudes: [1, 2, 3, 4, 5] }, {
    name: "scale_zoom_in",
    magnitudes: [1, 2],
  }]);
  assert.deepEqual(factorTransformations("rotation", V), [{ name: "rotate", magnitudes: [1, 2] }]);
});
