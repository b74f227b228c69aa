/**
 * Executes notebooks headless in the real Deno Jupyter kernel (nbconvert), in
 * the profile of $PROFILE (default quick). Executed copies go to
 * results/<profile>/notebooks/; with --inplace they replace the committed
 * notebooks (to commit them executed). The figures themselves are written by
 * the notebooks under results/<profile>/<notebook>/.
 *
 *   deno task notebooks                       # all notebooks
 *   deno task notebooks 00_data               # the ones whose name contains 00_data
 *   deno task notebooks --inplace 00_data
 *
 * Prints one line per notebook and a summary "notebooks: N passed, M failed",
 * and writes it to results/<profile>/notebooks/summary.json.
 */
import { getProfile } from "../lib/profile.ts";
import { PROJECT_ROOT, resultsDir } from "../lib/paths.ts";
import { writeJsonAtomic } from "../lib/results/atomic.ts";

const args = [...Deno.args];
const inplace = args.includes("--inplace");
const filters = args.filter((a) => !a.startsWith("--"));
const profile = getProfile();
const timeoutS = Number(Deno.env.get("NOTEBOOK_TIMEOUT_S") ?? (profile.name === "smoke" ? 900 : 7200));
const outDir = `${resultsDir()}/${profile.name}/notebooks`;
await Deno.mkdir(outDir, { recursive: true });

const notebooks = [...Deno.readDirSync(`${PROJECT_ROOT}/notebooks`)]
  .map((e) => e.name)
  .filter((n) => n.endsWith(".ipynb") && (filters.length === 0 || filters.some((f) => n.includes(f))))
  .sort();
if (notebooks.length === 0) {
  console.error(`no notebook matches ${filters.join(", ")}`);
  Deno.exit(2);
}

const results: { notebook: string; ok: boolean; seconds: number; error?: string }[] = [];
for (const nb of notebooks) {
  const t0 = performance.now();
  const out = inplace ? ["--inplace"] : ["--output-dir", outDir];
  const cmd = new Deno.Command("jupyter", {
    args: ["nbconvert", "--to", "notebook", "--execute", `--ExecutePreprocessor.timeout=${timeoutS}`, "--ExecutePreprocessor.kernel_name=deno", ...out, `notebooks/${nb}`],
    cwd: PROJECT_ROOT,
    env: { PROFILE: profile.name, XDG_RUNTIME_DIR: Deno.env.get("XDG_RUNTIME_DIR") ?? "/tmp", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  });
  const res = await cmd.output();
  const seconds = (performance.now() - t0) / 1000;
  const log = new TextDecoder().decode(res.stderr) + new TextDecoder().decode(res.stdout);
  let error: string | undefined;
  if (!res.success) {
    const lines = log.split("\n").filter((l) => l.trim());
    error = lines.slice(-25).join("\n");
  }
  results.push({ notebook: nb, ok: res.success, seconds, error });
  console.log(`${res.success ? "ok    " : "FAILED"} ${nb} (${seconds.toFixed(1)} s, profile ${profile.name})`);
  if (error) console.log(error.split("\n").map((l) => "    " + l).join("\n"));
}
const passed = results.filter((r) => r.ok).length, failed = results.length - passed;
await writeJsonAtomic(`${outDir}/summary.json`, { profile: profile.name, passed, failed, results });
console.log(`notebooks: ${passed} passed, ${failed} failed`);
if (failed) Deno.exit(1);
