/**
 * Finds code cells of an executed notebook that should have shown something
 * and did not. Under nbconvert the Deno kernel occasionally drops a cell's
 * display (seen once in ~30 runs, then again here in 1 of 2 runs of one
 * notebook); the notebook runner re-executes when this happens instead of
 * committing a notebook with a missing figure.
 */

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
}

/** Whether the cell's last statement is a bare expression, whose value the kernel displays. */
export function endsWithExpression(source: string): boolean {
  const lines = source.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("//"));
  const last = lines[lines.length - 1];
  if (!last || last.endsWith(";") || last.endsWith("{") || last === "}") return false;
  return !/^(const|let|var|import|export|for|while|if|else|await\s+\w+\s*=|function|class|type|interface|try|catch|finally|return)\b/
    .test(last) &&
    !/^(\}|\)|\]|\.)/.test(last);
}

/** Indices (among all cells) of code cells ending in an expression that have no output. */
export function cellsMissingOutput(notebook: { cells: Cell[] }): number[] {
  return notebook.cells.flatMap((c, i) => {
    if (c.cell_type !== "code") return [];
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    return endsWithExpression(src) && !(c.outputs?.length) ? [i] : [];
  });
}

/** The prefix of the line scripts/execute_notebook.py adds to the first code cell's outputs. */
export const WALL_TIME_PREFIX = "wall time of this execution:";

/** The first code cell's wall-time line, or undefined when the executor did not stamp it. */
export function wallTimeLine(notebook: { cells: Cell[] }): string | undefined {
  const first = notebook.cells.find((c) => c.cell_type === "code");
  for (const o of (first?.outputs ?? []) as { text?: string | string[] }[]) {
    const text = Array.isArray(o.text) ? o.text.join("") : o.text;
    const line = text?.split("\n").find((l) => l.startsWith(WALL_TIME_PREFIX));
    if (line) return line;
  }
  return undefined;
}
