/**
 * Appendix E.1's claims from the measured foreground boxes: where the
 * centres sit, how much the area varies, and whether the jittered copies
 * recover the offsets injected into them (a check of the method itself).
 */
import { mean, sem } from "../metrics/stats.ts";
import { createRng } from "../rng.ts";
import type { RelativeBox } from "./foreground.ts";
import { about, above, allOf, type Decision, exact, type Finding, oneSided } from "./findings.ts";

/** Spread over images: the population standard deviation (n denominator), as E.1 describes the boxes themselves. */
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

/** "|mean − 0.5| < 0.1" over images: a one-sample TOST with margin 0.1. */
function nearMiddle(xs: number[], label: string): Decision {
  return about(xs, xs.map(() => 0.5), 0.1, { paired: true, label });
}

/** Bootstrap over images (seeded, 999 resamples) of "sd(area) > the larger centre sd": one-sided p-values for and against. */
function areaSpreadsMore(boxes: RelativeBox[]): { pFor: number; pAgainst: number } {
  const rng = createRng(11), n = boxes.length, B = 999;
  const stat = (idx: Int32Array | number[]) => {
    const pick = (f: (b: RelativeBox) => number) => Array.from(idx, (i) => f(boxes[i]));
    return std(pick((b) => b.area)) - Math.max(std(pick((b) => b.centreRow)), std(pick((b) => b.centreCol)));
  };
  let le = 0, ge = 0;
  for (let t = 0; t < B; t++) {
    const s = stat(Int32Array.from({ length: n }, () => rng.int(0, n - 1)));
    if (s <= 0) le++;
    if (s >= 0) ge++;
  }
  return { pFor: (1 + le) / (1 + B), pAgainst: (1 + ge) / (1 + B) };
}

/** `jitter`: the jittered-copy check's boxes and largest centre error (foreground.ts, jitterCheck). */
/**
 * `generated`: the boxes come from scenes we generated with known laws (say
 * which), so the two E.1 claims read those laws back: a validation of the box
 * method, not evidence about natural photographs; the claims say so.
 */
export function foregroundFindings(
  boxes: RelativeBox[],
  jitter: { boxes: RelativeBox[]; maxCentreError: number },
  opts: { generated?: string } = {},
): Finding[] {
  const cr = boxes.map((b) => b.centreRow), cc = boxes.map((b) => b.centreCol), ar = boxes.map((b) => b.area);
  const centreSd = Math.max(std(cr), std(cc)), spread = areaSpreadsMore(boxes);
  const v = opts.generated ? `Validation, on scenes generated with ${opts.generated}: ` : "";
  const paper = (p: string) => (opts.generated ? `${p}; not tested here (the scenes' laws are ours)` : p);
  return [
    {
      claim: `${v}Foreground centres cluster near the middle of the frame (0.5)`,
      decision: allOf([nearMiddle(cr, "centre row − 0.5"), nearMiddle(cc, "centre column − 0.5")]),
      paper: paper("yes: centres cluster at the middle (Fig. A6)"),
      evidence: `centre row ${mean(cr).toFixed(3)} ± ${sem(cr).toFixed(4)} (sd ${std(cr).toFixed(3)}), column ${
        mean(cc).toFixed(3)
      } ± ${sem(cc).toFixed(4)} (sd ${std(cc).toFixed(3)})`,
    },
    {
      claim: `${v}The foreground area varies widely (more than the centres)`,
      decision: oneSided(spread.pFor, spread.pAgainst, `${boxes.length} images`, "bootstrap", "sd(area) − sd(centre)"),
      paper: paper("yes: areas vary widely (Fig. A6)"),
      evidence: `area ${mean(ar).toFixed(3)} (sd ${std(ar).toFixed(3)}) vs centre sd ${
        centreSd.toFixed(3)
      }; bootstrap over ${boxes.length} images: p = ${spread.pFor.toFixed(3)}`,
    },
    {
      claim: "Check: the jittered copies recover the injected offsets exactly",
      decision: exact(jitter.maxCentreError < 1e-9),
      evidence: `max error ${jitter.maxCentreError.toExponential(1)} px; centre column sd ${
        std(jitter.boxes.map((b) => b.centreCol)).toFixed(3)
      } jittered vs ${std(cc).toFixed(3)}`,
    },
  ];
}

/**
 * The control for E.1 on generated scenes: the same method on scenes whose
 * centres are uniform on [0.05, 0.95] must measure a wider spread than on the
 * default law (Levene's test: Welch on absolute deviations from the mean).
 */
export function positionLawFindings(normal: RelativeBox[], uniform: RelativeBox[], uniformSd: number): Finding[] {
  const dev = (xs: number[]) => xs.map((x) => Math.abs(x - mean(xs)));
  const col = (bs: RelativeBox[]) => bs.map((b) => b.centreCol), row = (bs: RelativeBox[]) => bs.map((b) => b.centreRow);
  return [{
    claim: "Validation: the box method tells a uniform position law from the default one (centres spread more, rows and columns)",
    decision: allOf([
      above(dev(col(uniform)), dev(col(normal)), { paired: false, label: "|Δ col| uniform − default" }),
      above(dev(row(uniform)), dev(row(normal)), { paired: false, label: "|Δ row| uniform − default" }),
    ]),
    evidence: `centre sd, column / row: default ${std(col(normal)).toFixed(3)} / ${std(row(normal)).toFixed(3)}, uniform ${
      std(col(uniform)).toFixed(3)
    } / ${std(row(uniform)).toFixed(3)} (the uniform law's sd: ${
      uniformSd.toFixed(3)
    }; boxes are of the visible part, so a cut object's centre moves inwards)`,
  }];
}
