export * from "./selection.ts";
export * from "./section2.ts";
