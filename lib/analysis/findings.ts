/**
 * The shared shape of every notebook's "What this run supports": a claim of
 * the paper, the verdict the computed numbers give it, and the numbers that
 * decide it.
 *
 * A verdict is one of three. **supported**: the run shows the claim beyond
 * its uncertainty. **contradicted**: the run shows the opposite beyond its
 * uncertainty. **undecided**: the uncertainty is too large either way, or
 * the claim's premise does not hold in this run (said in the evidence).
 * Differences are judged in units of their combined SEM over seeds,
 * z = Δ / √(SEM₁² + SEM₂²), clear when |z| ≥ 2; where there are no seeds to
 * take an SEM over, a permutation or binomial test stands in (p < 0.05).
 */
import { mean, sem } from "../metrics/stats.ts";

export type Verdict = "supported" | "contradicted" | "undecided";

export interface Finding {
  claim: string;
  verdict: Verdict;
  evidence: string;
}

/** Difference a − b (fractions), and z in units of the combined SEM. */
export function compareScores(a: number[], b: number[]): { diff: number; z: number } {
  return linearCombination([[1, a], [-1, b]]);
}

/**
 * Σ cᵢ·mean(xᵢ) over independent per-seed samples, and z in units of its SEM
 * √(Σ cᵢ²·SEM(xᵢ)²) — e.g. T − ½RRC − ½None for "T recovers half of RRC's gain".
 * With fewer than two values in a term there is no SEM: z is NaN (undecided).
 */
export function linearCombination(terms: [number, number[]][]): { diff: number; z: number } {
  const diff = terms.reduce((s, [c, x]) => s + c * mean(x), 0);
  if (terms.some(([c, x]) => c !== 0 && x.length < 2)) return { diff, z: NaN };
  const se = Math.sqrt(terms.reduce((s, [c, x]) => s + c * c * (sem(x) || 0) ** 2, 0));
  return { diff, z: se > 0 ? diff / se : diff === 0 ? 0 : Math.sign(diff) * Infinity };
}

/** "Δ > 0" by the 2-SEM rule: supported when z ≥ 2, contradicted when z ≤ −2, else undecided. */
export function verdictPositive(z: number): Verdict {
  return z >= 2 ? "supported" : z <= -2 ? "contradicted" : "undecided";
}

/** "a is above b" from per-seed scores. */
export function verdictAbove(a: number[], b: number[]): Verdict {
  return verdictPositive(compareScores(a, b).z);
}

/**
 * "a and b are about equal": supported when |z| < 2 (no difference the run
 * can see), contradicted when |z| ≥ 2. Absence of a difference is only
 * evidence at the run's precision; the evidence states z.
 */
export function verdictAbout(a: number[], b: number[]): Verdict {
  const { z } = compareScores(a, b);
  return Number.isNaN(z) ? "undecided" : Math.abs(z) < 2 ? "supported" : "contradicted";
}

/** All of several conditions: contradicted if any is, supported if all are, else undecided. */
export function allOf(verdicts: Verdict[]): Verdict {
  if (verdicts.includes("contradicted")) return "contradicted";
  return verdicts.every((v) => v === "supported") ? "supported" : "undecided";
}

/** An exact check (a count, a construction), with no sampling uncertainty: supported or contradicted. */
export function verdictExact(ok: boolean): Verdict {
  return ok ? "supported" : "contradicted";
}

/** From a p-value of the claim's direction and one of the opposite direction: p < 0.05 decides. */
export function verdictFromP(pFor: number, pAgainst: number): Verdict {
  return pFor < 0.05 ? "supported" : pAgainst < 0.05 ? "contradicted" : "undecided";
}

/**
 * "method is the best of all": supported when it leads the runner-up by
 * 2 SEM, contradicted when another method leads it by 2 SEM, else undecided.
 */
export function verdictBest(scores: Record<string, number[]>, method: string): Verdict {
  const ranked = Object.entries(scores).sort((a, b) => mean(b[1]) - mean(a[1]));
  if (ranked[0][0] === method) {
    return ranked.length > 1
      ? (verdictAbove(scores[method], ranked[1][1]) === "supported" ? "supported" : "undecided")
      : "supported";
  }
  return verdictAbove(ranked[0][1], scores[method]) === "supported" ? "contradicted" : "undecided";
}

/** "method is the worst of all", the mirror of verdictBest. */
export function verdictWorst(scores: Record<string, number[]>, method: string): Verdict {
  const negated = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v.map((x) => -x)]));
  return verdictBest(negated, method);
}

/** Percentage points with two decimals (fractions in). */
export const pct = (x: number): string => (100 * x).toFixed(2);

/** "a 75.00 vs b 70.00: Δ +5.00 points, 3.1 SEM". */
export function describeComparison(la: string, a: number[], lb: string, b: number[]): string {
  const { diff, z } = compareScores(a, b);
  return `${la} ${pct(mean(a))} vs ${lb} ${pct(mean(b))}: Δ ${diff >= 0 ? "+" : ""}${pct(diff)} points, ${
    Number.isNaN(z) ? "no SEM (one seed)" : Number.isFinite(z) ? `${z.toFixed(1)} SEM` : "∞ SEM"
  }`;
}

/** Findings as the rows of a notebook's closing table. */
export function findingRows(findings: Finding[]): { claim: string; "this run": Verdict; evidence: string }[] {
  return findings.map((f) => ({ claim: f.claim, "this run": f.verdict, evidence: f.evidence }));
}
