/**
 * Appendix E.1's claims from the measured foreground boxes: where the
 * centres sit, how much the area varies, and whether the jittered copies
 * recover the offsets injected into them (a check of the method itself).
 */
import { mean, sem } from "../metrics/stats.ts";
import type { RelativeBox } from "./foreground.ts";
import type { Finding } from "./findings.ts";

/** Spread over images: the population standard deviation (n denominator), as E.1 describes the boxes themselves. */
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

/** `jitter`: the jittered-copy check's boxes and largest centre error (foreground.ts, jitterCheck). */
export function foregroundFindings(boxes: RelativeBox[], jitter: { boxes: RelativeBox[]; maxCentreError: number }): Finding[] {
  const cr = boxes.map((b) => b.centreRow), cc = boxes.map((b) => b.centreCol), ar = boxes.map((b) => b.area);
  const centreSd = Math.max(std(cr), std(cc));
  return [
    {
      claim: "Foreground centres cluster near the middle of the frame (0.5)",
      supported: Math.abs(mean(cr) - 0.5) < 0.1 && Math.abs(mean(cc) - 0.5) < 0.1,
      evidence: `centre row ${mean(cr).toFixed(3)} ± ${sem(cr).toFixed(4)} (sd ${std(cr).toFixed(3)}), column ${
        mean(cc).toFixed(3)
      } ± ${sem(cc).toFixed(4)} (sd ${std(cc).toFixed(3)})`,
    },
    {
      claim: "The foreground area varies widely (more than the centres)",
      supported: std(ar) > centreSd,
      evidence: `area ${mean(ar).toFixed(3)} (sd ${std(ar).toFixed(3)}) vs centre sd ${centreSd.toFixed(3)}`,
    },
    {
      claim: "Check: the jittered copies recover the injected offsets exactly",
      supported: jitter.maxCentreError < 1e-9,
      evidence: `max error ${jitter.maxCentreError.toExponential(1)} px; centre column sd ${
        std(jitter.boxes.map((b) => b.centreCol)).toFixed(3)
      } jittered vs ${std(cc).toFixed(3)}`,
    },
  ];
}
