import assert from "node:assert/strict";
import { readCsv, readJsonIfExists, writeCsv, writeFileAtomic } from "../../lib/results/mod.ts";
import { withTempDir } from "../helpers.ts";

Deno.test("CSV: round trip with types, and run metadata beside it", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/sub/table.csv`;
    await writeCsv(path, [{ method: "RRC", seed: 0, top1: 0.8125, note: 'a, "quoted" value' }, {
      method: "none",
      seed: 1,
      top1: 0.75,
    }], { profile: "smoke", seed: 3 });
    const { rows, meta } = await readCsv(path);
    assert.deepEqual(rows[0], { method: "RRC", seed: 0, top1: 0.8125, note: 'a, "quoted" value' });
    assert.equal(rows[1].note, null);
    assert.equal(meta?.profile, "smoke");
    assert.equal(meta?.seed, 3);
    assert.match(meta!.date, /^\d{4}-\d\d-\d\dT/);
    assert.ok(meta!.version && meta!.commit);
    assert.deepEqual([...Deno.readDirSync(`${dir}/sub`)].map((e) => e.name).sort(), ["table.csv", "table.csv.meta.json"]);
  });
});

Deno.test("atomic write: a failure before the rename keeps the old file whole and leaves no temp file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/r.csv`;
    await writeFileAtomic(path, "old,complete\n");
    const realRename = Deno.rename;
    try {
      // Simulates a crash between writing the temporary file and the rename.
      (Deno as { rename: typeof Deno.rename }).rename = () => Promise.reject(new Error("interrupted"));
      await assert.rejects(writeFileAtomic(path, "new,".repeat(100000)), /interrupted/);
    } finally {
      (Deno as { rename: typeof Deno.rename }).rename = realRename;
    }
    assert.equal(await Deno.readTextFile(path), "old,complete\n");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["r.csv"]);
  });
});

Deno.test("JSON: missing file is undefined, a corrupt one is an error naming it", async () => {
  await withTempDir(async (dir) => {
    assert.equal(await readJsonIfExists(`${dir}/none.json`), undefined);
    await Deno.writeTextFile(`${dir}/bad.json`, "{ half");
    await assert.rejects(readJsonIfExists(`${dir}/bad.json`), /bad.json is not valid JSON/);
  });
  await assert.rejects(readCsv("/nonexistent/x.csv"), /cannot read results table \/nonexistent\/x.csv/);
});
