/**
 * Measures the invariance (Eq. 1) and equivariance (App. D) of any saved
 * model, beyond the paper: every transformation of the invariance table at
 * magnitudes 0…9, on training images of a dataset.
 *
 *   deno task invariance --model results/quick/runs/<key>/best --data scenes
 *   deno task invariance --model my_model/ --data /data/imagenet --n 2048 --out results/mine
 *
 *   deno task invariance --model resnet18.safetensors --arch resnet18 --data /data/imagenet
 *
 * --model: a folder with model.json + weights.bin (lib/models/io.ts format), or a published
 * checkpoint as .safetensors with --arch resnet18 | vit_b_16 | vit_s_16 (timm names too:
 * vit_base_patch16_224…), --classes (default 1000) and --norm imagenet | half (mean = std = 0.5,
 * timm's augreg ViTs; the paper's code fed ImageNet statistics; default imagenet);
 * --data: "scenes[:knobs]", "fashion-mnist" or an ImageNet-style folder (<root>/train/<class>/*.JPEG);
 * --n images (default 512), --seed, --out folder (default results/invariance/<model folder name>).
 * Writes invariance.csv and invariance.svg there.
 */
import { imagesFor } from "../lib/analysis/image_set.ts";
import { invarianceProfile } from "../lib/analysis/invariance_profile.ts";
import { INVARIANCE_TRANSFORMS } from "../lib/augment/transforms.ts";
import { type BackendName, selectBackend } from "../lib/backend.ts";
import { numberFlag, parseArgs } from "../lib/cli.ts";
import { datasetNormalization } from "../lib/data/normalization.ts";
import { loadModel } from "../lib/models/io.ts";
import { loadPretrained, PRETRAINED_ARCHS, pretrainedConfig } from "../lib/models/pretrained.ts";
import { HALF_NORMALIZATION, IMAGENET_NORMALIZATION } from "../lib/data/normalization.ts";
import { resultsDir } from "../lib/paths.ts";
import { invarianceFigure } from "../lib/plots/invariance_figures.ts";
import { writeCsv } from "../lib/results/csv.ts";

const { flags } = parseArgs(Deno.args);
if (typeof flags.model !== "string" || typeof flags.data !== "string") {
  console.error(
    "usage: deno task invariance --model <model folder> --data <scenes | fashion-mnist | image folder> [--n 512] [--seed 0] [--out dir] [--backend wasm]",
  );
  Deno.exit(2);
}
await selectBackend({ prefer: (flags.backend as BackendName | undefined) ?? undefined, purpose: "infer" });
const pretrained = flags.model.endsWith(".safetensors");
if (pretrained && typeof flags.arch !== "string") {
  console.error(`a .safetensors checkpoint needs --arch (${PRETRAINED_ARCHS.join(", ")})`);
  Deno.exit(2);
}
const model = pretrained
  ? await loadPretrained(flags.model, pretrainedConfig(String(flags.arch), numberFlag(flags, "classes", 1000)), {
    normalization: flags.norm === "half" ? HALF_NORMALIZATION : IMAGENET_NORMALIZATION,
  })
  : await loadModel(flags.model);
const c = model.config;
const label = flags.model.replace(/\/+$/, "").split("/").slice(-2).join("/");
const grey = c.inChannels === 1;
const { images, fill } = await imagesFor(
  {
    dataset: flags.data,
    crop: c.imageSize,
    resizeTo: Math.round((c.imageSize * 256) / 224),
    grey,
    trainPerClass: 0,
    testPerClass: 0,
  },
  numberFlag(flags, "n", 512),
  numberFlag(flags, "seed", 0),
);
// The rule the model was trained with, where its model.json records one; else the dataset's.
const norm = model.normalization ?? datasetNormalization({ dataset: flags.data, grey });
const out = typeof flags.out === "string" ? flags.out : `${resultsDir()}/invariance/${label.replaceAll("/", "_")}`;
const t0 = performance.now();
const rows = await invarianceProfile(model, images, {
  label,
  transforms: INVARIANCE_TRANSFORMS,
  fill,
  norm,
  seed: numberFlag(flags, "seed", 0),
  onProgress: (d, n, what) => void (d % 10 === 0 || d === n ? console.error(`  ${d}/${n} ${what}`) : 0),
});
await writeCsv(`${out}/invariance.csv`, rows, { model: flags.model, data: flags.data, images: images.n });
await invarianceFigure(rows, {
  transformations: INVARIANCE_TRANSFORMS.map((t) => t.name),
  models: [label],
  title: `Invariance of ${label} on ${flags.data} (${images.n} images)`,
}).save(`${out}/invariance.svg`);
console.log(
  `${rows.length} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${out}/invariance.csv, ${out}/invariance.svg`,
);
for (const r of rows.filter((r) => r.magnitude === 5)) {
  console.log(
    `  ${r.transformation.padEnd(20)} ${r.parameter.padEnd(8)} mean invariance ${r.inv_mean.toFixed(3)}  median ${
      r.inv_median.toFixed(3)
    }`,
  );
}
model.dispose();
