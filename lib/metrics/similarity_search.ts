/**
 * Section 4's similarity search (Eq. 2). For a same-class pair (x₁, x₂) and
 * a transformation τ applied to the second image only:
 *   sim₀ = cos(f(x₁), f(x₂)),  sim_τ = cos(f(x₁), f(τ(x₂))),  Δ = sim_τ − sim₀,
 * and the percent change Δ / sim₀ (a fraction). Aggregated per (class, τ)
 * over the class's pairs as the reference's table, then over classes.
 */
import type { Embeddings } from "./invariance.ts";
import { cosine, spearman } from "./similarity.ts";
import { mean, sem, std } from "./stats.ts";

/**
 * The reference's pairs: the class's images in stored order, in batches of
 * 32 (an incomplete last batch dropped), image k paired with image k + 16;
 * batches are taken until at least `maxPairs` pairs (16 per batch).
 * Returns index pairs into `indices`' values.
 */
export function referencePairs(indices: ArrayLike<number>, maxPairs: number, batch = 32): [number, number][] {
  const half = batch / 2, out: [number, number][] = [];
  for (let b = 0; b + batch <= indices.length && out.length < maxPairs; b += batch) {
    for (let k = 0; k < half; k++) out.push([indices[b + k], indices[b + k + half]]);
  }
  return out;
}

/** Per-pair similarities: sim₀ and sim_τ for row i of each embedding set (z1[i] with z2[i] and with z2t[i]). */
export function pairChanges(z1: Embeddings, z2: Embeddings, z2t: Embeddings): { sim0: Float64Array; delta: Float64Array } {
  const n = z1.n, d = z1.d;
  if (z2.n !== n || z2t.n !== n) throw new RangeError(`pair embeddings differ in count (${z1.n}, ${z2.n}, ${z2t.n})`);
  const sim0 = new Float64Array(n), delta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sim0[i] = cosine(z1.values, i * d, z2.values, i * d, d);
    delta[i] = cosine(z1.values, i * d, z2t.values, i * d, d) - sim0[i];
  }
  return { sim0, delta };
}

export interface ChangeAggregate {
  meanDelta: number;
  stdDelta: number;
  /** Mean of Δ/sim₀ (the reference's avg_percent_similarity_change, a fraction). */
  avgPercentChange: number;
  /** Mean of Δ/sim₀ over boosted pairs (Δ > 0); NaN when none is boosted. */
  avgPercentBoost: number;
  proportionBoosted: number;
  numBoosted: number;
  totalPairs: number;
  /** avgPercentBoost × proportionBoosted (Appendix E.2); 0 when none is boosted. */
  weightedBoost: number;
}

export function aggregateChanges(sim0: ArrayLike<number>, delta: ArrayLike<number>): ChangeAggregate {
  const pct: number[] = [], boost: number[] = [];
  for (let i = 0; i < delta.length; i++) {
    const p = delta[i] / sim0[i];
    pct.push(p);
    if (delta[i] > 0) boost.push(p);
  }
  const proportion = delta.length ? boost.length / delta.length : NaN;
  const avgBoost = boost.length ? mean(boost) : NaN;
  return {
    meanDelta: mean(delta),
    stdDelta: std(delta),
    avgPercentChange: mean(pct),
    avgPercentBoost: avgBoost,
    proportionBoosted: proportion,
    numBoosted: boost.length,
    totalPairs: delta.length,
    weightedBoost: boost.length ? avgBoost * proportion : 0,
  };
}

/** One row of the search: a class, a transformation and its aggregate. */
export interface SearchRow extends ChangeAggregate {
  class: string;
  transform: string;
  /** The base operation (e.g. "posterize"), or "a+b" for a sub-policy. */
  op: string;
  family: string;
}

/** Per class, the row with the largest avgPercentChange (the class's top transformation). */
export function topPerClass(rows: SearchRow[], by: keyof ChangeAggregate = "avgPercentChange"): SearchRow[] {
  const best = new Map<string, SearchRow>();
  for (const r of rows) {
    const b = best.get(r.class);
    if (!b || (r[by] as number) > (b[by] as number)) best.set(r.class, r);
  }
  return [...best.values()];
}

/** Per class, its k rows of largest `by`. */
export function topKPerClass(
  rows: SearchRow[],
  k: number,
  by: keyof ChangeAggregate = "avgPercentChange",
): Map<string, SearchRow[]> {
  const out = new Map<string, SearchRow[]>();
  for (const r of rows) out.set(r.class, [...(out.get(r.class) ?? []), r]);
  for (const [c, rs] of out) {
    out.set(
      c,
      rs.filter((r) => Number.isFinite(r[by] as number)).sort((a, b) => (b[by] as number) - (a[by] as number)).slice(0, k),
    );
  }
  return out;
}

/** The transformation whose mean over classes of avgPercentChange is highest, with mean and SEM over classes. */
export function globalTop(rows: SearchRow[]): { transform: string; mean: number; sem: number; perClass: number[] } {
  const by = new Map<string, number[]>();
  for (const r of rows) by.set(r.transform, [...(by.get(r.transform) ?? []), r.avgPercentChange]);
  let best: { transform: string; mean: number; sem: number; perClass: number[] } | undefined;
  for (const [t, xs] of by) {
    if (!best || mean(xs) > best.mean) best = { transform: t, mean: mean(xs), sem: sem(xs), perClass: xs };
  }
  if (!best) throw new RangeError("no rows");
  return best;
}

/** Share of each family among the classes' top-k transformations (Section 4.3). */
export function familyShares(rows: SearchRow[], k: number): Record<string, number> {
  const counts: Record<string, number> = {};
  let total = 0;
  for (const rs of topKPerClass(rows, k).values()) {
    for (const r of rs) {
      counts[r.family] = (counts[r.family] ?? 0) + 1;
      total++;
    }
  }
  return Object.fromEntries(Object.entries(counts).map(([f, c]) => [f, c / total]));
}

/**
 * Section 7.2: a class's ranking of base operations. Its rows sorted by
 * avgPercentChange (descending); each op's position is that of its best
 * entry. Two classes are compared by the Spearman correlation of positions.
 */
export function opPositions(classRows: SearchRow[], ops: readonly string[]): number[] {
  const sorted = [...classRows].sort((a, b) => b.avgPercentChange - a.avgPercentChange);
  return ops.map((op) => {
    const i = sorted.findIndex((r) => r.op === op);
    if (i < 0) throw new RangeError(`class ${classRows[0]?.class} has no row for op ${op}`);
    return i;
  });
}

/**
 * Section 7.2's other measure: the sets of base operation names among each
 * class's top-k rows (by avgPercentChange), compared by |∩| / |∪|.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const row = (op: string, v: number) => ({ op, avgPercentChange: v }) as SearchRow;
 * assert.equal(topSetIou([row("rotate", 3), row("invert", 2), row("color", 1)], [row("rotate", 5), row("color", 4)], 2), 1 / 3);
 * ```
 */
export function topSetIou(a: SearchRow[], b: SearchRow[], k: number): number {
  const top = (rows: SearchRow[]) =>
    new Set([...rows].sort((x, y) => y.avgPercentChange - x.avgPercentChange).slice(0, k).map((r) => r.op));
  const A = top(a), B = top(b);
  const inter = [...A].filter((x) => B.has(x)).length, union = new Set([...A, ...B]).size;
  return union ? inter / union : NaN;
}

export function rankingSpearman(a: SearchRow[], b: SearchRow[], ops: readonly string[]): number {
  return spearman(opPositions(a, ops), opPositions(b, ops));
}

/** Section 6.6 step 3: the invariance-table name of a pool entry, or undefined when it has none. */
export function invarianceName(op: string, index: number): string | undefined {
  if (["rotate", "shearX", "shearY", "translateX", "translateY", "posterize", "solarize"].includes(op)) return op;
  if (op === "rescale") return "scale_zoom_in"; // the reference maps every rescale index to zoom-in
  if (op === "contrast") return index <= 5 ? "decrease_contrast" : "increase_contrast";
  return undefined;
}

/**
 * Fig. 3C: per class, the 5 rows (magnitude index 3…7, with an invariance
 * counterpart and boosts) of largest proportionBoosted; each name's share of
 * all those picks; names binned by whether training raised their invariance
 * (gap > 0); per bin, mean and SEM of the shares of its names.
 */
export function topShareByInvarianceGap(
  rows: (SearchRow & { index: number })[],
  gap: Record<string, number>,
  k = 5,
): { bin: "decreases" | "increases"; mean: number; sem: number; names: Record<string, number> }[] {
  const candidates = rows.filter((r) =>
    r.index >= 3 && r.index <= 7 && invarianceName(r.op, r.index) && Number.isFinite(r.avgPercentBoost) &&
    gap[invarianceName(r.op, r.index)!] !== undefined
  );
  const counts: Record<string, number> = {};
  let total = 0;
  for (const rs of topKPerClass(candidates, k, "proportionBoosted").values()) {
    for (const r of rs) {
      const n = invarianceName(r.op, (r as SearchRow & { index: number }).index)!;
      counts[n] = (counts[n] ?? 0) + 1;
      total++;
    }
  }
  const names = [...new Set(candidates.map((r) => invarianceName(r.op, r.index)!))];
  return (["decreases", "increases"] as const).map((bin) => {
    const inBin = names.filter((n) => (bin === "increases" ? gap[n] > 0 : gap[n] <= 0));
    const shares = inBin.map((n) => (counts[n] ?? 0) / (total || 1));
    return { bin, mean: mean(shares), sem: sem(shares), names: Object.fromEntries(inBin.map((n, i) => [n, shares[i]])) };
  });
}
