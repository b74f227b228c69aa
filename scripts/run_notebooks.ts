/**
 * Executes notebooks headless in the real Deno Jupyter kernel (nbclient, through
 * scripts/execute_notebook.py, which keeps outputs the kernel sends late), in
 * the profile of $PROFILE (default quick). Executed copies go to
 * results/<profile>/notebooks/; with --inplace they replace the committed
 * notebooks (to commit them executed). The figures themselves are written by
 * the notebooks under results/<profile>/<notebook>/.
 *
 *   deno task notebooks                       # all notebooks
 *   deno task notebooks 00_data               # the ones whose name contains 00_data
 *   deno task notebooks --inplace 00_data
 *   deno task notebooks --jobs 2             # training in 2 processes (default: $JOBS, else "auto")
 *
 * A notebook where a cell ending in an expression shows nothing is executed again
 * (up to 3 times) and fails if it still does; one whose first code cell lacks the
 * executor's wall-time line fails.
 * Prints one line per notebook and a summary "notebooks: N passed, M failed",
 * and writes it to results/<profile>/notebooks/summary.json.
 */
import { cellsMissingOutput, wallTimeLine } from "../lib/results/notebook_check.ts";
import { getProfile } from "../lib/profile.ts";
import { PROJECT_ROOT, resultsDir } from "../lib/paths.ts";
import { writeJsonAtomic } from "../lib/results/atomic.ts";
import { applyJobsFlag } from "../lib/train/pool.ts";

const args = [...Deno.args];
const inplace = args.includes("--inplace");
// --jobs N (or --jobs=N, "auto" by default): training runs the notebooks start go to a pool of N processes.
const jobsAt = args.findIndex((a) => a === "--jobs");
const jobsFlag = jobsAt >= 0 ? args.splice(jobsAt, 2)[1] : args.find((a) => a.startsWith("--jobs="))?.slice(7);
applyJobsFlag(jobsFlag === undefined ? {} : { jobs: jobsFlag });
const filters = args.filter((a) => !a.startsWith("--"));
const profile = getProfile();
const timeoutS = Number(Deno.env.get("NOTEBOOK_TIMEOUT_S") ?? profile.notebookTimeoutSeconds);
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

const results: { notebook: string; ok: boolean; seconds: number; error?: string; attempts: number }[] = [];
const ATTEMPTS = 3;
for (const nb of notebooks) {
  const t0 = performance.now();
  let error: string | undefined, ok = false, attempts = 0;
  // The Deno kernel sometimes drops a cell's display under nbconvert; re-executing (cheap: runs and
  // embeddings are cached) until every cell that ends in an expression has an output.
  while (attempts < ATTEMPTS) {
    attempts++;
    const target = inplace ? `notebooks/${nb}` : `${outDir}/${nb}`;
    const cmd = new Deno.Command("/usr/bin/python3", {
      args: ["scripts/execute_notebook.py", `notebooks/${nb}`, target, String(timeoutS), "deno"],
      cwd: PROJECT_ROOT,
      env: { PROFILE: profile.name, XDG_RUNTIME_DIR: Deno.env.get("XDG_RUNTIME_DIR") ?? "/tmp", NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    });
    const res = await cmd.output();
    const log = new TextDecoder().decode(res.stderr) + new TextDecoder().decode(res.stdout);
    if (!res.success) {
      error = log.split("\n").filter((l) => l.trim()).slice(-25).join("\n");
      break;
    }
    const executed = JSON.parse(await Deno.readTextFile(inplace ? `${PROJECT_ROOT}/notebooks/${nb}` : `${outDir}/${nb}`));
    if (!wallTimeLine(executed)) {
      error = "the first code cell has no wall-time line (scripts/execute_notebook.py stamps it after a successful execution)";
      break;
    }
    const missing = cellsMissingOutput(executed);
    if (!missing.length) {
      ok = true;
      error = undefined;
      break;
    }
    error = `cells ${
      missing.join(", ")
    } ended in an expression but showed nothing (the kernel dropped their output) after ${attempts} execution(s)`;
    console.log(`retry  ${nb}: ${error}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  results.push({ notebook: nb, ok, seconds, error, attempts });
  console.log(
    `${ok ? "ok    " : "FAILED"} ${nb} (${seconds.toFixed(1)} s, profile ${profile.name}${
      attempts > 1 ? `, ${attempts} executions` : ""
    })`,
  );
  if (error) console.log(error.split("\n").map((l) => "    " + l).join("\n"));
}
const passed = results.filter((r) => r.ok).length, failed = results.length - passed;
await writeJsonAtomic(`${outDir}/summary.json`, { profile: profile.name, passed, failed, results });
console.log(`notebooks: ${passed} passed, ${failed} failed`);
if (failed) Deno.exit(1);
