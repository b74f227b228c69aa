/**
 * The `full` profile end to end on a tiny ImageNet-style folder of
 * non-square JPEGs (`deno task test:full`, run by CI): ResNet18 at 224 px
 * trains one epoch with RandomResizedCrop + flip, its input streamed from
 * the original files by two decode workers, and evaluates on E(·); then
 * `deno task invariance` profiles the trained model on the folder.
 * Prints "full profile smoke: passed" or fails with the reason.
 */
import { writePhotoFolder } from "../lib/data/photo_folder.ts";
import { PROJECT_ROOT } from "../lib/paths.ts";

const root = await Deno.makeTempDir({ prefix: "gib-full-" });
/** Runs one of our scripts in the full profile on the generated folder. */
const denoRun = (script: string, args: string[], stdout: "piped" | "inherit") =>
  new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${PROJECT_ROOT}/scripts/${script}`, ...args],
    env: { PROFILE: "full", DATASET_ROOT: `${root}/data`, NO_COLOR: "1" },
    stdout,
    stderr: "inherit",
  }).output();
try {
  const made = await writePhotoFolder(`${root}/data`, { classes: 3, perClass: { train: 6, val: 2 }, scale: 0.6, seed: 7 });
  console.log(`folder: ${made.files} JPEGs (${made.source}), sizes like 300×225 and 225×300`);
  const t0 = performance.now();
  const run = await denoRun("train.ts", [
    "--augment",
    "HC",
    "--epochs",
    "1",
    "--batch",
    "6",
    "--workers",
    "2",
    "--runs",
    `${root}/runs`,
  ], "piped");
  const out = new TextDecoder().decode(run.stdout).trim().split("\n").pop() ?? "";
  if (!run.success) throw new Error(`deno task train (full profile) failed with code ${run.code}`);
  const r = JSON.parse(out);
  if (!(r.finalTop1 >= 0 && r.finalTop1 <= 1)) throw new Error(`no valid top-1 in ${out}`);
  const cfg = JSON.parse(await Deno.readTextFile(`${root}/runs/${r.key}/config.json`));
  const m = cfg.model;
  if (!(m.arch === "resnet" && m.stem === "imagenet" && m.blocks.join() === "2,2,2,2" && m.width === 64 && m.imageSize === 224)) {
    throw new Error(`expected the full profile's ResNet18 at 224 px, got ${JSON.stringify(m)}`);
  }
  if (cfg.data.crop !== 224 || cfg.data.resizeTo !== 256) {
    throw new Error(`expected E(·) = Resize(256) → CenterCrop(224), got ${JSON.stringify(cfg.data)}`);
  }
  console.log(
    `ok    ResNet18 (224 px) trained 1 epoch from streamed originals in ${
      ((performance.now() - t0) / 1000).toFixed(0)
    } s: top-1 ${(100 * r.finalTop1).toFixed(1)} % on 6 held-out images`,
  );
  const t1 = performance.now();
  const inv = await denoRun(
    "invariance.ts",
    ["--model", `${root}/runs/${r.key}/best`, "--data", `${root}/data`, "--n", "3", "--out", `${root}/invariance`],
    "inherit",
  );
  if (!inv.success) throw new Error(`deno task invariance (full profile) failed with code ${inv.code}`);
  const csv = (await Deno.readTextFile(`${root}/invariance/invariance.csv`)).trim().split("\n");
  if (csv.length < 10 || /NaN/.test(csv.join())) throw new Error(`invariance.csv has ${csv.length} lines or NaN values`);
  console.log(
    `ok    deno task invariance on the trained model: ${csv.length - 1} rows in ${
      ((performance.now() - t1) / 1000).toFixed(0)
    } s`,
  );
  console.log("full profile smoke: passed");
} finally {
  await Deno.remove(root, { recursive: true });
}
