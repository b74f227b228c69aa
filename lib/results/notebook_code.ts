/**
 * A notebook's code cells as one TypeScript module, for `deno check`: the
 * cells in order, each after a comment naming it, so that a type error is
 * reported at "notebook cell N". Markdown cells are left out.
 */
export interface NotebookJson {
  cells: { cell_type: string; source: string | string[] }[];
}

/** The code cells of a notebook joined into one module, with a line map back to the cells. */
export function notebookModule(nb: NotebookJson): { code: string; cellOfLine: number[] } {
  const parts: string[] = [], cellOfLine: number[] = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const src = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    const lines = [`// notebook cell ${i + 1}`, ...src.split("\n"), ""];
    parts.push(...lines);
    cellOfLine.push(...lines.map(() => i + 1));
  });
  return { code: parts.join("\n") + "\n", cellOfLine };
}
