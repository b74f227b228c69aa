import assert from "node:assert/strict";
import { loadWordNet, WordNetSimilarity } from "../../lib/wordnet/mod.ts";

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

Deno.test("WordNet similarities match hand computation on the hypernym graph (NLTK semantics)", async () => {
  const sim = new WordNetSimilarity(await loadWordNet());
  assert.equal(sim.taxonomyDepth(), 19); // WordNet 3.0 nouns
  // identical synsets
  close(sim.path("n02872752", "n02872752"), 1, "path(s,s)");
  close(sim.lch("n02872752", "n02872752"), Math.log(38), "lch(s,s) = ln 38");
  close(sim.wup("n02872752", "n02872752"), 1, "wup(s,s)");
  // physical_entity and abstraction: their lowest common hypernym is the root entity (max_depth 0 → δ = 1)
  close(sim.path("n00001930", "n00002137"), 1 / 3, "path through the root");
  close(sim.wup("n00001930", "n00002137"), 2 / 4, "wup through the root");
  close(sim.lch("n00001930", "n00002137"), -Math.log(3 / 38), "lch through the root");
  // sneaker (gym_shoe) and sandal: both hyponyms of shoe, whose single chain to entity has 7 edges → δ = 8
  close(sim.path("n03472535", "n04133789"), 1 / 3, "path sneaker–sandal");
  close(sim.wup("n03472535", "n04133789"), 16 / 18, "wup sneaker–sandal");
  // an instance noun: Einstein is an instance of physicist (one @i edge). organism and physicist tie on
  // min_depth 5, and NLTK's name order picks organism.n.01 (max_depth 5 → δ = 6; distances 4 and 3).
  close(sim.path("n10954498", "n10428004"), 1 / 2, "path Einstein–physicist");
  close(sim.wup("n10954498", "n10428004"), 12 / 19, "wup Einstein–physicist");
  close(sim.lch("n10954498", "n10428004"), -Math.log(2 / 38), "lch Einstein–physicist");
  assert.throws(() => sim.wup("n99999999", "n02872752"), /unknown wnid n99999999/);
});
