/**
 * Appendix G's sweep: Augerino runs for each variant, regularisation λ and
 * seed, at the learning rate and weight decay selected for the
 * no-augmentation model in Table 1(a) (Appendix A). Cached per run.
 */
import { runTable1a } from "../experiments/section2.ts";
import type { Profile } from "../profile.ts";
import { profileTrainConfig, trainingPreset } from "../train/presets.ts";
import type { ProgressSink } from "../train/progress.ts";
import { runsDir } from "../train/zoo.ts";
import { type AugerinoResult, type AugerinoVariant, trainAugerino } from "./train.ts";

export const AUGERINO_LAMBDAS = [0.01, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0];

/**
 * The λ values run per variant: the paper's seven for translation only; for
 * translation + scale, all seven in `full` and the two ends (0.01, 1.0) in the
 * smaller profiles, as the spec's scaled-down version suggests: its runs are
 * 1.5× slower (three warps), and this keeps the quick sweep within 45 minutes.
 */
export function augerinoLambdas(profile: Profile, variant: AugerinoVariant): number[] {
  return variant === "translation" || profile.name === "full" ? AUGERINO_LAMBDAS : [0.01, 1.0];
}

export interface SweepOptions {
  variants?: AugerinoVariant[];
  lambdas?: number[];
  seeds?: number[];
  progress?: ProgressSink;
  force?: boolean;
  onRun?: (label: string, position: number, total: number) => void;
}

export async function runAugerinoSweep(profile: Profile, opts: SweepOptions = {}): Promise<AugerinoResult[]> {
  const [none] = await runTable1a(profile, { only: ["None"] });
  const variants = opts.variants ?? ["translation", "translation+scale"];
  const seeds = opts.seeds ?? trainingPreset(profile).seeds.slice(0, 2);
  const out: AugerinoResult[] = [];
  const lambdasOf = (v: AugerinoVariant) => opts.lambdas ?? augerinoLambdas(profile, v);
  const total = variants.reduce((a, v) => a + lambdasOf(v).length * seeds.length, 0);
  for (const variant of variants) {
    for (const lambda of lambdasOf(variant)) {
      for (const seed of seeds) {
        const label = `Augerino ${variant} λ ${lambda} seed ${seed}`;
        opts.onRun?.(label, out.length + 1, total);
        const base = profileTrainConfig(profile, { family: "resnet", augment: "None", seed, lr: none.chosen.lr, weightDecay: none.chosen.weightDecay, label });
        out.push(await trainAugerino({ base, variant, lambda, evalCopies: 4 }, { runsDir: runsDir(profile), progress: opts.progress, force: opts.force }));
      }
    }
  }
  return out;
}
