import assert from "node:assert/strict";
import { getProfile } from "../lib/profile.ts";

/** Runs `fn` with the given environment variables set (undefined: unset), restoring them after. */
function withEnv(vars: Record<string, string | undefined>, fn: () => void): void {
  const prev = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  const set = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) x === undefined ? Deno.env.delete(k) : Deno.env.set(k, x);
  };
  set(vars);
  try {
    fn();
  } finally {
    set(prev);
  }
}

Deno.test("profiles: quick by default, smoke smaller, clear errors", () => {
  withEnv({ PROFILE: undefined, DATASET: undefined, DATASET_ROOT: undefined }, () => {
    assert.equal(getProfile().name, "quick");
    Deno.env.set("PROFILE", "smoke");
    assert.equal(getProfile().name, "smoke");
    assert.ok(getProfile("smoke").data.trainPerClass < getProfile("quick").data.trainPerClass);
    Deno.env.set("PROFILE", "huge");
    assert.throws(() => getProfile(), /unknown profile "huge" \(from \$PROFILE\)/);
    assert.throws(() => getProfile("full"), /profile "full" needs a dataset: set \$DATASET_ROOT/);
    Deno.env.set("DATASET_ROOT", "/data/imagenet");
    assert.equal(getProfile("full").data.crop, 224);
  });
});

Deno.test("profiles: the dataset is its own choice, bringing its geometry; a folder takes the profile's", () => {
  withEnv({ DATASET: undefined, DATASET_ROOT: undefined }, () => {
    assert.deepEqual(pick(getProfile("quick").data), ["scenes", 37, 32, false]);
    assert.deepEqual(pick(getProfile("smoke", { dataset: "fashion-mnist" }).data), ["fashion-mnist", 32, 28, true]);
    Deno.env.set("DATASET", "scenes:rotation=none");
    assert.deepEqual(pick(getProfile("quick").data), ["scenes:rotation=none", 37, 32, false]);
    assert.deepEqual(pick(getProfile("quick", { dataset: "/data/photos" }).data), ["/data/photos", 37, 32, false]);
    assert.deepEqual(pick(getProfile("full", { dataset: "/data/imagenet" }).data), ["/data/imagenet", 256, 224, false]);
    // The scale stays the profile's whatever the data.
    assert.equal(getProfile("quick", { dataset: "fashion-mnist" }).data.trainPerClass, getProfile("quick").data.trainPerClass);
  });
});

const pick = (d: { dataset: string; resizeTo: number; crop: number; grey: boolean }) => [d.dataset, d.resizeTo, d.crop, d.grey];
