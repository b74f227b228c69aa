/** Where the project's own files live, independent of the current directory (notebooks run from notebooks/). */
export const PROJECT_ROOT: string = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
export const DATA_DIR: string = `${PROJECT_ROOT}/data`;
/** Results go under RESULTS_DIR (default `<project>/results`), overridable for tests and CI. */
export function resultsDir(): string {
  return Deno.env.get("RESULTS_DIR") ?? `${PROJECT_ROOT}/results`;
}

let commitCache: string | undefined;

/** Git commit of the project (12 hex digits, "-dirty" when tracked files changed), or "unknown" outside a checkout. */
export function projectCommit(): string {
  if (commitCache) return commitCache;
  try {
    const run = (args: string[]) =>
      new Deno.Command("git", { args, cwd: PROJECT_ROOT, stdout: "piped", stderr: "null" }).outputSync();
    const head = run(["rev-parse", "--short=12", "HEAD"]);
    if (!head.success) throw new Error();
    const dirty = run(["status", "--porcelain", "--untracked-files=no"]);
    commitCache = new TextDecoder().decode(head.stdout).trim() + (dirty.stdout.length ? "-dirty" : "");
  } catch {
    commitCache = "unknown";
  }
  return commitCache;
}
