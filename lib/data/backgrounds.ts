/**
 * Backgrounds of the scene generator: patches of real photographs
 * (data/backgrounds/, made from Debian's plasma-workspace-wallpapers by
 * scripts/make_backgrounds.ts, licences in its SOURCES.md), or procedural
 * textures when no photographs are there.
 */
import { memoizeAsync } from "../memo.ts";
import { createImage, type Image8, readImage } from "../image/image.ts";
import { hflip } from "../image/crop.ts";
import { resizeBox } from "../image/resize.ts";
import { DATA_DIR } from "../paths.ts";
import { createRng, type Rng } from "../rng.ts";

/** Size of each stored background photograph. */
export const BACKGROUND_WIDTH = 192;
export const BACKGROUND_HEIGHT = 144;

export interface BackgroundSet {
  /** "photos" or "textures": what the images are. */
  kind: "photos" | "textures";
  names: string[];
  images: Image8[];
}

/**
 * The photographs of `dir` (default data/backgrounds), sorted by name, or,
 * when the folder has none, `count` procedural textures.
 */
export function loadBackgrounds(dir = `${DATA_DIR}/backgrounds`): Promise<BackgroundSet> {
  return loadOnce(dir);
}

const loadOnce = memoizeAsync((dir: string) => dir, load);

async function load(dir: string): Promise<BackgroundSet> {
  let names: string[] = [];
  try {
    names = [...Deno.readDirSync(dir)].filter((e) => e.isFile && e.name.endsWith(".png")).map((e) => e.name).sort();
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  if (!names.length) return proceduralTextures(11);
  const images = await Promise.all(names.map((n) => readImage(`${dir}/${n}`)));
  return { kind: "photos", names, images };
}

/**
 * `count` colour textures of the photographs' size, the same on every
 * machine: each a sum of three random gratings and smoothed noise, in two
 * random colours.
 */
export function proceduralTextures(count: number, seed = 0): BackgroundSet {
  const rng = createRng(seed);
  const images: Image8[] = [];
  const W = BACKGROUND_WIDTH, H = BACKGROUND_HEIGHT;
  for (let t = 0; t < count; t++) {
    const gratings = Array.from({ length: 3 }, () => ({
      angle: rng.uniform(0, Math.PI),
      freq: rng.uniform(0.02, 0.25),
      phase: rng.uniform(0, 2 * Math.PI),
      weight: rng.uniform(0.2, 1),
    }));
    const colours = [0, 1].map(() => [rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)]);
    // Coarse noise on an 8-pixel lattice, bilinearly interpolated.
    const gw = Math.ceil(W / 8) + 2, gh = Math.ceil(H / 8) + 2;
    const lattice = Float64Array.from({ length: gw * gh }, () => rng.next());
    const img = createImage(W, H, 3);
    const total = gratings.reduce((s, g) => s + g.weight, 0) + 1;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let v = 0;
        for (const g of gratings) {
          v += g.weight * 0.5 * (1 + Math.sin(g.freq * (x * Math.cos(g.angle) + y * Math.sin(g.angle)) + g.phase));
        }
        const gx = x / 8, gy = y / 8, x0 = Math.floor(gx), y0 = Math.floor(gy), fx = gx - x0, fy = gy - y0;
        const at = (i: number, j: number) => lattice[j * gw + i];
        v += (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
          fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
        const a = v / total;
        for (let c = 0; c < 3; c++) img.data[(y * W + x) * 3 + c] = Math.round(colours[0][c] * (1 - a) + colours[1][c] * a);
      }
    }
    images.push(img);
  }
  return { kind: "textures", names: images.map((_, i) => `texture${i}`), images };
}

/**
 * A size×size background: a square patch of a random image of the set, of a
 * random side between `size` and the image's height, at a random position,
 * resized (PIL's bilinear) and mirrored with probability 1/2.
 */
export function sampleBackground(set: BackgroundSet, rng: Rng, size: number): Image8 {
  const img = set.images[rng.int(0, set.images.length - 1)];
  const side = rng.int(Math.min(size, img.height), img.height);
  const left = rng.int(0, img.width - side), top = rng.int(0, img.height - side);
  const patch = resizeBox(img, size, size, [left, top, left + side, top + side]);
  return rng.next() < 0.5 ? hflip(patch) : patch;
}
