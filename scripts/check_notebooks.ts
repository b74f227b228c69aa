/**
 * Type-checks the code of every notebook (CI runs it): each notebook's code
 * cells become one module next to the notebooks (so its imports resolve as in
 * the kernel), `deno check` runs on all of them, errors are reported by
 * notebook and cell, and the modules are removed again.
 *
 *   deno task check:notebooks [name-filter …]
 */
import { PROJECT_ROOT } from "../lib/paths.ts";
import { type NotebookJson, notebookModule } from "../lib/results/notebook_code.ts";

const filters = Deno.args;
const dir = `${PROJECT_ROOT}/notebooks`;
const names = [...Deno.readDirSync(dir)].map((e) => e.name)
  .filter((n) => n.endsWith(".ipynb") && (filters.length === 0 || filters.some((f) => n.includes(f)))).sort();
const modules = new Map<string, { notebook: string; cellOfLine: number[] }>();
try {
  for (const name of names) {
    const { code, cellOfLine } = notebookModule(JSON.parse(await Deno.readTextFile(`${dir}/${name}`)) as NotebookJson);
    const path = `${dir}/.typecheck_${name.replace(/\.ipynb$/, ".ts")}`;
    await Deno.writeTextFile(path, code);
    modules.set(path, { notebook: name, cellOfLine });
  }
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["check", "-q", ...modules.keys()],
    cwd: PROJECT_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
  // Point each error at its notebook and cell instead of the temporary module.
  const located = text.replace(/file:\/\/\S*\/\.typecheck_([\w-]+)\.ts:(\d+):(\d+)/g, (_m, base: string, line: string) => {
    const m = modules.get(`${dir}/.typecheck_${base}.ts`);
    return `notebooks/${base}.ipynb, cell ${m?.cellOfLine[Number(line) - 1] ?? "?"}`;
  });
  const errors = (located.match(/ERROR/g) ?? []).length;
  if (!out.success) {
    console.error(located);
    console.error(`notebook type-check: ${errors || "some"} error(s) in ${names.length} notebooks`);
    Deno.exitCode = 1;
  } else {
    console.log(`notebook type-check: ${names.length} notebooks, no errors`);
  }
} finally {
  for (const path of modules.keys()) await Deno.remove(path).catch(() => {});
}
