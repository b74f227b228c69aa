import assert from "node:assert/strict";
import { decideFindings } from "../../lib/analysis/findings.ts";
import { referenceFindings, runsAtChance, vitToResnetTop1 } from "../../lib/analysis/training_findings.ts";
import type { TrainedRun } from "../../lib/train/zoo.ts";

const run = (family: "resnet" | "vit", augment: string, seed: number, finalTop1: number, numClasses = 10) =>
  ({
    key: `${family}${augment}${seed}`,
    family,
    config: { augment, seed, model: { numClasses } },
    result: { finalTop1 },
  }) as unknown as TrainedRun;

Deno.test("vit_to_resnet_top1: mean ViT over mean ResNet top-1, both without augmentation", () => {
  const runs = [
    run("resnet", "None", 0, 0.5),
    run("resnet", "None", 1, 0.54),
    run("vit", "None", 0, 0.4),
    run("vit", "None", 1, 0.44),
  ];
  assert.ok(Math.abs(vitToResnetTop1([...runs, run("vit", "HC", 0, 0.9)]) - 0.42 / 0.52) < 1e-12);
  assert.ok(Number.isNaN(vitToResnetTop1(runs.slice(0, 2))));
});

Deno.test("reference findings: a clear paired gain is supported; a gain within the seed noise is undecided", () => {
  const resnet = [0, 1, 2, 3, 4].flatMap((
    s,
  ) => [run("resnet", "None", s, 0.5 + 0.01 * s), run("resnet", "HC", s, 0.6 + 0.01 * s + 0.002 * (s % 2))]);
  // The ViT's differences change sign over seeds: mean +0.4 points, sd about 2 points.
  const vitDiff = [0.02, -0.02, 0.03, -0.01, 0];
  const vit = vitDiff.flatMap((d, s) => [run("vit", "None", s, 0.4), run("vit", "HC", s, 0.4 + d)]);
  const decided = decideFindings(referenceFindings([...resnet, ...vit]));
  assert.deepEqual(decided.map((f) => [f.claim, f.verdict]), [
    ["ResNet: RRC + flip beats no augmentation", "supported"],
    ["ViT: RRC + flip beats no augmentation", "undecided"],
  ]);
  assert.deepEqual(referenceFindings(resnet.filter((r) => r.config.augment === "None")), [], "one arm only: no claim");
});

Deno.test("runs at chance: a run within 3 points of 1 / classes is named, one above it is not", () => {
  const runs = [
    run("vit", "HC", 4, 0.11),
    run("vit", "HC", 3, 0.407),
    run("vit", "None", 0, 0.129),
    run("resnet", "None", 0, 0.131),
  ];
  assert.deepEqual(runsAtChance(runs).map((r) => r.key), ["vitHC4", "vitNone0"]);
  assert.deepEqual(
    runsAtChance([run("vit", "None", 0, 0.05, 100)]).map((r) => r.key),
    [],
    "5 % is well above chance at 100 classes",
  );
});
