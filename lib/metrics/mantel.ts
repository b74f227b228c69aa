/**
 * The Mantel permutation test for two similarities defined on pairs of the
 * same items (Fig. 4: WordNet similarity and ranking correlation of class
 * pairs). Pairs that share an item are not independent, so the null
 * distribution permutes the items' labels of one matrix, not the pairs.
 */
import type { Rng } from "../rng.ts";
import { spearman } from "./similarity.ts";

export interface PairValue {
  a: string;
  b: string;
  x: number;
  y: number;
}

/**
 * Spearman correlation of x and y over the pairs, and one-sided permutation
 * p-values for a positive and for a negative association: (1 + #{r* ≥ r}) /
 * (1 + permutations), and likewise with ≤.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "../rng.ts";
 * const items = ["p", "q", "r", "s", "t", "u"];
 * const pairs = items.flatMap((a, i) => items.slice(i + 1).map((b, j) => ({ a, b, x: i + j * 0.1, y: i + j * 0.1 })));
 * const t = mantelTest(pairs, createRng(0), 999);
 * assert.ok(t.rho > 0.99 && t.pPositive < 0.05 && t.pNegative > 0.5);
 * ```
 */
export function mantelTest(
  pairs: PairValue[],
  rng: Rng,
  permutations = 1999,
): { rho: number; pPositive: number; pNegative: number } {
  const items = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const index = new Map(items.map((s, i) => [s, i]));
  const n = items.length;
  const X = new Float64Array(n * n).fill(NaN);
  for (const p of pairs) X[index.get(p.a)! * n + index.get(p.b)!] = X[index.get(p.b)! * n + index.get(p.a)!] = p.x;
  const ys = pairs.map((p) => p.y);
  const rho = spearman(pairs.map((p) => p.x), ys);
  let above = 0, below = 0;
  for (let t = 0; t < permutations; t++) {
    const perm = rng.permutation(n);
    const xs = pairs.map((p) => X[perm[index.get(p.a)!] * n + perm[index.get(p.b)!]]);
    const r = spearman(xs, ys);
    if (r >= rho - 1e-12) above++;
    if (r <= rho + 1e-12) below++;
  }
  return { rho, pPositive: (1 + above) / (1 + permutations), pNegative: (1 + below) / (1 + permutations) };
}
