/** Where the project's own files live, independent of the current directory (notebooks run from notebooks/). */
export const PROJECT_ROOT: string = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
export const DATA_DIR: string = `${PROJECT_ROOT}/data`;
/** Results go under RESULTS_DIR (default `<project>/results`), overridable for tests and CI. */
export function resultsDir(): string {
  return Deno.env.get("RESULTS_DIR") ?? `${PROJECT_ROOT}/results`;
}
