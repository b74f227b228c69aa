/**
 * Result tables as CSV (d3-dsv), written atomically with a sidecar
 * `<file>.meta.json` holding the run metadata, so a CSV stays a plain table
 * that any tool reads while the provenance stays beside it.
 */
import { autoType, csvFormat, csvParse } from "d3-dsv";
import { writeFileAtomic, writeJsonAtomic } from "./atomic.ts";
import { type RunMetadata, runMetadata } from "./metadata.ts";

export type Row = Record<string, string | number | boolean | null | undefined>;

/**
 * Writes rows as CSV (columns in first-seen order) plus `<path>.meta.json`; both atomically.
 * `meta: null` writes no sidecar (a dataset export, whose bytes must not carry a date).
 */
export async function writeCsv<T extends object>(path: string, rows: T[], meta: Partial<RunMetadata> | null = {}): Promise<void> {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const cell = (r: T, c: string) => (r as Record<string, unknown>)[c];
  const text = csvFormat(
    rows.map((r) =>
      Object.fromEntries(columns.map((c) => [c, cell(r, c) === undefined || cell(r, c) === null ? "" : String(cell(r, c))]))
    ),
    columns,
  );
  if (meta) await writeJsonAtomic(`${path}.meta.json`, { ...runMetadata(meta), rows: rows.length, columns });
  await writeFileAtomic(path, text + "\n");
}

/** Reads a CSV written by writeCsv (numbers and booleans typed back) and its metadata, if present. */
export async function readCsv(path: string): Promise<{ rows: Row[]; meta?: RunMetadata }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(`cannot read results table ${path}: ${e instanceof Error ? e.message : e}`);
  }
  const rows = csvParse(text, autoType) as unknown as Row[];
  let meta: RunMetadata | undefined;
  try {
    meta = JSON.parse(await Deno.readTextFile(`${path}.meta.json`));
  } catch { /* metadata is optional for foreign CSVs */ }
  return { rows: rows.map((r) => ({ ...r })), meta };
}
