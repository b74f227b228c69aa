/**
 * Runs a notebook as a user does: in Jupyter's web UI (Debian's
 * jupyter-notebook), in headless Chromium driven by puppeteer-core, on the
 * smoke profile. Opens the notebook, runs all cells, waits for the kernel to
 * go idle, then checks what the page shows:
 *  - no cell shows an error, and every code cell ran;
 *  - every figure is a visible SVG (and there is at least one);
 *  - every progress bar was updated in place (one output per bar) and ends in
 *    its final state (no partly filled bar is left);
 *  - the browser console has no errors.
 * A full-page screenshot goes to results/smoke/browser/<notebook>.png.
 *
 *   deno task test:browser               # notebooks/00_training.ipynb
 *   deno task test:browser 03_invariance
 *
 * The notebook runs on a copy in a temporary folder (the rest of the project
 * linked in), so Jupyter's autosave never touches the committed notebook.
 * Needs: apt-get install jupyter-notebook chromium (bash scripts/setup.sh --browser).
 */
import puppeteer from "puppeteer-core";
import { PROJECT_ROOT, resultsDir } from "../lib/paths.ts";

const name = (Deno.args.find((a) => !a.startsWith("--")) ?? "00_training").replace(/\.ipynb$/, "");
const TIMEOUT_MS = Number(Deno.env.get("BROWSER_TEST_TIMEOUT_S") ?? 600) * 1000;
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? "ok  " : "FAIL"}  ${what}`);
  if (!ok) failures.push(what);
};

function which(cmd: string): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    const p = `${dir}/${cmd}`;
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch { /* not here */ }
  }
  return undefined;
}

const chromium = Deno.env.get("CHROMIUM") ?? which("chromium") ?? which("chromium-browser");
const notebookServer = which("jupyter-notebook");
if (!chromium || !notebookServer) {
  console.error(
    `the browser test needs ${!chromium ? "chromium" : ""}${!chromium && !notebookServer ? " and " : ""}${
      !notebookServer ? "jupyter-notebook" : ""
    }: install them with bash scripts/setup.sh --browser (Debian: apt-get install jupyter-notebook chromium)`,
  );
  Deno.exit(2);
}
const source = `${PROJECT_ROOT}/notebooks/${name}.ipynb`;
await Deno.stat(source).catch(() => {
  console.error(`no notebook ${source}`);
  Deno.exit(2);
});

// A workspace: the project's entries linked, notebooks/ holding a copy of the one under test.
const work = await Deno.makeTempDir({ prefix: "browser-test-" });
for (const e of Deno.readDirSync(PROJECT_ROOT)) {
  if (["notebooks", ".git", "results"].includes(e.name)) continue;
  await Deno.symlink(`${PROJECT_ROOT}/${e.name}`, `${work}/${e.name}`);
}
await Deno.mkdir(`${work}/notebooks`);
await Deno.copyFile(source, `${work}/notebooks/${name}.ipynb`);

const port = 18_000 + Math.floor(Math.random() * 2000);
const token = crypto.randomUUID().replaceAll("-", "");
const server = new Deno.Command(notebookServer, {
  args: [
    "--no-browser",
    "--allow-root",
    `--port=${port}`,
    "--port-retries=0",
    "--ip=127.0.0.1",
    `--NotebookApp.token=${token}`,
    `--NotebookApp.notebook_dir=${work}`,
  ],
  cwd: work,
  // A fresh results folder: the notebook trains from nothing, so its progress bars are seen.
  env: {
    PROFILE: "smoke",
    NO_COLOR: "1",
    RESULTS_DIR: `${work}/results`,
    XDG_RUNTIME_DIR: Deno.env.get("XDG_RUNTIME_DIR") ?? "/tmp",
  },
  stdout: "piped",
  stderr: "piped",
}).spawn();
const serverLog: string[] = [];
for (const stream of [server.stdout, server.stderr]) {
  (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) serverLog.push(chunk);
  })();
}

const base = `http://127.0.0.1:${port}`;
const t0 = performance.now();
let browser: Awaited<ReturnType<typeof puppeteer.launch>> | undefined;
try {
  for (let up = false; !up;) {
    if (performance.now() - t0 > 60_000) throw new Error(`jupyter-notebook did not start:\n${serverLog.join("")}`);
    up = await fetch(`${base}/api/status?token=${token}`).then((r) => (r.body?.cancel(), r.ok)).catch(() => false);
    if (!up) await new Promise((r) => setTimeout(r, 300));
  }
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(`page error: ${e instanceof Error ? e.message : e}`));
  await page.goto(`${base}/notebooks/notebooks/${name}.ipynb?token=${token}`, { waitUntil: "networkidle2" });
  await page.waitForFunction(
    () => {
      const J = (globalThis as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean } } } }).Jupyter;
      return !!J?.notebook?.kernel?.is_connected();
    },
    { timeout: 120_000 },
  );
  const kernelSeconds = (performance.now() - t0) / 1000;

  // Record every text a progress bar shows, per (cell, output), as the page changes.
  await page.evaluate(() => {
    const g = globalThis as unknown as { __bars: Record<string, string[]> };
    g.__bars = {};
    const record = () => {
      document.querySelectorAll(".cell").forEach((cell, ci) => {
        cell.querySelectorAll(".output_area").forEach((area, oi) => {
          const text = area.textContent ?? "";
          if (!/epoch \d+\/\d+ [█░]+/.test(text) && !/: best top-1 /.test(text)) return;
          const key = `${ci}:${oi}`;
          const seen = (g.__bars[key] ??= []);
          if (seen.at(-1) !== text) seen.push(text);
        });
      });
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const tRun = performance.now();
  await page.evaluate(() => {
    const J =
      (globalThis as unknown as { Jupyter: { notebook: { set_autosave_interval(ms: number): void; execute_all_cells(): void } } })
        .Jupyter;
    J.notebook.set_autosave_interval(0);
    J.notebook.execute_all_cells();
  });
  // Done when every code cell has an execution count and the kernel is idle.
  await page.waitForFunction(
    () => {
      const J = (globalThis as unknown as {
        Jupyter: {
          notebook: { get_cells(): { cell_type: string; input_prompt_number?: number | string }[]; kernel_busy?: boolean };
        };
      }).Jupyter;
      const code = J.notebook.get_cells().filter((c) => c.cell_type === "code");
      const idle = document.querySelector("#kernel_indicator_icon")?.classList.contains("kernel_idle_icon");
      return idle && code.every((c) => typeof c.input_prompt_number === "number");
    },
    { timeout: TIMEOUT_MS, polling: 500 },
  );
  const runSeconds = (performance.now() - tRun) / 1000;

  const report = await page.evaluate(() => {
    const J = (globalThis as unknown as {
      Jupyter: {
        notebook: { get_cells(): { cell_type: string; output_area?: { outputs: { output_type: string; ename?: string }[] } }[] };
      };
    }).Jupyter;
    const cells = J.notebook.get_cells();
    const errors = cells.flatMap((c) => c.output_area?.outputs ?? []).filter((o) => o.output_type === "error").map((o) =>
      o.ename ?? "error"
    );
    const shownErrors = document.querySelectorAll(".output_error").length;
    const figures = [...document.querySelectorAll(".output_area svg")]
      .filter((svg) => !svg.parentElement?.closest("svg")) // top-level SVGs only
      .map((svg) => {
        const r = svg.getBoundingClientRect(), st = getComputedStyle(svg);
        return {
          width: r.width,
          height: r.height,
          visible: st.display !== "none" && st.visibility !== "hidden" && +st.opacity > 0,
        };
      });
    const bars = (globalThis as unknown as { __bars: Record<string, string[]> }).__bars;
    const finalBars = Object.entries(bars).map(([key, texts]) => {
      const [ci, oi] = key.split(":").map(Number);
      const area = document.querySelectorAll(".cell")[ci]?.querySelectorAll(".output_area")[oi];
      return { key, updates: texts.length, final: area?.textContent ?? "" };
    });
    return { errors, shownErrors, figures, finalBars };
  });

  check(report.errors.length === 0 && report.shownErrors === 0, `no cell shows an error (${report.errors.join(", ") || "none"})`);
  const big = report.figures.filter((f) => f.width >= 100 && f.height >= 50);
  check(big.length > 0, `the notebook shows figures (${big.length} SVG figures)`);
  check(big.every((f) => f.visible), "every figure is a visible SVG");
  check(report.finalBars.length > 0, `progress bars were shown (${report.finalBars.length})`);
  check(report.finalBars.some((b) => b.updates >= 2), "a progress bar updates in place (one output, several states)");
  const unfinished = report.finalBars.filter((b) => b.final.includes("░"));
  check(
    unfinished.length === 0,
    `every progress bar ends in its final state${unfinished.length ? `: ${unfinished[0].final}` : ""}`,
  );
  check(
    consoleErrors.length === 0,
    `the browser console is free of errors${consoleErrors.length ? `: ${consoleErrors.join(" | ")}` : ""}`,
  );

  // Full page: the classic notebook scrolls inside #site, so let it grow to its content first.
  await page.addStyleTag({
    content: "#site { height: auto !important; overflow: visible !important; } body { overflow: visible !important; }",
  });
  const shot = `${resultsDir()}/smoke/browser/${name}.png`;
  await Deno.mkdir(`${resultsDir()}/smoke/browser`, { recursive: true });
  await page.screenshot({ path: shot, fullPage: true });
  console.log(
    `kernel ready in ${kernelSeconds.toFixed(1)} s; all cells ran in ${runSeconds.toFixed(1)} s; screenshot ${shot}`,
  );
} catch (e) {
  failures.push(e instanceof Error ? e.message : String(e));
  console.error(`FAIL  ${e instanceof Error ? e.message : e}`);
} finally {
  await browser?.close().catch(() => {});
  try {
    server.kill("SIGTERM");
  } catch { /* already gone */ }
  await server.status;
  await Deno.remove(work, { recursive: true }).catch(() => {});
}
console.log(`browser test (${name}): ${failures.length === 0 ? "passed" : `${failures.length} check(s) failed`}`);
Deno.exit(failures.length === 0 ? 0 : 1);
