/** Section 2's tables as runs: each method selected on the profile's grid, then replicated over seeds. */
export { runTable1a, runTable1b } from "./section2.ts";
export { selectAndReplicate } from "./selection.ts";
export type { Hyper, MethodRuns } from "./selection.ts";
