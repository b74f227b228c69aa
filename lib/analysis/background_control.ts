/**
 * Notebook 03's background control: the same images with each photo patch
 * replaced by its mean colour (scenes' `background=uniform`), measured under
 * translation on the untrained and the trained-without-augmentation model of
 * each family, and the claims decided from it.
 */
import type { Profile } from "../profile.ts";
import type { Normalization } from "../data/normalization.ts";
import { INVARIANCE_TRANSFORMS } from "../augment/transforms.ts";
import { type ReferenceMethod, sectionThreeModels } from "../experiments/references.ts";
import { mean, sem } from "../metrics/stats.ts";
import { above, type Finding } from "./findings.ts";
import { backgroundControlImages } from "./image_set.ts";
import { invarianceProfile, type InvarianceRow } from "./invariance_profile.ts";
import { medianInvariancePerSeed, show } from "./section3_findings.ts";

type SeededRow = InvarianceRow & { seed: number };

const TRANSLATIONS = ["translateX", "translateY"], MAGNITUDES = [1, 2, 3, 4, 5, 6, 7, 8];

/** The models the control measures: the paper's "training raises invariance" compares these two. */
/**
 * Translation rows of the untrained and trained-without-augmentation models
 * of every seed on the uniform-background images (the analysis images of
 * `imageSeed`); undefined when the profile's data are not scenes.
 */
export async function measureBackgroundControl(
  profile: Profile,
  refs: ReferenceMethod[],
  opts: { seeds: number[]; n: number; imageSeed: number; norm: Normalization; baselineSeed: number; cacheRoot: string },
): Promise<SeededRow[] | undefined> {
  const control = backgroundControlImages(profile, opts.n, opts.imageSeed);
  if (!control) return undefined;
  const { images, fill } = await control;
  const transforms = INVARIANCE_TRANSFORMS.filter((t) => TRANSLATIONS.includes(t.name));
  const rows: SeededRow[] = [];
  for (const seed of opts.seeds) {
    for (const m of await sectionThreeModels(profile, refs, seed, { augmented: false })) {
      const rs = await invarianceProfile(m.model, images, {
        label: m.label,
        transforms,
        fill,
        norm: opts.norm,
        seed: opts.baselineSeed,
        cacheDir: `${opts.cacheRoot}/${m.cacheKey}`,
      });
      rows.push(...rs.map((r) => ({ ...r, seed })));
      m.model.dispose();
    }
  }
  return rows;
}

/** One row per measured model: translation invariance (median, magnitudes 1–8) on each background, mean ± SEM over seeds. */
export function backgroundControlTable(
  photo: (InvarianceRow & { seed?: number })[],
  uniform: SeededRow[],
): Record<string, string>[] {
  const ms = (xs: number[]) => `${mean(xs).toFixed(3)} ± ${sem(xs).toFixed(3)}`;
  return [...new Set(uniform.map((r) => r.model))].map((model) => {
    const ph = medianInvariancePerSeed(photo, model, TRANSLATIONS, MAGNITUDES);
    const un = medianInvariancePerSeed(uniform, model, TRANSLATIONS, MAGNITUDES);
    return { model, "photo background": ms(ph), "uniform background": ms(un), seeds: String(un.length) };
  });
}

/**
 * The background control: the same images with each photo patch replaced by
 * its mean colour (scenes' `background=uniform`), measured on the untrained
 * and the trained-without-augmentation model of each family. On photo
 * backgrounds most of a small frame is background, so an untrained network's
 * embedding can barely move under translation for a reason that is not the
 * object; the control says whether "training raises translation invariance"
 * holds once that reason is gone. Rows carry their training seed; checks pair
 * over seeds.
 */
export function backgroundControlFindings(
  photo: (InvarianceRow & { seed?: number })[],
  uniform: (InvarianceRow & { seed?: number })[],
): Finding[] {
  const out: Finding[] = [];
  for (const f of ["ResNet", "ViT"]) {
    const untrained = `${f} untrained`, trained = `${f} trained w/o aug`;
    const at = (rows: typeof photo, model: string) => medianInvariancePerSeed(rows, model, TRANSLATIONS, MAGNITUDES);
    const [up, uu, tp, tu] = [at(photo, untrained), at(uniform, untrained), at(photo, trained), at(uniform, trained)];
    if (!uu.length || !tu.length || uu.length !== up.length || tu.length !== tp.length) continue;
    out.push({
      claim:
        `Background control, ${f}: the untrained network's translation invariance is higher on photo backgrounds than on uniform ones`,
      paper: "not tested (ImageNet has no background control)",
      decision: above(up, uu, { label: `${f} untrained, photos − uniform` }),
      evidence: `${show("photos", up)} vs ${show("uniform", uu)}`,
    });
    out.push({
      claim:
        `Background control, ${f}: training raises translation invariance on uniform backgrounds (trained w/o aug vs untrained)`,
      paper: "yes (Fig. 2, on ImageNet)",
      decision: above(tu, uu, { label: `${f} uniform, trained − untrained` }),
      evidence: `${show(trained, tu)} vs ${show(untrained, uu)}`,
    });
    const gainUniform = tu.map((t, i) => t - uu[i]), gainPhoto = tp.map((t, i) => t - up[i]);
    out.push({
      claim:
        `Background control, ${f}: training's effect on translation invariance is larger on uniform backgrounds than on photos`,
      paper: "not tested",
      decision: above(gainUniform, gainPhoto, { label: `${f} (trained − untrained), uniform − photos` }),
      evidence: `trained − untrained: ${show("uniform", gainUniform)} vs ${show("photos", gainPhoto)}`,
    });
  }
  return out;
}
