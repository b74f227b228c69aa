/**
 * Notebook 08's verdicts: in each cell of the map (crop size × object-area
 * law), is RRC the best of RRC, FSRC, T.(30%) and no augmentation, and does
 * RRC's scale law show the paper's U-shape (β = 1 above both β = 0.1 and
 * β = 10)? The whole map's checks are one Holm family (findings.ts), so a
 * map of many cells does not find effects by multiplicity; each comparison's
 * seed-to-seed variance is pooled over the cells (decision.ts). The per-cell
 * effects (RRC − the best other method, β = 1 − the better of β = 0.1 and
 * 10) with their 95 % CIs are what the figures draw.
 */
import { type DifferenceTest, pooledPairedTests } from "./decision.ts";
import { mean } from "../metrics/stats.ts";
import {
  againstOnly,
  allOf,
  type DecidedFinding,
  decideFindings,
  type Finding,
  pct,
  supportOnly,
  tested,
  type Verdict,
} from "./findings.ts";

/** One run's reported top-1 at its place in the map. */
export interface ConditionScore {
  crop: number;
  area: string;
  augment: string;
  seed: number;
  top1: number;
}

/** A cell's top-1 per method, in seed order (the seeds every method of the cell has). */
export interface CellScores {
  crop: number;
  area: string;
  scores: Record<string, number[]>;
  seeds: number[];
}

export const CONDITION_LABELS: Record<string, string> = {
  None: "no augmentation",
  C: "RRC",
  R: "FSRC",
  T: "T.(30%)",
  "Cbeta0.1": "β = 0.1",
  Cbeta10: "β = 10",
};
const RRC_RIVALS = ["R", "T", "None"];
const BETA_ENDS = ["Cbeta0.1", "Cbeta10"];

/** Groups scores by cell (in first-seen order), keeping the seeds every method of the cell has, so tests can pair. */
export function cellScores(rows: ConditionScore[]): CellScores[] {
  const cells = new Map<string, ConditionScore[]>();
  for (const r of rows) {
    const k = `${r.crop}|${r.area}`;
    cells.set(k, [...(cells.get(k) ?? []), r]);
  }
  return [...cells.values()].map((rs) => {
    const methods = [...new Set(rs.map((r) => r.augment))];
    const seeds = [...new Set(rs.map((r) => r.seed))].sort((a, b) => a - b)
      .filter((s) => methods.every((m) => rs.some((r) => r.augment === m && r.seed === s)));
    const scores = Object.fromEntries(
      methods.map((m) => [m, seeds.map((s) => rs.find((r) => r.augment === m && r.seed === s)!.top1)]),
    );
    return { crop: rs[0].crop, area: rs[0].area, scores, seeds };
  });
}

const cellName = (c: CellScores) => `${c.crop} px, ${c.area} objects`;
const perSeed = (a: number[], b: number[]) => a.map((x, i) => x - b[i]);

/**
 * One comparison a − b in every cell that has its arms, tested with the
 * seed-to-seed variance of the differences pooled over those cells
 * (decision.ts, pooledPairedTests; each cell its own test when Levene's
 * test finds their spreads unequal). `pick` names the cell's two arms.
 */
function pooledComparison(
  cells: CellScores[],
  pick: (c: CellScores) => { a: string; b: string } | undefined,
): Map<CellScores, { a: string; b: string; test: DifferenceTest; n: string }> {
  const picked = cells.flatMap((c) => {
    const p = pick(c);
    return p ? [{ c, ...p }] : [];
  });
  const r = pooledPairedTests(picked.map(({ c, a, b }) => perSeed(c.scores[a], c.scores[b])));
  const how = r.pooled
    ? `SD pooled over ${picked.length} cells (df ${r.df}; Levene p ${r.leveneP.toFixed(2)})`
    : `own SD (Levene p ${Number.isFinite(r.leveneP) ? r.leveneP.toFixed(3) : "—"}: not pooled)`;
  return new Map(picked.map(({ c, a, b }, i) => [c, { a, b, test: r.tests[i], n: `${c.seeds.length} paired, ${how}` }]));
}

const meanOf = (c: CellScores, k: string) => mean(c.scores[k]);
const hasAll = (c: CellScores, ks: string[]) => ks.every((k) => c.scores[k]);

/** RRC against the leader, or the runner-up when RRC leads (`best`'s comparison), in every cell with the four arms. */
const rrcOrientation = (c: CellScores) => {
  if (!hasAll(c, ["C", ...RRC_RIVALS])) return undefined;
  const ranked = ["C", ...RRC_RIVALS].sort((x, y) => meanOf(c, y) - meanOf(c, x));
  return ranked[0] === "C" ? { a: "C", b: ranked[1] } : { a: ranked[0], b: "C" };
};
const betaEnd = (end: string) => (c: CellScores) => hasAll(c, ["C", ...BETA_ENDS]) ? { a: "C", b: end } : undefined;
const label = (k: string) => (k === "C" ? "RRC" : CONDITION_LABELS[k] ?? k);

/**
 * The two claims of every cell that has their arms. "RRC is best" as `best`
 * decides it (RRC above the runner-up supports, the leader above RRC
 * contradicts); the U-shape needs β = 1 above both ends. Each comparison's
 * variance is pooled over the map's cells: with 3 seeds a cell's own paired
 * test has 2 degrees of freedom.
 */
export function conditionFindings(cells: CellScores[]): Finding[] {
  const rrc = pooledComparison(cells, rrcOrientation);
  const ends = BETA_ENDS.map((end) => pooledComparison(cells, betaEnd(end)));
  return cells.flatMap((c) => {
    const out: Finding[] = [];
    const s = c.scores;
    const r = rrc.get(c);
    if (r) {
      const check = tested(r.test, { label: `${label(r.a)} − ${label(r.b)}`, unit: "points", n: r.n });
      out.push({
        claim: `${cellName(c)}: RRC is the best of RRC, FSRC, T.(30%) and no augmentation`,
        paper: "yes (ImageNet, 224 px)",
        decision: r.a === "C" ? supportOnly(check) : againstOnly(check),
        evidence: ["C", ...RRC_RIVALS].map((k) => `${CONDITION_LABELS[k]} ${pct(mean(s[k]))}`).join(", "),
      });
    }
    const u = ends.map((m) => m.get(c));
    if (u.every(Boolean)) {
      out.push({
        claim: `${cellName(c)}: U-shape, β = 1 above both β = 0.1 and β = 10`,
        paper: "yes (Table 1b)",
        decision: allOf(u.map((e) => tested(e!.test, { label: `β = 1 − ${label(e!.b)}`, unit: "points", n: e!.n }))),
        evidence: [...BETA_ENDS.slice(0, 1), "C", ...BETA_ENDS.slice(1)]
          .map((k) => `${k === "C" ? "β = 1" : CONDITION_LABELS[k]} ${pct(mean(s[k]))}`).join(", "),
      });
    }
    return out;
  });
}

/** One cell's effect for the heat maps: the claim's method minus its strongest rival, paired over seeds. */
export interface CellEffect {
  crop: number;
  area: string;
  claim: "RRC is best" | "U-shape";
  /** The rival with the highest mean top-1. */
  rival: string;
  effect: number;
  /** 95 % CI with the variance pooled over cells, as the verdicts'. */
  ci: [number, number];
  seeds: number;
  verdict: Verdict;
}

/**
 * The per-cell effects (the claim's method minus its strongest rival) with
 * the verdicts of the decided findings (the whole map decided together:
 * conditionMap).
 */
export function cellEffects(cells: CellScores[], decided: DecidedFinding[]): CellEffect[] {
  const strongest = (rivals: string[]) => (c: CellScores) =>
    hasAll(c, ["C", ...rivals]) ? { a: "C", b: rivals.reduce((x, y) => (meanOf(c, y) > meanOf(c, x) ? y : x)) } : undefined;
  const claims = [
    { claim: "RRC is best" as const, prefix: "RRC is the best", tests: pooledComparison(cells, strongest(RRC_RIVALS)) },
    { claim: "U-shape" as const, prefix: "U-shape", tests: pooledComparison(cells, strongest(BETA_ENDS)) },
  ];
  return cells.flatMap((c) =>
    claims.flatMap(({ claim, prefix, tests }) => {
      const t = tests.get(c);
      if (!t) return [];
      const f = decided.find((d) => d.claim.startsWith(`${cellName(c)}: ${prefix}`));
      return [{
        crop: c.crop,
        area: c.area,
        claim,
        rival: CONDITION_LABELS[t.b] ?? t.b,
        effect: t.test.effect,
        ci: t.test.ci,
        seeds: c.seeds.length,
        verdict: f?.verdict ?? "undecided",
      }];
    })
  );
}

/**
 * What the map says about the paper's ImageNet result, from the numbers:
 * where each claim holds, and the cell nearest ImageNet (largest crop, largest objects).
 */
export function mapParagraph(effects: CellEffect[], largest: { crop: number; area: string }): string {
  const say = (claim: CellEffect["claim"]) => {
    const es = effects.filter((e) => e.claim === claim);
    const where = (v: Verdict) => es.filter((e) => e.verdict === v).map((e) => `${e.crop} px/${e.area}`);
    const near = es.find((e) => e.crop === largest.crop && e.area === largest.area);
    const ps = (xs: string[]) => (xs.length ? xs.join(", ") : "no cell");
    const trend = trendAlongCrop(es, largest.area);
    return `"${claim}" is supported in ${ps(where("supported"))}, contradicted in ${ps(where("contradicted"))} and undecided in ${
      ps(where("undecided"))
    } (of ${es.length} cells).` +
      (near
        ? ` In the cell nearest ImageNet (${near.crop} px, ${near.area} objects) the effect is ${fmt(near.effect)} points [${
          fmt(near.ci[0])
        }, ${fmt(near.ci[1])}] against ${near.rival}: ${near.verdict}.`
        : "") +
      (trend ? ` With ${largest.area} objects, the effect goes ${trend}.` : "");
  };
  return `${say("RRC is best")} ${say("U-shape")}`;
}

/** "from −3.1 at 32 px to +1.2 at 128 px" along the crops of one area law; undefined with fewer than two crops. */
function trendAlongCrop(es: CellEffect[], area: string): string | undefined {
  const row = es.filter((e) => e.area === area).sort((a, b) => a.crop - b.crop);
  if (row.length < 2) return undefined;
  return row.map((e) => `${fmt(e.effect)} at ${e.crop} px`).join(", ");
}

const fmt = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(2)}` : "—");

/** The map decided as one Holm family: its findings (for findingRows) and each cell's effects with their verdicts. */
export function conditionMap(cells: CellScores[]): { findings: Finding[]; effects: CellEffect[] } {
  const findings = conditionFindings(cells);
  return { findings, effects: cellEffects(cells, decideFindings(findings)) };
}
