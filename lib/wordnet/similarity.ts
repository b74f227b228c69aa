/**
 * Path, Leacock–Chodorow and Wu–Palmer similarity between WordNet 3.0 noun
 * synsets, with NLTK's definitions and defaults (nltk.corpus.wordnet):
 * hypernyms and instance hypernyms both count as edges upward; noun synsets
 * share the root entity.n.01, so no root is simulated (NLTK's default for
 * nouns). Distances are shortest paths through a common hypernym.
 *   path = 1 / (d + 1)
 *   lch  = −ln((d + 1) / (2·D)), D = the deepest noun's max_depth (19 in 3.0)
 *   wup  = 2δ / ((a + δ) + (b + δ)), δ = max_depth(ℓ) + 1, ℓ the lowest common
 *          hypernym of greatest min_depth, a and b the distances to ℓ.
 * NLTK breaks ties between lowest common hypernyms by synset name
 * ("lemma.n.NN"); without the index file the sense number is unknown, so
 * ties are broken by first lemma, then offset (they rarely matter: the tied
 * synsets have the same min_depth, and δ uses their max_depth).
 */
import type { WordNet } from "./wordnet.ts";

export class WordNetSimilarity {
  #maxDepth = new Map<number, number>();
  #minDepth = new Map<number, number>();
  #paths = new Map<number, Map<number, number>>();
  #taxonomyDepth?: number;

  constructor(readonly wn: WordNet) {}

  #parents(offset: number): number[] {
    const s = this.wn.synsets.get(offset);
    if (!s) throw new RangeError(`no noun synset at offset ${offset} in ${this.wn.source}`);
    return [...s.hypernyms, ...s.instanceHypernyms];
  }

  #offset(wnid: string): number {
    return this.wn.synset(wnid).offset;
  }

  /** Longest path to the root (NLTK max_depth). Iterative: some chains are deep. */
  maxDepth(offset: number): number {
    return this.#depth(offset, this.#maxDepth, Math.max);
  }

  /** Shortest path to the root (NLTK min_depth). */
  minDepth(offset: number): number {
    return this.#depth(offset, this.#minDepth, Math.min);
  }

  #depth(offset: number, memo: Map<number, number>, pick: (...xs: number[]) => number): number {
    const stack = [offset];
    while (stack.length) {
      const o = stack[stack.length - 1];
      if (memo.has(o)) {
        stack.pop();
        continue;
      }
      const ps = this.#parents(o);
      const missing = ps.filter((p) => !memo.has(p));
      if (missing.length) stack.push(...missing);
      else {
        memo.set(o, ps.length ? 1 + pick(...ps.map((p) => memo.get(p)!)) : 0);
        stack.pop();
      }
    }
    return memo.get(offset)!;
  }

  /** Every hypernym (self included, at 0) with its shortest upward distance, breadth first as NLTK. */
  hypernymDistances(offset: number): Map<number, number> {
    let d = this.#paths.get(offset);
    if (d) return d;
    d = new Map();
    const queue: [number, number][] = [[offset, 0]];
    for (let q = 0; q < queue.length; q++) {
      const [s, depth] = queue[q];
      if (d.has(s)) continue;
      d.set(s, depth);
      for (const p of this.#parents(s)) queue.push([p, depth + 1]);
    }
    this.#paths.set(offset, d);
    return d;
  }

  /** Shortest path length through a common hypernym; undefined when there is none. */
  distance(a: number, b: number): number | undefined {
    if (a === b) return 0;
    const da = this.hypernymDistances(a), db = this.hypernymDistances(b);
    let best = Infinity;
    for (const [s, x] of da) {
      const y = db.get(s);
      if (y !== undefined && x + y < best) best = x + y;
    }
    return best === Infinity ? undefined : best;
  }

  /** The noun taxonomy's depth D: the largest max_depth of any noun synset. */
  taxonomyDepth(): number {
    if (this.#taxonomyDepth === undefined) {
      let d = 0;
      for (const o of this.wn.synsets.keys()) d = Math.max(d, this.maxDepth(o));
      this.#taxonomyDepth = d;
    }
    return this.#taxonomyDepth;
  }

  /** Lowest common hypernyms by greatest min_depth (NLTK use_min_depth=True), sorted as described above. */
  lowestCommonHypernyms(a: number, b: number): number[] {
    const da = this.hypernymDistances(a), db = this.hypernymDistances(b);
    const common = [...da.keys()].filter((s) => db.has(s));
    if (!common.length) return [];
    const deepest = Math.max(...common.map((s) => this.minDepth(s)));
    const name = (o: number) => this.wn.synsets.get(o)!.lemmas[0].toLowerCase();
    return common.filter((s) => this.minDepth(s) === deepest).sort((
      x,
      y,
    ) => (name(x) < name(y) ? -1 : name(x) > name(y) ? 1 : x - y));
  }

  path(wnidA: string, wnidB: string): number {
    const d = this.distance(this.#offset(wnidA), this.#offset(wnidB));
    return d === undefined ? NaN : 1 / (d + 1);
  }

  lch(wnidA: string, wnidB: string): number {
    const d = this.distance(this.#offset(wnidA), this.#offset(wnidB));
    return d === undefined ? NaN : -Math.log((d + 1) / (2 * this.taxonomyDepth()));
  }

  wup(wnidA: string, wnidB: string): number {
    const a = this.#offset(wnidA), b = this.#offset(wnidB);
    const [lcs] = this.lowestCommonHypernyms(a, b);
    if (lcs === undefined) return NaN;
    const delta = this.maxDepth(lcs) + 1;
    const la = this.distance(a, lcs), lb = this.distance(b, lcs);
    if (la === undefined || lb === undefined) return NaN;
    return (2 * delta) / (la + delta + (lb + delta));
  }
}

/**
 * Mean pairwise similarity between two sets of classes (Appendix D.1): every
 * pair (a, b) with a in `a` and b in `b`, a ≠ b; for one set with itself
 * (`b` omitted), every unordered pair, and with `selfPairs` each class with
 * itself too (similarity 1 for wup). NaN when there is no pair.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const sim = (x: string, y: string) => (x === y ? 1 : 0.5);
 * assert.equal(meanSetSimilarity(sim, ["a", "b", "c"]), 0.5);
 * assert.equal(meanSetSimilarity(sim, ["a", "b"], undefined, { selfPairs: true }), 2.5 / 3);
 * assert.equal(meanSetSimilarity(sim, ["a"], ["b", "c"]), 0.5);
 * ```
 */
export function meanSetSimilarity(
  sim: (a: string, b: string) => number,
  a: string[],
  b?: string[],
  opts: { selfPairs?: boolean } = {},
): number {
  const values: number[] = [];
  if (b) {
    for (const x of a) for (const y of b) if (x !== y) values.push(sim(x, y));
  } else {
    for (let i = 0; i < a.length; i++) {
      for (let j = opts.selfPairs ? i : i + 1; j < a.length; j++) values.push(sim(a[i], a[j]));
    }
  }
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN;
}
