/**
 * The shared shape of every notebook's "What this run supports": a claim of
 * the paper, how the computed numbers decide it, and the verdict they give.
 *
 * A claim's `decision` is built from checks (lib/analysis/decision.ts): a
 * difference over seeds (paired t where the runs share seeds, Welch's
 * otherwise), an equality within a stated margin (TOST), or a p-value from a
 * permutation or binomial test; combined by "all of", "given the premise",
 * "best of" and so on. The verdicts are computed by `decideFindings` over a
 * notebook's whole list at once, so that every check's p-value is corrected
 * by Holm's method within that notebook before it decides at α = 0.05:
 *
 * - **supported**: the run shows the claim beyond its uncertainty;
 * - **contradicted**: the run shows the opposite beyond its uncertainty (for
 *   an equality: a difference, at α Bonferroni-corrected over the family);
 * - **undecided**: neither, or the claim's premise does not hold in this run.
 */
import { mean, sem } from "../metrics/stats.ts";
import { ALPHA, atMostP, type DifferenceTest, differenceTest, fromT, holm, tostP } from "./decision.ts";

export type Verdict = "supported" | "contradicted" | "undecided";

/** One tested quantity of a claim. */
export interface Check {
  label: string;
  /**
   * "positive": the claim is that the effect is > 0; "equal": that |effect| < margin (TOST);
   * "atMost": that the effect is below +margin (a one-sided non-superiority test).
   */
  kind: "positive" | "equal" | "atMost";
  effect: number;
  /** 95 % confidence interval of the effect (NaN where the test gives none). */
  ci: [number, number];
  /** Two-sided p of "no effect". */
  p: number;
  /** Equality (and at-most) checks: the p of "|effect| ≥ margin" (of "effect ≥ margin"), and the margin. */
  pEquivalence?: number;
  margin?: number;
  /** What was compared: "3 paired", "3 + 3", "63 transformations". */
  n: string;
  test: string;
  /** "points": fractions shown as percentage points. */
  unit?: "points";
  /** False for a check from p-values alone (a permutation, binomial or bootstrap test): its effect is only a sign. */
  effectShown?: boolean;
}

/** How a claim's verdict follows from its checks. */
export type Decision =
  | { check: Check }
  | { all: Decision[] }
  | { exact: boolean }
  | { given: Decision; then: Decision }
  | { supportOnly: Decision }
  | { againstOnly: Decision }
  | { undecided: string };

export interface Finding {
  claim: string;
  decision: Decision;
  evidence: string;
  /** What the paper reports for this claim (ImageNet), where it gives a number or a statement. */
  paper?: string;
}

export type DecidedCheck = Check & { pHolm: number };

export interface DecidedFinding extends Finding {
  verdict: Verdict;
  checks: DecidedCheck[];
}

interface CheckOptions {
  label?: string;
  /** Runs share seeds (same order): a paired test. Default: when both lists have the same length. */
  paired?: boolean;
  unit?: "points";
  /** What the sizes count, when not seeds (e.g. "300 + 300 pairs"). */
  n?: string;
}

function fromTest(t: DifferenceTest, kind: Check["kind"], o: CheckOptions, margin?: number): Check {
  const n = o.n ?? (t.test === "Welch t" ? t.n.join(" + ") : `${t.n[0]} paired`);
  return {
    label: o.label ?? "a − b",
    kind,
    effect: t.effect,
    ci: t.ci,
    p: t.p,
    n,
    test: t.test,
    unit: o.unit,
    ...(kind === "equal" ? { margin, pEquivalence: tostP(t, margin!) } : {}),
    ...(kind === "atMost" ? { margin, pEquivalence: atMostP(t, margin!) } : {}),
  };
}

const pairedDefault = (a: ArrayLike<number>, b: ArrayLike<number>, o: CheckOptions) => o.paired ?? a.length === b.length;

/** "mean(a) > mean(b)" over per-seed scores. */
export function above(a: number[], b: number[], o: CheckOptions = {}): Decision {
  return { check: fromTest(differenceTest(a, b, pairedDefault(a, b, o)), "positive", o) };
}

/** "a and b are equal within ±margin" (TOST); undecided unless the run shows it. */
export function about(a: number[], b: number[], margin: number, o: CheckOptions = {}): Decision {
  return { check: fromTest(differenceTest(a, b, pairedDefault(a, b, o)), "equal", o, margin) };
}

/** "mean(a) − mean(b) is below +margin": supported when shown (one-sided), contradicted when shown above 0. */
export function atMost(a: number[], b: number[], margin: number, o: CheckOptions = {}): Decision {
  return { check: fromTest(differenceTest(a, b, pairedDefault(a, b, o)), "atMost", o, margin) };
}

/** "mean(xs) > 0" (a one-sample t-test), e.g. per-seed slopes. */
export function positiveMean(xs: number[], o: CheckOptions = {}): Decision {
  return above(xs, xs.map(() => 0), { ...o, paired: true });
}

/**
 * "Σ cᵢ·mean(xᵢ) > 0", e.g. T − ½RRC − ½None for "T recovers half of RRC's
 * gain". Paired (the combination per seed, then a one-sample test) when every
 * term has the same number of seeds; otherwise Welch–Satterthwaite.
 */
export function combination(terms: [number, number[]][], o: CheckOptions = {}): Decision {
  const lens = new Set(terms.map(([, x]) => x.length));
  if ((o.paired ?? lens.size === 1) && lens.size === 1) {
    const n = [...lens][0], per = Array.from({ length: n }, (_, s) => terms.reduce((acc, [c, x]) => acc + c * x[s], 0));
    return positiveMean(per, o);
  }
  const effect = terms.reduce((s, [c, x]) => s + c * mean(x), 0);
  const parts = terms.map(([c, x]) => (c * c * sem(x) ** 2));
  const se = Math.sqrt(parts.reduce((a, b) => a + b, 0));
  const df = se ** 4 / terms.reduce((s, [, x], i) => s + parts[i] ** 2 / (x.length - 1), 0);
  return tested(fromT("Welch t", effect, se, df, terms.map(([, x]) => x.length)), o);
}

/** A check from a difference test already computed (e.g. welchFromSummaries, for lists kept as mean ± SEM). */
export function tested(t: DifferenceTest, o: CheckOptions = {}): Decision {
  return { check: fromTest(t, "positive", o) };
}

/** A check from two one-sided p-values (a permutation or binomial test): the claim's direction and the opposite. */
export function oneSided(pFor: number, pAgainst: number, n: string, test: string, label: string): Decision {
  const sign = pFor <= pAgainst ? 1 : -1;
  return {
    check: {
      label,
      kind: "positive",
      effect: sign,
      ci: [NaN, NaN],
      p: Math.min(1, 2 * Math.min(pFor, pAgainst)),
      n,
      test,
      effectShown: false,
    },
  };
}

/** An exact check (a count, a construction), with no sampling uncertainty. */
export const exact = (ok: boolean): Decision => ({ exact: ok });
/** Every part must hold: contradicted if any is. */
export const allOf = (parts: Decision[]): Decision => ({ all: parts });
/** Undecided unless the premise is supported. */
export const given = (premise: Decision, then: Decision): Decision => ({ given: premise, then });
/** A decision that can support the claim but not contradict it. */
export const supportOnly = (d: Decision): Decision => ({ supportOnly: d });
/** A decision whose support contradicts the claim (and which cannot support it). */
export const againstOnly = (d: Decision): Decision => ({ againstOnly: d });
export const undecided = (why: string): Decision => ({ undecided: why });

/**
 * "method is the best of all": supported when it is above the runner-up,
 * contradicted when the leader is above it, else undecided.
 */
export function best(scores: Record<string, number[]>, method: string, o: CheckOptions = {}): Decision {
  const ranked = Object.entries(scores).sort((a, b) => mean(b[1]) - mean(a[1]));
  if (ranked.length < 2) return exact(ranked[0]?.[0] === method);
  if (ranked[0][0] === method) {
    return supportOnly(above(scores[method], ranked[1][1], { ...o, label: o.label ?? `${method} − ${ranked[1][0]}` }));
  }
  return againstOnly(above(ranked[0][1], scores[method], { ...o, label: o.label ?? `${ranked[0][0]} − ${method}` }));
}

/** "method is the worst of all", the mirror of `best`. */
export function worst(scores: Record<string, number[]>, method: string, o: CheckOptions = {}): Decision {
  const negated = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v.map((x) => -x)]));
  return best(negated, method, o);
}

function checksOf(d: Decision, out: Check[] = []): Check[] {
  if ("check" in d) out.push(d.check);
  else if ("all" in d) d.all.forEach((x) => checksOf(x, out));
  else if ("given" in d) {
    checksOf(d.given, out);
    checksOf(d.then, out);
  } else if ("supportOnly" in d) checksOf(d.supportOnly, out);
  else if ("againstOnly" in d) checksOf(d.againstOnly, out);
  return out;
}

/** The p-value a check puts into the notebook's Holm family. */
const familyP = (c: Check) => (c.kind === "positive" ? c.p : c.pEquivalence ?? NaN);

/**
 * Decides a notebook's findings together: every distinct check's p-value is
 * Holm-corrected within the list, then each claim's verdict follows from its
 * decision at α.
 */
export function decideFindings(findings: Finding[], alpha = ALPHA): DecidedFinding[] {
  const family = [...new Set(findings.flatMap((f) => checksOf(f.decision)))];
  const corrected = holm(family.map(familyP));
  const adjusted = new Map(family.map((c, i) => [c, corrected[i]]));
  const m = family.filter((c) => !Number.isNaN(familyP(c))).length;
  const verdictOf = (d: Decision): Verdict => {
    if ("check" in d) {
      const c = d.check, pa = adjusted.get(c)!;
      if (c.kind !== "positive") {
        if (pa < alpha) return "supported";
        // The opposite shown: any difference for an equality, a positive one for an at-most claim (Bonferroni over the family).
        const opposite = c.kind === "equal" || c.effect > 0;
        return opposite && c.p * Math.max(1, m) < alpha ? "contradicted" : "undecided";
      }
      if (!(pa < alpha) || c.effect === 0) return "undecided";
      return c.effect > 0 ? "supported" : "contradicted";
    }
    if ("all" in d) {
      const vs = d.all.map(verdictOf);
      return vs.includes("contradicted") ? "contradicted" : vs.every((v) => v === "supported") ? "supported" : "undecided";
    }
    if ("exact" in d) return d.exact ? "supported" : "contradicted";
    if ("given" in d) return verdictOf(d.given) === "supported" ? verdictOf(d.then) : "undecided";
    if ("supportOnly" in d) return verdictOf(d.supportOnly) === "supported" ? "supported" : "undecided";
    if ("againstOnly" in d) return verdictOf(d.againstOnly) === "supported" ? "contradicted" : "undecided";
    return "undecided";
  };
  return findings.map((f) => ({
    ...f,
    verdict: verdictOf(f.decision),
    checks: checksOf(f.decision).map((c) => ({ ...c, pHolm: adjusted.get(c)! })),
  }));
}

/** Percentage points with two decimals (fractions in). */
export const pct = (x: number): string => (100 * x).toFixed(2);

/** Difference a − b (fractions), and z in units of the combined SEM (descriptive only: verdicts use decideFindings). */
export function compareScores(a: number[], b: number[]): { diff: number; z: number } {
  const diff = mean(a) - mean(b);
  if (a.length < 2 || b.length < 2) return { diff, z: NaN };
  const se = Math.hypot(sem(a), sem(b));
  return { diff, z: se > 0 ? diff / se : diff === 0 ? 0 : Math.sign(diff) * Infinity };
}

/** "a 75.00 vs b 70.00: Δ +5.00 points". */
export function describeComparison(la: string, a: number[], lb: string, b: number[]): string {
  const diff = mean(a) - mean(b);
  return `${la} ${pct(mean(a))} vs ${lb} ${pct(mean(b))}: Δ ${diff >= 0 ? "+" : ""}${pct(diff)} points`;
}

function fmtNumber(x: number, unit?: "points"): string {
  if (!Number.isFinite(x)) return "—";
  const v = unit === "points" ? 100 * x : x;
  const s = Math.abs(v) >= 100 ? v.toFixed(1) : unit === "points" ? v.toFixed(2) : v.toPrecision(3);
  return `${v >= 0 ? "+" : ""}${s}`;
}

function fmtP(p: number): string {
  if (Number.isNaN(p)) return "—";
  return p < 0.001 ? "<0.001" : p.toFixed(3);
}

/** One check as "label +5.00 [+1.20, +8.80] pts". */
function describeCheck(c: DecidedCheck): string {
  const ci = Number.isFinite(c.ci[0]) ? ` [${fmtNumber(c.ci[0], c.unit)}, ${fmtNumber(c.ci[1], c.unit)}]` : "";
  const margin = c.kind === "equal"
    ? ` (equal within ±${fmtNumber(c.margin!, c.unit).slice(1)})`
    : c.kind === "atMost"
    ? ` (below ${fmtNumber(c.margin!, c.unit)})`
    : "";
  return `${c.label} ${
    c.effectShown === false ? (c.effect > 0 ? "(positive)" : "(negative)") : fmtNumber(c.effect, c.unit)
  }${ci}${c.unit === "points" ? " pts" : ""}${margin}`.replace(/\s+/g, " ");
}

/** Findings, decided together, as the rows of a notebook's closing table: effect, 95 % CI, p, Holm-corrected p, n. */
export function findingRows(findings: Finding[]): Record<string, string>[] {
  return decideFindings(findings).map((f) => ({
    claim: f.claim,
    ...(f.paper !== undefined ? { "paper says": f.paper } : {}),
    "this run": f.verdict,
    "effect [95 % CI]": f.checks.map(describeCheck).join("; ") || "exact",
    "p (Holm)": f.checks.map((c) => `${fmtP(familyP(c))} (${fmtP(c.pHolm)})`).join("; ") || "—",
    n: [
      ...new Set(
        f.checks.map((c) => `${c.n}, ${c.test}${c.kind === "equal" ? " TOST" : c.kind === "atMost" ? " one-sided" : ""}`),
      ),
    ]
      .join("; ") || "—",
    evidence: f.evidence,
  }));
}
