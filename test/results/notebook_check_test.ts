import assert from "node:assert/strict";
import { cellsMissingOutput, endsWithExpression, wallTimeLine } from "../../lib/results/notebook_check.ts";

Deno.test("notebook check: a cell ending in an expression must have an output", () => {
  assert.ok(endsWithExpression("const f = plot();\nawait f.save('x');\nf"));
  assert.ok(endsWithExpression("table(rows, {\n  title: 'x' })"));
  assert.ok(!endsWithExpression("const x = 1;\nconsole.log(x);"));
  assert.ok(!endsWithExpression("for (const r of rows) {\n  f(r);\n}"));
  assert.ok(!endsWithExpression("models.forEach((m) => m.dispose());\n// done"));
  const nb = {
    cells: [
      { cell_type: "markdown", source: "# t" },
      { cell_type: "code", source: ["const a = 1;\n", "a"], outputs: [{}] },
      { cell_type: "code", source: "fig", outputs: [] },
      { cell_type: "code", source: "const b = 2;", outputs: [] },
    ],
  };
  assert.deepEqual(cellsMissingOutput(nb), [2]);
});

Deno.test("notebook check: the wall-time line is read from the first code cell only", () => {
  const line =
    "wall time of this execution: 3.2 min, executed 2026-12-08 (runs already in the results folder were read, not trained)";
  const stamped = {
    cells: [
      { cell_type: "markdown", source: "# t" },
      { cell_type: "code", source: "runLine()", outputs: [{ text: "profile quick" }, { text: [line, "\n"] }] },
    ],
  };
  assert.equal(wallTimeLine(stamped), line);
  const elsewhere = {
    cells: [
      { cell_type: "code", source: "runLine()", outputs: [{ text: "profile quick" }] },
      { cell_type: "code", source: "x", outputs: [{ text: line }] },
    ],
  };
  assert.equal(wallTimeLine(elsewhere), undefined);
});
