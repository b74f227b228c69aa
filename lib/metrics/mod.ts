export * from "./stats.ts";
