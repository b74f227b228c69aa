/** Run metadata stored beside every result, so a number can be traced to what made it. */
import { currentBackend } from "../backend.ts";
import { nativeThreads } from "../kernels/native.ts";
import { PROJECT_ROOT, projectCommit } from "../paths.ts";

export interface RunMetadata {
  profile?: string;
  seed?: number;
  backend?: string;
  /** Native kernel threads on wasm (the order of float sums, hence the numbers, depends on it). */
  threads?: number;
  /** Library version from deno.json. */
  version: string;
  /** Git commit of the project (with "-dirty" when the tree has changes), or "unknown". */
  commit: string;
  /** ISO date-time of the run. */
  date: string;
  [key: string]: unknown;
}

let versionCache: string | undefined;

function projectVersion(): string {
  if (versionCache) return versionCache;
  try {
    versionCache = String(JSON.parse(Deno.readTextFileSync(`${PROJECT_ROOT}/deno.json`)).version ?? "0.0.0");
  } catch {
    versionCache = "0.0.0";
  }
  return versionCache;
}

/** Metadata for a result: what is given, plus version, commit, date and the active backend. */
export function runMetadata(extra: Partial<RunMetadata> = {}): RunMetadata {
  return {
    version: projectVersion(),
    commit: projectCommit(),
    date: new Date().toISOString(),
    backend: currentBackend()?.name,
    ...(currentBackend()?.name === "wasm" ? { threads: nativeThreads() } : {}),
    ...extra,
  };
}
