/** A grid of real images (one row per group), drawn with Plot's image mark from PNG data URLs. */
import { type Image8, toPngDataUrl } from "../image/image.ts";
import { type Figure, Plot, plot } from "./figure.ts";

export interface GridCell {
  image: Image8;
  /** Row label, e.g. a class name or a transformation. */
  row: string;
  /** Column label, e.g. an example index or a magnitude. */
  column: string | number;
}

/**
 * Draws images in rows and columns, each `cellSize` pixels (pixelated, so
 * 28×28 images stay crisp when enlarged).
 */
export async function imageGrid(
  cells: GridCell[],
  options: { title?: string; cellSize?: number; xLabel?: string; yLabel?: string; marginLeft?: number } = {},
): Promise<Figure> {
  const cell = options.cellSize ?? 48;
  const rows = [...new Set(cells.map((c) => c.row))];
  const cols = [...new Set(cells.map((c) => c.column))];
  const data = await Promise.all(cells.map(async (c) => ({ row: c.row, column: c.column, src: await toPngDataUrl(c.image) })));
  const marginLeft = options.marginLeft ?? 110;
  return plot({
    title: options.title,
    width: marginLeft + cols.length * (cell + 4) + 10,
    height: 40 + rows.length * (cell + 4),
    marginLeft,
    marginTop: 30,
    marginBottom: 10,
    x: { domain: cols, type: "band", padding: 0.05, axis: "top", label: options.xLabel ?? null },
    y: { domain: rows, type: "band", padding: 0.05, label: options.yLabel ?? null },
    marks: [Plot.image(data, { x: "column", y: "row", src: "src", width: cell, height: cell, imageRendering: "pixelated" })],
  });
}
