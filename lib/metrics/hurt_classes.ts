/**
 * Appendix D.1 / Table A2: classes hurt by an augmentation. Every seed of the
 * augmented method is compared with every seed of the baseline; in one
 * comparison a class is hurt when its per-class top-1 is strictly lower.
 * A class is "consistently" hurt when that happens in more than a threshold
 * share of the comparisons (the paper: 70 %); its loss is the mean accuracy
 * drop over the comparisons where it was hurt.
 */
import { mean } from "./stats.ts";

export interface ClassEffect {
  class: number;
  /** Share of comparisons in which the class was hurt (or helped). */
  share: number;
  /** Mean accuracy change (fraction) over those comparisons: a loss for hurt, a gain for helped. */
  meanChange: number;
}

export interface HurtSummary {
  comparisons: number;
  /** Mean over comparisons of the fraction of classes hurt. */
  meanFractionHurt: number;
  /** The largest single per-class drop over all comparisons (fraction), and its class. */
  largestDrop: { class: number; drop: number };
  /** Classes hurt in more than `threshold` of the comparisons, most consistent first. */
  hurt: ClassEffect[];
  /** Classes helped (strictly higher) in more than `threshold` of the comparisons. */
  helped: ClassEffect[];
}

/** perClass arrays: one per seed, same class order. */
export function hurtClasses(method: number[][], base: number[][], threshold = 0.7): HurtSummary {
  if (!method.length || !base.length) throw new RangeError("hurtClasses needs at least one run of each method");
  const k = method[0].length;
  for (const pc of [...method, ...base]) {
    if (pc.length !== k) throw new RangeError(`per-class accuracies differ in length (${pc.length} vs ${k})`);
  }
  const hurtDrops: number[][] = Array.from({ length: k }, () => []), helpGains: number[][] = Array.from({ length: k }, () => []);
  const fractions: number[] = [];
  let largest = { class: -1, drop: 0 };
  for (const m of method) {
    for (const b of base) {
      let hurt = 0;
      for (let c = 0; c < k; c++) {
        const d = b[c] - m[c];
        if (d > 0) {
          hurt++;
          hurtDrops[c].push(d);
          if (d > largest.drop) largest = { class: c, drop: d };
        } else if (d < 0) helpGains[c].push(-d);
      }
      fractions.push(hurt / k);
    }
  }
  const n = method.length * base.length;
  const pick = (lists: number[][]) =>
    lists.map((xs, c) => ({ class: c, share: xs.length / n, meanChange: xs.length ? mean(xs) : 0 }))
      .filter((e) => e.share > threshold)
      .sort((a, b) => b.share - a.share || b.meanChange - a.meanChange);
  return {
    comparisons: n,
    meanFractionHurt: mean(fractions),
    largestDrop: largest,
    hurt: pick(hurtDrops),
    helped: pick(helpGains),
  };
}
