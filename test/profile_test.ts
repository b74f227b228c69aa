import assert from "node:assert/strict";
import { getProfile } from "../lib/profile.ts";

Deno.test("profiles: quick by default, smoke smaller, clear errors", () => {
  const prev = Deno.env.get("PROFILE");
  Deno.env.delete("PROFILE");
  try {
    assert.equal(getProfile().name, "quick");
    Deno.env.set("PROFILE", "smoke");
    assert.equal(getProfile().name, "smoke");
    assert.ok(getProfile("smoke").data.trainPerClass < getProfile("quick").data.trainPerClass);
    Deno.env.set("PROFILE", "huge");
    assert.throws(() => getProfile(), /unknown profile "huge" \(from \$PROFILE\)/);
    const root = Deno.env.get("DATASET_ROOT");
    Deno.env.delete("DATASET_ROOT");
    assert.throws(() => getProfile("full"), /profile "full" needs \$DATASET_ROOT/);
    Deno.env.set("DATASET_ROOT", "/data/imagenet");
    assert.equal(getProfile("full").data.crop, 224);
    if (root) Deno.env.set("DATASET_ROOT", root);
    else Deno.env.delete("DATASET_ROOT");
  } finally {
    if (prev) Deno.env.set("PROFILE", prev);
    else Deno.env.delete("PROFILE");
  }
});
