import assert from "node:assert/strict";
import { cellScores, conditionMap } from "../../lib/analysis/conditions_findings.ts";
import { conditionHeatmap, conditionMethodsFigure } from "../../lib/plots/conditions_figures.ts";

Deno.test("notebook 08's figures: one cell per crop × area with its effect, CI and verdict; every method in every panel", () => {
  const rows = [32, 64].flatMap((crop) =>
    ["small", "large"].flatMap((area) =>
      ["None", "C", "R", "T", "Cbeta0.1", "Cbeta10"].flatMap((augment, m) =>
        [0, 1, 2].map((seed) => ({ crop, area, augment, seed, top1: 0.5 + 0.01 * m + 0.003 * seed * (m % 2) }))
      )
    )
  );
  const cells = cellScores(rows);
  const { effects } = conditionMap(cells);
  const fig = conditionHeatmap(effects, { claim: "RRC is best", areas: ["small", "large"], crops: [32, 64], title: "t" });
  assert.equal((fig.html.match(/<rect/g) ?? []).length >= 4, true);
  assert.equal((fig.html.match(/vs T\.\(30%\)/g) ?? []).length, 4, "RRC's strongest rival in every cell");
  assert.match(fig.html, /undecided|supported|contradicted/);
  assert.match(fig.svg(), /^<\?xml/);
  const methods = conditionMethodsFigure(cells, { areas: ["small", "large"], crops: [32, 64], title: "m" });
  for (const label of ["no augmentation", "RRC", "FSRC", "T.(30%)", "β = 0.1", "β = 10"]) {
    assert.ok(methods.html.includes(label), label);
  }
});
