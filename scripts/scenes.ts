/**
 * Writes generated scenes (lib/data/scenes.ts) as an ImageNet-style folder
 * that any tool can train on, PyTorch's ImageFolder included:
 * DIR/{train,val}/<wnid>/*.png, their masks under DIR/masks/, DIR/boxes.csv
 * and DIR/scenes.json (lib/data/scene_folder.ts).
 *
 *   deno task scenes --out DIR [--train-per-class 300] [--val-per-class 100] [--seed 0] [--frame 37]
 *                    [--position 0.12] [--scale 0.05-0.9] [--rotation 15] [--colour 1]
 *                    [--background photos|textures|none] [--clutter 0] [--grid sheet.png]
 *
 * Each knob also takes "none" (no variation in that factor). Our folder
 * reader reads the result back: DATASET=DIR (or --data DIR) trains on it.
 * --grid also writes a contact sheet: the first 10 training scenes of every
 * class, one class per row.
 */
import { numberFlag, parseArgs } from "../lib/cli.ts";
import { writeSceneFolder } from "../lib/data/scene_folder.ts";
import { getImage } from "../lib/data/dataset.ts";
import { generateScenes, parseSceneSpec } from "../lib/data/scenes.ts";
import { writeImage } from "../lib/image/image.ts";
import { tileImages } from "../lib/image/tile.ts";

const { flags } = parseArgs(Deno.args);
if (typeof flags.out !== "string") {
  console.error(
    "usage: deno task scenes --out DIR [--train-per-class 300] [--val-per-class 100] [--seed 0] [--frame 37] " +
      "[--position sd|none] [--scale min-max|none] [--rotation deg|none] [--colour sat|none] [--background photos|textures|none] [--clutter n]",
  );
  Deno.exit(2);
}
const knobNames = ["position", "scale", "rotation", "colour", "background", "clutter"];
const spec = ["scenes", knobNames.filter((k) => typeof flags[k] === "string").map((k) => `${k}=${flags[k]}`).join(",")]
  .filter(Boolean).join(":");
const { knobs } = parseSceneSpec(spec)!; // a bad knob stops here, naming it
const seed = numberFlag(flags, "seed", 0), frame = numberFlag(flags, "frame", 37);
const t0 = performance.now();
const sets = [];
for (
  const [split, perClass] of [["train", numberFlag(flags, "train-per-class", 300)], [
    "val",
    numberFlag(flags, "val-per-class", 100),
  ]] as const
) {
  const set = await generateScenes({ split, perClass, seed, frame, knobs });
  console.error(`${split}: ${set.dataset.n} scenes generated (${set.background} backgrounds)`);
  sets.push(set);
}
if (typeof flags.grid === "string") {
  const train = sets[0].dataset, per = train.n / train.classes.length, columns = Math.min(10, per);
  const cells = train.classes.flatMap((_, c) => Array.from({ length: columns }, (_, j) => getImage(train, c * per + j)));
  await writeImage(flags.grid, tileImages(cells, { columns, zoom: 2, gap: 2 }));
  console.error(`grid: ${flags.grid}`);
}
let last = 0;
const { images } = await writeSceneFolder(flags.out, sets, { seed, frame }, (done, total) => {
  if (done === total || performance.now() - last > 2000) {
    last = performance.now();
    console.error(`writing ${done}/${total}`);
  }
});
console.log(JSON.stringify({ out: flags.out, images, spec, seconds: +((performance.now() - t0) / 1000).toFixed(1) }));
