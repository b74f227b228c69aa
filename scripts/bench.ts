/**
 * Benchmarks. `deno task bench` runs them all; `deno task bench augment` one.
 * Results are printed as a table and written to results/bench/<name>.csv.
 */
import { benchAugment } from "../lib/bench/augment_bench.ts";
import { resultsDir } from "../lib/paths.ts";
import { table } from "../lib/plots/table.ts";
import { writeCsv } from "../lib/results/csv.ts";

const BENCHES: Record<string, () => Promise<void>> = {
  async augment() {
    console.log("Augmentations: images per second, per image and batched (synthetic images; magnitude 5 for the invariance table)");
    const rows = await benchAugment({ onRow: (r) => console.error(`  ${r.size} ${r.table} ${r.transformation}: ${r.perImage.toFixed(0)} / ${r.batched?.toFixed(0) ?? "—"} img/s`) });
    const out = `${resultsDir()}/bench/augment.csv`;
    await writeCsv(out, rows.map((r) => ({ ...r, perImage: Math.round(r.perImage), batched: r.batched === null ? null : Math.round(r.batched) })));
    const fmt = rows.map((r) => ({
      size: r.size,
      table: r.table,
      transformation: r.transformation,
      "per image (img/s)": Math.round(r.perImage),
      "batched (img/s)": r.batched === null ? "—" : Math.round(r.batched),
      "10k images (s)": ((10000 / (r.batched ?? r.perImage))).toFixed(2),
    }));
    console.log(table(fmt).text());
    console.log(`written to ${out}`);
  },
};

const wanted = Deno.args.length ? Deno.args : Object.keys(BENCHES);
for (const name of wanted) {
  if (!BENCHES[name]) {
    console.error(`unknown benchmark "${name}"; choose from ${Object.keys(BENCHES).join(", ")}`);
    Deno.exit(2);
  }
  await BENCHES[name]();
}
