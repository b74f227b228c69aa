import assert from "node:assert/strict";
import { cellScores, conditionMap, type ConditionScore, mapParagraph } from "../../lib/analysis/conditions_findings.ts";
import { pairedTest } from "../../lib/analysis/decision.ts";
import { decideFindings } from "../../lib/analysis/findings.ts";

const SEEDS = [0, 1, 2, 3, 4];
/** Per-seed noise shared by every method of a cell (as seeds share data order), plus a small method-specific wobble. */
const noise = [0.01, -0.02, 0.015, 0, -0.005];
const wobble = [0.002, -0.001, 0.001, -0.002, 0];

function cell(
  crop: number,
  area: string,
  means: Record<string, number>,
  spread: Record<string, number[]> = {},
): ConditionScore[] {
  return Object.entries(means).flatMap(([augment, m]) =>
    SEEDS.map((seed) => ({
      crop,
      area,
      augment,
      seed,
      top1: m + noise[seed] + (spread[augment]?.[seed] ?? wobble[(seed + augment.length) % 5]),
    }))
  );
}

Deno.test("map verdicts: RRC best and the U-shape where the data say so; undecided where the gap is within the seed noise", () => {
  const rows = [
    // RRC clearly best; β = 1 clearly above both ends.
    ...cell(128, "large", { C: 0.7, R: 0.6, T: 0.62, None: 0.5, "Cbeta0.1": 0.6, Cbeta10: 0.65 }),
    // FSRC clearly best (as on 32-px scenes); the least-zooming law β = 10 best: no U-shape.
    ...cell(32, "default", { C: 0.58, R: 0.66, T: 0.63, None: 0.53, "Cbeta0.1": 0.5, Cbeta10: 0.62 }),
    // RRC ahead of T by 0.2 points with a 2-point seed-to-seed spread of the difference: undecided.
    ...cell(64, "small", { C: 0.6, R: 0.55, T: 0.598, None: 0.5, "Cbeta0.1": 0.55, Cbeta10: 0.598 }, {
      T: [0.02, -0.02, 0.01, -0.015, 0.005],
      Cbeta10: [0.02, -0.02, 0.01, -0.015, 0.005],
    }),
  ];
  const cells = cellScores(rows);
  assert.equal(cells.length, 3);
  assert.deepEqual(cells[0].seeds, SEEDS);
  const { findings, effects } = conditionMap(cells);
  assert.equal(findings.length, 6);
  const v = (crop: number, claim: string) => effects.find((e) => e.crop === crop && e.claim === claim)!;
  assert.equal(v(128, "RRC is best").verdict, "supported");
  assert.equal(v(128, "RRC is best").rival, "T.(30%)");
  assert.ok(Math.abs(v(128, "RRC is best").effect - 0.08) < 0.01);
  assert.equal(v(128, "U-shape").verdict, "supported");
  assert.equal(v(32, "RRC is best").verdict, "contradicted");
  assert.equal(v(32, "RRC is best").rival, "FSRC");
  assert.equal(v(32, "U-shape").verdict, "contradicted");
  assert.equal(v(64, "RRC is best").verdict, "undecided");
  assert.equal(v(64, "U-shape").verdict, "undecided");
  const ci = v(64, "RRC is best").ci;
  assert.ok(ci[0] < 0 && ci[1] > 0, `the undecided cell's CI spans 0: ${ci}`);
  const text = mapParagraph(effects, { crop: 128, area: "large" });
  assert.match(text, /"RRC is best" is supported in 128 px\/large, contradicted in 32 px\/default and undecided in 64 px\/small/);
  assert.match(text, /In the cell nearest ImageNet \(128 px, large objects\) the effect is \+8\.\d\d points/);
});

Deno.test("map verdicts: seeds missing for one method are dropped from the cell, so every test stays paired", () => {
  const rows = cell(32, "default", { C: 0.6, R: 0.5, T: 0.5, None: 0.4 }).filter((r) => !(r.augment === "T" && r.seed === 4));
  const [c] = cellScores(rows);
  assert.deepEqual(c.seeds, [0, 1, 2, 3]);
  assert.ok(Object.values(c.scores).every((xs) => xs.length === 4));
  const { findings } = conditionMap([c]);
  assert.equal(findings.length, 1, "no β laws: only the RRC claim");
});

Deno.test("map verdicts: many cells are one Holm family (a lone p ≈ 0.02 among twelve checks is undecided)", () => {
  // Nine null cells (all methods equal up to noise) and one cell with a modest RRC lead.
  const rows = [
    ...[32, 64, 128].flatMap((crop) =>
      ["small", "default", "large"].map((area) => cell(crop, area, { C: 0.6, R: 0.6, T: 0.6, None: 0.6 }))
    ).flat(),
  ];
  const modest = cell(224, "large", { C: 0.615, R: 0.6, T: 0.59, None: 0.5 }, { R: [0.01, -0.005, 0, -0.005, 0.008] });
  const { effects } = conditionMap(cellScores([...rows, ...modest]));
  const e = effects.find((x) => x.crop === 224)!;
  assert.ok(e.ci[0] > 0, "alone, the lead's CI excludes 0");
  assert.equal(e.verdict, "undecided");
});

Deno.test("map verdicts at 3 seeds: a steady 3-point lead is decided with the variance pooled over 9 cells, not by a cell's own df-2 test", () => {
  const three = [0.004, -0.006, 0.002], drift = [-0.003, 0.005, -0.001];
  const rows = [32, 64, 96].flatMap((crop) =>
    ["small", "default", "large"].flatMap((area, j) =>
      Object.entries({ C: 0.6, R: 0.57, T: 0.55, None: 0.5 }).flatMap(([augment, m]) =>
        [0, 1, 2].map((seed) => ({
          crop,
          area,
          augment,
          seed,
          top1: m + three[seed] + (augment === "R" ? drift[(seed + j + crop / 32) % 3] : 0),
        }))
      )
    )
  );
  const cells = cellScores(rows);
  const { findings, effects } = conditionMap(cells);
  assert.ok(effects.every((e) => e.verdict === "supported"), effects.map((e) => e.verdict).join(", "));
  assert.match(decideFindings(findings)[0].checks[0].n, /3 paired, SD pooled over 9 cells \(df 18; Levene p/);
  // A cell's own paired test of the same differences could not survive Holm over 9 checks.
  const own = pairedTest(cells[0].scores.C, cells[0].scores.R);
  assert.ok(own.p * 9 > 0.05, `own p ${own.p}`);
});
