export * from "./atomic.ts";
export * from "./csv.ts";
export * from "./metadata.ts";
export * from "./notebook_check.ts";
