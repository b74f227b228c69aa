/**
 * Profiles set the scale of every experiment from one switch: $PROFILE (or an
 * argument). `smoke` is for CI (seconds per notebook, tiny data); `quick`,
 * the default, runs the embedded dataset on a 2-core CPU machine; `full` is
 * the paper's protocol on an ImageNet-style folder, meant for a GPU.
 */

export const PROFILE_NAMES = ["smoke", "quick", "full"] as const;
export type ProfileName = typeof PROFILE_NAMES[number];

export interface DataConfig {
  /** "fashion-mnist" or the root of an ImageNet-style folder. */
  dataset: string;
  /** Evaluation pre-processing E(·): Resize(resizeTo) → CenterCrop(crop). */
  resizeTo: number;
  crop: number;
  grey: boolean;
  /** Class-balanced subset sizes (per class); 0 means the whole split. */
  trainPerClass: number;
  testPerClass: number;
}

export interface Profile {
  name: ProfileName;
  description: string;
  data: DataConfig;
  /** Example images per class shown in the data notebook. */
  galleryPerClass: number;
  /** Seed for data subsets and everything not tied to a training run. */
  dataSeed: number;
  /** Training images measured by the invariance analysis of Section 3 (the paper: 9 600 for ResNets). */
  invarianceSamples: number;
}

const FASHION: Omit<DataConfig, "trainPerClass" | "testPerClass"> = { dataset: "fashion-mnist", resizeTo: 32, crop: 28, grey: true };

function fullProfile(): Profile {
  const root = Deno.env.get("DATASET_ROOT");
  return {
    name: "full",
    description: "the paper's protocol on an ImageNet-style folder ($DATASET_ROOT), for a GPU",
    data: { dataset: root ?? "", resizeTo: 256, crop: 224, grey: false, trainPerClass: 0, testPerClass: 0 },
    galleryPerClass: 6,
    dataSeed: 0,
    invarianceSamples: 9600,
  };
}

/**
 * The profile named by `name`, else $PROFILE, else "quick". An unknown name,
 * or "full" without $DATASET_ROOT, is an error that says what to set.
 *
 * @example const p = getProfile(); p.data.trainPerClass
 */
export function getProfile(name?: string): Profile {
  const n = name ?? Deno.env.get("PROFILE") ?? "quick";
  switch (n) {
    case "smoke":
      return {
        name: "smoke",
        description: "CI check: tiny subsets, seconds per notebook",
        data: { ...FASHION, trainPerClass: 20, testPerClass: 10 },
        galleryPerClass: 4,
        dataSeed: 0,
        invarianceSamples: 40,
      };
    case "quick":
      return {
        name: "quick",
        description: "the embedded Fashion-MNIST on a 2-core CPU machine, all notebooks in about two hours",
        data: { ...FASHION, trainPerClass: 300, testPerClass: 100 },
        galleryPerClass: 8,
        dataSeed: 0,
        invarianceSamples: 512,
      };
    case "full": {
      const p = fullProfile();
      if (!p.data.dataset) throw new Error(`profile "full" needs $DATASET_ROOT: the root of an ImageNet-style folder (<root>/train/<wnid>/*.JPEG)`);
      return p;
    }
    default:
      throw new RangeError(`unknown profile "${n}"${name ? "" : " (from $PROFILE)"}; choose one of ${PROFILE_NAMES.join(", ")}`);
  }
}
