/**
 * Trains one model with the profile's settings.
 *
 *   deno task train --family resnet --augment C --seed 0
 *   deno task train --family vit --augment HC --epochs 5 --lr 0.01 --profile smoke
 *
 * Flags: --family resnet|vit, --augment None|C|HC|CC|CCnoAR|R|T|TS|TSnoAR|Cbeta<β>,
 * --seed, --epochs, --lr, --wd, --batch, --lr-step (epochs between ×0.1 steps),
 * --optimizer sgd|adamw, --warmup <epochs> (warm-up then cosine decay instead of steps),
 * --label-smoothing <ε> (the loss's, as torch's CrossEntropyLoss; default: the family's recipe),
 * --train-per-class, --backend, --profile, --runs <dir>, --force, --workers <n> (decode
 * workers for an image folder, default one per core; $DATA_WORKERS). The dataset is
 * $DATASET (lib/profile.ts); a folder's original images are streamed (lib/data/stream.ts).
 * The run goes to <runs>/<key>/ (default results/<profile>/runs); an interrupted
 * run resumes when started again with the same settings.
 */
import { augmentation } from "../lib/augment/registry.ts";
import { type BackendName, selectBackend } from "../lib/backend.ts";
import { numberFlag, parseArgs } from "../lib/cli.ts";
import { getProfile, type ModelFamily } from "../lib/profile.ts";
import { runKey } from "../lib/train/grid.ts";
import { familyRecipe, profileTrainConfig } from "../lib/train/presets.ts";
import { train } from "../lib/train/trainer.ts";
import { runsDir } from "../lib/train/zoo.ts";

const { flags } = parseArgs(Deno.args);
if (flags.workers !== undefined) Deno.env.set("DATA_WORKERS", String(flags.workers));
const profile = getProfile(typeof flags.profile === "string" ? flags.profile : undefined);
await selectBackend({ prefer: (flags.backend as BackendName | undefined) ?? undefined, purpose: "train" });
const preset = profile.training;
const family = (flags.family ?? "resnet") as ModelFamily;
if (family !== "resnet" && family !== "vit") throw new RangeError(`--family must be resnet or vit, got "${family}"`);
const recipe = familyRecipe(profile, family);
const optimizer = String(flags.optimizer ?? recipe.optimizer);
if (optimizer !== "sgd" && optimizer !== "adamw") throw new RangeError(`--optimizer must be sgd or adamw, got "${optimizer}"`);
const schedule = flags.warmup !== undefined
  ? { kind: "cosine" as const, warmupEpochs: numberFlag(flags, "warmup", 0) }
  : recipe.schedule;
const config = profileTrainConfig(profile, {
  family,
  augment: augmentation(String(flags.augment ?? "None")).key,
  seed: numberFlag(flags, "seed", 0),
  epochs: numberFlag(flags, "epochs", preset.epochs),
  lr: numberFlag(flags, "lr", recipe.lr),
  weightDecay: numberFlag(flags, "wd", recipe.weightDecay),
  batchSize: numberFlag(flags, "batch", preset.batchSize),
  lrStep: numberFlag(flags, "lr-step", preset.lrStep),
  optimizer: optimizer === "adamw" ? "adamw" : undefined,
  schedule,
});
const labelSmoothing = numberFlag(flags, "label-smoothing", recipe.labelSmoothing ?? 0); // train() checks its range
if (labelSmoothing > 0) config.labelSmoothing = labelSmoothing;
else delete config.labelSmoothing;
config.data.trainPerClass = numberFlag(flags, "train-per-class", config.data.trainPerClass);
const runs = typeof flags.runs === "string" ? flags.runs : runsDir(profile);
const key = await runKey(config);
console.error(`run ${key} → ${runs}/${key}`);
const r = await train(config, { runDir: `${runs}/${key}`, force: flags.force === true });
console.log(
  JSON.stringify({
    key,
    bestTop1: r.bestTop1,
    bestEpoch: r.bestEpoch,
    finalTop1: r.finalTop1,
    imagesPerSecond: Math.round(r.imagesPerSecond),
  }),
);
