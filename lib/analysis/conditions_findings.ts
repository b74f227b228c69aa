/**
 * Notebook 08's verdicts: in each cell of the map (crop size × object-area
 * law), is RRC the best of RRC, FSRC, T.(30%) and no augmentation, and does
 * RRC's scale law show the paper's U-shape (β = 1 above both β = 0.1 and
 * β = 10)? Every cell's checks are one Holm family (findings.ts), so a map of
 * many cells does not find effects by multiplicity. The per-cell effects
 * (RRC − the best other method, β = 1 − the better of β = 0.1 and 10) with
 * their paired 95 % CIs are what the figures draw.
 */
import { pairedTest } from "./decision.ts";
import { mean } from "../metrics/stats.ts";
import { above, allOf, best, type DecidedFinding, decideFindings, type Finding, pct, type Verdict } from "./findings.ts";

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

/** The two claims of every cell that has their arms. */
export function conditionFindings(cells: CellScores[]): Finding[] {
  return cells.flatMap((c) => {
    const out: Finding[] = [];
    const s = c.scores;
    if (s.C && RRC_RIVALS.every((k) => s[k])) {
      const four = Object.fromEntries(["C", ...RRC_RIVALS].map((k) => [CONDITION_LABELS[k], s[k]]));
      out.push({
        claim: `${cellName(c)}: RRC is the best of RRC, FSRC, T.(30%) and no augmentation`,
        paper: "yes (ImageNet, 224 px)",
        decision: best(four, "RRC"),
        evidence: ["C", ...RRC_RIVALS].map((k) => `${CONDITION_LABELS[k]} ${pct(mean(s[k]))}`).join(", "),
      });
    }
    if (s.C && BETA_ENDS.every((k) => s[k])) {
      out.push({
        claim: `${cellName(c)}: U-shape, β = 1 above both β = 0.1 and β = 10`,
        paper: "yes (Table 1b)",
        decision: allOf(BETA_ENDS.map((k) => above(s.C, s[k], { label: `β = 1 − ${CONDITION_LABELS[k]}` }))),
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
  ci: [number, number];
  seeds: number;
  verdict: Verdict;
}

/**
 * The per-cell effects with the verdicts of the decided findings (the whole
 * map decided together: conditionMap).
 */
export function cellEffects(cells: CellScores[], decided: DecidedFinding[]): CellEffect[] {
  return cells.flatMap((c) => {
    const out: CellEffect[] = [];
    const add = (claim: CellEffect["claim"], rivals: string[], prefix: string) => {
      if (!c.scores.C || !rivals.every((k) => c.scores[k])) return;
      const rival = rivals.reduce((a, b) => (mean(c.scores[b]) > mean(c.scores[a]) ? b : a));
      const t = pairedTest(c.scores.C, c.scores[rival]);
      const f = decided.find((d) => d.claim.startsWith(`${cellName(c)}: ${prefix}`));
      out.push({
        crop: c.crop,
        area: c.area,
        claim,
        rival: CONDITION_LABELS[rival] ?? rival,
        effect: t.effect,
        ci: t.ci,
        seeds: c.seeds.length,
        verdict: f?.verdict ?? "undecided",
      });
    };
    add("RRC is best", RRC_RIVALS, "RRC is the best");
    add("U-shape", BETA_ENDS, "U-shape");
    return out;
  });
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
