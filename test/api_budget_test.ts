import assert from "node:assert/strict";
import { PROJECT_ROOT } from "../lib/paths.ts";
import { notebookModule } from "../lib/results/notebook_code.ts";

/** The public API is what notebooks use: it crept from 217 to 267 names once; this holds it under 200. */
const API_BUDGET = 200;

Deno.test("lib/mod.ts exports at most 200 names (values and types), each used by a notebook or named for users", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "lib/mod.ts"],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.ok(out.success, "deno doc lib/mod.ts failed");
  const doc = JSON.parse(new TextDecoder().decode(out.stdout)) as { nodes: Record<string, { symbols: { name: string }[] }> };
  const names = Object.values(doc.nodes)[0].symbols.map((s) => s.name);
  assert.ok(names.length > 50, `only ${names.length} names: is deno doc's format still the one read here?`);
  assert.ok(names.length <= API_BUDGET, `lib/mod.ts exports ${names.length} names, over the budget of ${API_BUDGET}`);
});

Deno.test("a notebook's code cells become one module, each line mapped back to its cell", () => {
  const { code, cellOfLine } = notebookModule({
    cells: [
      { cell_type: "markdown", source: "# title" },
      { cell_type: "code", source: ["const a = 1;\n", "a;"] },
      { cell_type: "code", source: "const b: number = a;" },
    ],
  });
  const lines = code.split("\n");
  assert.equal(lines.indexOf("const a = 1;"), 1);
  assert.equal(cellOfLine[lines.indexOf("const b: number = a;")], 3);
  assert.equal(cellOfLine[lines.indexOf("a;")], 2);
  assert.ok(!code.includes("# title"));
});
