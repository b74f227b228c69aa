/** Tables shown in notebooks: an HTML table for Jupyter and aligned text for terminals. */
const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

export type Cell = string | number | boolean | null | undefined;

function fmt(v: Cell, digits: number): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(digits);
  return String(v);
}

function esc(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

export class Table {
  constructor(
    readonly rows: Record<string, Cell>[],
    readonly options: { title?: string; digits?: number; columns?: string[] } = {},
  ) {}

  get columns(): string[] {
    if (this.options.columns) return this.options.columns;
    const cols: string[] = [];
    for (const r of this.rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
    return cols;
  }

  /** Plain text with aligned columns. */
  text(): string {
    const d = this.options.digits ?? 3, cols = this.columns;
    const cells = [cols, ...this.rows.map((r) => cols.map((c) => fmt(r[c], d)))];
    const widths = cols.map((_, j) => Math.max(...cells.map((row) => row[j].length)));
    const lines = cells.map((row) => row.map((s, j) => s.padEnd(widths[j])).join("  ").trimEnd());
    lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
    return (this.options.title ? this.options.title + "\n" : "") + lines.join("\n");
  }

  html(): string {
    const d = this.options.digits ?? 3, cols = this.columns;
    const head = cols.map((c) => `<th>${esc(c)}</th>`).join("");
    const body = this.rows.map((r) => `<tr>${cols.map((c) => `<td>${esc(fmt(r[c], d))}</td>`).join("")}</tr>`).join("");
    const cap = this.options.title
      ? `<caption style="caption-side: top; font-weight: bold">${esc(this.options.title)}</caption>`
      : "";
    return `<table>${cap}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  }

  toString(): string {
    return this.text();
  }

  [JUPYTER_DISPLAY](): Record<string, string> {
    return { "text/html": this.html(), "text/plain": this.text() };
  }
}

/**
 * A table of rows for display.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const t = table([{ class: "Bag", n: 6000 }], { title: "Counts" });
 * assert.match(t.html(), /<td>Bag<\/td>/);
 * ```
 */
export function table(
  rows: readonly object[],
  options: { title?: string; digits?: number; columns?: string[] } = {},
): Table {
  // Any row type (an interface too, which has no index signature); cells are read by column name.
  return new Table(rows as Record<string, Cell>[], options);
}
