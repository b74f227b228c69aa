import assert from "node:assert/strict";
import { imageGrid, Plot, plot, table } from "../../lib/plots/mod.ts";
import { withTempDir } from "../helpers.ts";

Deno.test("plot: renders real marks headless, with title, axis labels and legend; saves standalone SVG", async () => {
  const rows = [{ cls: "Bag", n: 6000, split: "train" }, { cls: "Coat", n: 1000, split: "test" }];
  const fig = plot({
    title: "Counts",
    x: { label: "images" },
    color: { legend: true },
    marks: [Plot.barX(rows, { x: "n", y: "cls", fill: "split" })],
  });
  assert.match(fig.html, /<h2>Counts<\/h2>/);
  assert.equal((fig.html.match(/<rect /g) ?? []).length, 2 + 2); // two bars + two legend swatches
  assert.match(fig.html, /images/);
  assert.match(fig.html, />train</);
  const display = (fig as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
  assert.ok(display["text/html"].startsWith("<figure"));
  await withTempDir(async (dir) => {
    const p = await fig.save(`${dir}/a/counts.svg`);
    const svg = await Deno.readTextFile(p);
    assert.match(svg, /^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<foreignObject/);
    // The size is the plot's, not a legend swatch's.
    assert.match(
      svg,
      /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" xmlns:xlink="http:\/\/www.w3.org\/1999\/xlink" width="640" height="\d+"/,
    );
    assert.ok(fig.width === 640 && fig.height > 100, `${fig.width}×${fig.height}`);
    const bare = plot({ marks: [Plot.dot([{ x: 1, y: 2 }], { x: "x", y: "y" })] });
    assert.ok(bare.isPureSvg);
    assert.match(bare.svg(), /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox/);
  });
});

Deno.test("image grid: one image element per cell, PNG data URLs, rows labelled", async () => {
  const img = { width: 2, height: 2, channels: 1 as const, data: Uint8Array.from([0, 255, 255, 0]) };
  const fig = await imageGrid([{ image: img, row: "Bag", column: 0 }, { image: img, row: "Bag", column: 1 }, {
    image: img,
    row: "Coat",
    column: 0,
  }]);
  assert.equal((fig.html.match(/<image /g) ?? []).length, 3);
  assert.match(fig.html, /data:image\/png;base64,/);
  assert.match(fig.html, />Coat</);
});

Deno.test("table: text and HTML", () => {
  const t = table([{ a: 1, b: 0.12345 }, { a: 22, b: "x<y" }], { title: "T", digits: 2 });
  assert.equal(t.text(), "T\na   b\n--  ----\n1   0.12\n22  x<y");
  assert.match(t.html(), /<td>x&lt;y<\/td>/);
});

Deno.test("invariance figure: the axis starts at −0.5 and the subtitle counts the whiskers it cuts", async () => {
  const { invarianceFigure } = await import("../../lib/plots/invariance_figures.ts");
  const row = (magnitude: number, q05: number) => ({
    model: "ResNet untrained",
    transformation: "rotate",
    family: "geometric",
    magnitude,
    parameter: "",
    n: 10,
    inv_mean: 0.5,
    inv_q05: q05,
    inv_q25: 0.3,
    inv_median: 0.5,
    inv_q75: 0.7,
    inv_q95: 0.9,
    eq_mean: 0,
    eq_q05: 0,
    eq_q25: 0,
    eq_median: 0,
    eq_q75: 0,
    eq_q95: 0,
  });
  const fig = invarianceFigure([row(0, 0.1), row(1, -0.7), row(2, -0.9)], { transformations: ["rotate"], title: "t" });
  assert.match(fig.html, /y axis cut at -0.5 as in the paper: 2 of 3 lower whiskers/);
  const eq = invarianceFigure([row(0, 0.1)], { transformations: ["rotate"], title: "t", metric: "eq" });
  assert.doesNotMatch(eq.html, /y axis cut/);
});
