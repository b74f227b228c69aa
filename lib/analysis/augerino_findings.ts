/**
 * Appendix G from the Augerino sweep: Tables A3–A5 as rows (accuracy with
 * Augerino on and off, learned widths, per λ) and "What this run supports",
 * each claim decided by the decision rule (findings.ts) against no augmentation
 * (Table 1a) and T.(30%) after the same FixedSizeCenterCrop pre-processing as
 * Augerino's (Appendix G's comparison `T2`).
 */
import type { AugerinoResult, AugerinoVariant } from "../augerino/train.ts";
import { formatMeanSem, mean } from "../metrics/stats.ts";
import { above, allOf, describeComparison, exact, type Finding, pct, positiveMean, supportOnly, undecided } from "./findings.ts";

const pts = { unit: "points" } as const;

/** Width of a translation bound at Augerino's shut-down level (30 % of the side: w = 1.2 in [−1, 1] coordinates). */
export const SHUTDOWN_WIDTH = 1.2;

const runsOf = (runs: AugerinoResult[], variant: AugerinoVariant, lambda?: number) =>
  runs.filter((r) => r.config.augerino.variant === variant && (lambda === undefined || r.config.augerino.lambda === lambda));

/** The λ values a variant was run at, ascending. */
export function lambdasOf(runs: AugerinoResult[], variant: AugerinoVariant): number[] {
  return [...new Set(runsOf(runs, variant).map((r) => r.config.augerino.lambda))].sort((a, b) => a - b);
}

/** Top-1 per seed at one λ, with Augerino on (mean of copies) or off. */
export function augerinoAccuracy(runs: AugerinoResult[], variant: AugerinoVariant, lambda: number, on = true): number[] {
  return runsOf(runs, variant, lambda).map((r) => (on ? r.top1On : r.top1Off));
}

/** One row per λ ("Augerino, λ = …", so that reference rows can share the column): accuracy on and off (mean ± SEM over seeds) and the mean learned width of each generator. */
export function augerinoTableRows(runs: AugerinoResult[], variant: AugerinoVariant): Record<string, string>[] {
  return lambdasOf(runs, variant).map((lambda) => {
    const rs = runsOf(runs, variant, lambda);
    return {
      method: `Augerino, λ = ${lambda}`,
      "Augerino on (%)": formatMeanSem(rs.map((r) => r.top1On), { digits: 2 }),
      "Augerino off (%)": formatMeanSem(rs.map((r) => r.top1Off), { digits: 2 }),
      widths: rs[0].generators.map((g, k) => `${g} ${mean(rs.map((r) => r.widths[k])).toFixed(3)}`).join(", "),
    };
  });
}

function extremeLambda(runs: AugerinoResult[], variant: AugerinoVariant, better: (a: number, b: number) => boolean): number {
  const acc = (l: number) => mean(augerinoAccuracy(runs, variant, l));
  return lambdasOf(runs, variant).reduce((a, l) => (better(acc(l), acc(a)) ? l : a));
}

/** Appendix G's claims, from the sweep and the Table 1(a) top-1s of no augmentation and T.(30%). */
/** `none`: Table 1(a)'s no augmentation; `translate`: T.(30%) after FixedSizeCenterCrop (T2), per seed. */
export function augerinoFindings(runs: AugerinoResult[], baselines: { none: number[]; translate: number[] }): Finding[] {
  const t = "translation", ts = "translation+scale";
  const acc = (v: AugerinoVariant, l: number, on = true) => augerinoAccuracy(runs, v, l, on);
  // The best λ is picked on the same held-out numbers, so it is used only where that works against the claim.
  const bt = extremeLambda(runs, t, (a, b) => a > b), ls = lambdasOf(runs, t);
  // λ matters: the two ends of the range, fixed before the run (not the best against the worst, which a selection
  // on the same numbers would bias towards a difference); a difference claim, so the run can only support it.
  const [lo, hi] = [ls[0], ls[ls.length - 1]];
  const [top, bottom] = mean(acc(t, lo)) >= mean(acc(t, hi)) ? [lo, hi] : [hi, lo];
  const out: Finding[] = [
    {
      claim: `λ matters: the ends of the λ range (${lo} and ${hi}) differ in top-1 (translation only)`,
      decision: ls.length < 2
        ? undecided("one λ")
        : supportOnly(above(acc(t, top), acc(t, bottom), { ...pts, label: `λ ${top} − λ ${bottom}` })),
      paper: "yes: λ strongly changes the learned bounds and accuracy (Table A3)",
      evidence: describeComparison(`λ ${top}`, acc(t, top), `λ ${bottom}`, acc(t, bottom)),
    },
    {
      claim: "Augerino (translation) beats no augmentation, at every λ",
      decision: allOf(ls.map((l) => above(acc(t, l), baselines.none, { ...pts, label: `λ ${l} − None` }))),
      paper: "yes: it improves over FixedSizeCenterCrop",
      evidence: `${ls.map((l) => `λ ${l} ${pct(mean(acc(t, l)))}`).join(", ")} vs no augmentation ${
        pct(mean(baselines.none))
      } (${baselines.none.length} seeds)`,
    },
    {
      claim: "Augerino (its best λ) does worse than the hand-picked T.(30%), both after FixedSizeCenterCrop",
      decision: above(baselines.translate, acc(t, bt), { ...pts, label: `T − Augerino λ ${bt}` }),
      paper: "yes: below T.(30%) with the same pre-processing",
      evidence: describeComparison("T.(30%)", baselines.translate, `Augerino λ ${bt}`, acc(t, bt)),
    },
  ];
  if (lambdasOf(runs, ts).length) {
    const bs = extremeLambda(runs, ts, (a, b) => a > b);
    out.push({
      claim: "With scale available, Augerino does worse than with translation alone",
      decision: above(acc(t, bt), acc(ts, bs), { ...pts, label: "translation − translation+scale" }),
      paper: "yes (Table A5 vs A3)",
      evidence: describeComparison(`best translation (λ ${bt})`, acc(t, bt), `best translation+scale (λ ${bs})`, acc(ts, bs)),
    });
  }
  // Off − on is paired within each run; pooled over every λ and seed.
  const onOff = runsOf(runs, t).map((r) => r.top1Off - r.top1On);
  out.push({
    claim: "Evaluating without Augerino is slightly better than with it (translation only)",
    decision: positiveMean(onOff, { ...pts, label: "off − on" }),
    paper: "yes, for translation and scale (Tables A4, A5)",
    evidence: `off − on, paired over ${onOff.length} runs: ${pct(mean(onOff))} points`,
  });
  const tr = runsOf(runs, t);
  const satFrom = lambdasOf(runs, t).find((l) =>
    tr.filter((r) => r.config.augerino.lambda >= l).every((r) => r.widths.every((w) => Math.abs(w - SHUTDOWN_WIDTH) < 0.01))
  );
  const below = tr.filter((r) => satFrom === undefined || r.config.augerino.lambda < satFrom).flatMap((r) => r.widths);
  const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
  out.push({
    claim: `The translation bounds saturate at the shut-down width (w = ${SHUTDOWN_WIDTH}, 30 %)`,
    decision: exact(satFrom !== undefined),
    paper: "yes (Fig. A8)",
    evidence: satFrom === undefined
      ? "no λ from which every run ends at the shut-down width"
      : `every run with λ ≥ ${satFrom} ends within 0.01 of ${SHUTDOWN_WIDTH}${
        below.length
          ? `; below, the widths shrink to ${range(below, (w) => w.toFixed(3))} (${
            range(below, (w) => ((100 * w) / 4).toFixed(1))
          } % translation)`
          : ""
      }`,
  });
  return out;
}

/**
 * Discovery or saturation: translation-only runs started at width `start`,
 * far below the shut-down level where the paper's init sits. A bound that
 * grows from there was learned; one that ends at the shut-down width from a
 * small start was found, not kept from the start.
 */
/** How many times its start a width must reach to count as widened. */
export const WIDENING = 1.5;

export function smallStartFindings(runs: AugerinoResult[], start: number): Finding[] {
  const t = "translation";
  const lambdas = lambdasOf(runs, t);
  const out: Finding[] = lambdas.map((l) => {
    const rs = runsOf(runs, t, l), ws = rs.map((r) => mean(r.widths));
    // "Widens" means by half its start at least, so a drift of a few thousandths with a tiny spread does not count.
    const bar = WIDENING * start;
    return {
      claim: `From a small start (w = ${start}), λ = ${l} widens the translation bounds (to ≥ ${WIDENING} × the start)`,
      decision: positiveMean(ws.map((w) => w - bar), { label: `width − ${+bar.toFixed(4)}` }),
      paper: "not tested: its widths start at the shut-down level",
      evidence: `last-epoch width (mean of tx, ty) ${formatMeanSem(ws, { scale: 1, digits: 3 })} over ${ws.length} seeds vs ${+bar
        .toFixed(4)}; top-1 with Augerino ${formatMeanSem(rs.map((r) => r.top1On), { digits: 2 })} %, without ${
        formatMeanSem(rs.map((r) => r.top1Off), { digits: 2 })
      } %`,
    };
  });
  const top = lambdas.at(-1);
  if (top !== undefined) {
    const ends = runsOf(runs, t, top).flatMap((r) => r.widths);
    out.push({
      claim:
        `Started small, the largest λ (${top}) still ends at the shut-down width (w = ${SHUTDOWN_WIDTH}): the saturation is found, not kept`,
      decision: exact(ends.every((w) => Math.abs(w - SHUTDOWN_WIDTH) < 0.05)),
      paper: "saturation at the shut-down (Fig. A8), from a start already there",
      evidence: `last-epoch widths ${ends.map((w) => w.toFixed(3)).join(", ")} (within 0.05 of ${SHUTDOWN_WIDTH} counts)`,
    });
  }
  return out;
}
