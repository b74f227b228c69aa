/** Fig. A2: every transformation of a table applied to the same real image, one row per transformation. */
import { applyTransform, type PoolEntry, type Transformation } from "../augment/transforms.ts";
import type { Image8 } from "../image/image.ts";
import type { Figure } from "./figure.ts";
import { type GridCell, imageGrid } from "./image_grid.ts";

/** Rows = transformations, columns = magnitude index 0…9. */
export function invarianceGallery(
  image: Image8,
  transforms: readonly Transformation[],
  opts: { fill?: number; title?: string; cellSize?: number } = {},
): Promise<Figure> {
  const cells: GridCell[] = [];
  for (const t of transforms) {
    for (let k = 0; k < t.values.length; k++) {
      cells.push({ image: applyTransform(image, t, k, { fill: opts.fill }), row: t.name, column: k });
    }
  }
  return imageGrid(cells, { title: opts.title, cellSize: opts.cellSize ?? 40, xLabel: "magnitude index", marginLeft: 130 });
}

/** Rows = pool operations, columns = the magnitude indices that occur in the pool (sign +1). */
export function poolGallery(
  image: Image8,
  entries: readonly PoolEntry[],
  opts: { title?: string; cellSize?: number } = {},
): Promise<Figure> {
  const cells: GridCell[] = entries.map((e) => ({ image: applyTransform(image, e, 0, { sign: 1 }), row: e.op, column: e.index }));
  cells.sort((a, b) => Number(a.column) - Number(b.column));
  return imageGrid(cells, { title: opts.title, cellSize: opts.cellSize ?? 40, xLabel: "magnitude index", marginLeft: 100 });
}
