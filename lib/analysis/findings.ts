/**
 * The shared shape of every notebook's "What this run supports": a claim of
 * the paper, whether the computed numbers support it, and the numbers that
 * decide it. Differences between methods are judged in units of their
 * combined SEM, z = Δ / √(SEM₁² + SEM₂²): clear when |z| ≥ 2.
 */
import { mean, sem } from "../metrics/stats.ts";

export interface Finding {
  claim: string;
  supported: boolean;
  evidence: string;
}

/** Difference a − b (fractions), and z in units of the combined SEM. */
export function compareScores(a: number[], b: number[]): { diff: number; z: number } {
  const diff = mean(a) - mean(b);
  const se = Math.sqrt((sem(a) || 0) ** 2 + (sem(b) || 0) ** 2);
  return { diff, z: se > 0 ? diff / se : diff === 0 ? 0 : Math.sign(diff) * Infinity };
}

/** Percentage points with two decimals (fractions in). */
export const pct = (x: number): string => (100 * x).toFixed(2);

/** "a 75.00 vs b 70.00: Δ +5.00 points, 3.1 SEM". */
export function describeComparison(la: string, a: number[], lb: string, b: number[]): string {
  const { diff, z } = compareScores(a, b);
  return `${la} ${pct(mean(a))} vs ${lb} ${pct(mean(b))}: Δ ${diff >= 0 ? "+" : ""}${pct(diff)} points, ${
    Number.isFinite(z) ? z.toFixed(1) : "∞"
  } SEM`;
}

/** Findings as the rows of a notebook's closing table. */
export function findingRows(findings: Finding[]): { claim: string; "this run": string; evidence: string }[] {
  return findings.map((f) => ({ claim: f.claim, "this run": f.supported ? "supported" : "not supported", evidence: f.evidence }));
}
