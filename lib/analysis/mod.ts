export * from "./embed.ts";
export * from "./invariance_profile.ts";
export * from "./section3_findings.ts";
export * from "./image_set.ts";
export * from "./growing_zoom.ts";
export * from "./section2_findings.ts";
export * from "./similarity_search.ts";
export * from "./foreground.ts";
