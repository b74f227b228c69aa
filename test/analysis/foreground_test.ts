import assert from "node:assert/strict";
import { foregroundBox, foregroundStats, jitterImages, relativeBox } from "../../lib/analysis/foreground.ts";
import type { Dataset } from "../../lib/data/dataset.ts";
import { createRng } from "../../lib/rng.ts";

Deno.test("foreground box: strictly above 0.1, extreme rows and columns, area without +1, empty masks skipped", () => {
  const m = new Uint8Array(5 * 4); // 5 wide, 4 high
  m[1 * 5 + 1] = 200;
  m[2 * 5 + 3] = 26; // 26/255 = 0.102 > 0.1
  m[3 * 5 + 4] = 25; // 0.098: background
  const b = foregroundBox(m, 5, 4)!;
  assert.deepEqual(b, { r0: 1, r1: 2, c0: 1, c1: 3 });
  assert.deepEqual(relativeBox(b, 5, 4), { centreRow: 1.5 / 4, centreCol: 2 / 5, area: (1 * 2) / 20 });
  const single = new Uint8Array(9);
  single[4] = 255;
  assert.equal(relativeBox(foregroundBox(single, 3, 3)!, 3, 3).area, 0);
  assert.equal(foregroundBox(new Uint8Array(9), 3, 3), undefined);
});

Deno.test("jittered images: the boxes recover the injected offsets exactly", () => {
  const n = 50, src = new Uint8Array(n * 16);
  for (let i = 0; i < n; i++) for (let r = 1; r <= 2; r++) for (let c = 0; c <= 2; c++) src[i * 16 + r * 4 + c] = 255; // a 3×2 object at row 1, col 0 of a 4×4 image
  const ds: Dataset = {
    name: "toy",
    split: "train",
    n,
    height: 4,
    width: 4,
    channels: 1,
    pixels: src,
    labels: new Int32Array(n),
    classes: [{ index: 0, name: "a", wnid: "n00000000" }],
  };
  const { jittered, offsets } = jitterImages(ds, 12, createRng(3));
  const s = foregroundStats(jittered);
  assert.equal(s.empty, 0);
  s.boxes.forEach((b, i) => {
    assert.equal(b.centreRow, (offsets[i].row + 1.5) / 12);
    assert.equal(b.centreCol, (offsets[i].col + 1) / 12);
    assert.equal(b.area, 2 / 144);
  });
  assert.ok(new Set(offsets.map((o) => `${o.row},${o.col}`)).size > 10);
});
