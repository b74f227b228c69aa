/**
 * A run's identity: the SHA-256 of its canonical config (label excluded). Every
 * notebook and task that asks for the same method, setting, seed and data gets
 * the same key, hence the same folder under results/<profile>/runs/, so no run
 * is trained twice. Augerino runs carry an "augerino-" prefix.
 */
import type { TrainConfig } from "./trainer.ts";

/** JSON with object keys sorted, so equal configs serialise equally. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${
      Object.keys(v as object).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(",")
    }}`;
  }
  return JSON.stringify(v);
}

/** The run's identity: SHA-256 of its canonical config (the label excluded), 16 hex digits. */
export async function runKey(config: TrainConfig): Promise<string> {
  const { label: _label, ...identity } = config;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonicalJson(identity)));
  return Array.from(new Uint8Array(digest).subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The run's folder under runs/: its key, with "augerino-" first for an Augerino run. */
export async function runFolder(config: TrainConfig): Promise<string> {
  const key = await runKey(config);
  return config.augerino ? `augerino-${key}` : key;
}
