/**
 * Scenes: Fashion-MNIST items placed in larger colour frames, with the
 * variation natural photographs have and every factor on its own knob, so
 * that the paper's claims about where invariance comes from can be tested on
 * a CPU. The construction follows accepted labelled datasets of this kind
 * (cluttered/translated MNIST, MNIST-M's photo backgrounds, ImageNet-9's
 * background variants).
 *
 * One scene: a background (a patch of a real photograph, a procedural
 * texture, or black), optional clutter (partial items of other classes at
 * the frame's edges), then the object: a Fashion-MNIST item of the scene's
 * class, tinted (hue, saturation), rotated in the plane, scaled to a drawn
 * area fraction and centred at a drawn position, alpha-composited. Each
 * scene records its object's box and mask. The j-th scene of a class is
 * drawn from its own random stream (seed, split, class, j), so a larger set
 * holds the smaller one, and the same seed gives the same bytes.
 */
import { affine } from "../image/affine.ts";
import { createImage, type Image8 } from "../image/image.ts";
import { resizeBox } from "../image/resize.ts";
import { createRng, type Rng } from "../rng.ts";
import { BASE_AREA, drawAngle, drawArea, drawCentre, parseFactorValue } from "../variation_laws.ts";
import { type BackgroundSet, loadBackgrounds, proceduralTextures, sampleBackground } from "./backgrounds.ts";
import type { Dataset } from "./dataset.ts";
import { FASHION_MNIST_CLASSES, loadFashionMnist } from "./fashion_mnist.ts";

/** The factors of variation. Each has a "none" setting, so a set can vary in exactly one factor. */
export interface SceneKnobs {
  /** Standard deviation of the object's centre, as a fraction of the frame (normal about the middle); 0: centred. */
  position: number;
  /** "uniform": centres uniform on [0.05, 0.95] instead (spec `position=uniform`); absent: normal with sd `position`. */
  positionLaw?: "uniform";
  /** Range of the object box's area fraction, drawn log-uniformly; [a, a]: always a. */
  scale: [number, number];
  /** Largest in-plane rotation in degrees, drawn uniformly in ±rotation; 0: upright. */
  rotation: number;
  /** Largest saturation of the tint (hue uniform); 0: grey objects. */
  colour: number;
  /**
   * What lies behind the object. "uniform": the patch "photos" would draw (the
   * same draws, so the same scenes otherwise) replaced by its mean colour, a
   * control that keeps the frame's colour and removes the photo's structure.
   */
  background: "photos" | "textures" | "uniform" | "none";
  /** Partial items of other classes at the frame's edges, behind the object. */
  clutter: number;
}

/**
 * The default: variation shaped like natural photos (Appendix E.1 finds
 * centres near the middle and areas spread widely): centre sd 0.12 of the
 * frame, area 5–90 % log-uniform, ±15°, full-range tints, photographs.
 */
export const NATURAL_SCENE_KNOBS: Readonly<SceneKnobs> = {
  position: 0.12,
  scale: [0.05, 0.9],
  rotation: 15,
  colour: 1,
  background: "photos",
  clutter: 0,
};

/** Every factor at "none": a grey item of fixed size, centred and upright, on black. */
export const NO_VARIATION_KNOBS: Readonly<SceneKnobs> = {
  position: 0,
  scale: [BASE_AREA, BASE_AREA],
  rotation: 0,
  colour: 0,
  background: "none",
  clutter: 0,
};

/** Where the object is, in pixels of the frame (inclusive bounds) and as fractions of it. */
export interface SceneBox {
  /** The object's whole box, which may extend beyond the frame. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Its part inside the frame (the box a foreground detector can see); empty when x1 < x0. */
  visible: { x0: number; y0: number; x1: number; y1: number };
  /** Centre of the whole box / frame size. */
  cx: number;
  cy: number;
  /** Area of the whole box / frame area. */
  area: number;
  /** What was drawn: the area fraction, the rotation (degrees), hue and saturation. */
  drawn: { area: number; angle: number; hue: number; saturation: number };
}

export interface SceneSet {
  /** The images and labels, as every experiment reads them. */
  dataset: Dataset;
  boxes: SceneBox[];
  /** n·frame·frame bytes: 1 where the object covers the pixel (alpha ≥ 1/2), else 0. */
  masks: Uint8Array;
  knobs: SceneKnobs;
  /** What the backgrounds were: "photos", "textures" (no photographs installed), "uniform" or "none". */
  background: "photos" | "textures" | "uniform" | "none";
}

export interface SceneOptions {
  /** "train" draws its objects from Fashion-MNIST's training split, "val" from its test split. */
  split: "train" | "val";
  perClass: number;
  seed: number;
  /** Side of the square frame in pixels. */
  frame: number;
  knobs?: Partial<SceneKnobs>;
  /** Background set (default: data/backgrounds, or textures when it is empty). */
  backgrounds?: BackgroundSet;
}

/** Complete knobs from a partial set, checked; a bad value is an error naming the knob. */
export function sceneKnobs(k: Partial<SceneKnobs> = {}): SceneKnobs {
  const knobs = { ...NATURAL_SCENE_KNOBS, ...k };
  const bad = (name: string, why: string) => new RangeError(`scene knob ${name}: ${why}`);
  if (!(knobs.position >= 0 && knobs.position <= 0.5)) throw bad("position", `sd must be in [0, 0.5], got ${knobs.position}`);
  const [a0, a1] = knobs.scale;
  if (!(a0 > 0 && a1 >= a0 && a1 <= 4)) throw bad("scale", `area range must satisfy 0 < min ≤ max ≤ 4, got [${a0}, ${a1}]`);
  if (!(knobs.rotation >= 0 && knobs.rotation <= 180)) {
    throw bad("rotation", `must be in [0, 180] degrees, got ${knobs.rotation}`);
  }
  if (!(knobs.colour >= 0 && knobs.colour <= 1)) throw bad("colour", `saturation must be in [0, 1], got ${knobs.colour}`);
  if (!["photos", "textures", "uniform", "none"].includes(knobs.background)) {
    throw bad("background", `must be photos, textures, uniform or none, got ${knobs.background}`);
  }
  if (!(Number.isInteger(knobs.clutter) && knobs.clutter >= 0 && knobs.clutter <= 8)) {
    throw bad("clutter", `must be an integer in 0..8, got ${knobs.clutter}`);
  }
  return knobs;
}

/** A 32-bit hash of integers, for per-scene random streams. */
function streamSeed(...xs: number[]): number {
  let h = 0x811c9dc5;
  for (const x of xs) {
    h = Math.imul(h ^ (x >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  }
  return h;
}

/** HSV (value 1) → RGB multipliers in [0, 1]. */
function tint(hue: number, saturation: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + hue * 6) % 6;
    return 1 - saturation * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [f(5), f(3), f(1)];
}

/** An item as colour and alpha layers of the same size. */
interface Layer {
  colour: Image8;
  alpha: Image8;
}

/** Alpha of a grey level: a soft edge, so the item's faint anti-aliased rim blends into the background; 1 from level 43. */
const alphaOf = (v: number) => Math.min(255, 6 * v);

/**
 * The item as a colour/alpha layer, tinted, cropped to the box of its
 * opaque part (alpha ≥ 1/2, the part the object's mask and box count), so
 * that a drawn area fraction is the area of the box the scene records.
 */
function itemLayer(item: Image8, rgb: [number, number, number]): Layer {
  let x0 = item.width, y0 = item.height, x1 = -1, y1 = -1;
  for (let y = 0; y < item.height; y++) {
    for (let x = 0; x < item.width; x++) {
      if (alphaOf(item.data[y * item.width + x]) >= 128) {
        x0 = Math.min(x0, x), x1 = Math.max(x1, x), y0 = Math.min(y0, y), y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) x0 = 0, y0 = 0, x1 = item.width - 1, y1 = item.height - 1; // a blank item: its whole frame
  const w = x1 - x0 + 1, h = y1 - y0 + 1;
  const colour = createImage(w, h, 3), alpha = createImage(w, h, 1);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = item.data[(y + y0) * item.width + x + x0];
      alpha.data[y * w + x] = alphaOf(v);
      for (let c = 0; c < 3; c++) colour.data[(y * w + x) * 3 + c] = Math.round(v * rgb[c]);
    }
  }
  return { colour, alpha };
}

/** Resizes a layer to w×h (PIL's bilinear) and rotates it on a canvas large enough to hold it. */
function transformLayer(layer: Layer, w: number, h: number, angle: number): Layer {
  let colour = resizeBox(layer.colour, w, h), alpha = resizeBox(layer.alpha, w, h);
  if (angle !== 0) {
    const side = Math.ceil(Math.hypot(w, h)) + 2;
    const pad = (img: Image8): Image8 => {
      const out = createImage(side, side, img.channels);
      const ox = Math.floor((side - w) / 2), oy = Math.floor((side - h) / 2);
      for (let y = 0; y < h; y++) {
        out.data.set(img.data.subarray(y * w * img.channels, (y + 1) * w * img.channels), ((y + oy) * side + ox) * img.channels);
      }
      return out;
    };
    colour = affine(pad(colour), { angle });
    alpha = affine(pad(alpha), { angle });
  }
  return { colour, alpha };
}

/** Alpha-composites `layer` onto `frame` with its top-left corner at (left, top); returns the covered mask. */
function composite(frame: Image8, layer: Layer, left: number, top: number, mask?: Uint8Array): void {
  const F = frame.width, { width: w, height: h } = layer.alpha;
  for (let y = 0; y < h; y++) {
    const fy = top + y;
    if (fy < 0 || fy >= F) continue;
    for (let x = 0; x < w; x++) {
      const fx = left + x;
      if (fx < 0 || fx >= F) continue;
      const a = layer.alpha.data[y * w + x];
      if (!a) continue;
      const o = (fy * F + fx) * 3, s = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) {
        frame.data[o + c] = Math.round((a * layer.colour.data[s + c] + (255 - a) * frame.data[o + c]) / 255);
      }
      if (mask && a >= 128) mask[fy * F + fx] = 1;
    }
  }
}

/** Tight box of the layer's alpha (≥ 1/2) in layer pixels, or the whole layer if empty. */
function alphaBox(alpha: Image8): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = alpha.width, y0 = alpha.height, x1 = -1, y1 = -1;
  for (let y = 0; y < alpha.height; y++) {
    for (let x = 0; x < alpha.width; x++) {
      if (alpha.data[y * alpha.width + x] >= 128) {
        x0 = Math.min(x0, x), x1 = Math.max(x1, x), y0 = Math.min(y0, y), y1 = Math.max(y1, y);
      }
    }
  }
  return x1 < 0 ? { x0: 0, y0: 0, x1: alpha.width - 1, y1: alpha.height - 1 } : { x0, y0, x1, y1 };
}

function drawTint(rng: Rng, k: SceneKnobs): { hue: number; saturation: number } {
  if (k.colour === 0) return { hue: 0, saturation: 0 };
  return { hue: rng.next(), saturation: rng.uniform(0, k.colour) };
}

/**
 * Generates a class-balanced set of scenes: `perClass` per Fashion-MNIST
 * class, class after class in a seeded shuffled order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const s = await generateScenes({ split: "val", perClass: 2, seed: 0, frame: 37 });
 * assert.equal(s.dataset.n, 20);
 * assert.equal(s.dataset.channels, 3);
 * assert.ok(s.boxes.every((b) => b.area > 0));
 * ```
 */
export async function generateScenes(opts: SceneOptions): Promise<SceneSet> {
  const knobs = sceneKnobs(opts.knobs);
  const F = opts.frame;
  if (!(Number.isInteger(F) && F >= 8)) throw new RangeError(`scene frame must be an integer ≥ 8, got ${F}`);
  if (!(Number.isInteger(opts.perClass) && opts.perClass > 0)) {
    throw new RangeError(`scenes per class must be a positive integer, got ${opts.perClass}`);
  }
  const items = await loadFashionMnist(opts.split === "train" ? "train" : "test");
  const backgrounds = knobs.background === "none" ? undefined : opts.backgrounds ??
    (knobs.background === "textures" ? proceduralTextures(11) : await loadBackgrounds());
  const nClasses = FASHION_MNIST_CLASSES.length;
  const splitCode = opts.split === "train" ? 1 : 2;

  // Items of each class in a seeded order; scene j of class c uses the j-th (cycling).
  const byClass: number[][] = Array.from({ length: nClasses }, () => []);
  for (let i = 0; i < items.n; i++) byClass[items.labels[i]].push(i);
  const orderRng = createRng(streamSeed(opts.seed, splitCode, 0xc1a55));
  for (const list of byClass) orderRng.shuffle(list);

  const n = nClasses * opts.perClass, size = F * F * 3;
  const pixels = new Uint8Array(n * size), labels = new Int32Array(n), masks = new Uint8Array(n * F * F);
  const boxes: SceneBox[] = [], sources: string[] = [];
  const itemImage = (i: number): Image8 => ({
    width: items.width,
    height: items.height,
    channels: 1,
    data: items.pixels.subarray(i * items.width * items.height, (i + 1) * items.width * items.height),
  });
  for (let s = 0; s < n; s++) {
    const cls = Math.floor(s / opts.perClass), j = s % opts.perClass;
    const rng = createRng(streamSeed(opts.seed, splitCode, cls + 1, j));
    const frame = backgrounds ? sampleBackground(backgrounds, rng, F) : createImage(F, F, 3);
    if (knobs.background === "uniform") fillWithMean(frame);

    for (let k = 0; k < knobs.clutter; k++) {
      let other = rng.int(0, nClasses - 2);
      if (other >= cls) other++;
      const list = byClass[other];
      const t = drawTint(rng, knobs);
      const layer = itemLayer(itemImage(list[rng.int(0, list.length - 1)]), tint(t.hue, t.saturation));
      const a = Math.exp(rng.uniform(Math.log(0.05), Math.log(0.3)));
      const kk = Math.sqrt((a * F * F) / (layer.alpha.width * layer.alpha.height));
      const placed = transformLayer(
        layer,
        Math.max(1, Math.round(layer.alpha.width * kk)),
        Math.max(1, Math.round(layer.alpha.height * kk)),
        0,
      );
      // Centre on a random point of the frame's edge: about half of it is cut.
      const side = rng.int(0, 3), along = rng.uniform(0, F);
      const [cx, cy] = side === 0 ? [along, 0] : side === 1 ? [along, F] : side === 2 ? [0, along] : [F, along];
      composite(frame, placed, Math.round(cx - placed.alpha.width / 2), Math.round(cy - placed.alpha.height / 2));
    }

    const list = byClass[cls];
    const itemIndex = list[j % list.length];
    const area = drawArea(rng, knobs.scale), angle = drawAngle(rng, knobs.rotation);
    const t = drawTint(rng, knobs);
    const law = knobs.positionLaw ?? "normal";
    const cx = drawCentre(rng, knobs.position, law), cy = drawCentre(rng, knobs.position, law);
    const layer = itemLayer(itemImage(itemIndex), tint(t.hue, t.saturation));
    const k = Math.sqrt((area * F * F) / (layer.alpha.width * layer.alpha.height));
    const w = Math.max(1, Math.round(layer.alpha.width * k)), h = Math.max(1, Math.round(layer.alpha.height * k));
    const placed = transformLayer(layer, w, h, angle);
    // The box of the opaque part, not the layer, is centred at the drawn position.
    const b = alphaBox(placed.alpha);
    const left = Math.round(cx * F - (b.x0 + b.x1 + 1) / 2), top = Math.round(cy * F - (b.y0 + b.y1 + 1) / 2);
    const mask = masks.subarray(s * F * F, (s + 1) * F * F);
    composite(frame, placed, left, top, mask);

    const box = { x0: b.x0 + left, y0: b.y0 + top, x1: b.x1 + left, y1: b.y1 + top };
    const visible = {
      x0: Math.max(0, box.x0),
      y0: Math.max(0, box.y0),
      x1: Math.min(F - 1, box.x1),
      y1: Math.min(F - 1, box.y1),
    };
    boxes.push({
      ...box,
      visible,
      cx: (box.x0 + box.x1 + 1) / 2 / F,
      cy: (box.y0 + box.y1 + 1) / 2 / F,
      area: ((box.x1 - box.x0 + 1) * (box.y1 - box.y0 + 1)) / (F * F),
      drawn: { area, angle, hue: t.hue, saturation: t.saturation },
    });
    pixels.set(frame.data, s * size);
    labels[s] = cls;
    sources.push(`fashion-mnist/${opts.split === "train" ? "train" : "test"}#${itemIndex}`);
  }

  return {
    dataset: {
      name: "scenes",
      split: opts.split,
      n,
      height: F,
      width: F,
      channels: 3,
      pixels,
      labels,
      classes: FASHION_MNIST_CLASSES.map((c) => ({ ...c })),
      sources,
    },
    boxes,
    masks,
    knobs,
    background: knobs.background === "none" || knobs.background === "uniform" ? knobs.background : backgrounds!.kind,
  };
}

/**
 * The name of the same scenes with another background ("scenes" →
 * "scenes:background=uniform"); undefined for data that are not scenes.
 */
export function scenesWithBackground(dataset: string, background: SceneKnobs["background"]): string | undefined {
  if (dataset === "scenes") return `scenes:background=${background}`;
  if (!dataset.startsWith("scenes:")) return undefined;
  const knobs = dataset.slice("scenes:".length).split(",").filter((k) => !k.startsWith("background="));
  return `scenes:${[...knobs, `background=${background}`].join(",")}`;
}

/** Replaces every pixel of an RGB frame by the frame's mean colour (rounded). */
export function fillWithMean(frame: { data: Uint8Array; channels: number }): void {
  const c = frame.channels, n = frame.data.length / c;
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let i = ch; i < frame.data.length; i += c) sum += frame.data[i];
    const m = Math.round(sum / n);
    for (let i = ch; i < frame.data.length; i += c) frame.data[i] = m;
  }
}

/** The sd of a centre uniform on [0.05, 0.95]: 0.9 / √12. */
export const UNIFORM_CENTRE_SD = 0.9 / Math.sqrt(12);

/** The name of the scenes dataset; `scenes:<knob>=<value>,…` sets knobs (and `seed`). */
export const SCENES = "scenes";

/**
 * Parses a scenes spec — "scenes", or "scenes:position=0.2,scale=0.1-0.5,
 * rotation=none,colour=0.5,background=textures,clutter=2,seed=3" — into
 * knobs and a generation seed; undefined when `spec` does not name scenes.
 * "none" sets a knob to its no-variation value; "position=uniform" draws
 * centres uniformly on [0.05, 0.95]. A bad knob is an error naming it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseSceneSpec("scenes:position=none,scale=0.1-0.5"), { knobs: { position: 0, scale: [0.1, 0.5] }, seed: 0 });
 * assert.equal(parseSceneSpec("/data/imagenet"), undefined);
 * ```
 */
export function parseSceneSpec(spec: string): { knobs: Partial<SceneKnobs>; seed: number } | undefined {
  if (spec !== SCENES && !spec.startsWith(`${SCENES}:`)) return undefined;
  const knobs: Partial<SceneKnobs> = {};
  let seed = 0;
  const body = spec.slice(SCENES.length + 1);
  for (const part of body ? body.split(",") : []) {
    const [key, value] = part.split("=").map((s) => s.trim());
    const none = value === "none";
    const num = (v: string) => {
      const x = Number(v);
      if (v === "" || !Number.isFinite(x)) throw new RangeError(`scenes spec "${spec}": ${key}=${value} is not a number`);
      return x;
    };
    switch (key) {
      case "position":
        if (value === "uniform") {
          knobs.positionLaw = "uniform";
          knobs.position = UNIFORM_CENTRE_SD;
          break;
        }
        knobs[key] = none ? NO_VARIATION_KNOBS[key] : parseFactorValue(key, value ?? "");
        break;
      case "rotation":
        knobs[key] = none ? NO_VARIATION_KNOBS[key] : parseFactorValue(key, value ?? "");
        break;
      case "scale":
        knobs.scale = none ? [...NO_VARIATION_KNOBS.scale] : parseFactorValue("scale", value ?? "");
        break;
      case "colour":
      case "clutter":
        knobs[key] = none ? NO_VARIATION_KNOBS[key] : num(value);
        break;
      case "background":
        knobs.background = value as SceneKnobs["background"];
        break;
      case "seed":
        seed = num(value);
        break;
      default:
        throw new RangeError(
          `scenes spec "${spec}": unknown knob "${key}" (knobs: position, scale, rotation, colour, background, clutter, seed)`,
        );
    }
  }
  sceneKnobs(knobs); // validates
  return { knobs, seed };
}
