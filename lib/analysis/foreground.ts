/**
 * Appendix E.1: where the foreground object sits in the frame. A mask's
 * foreground is its pixels strictly above 0.1 (in [0, 1]); the box spans
 * their extreme rows and columns; centre and area are relative to the frame
 * (area without +1, so a single pixel has area 0, as the reference). The
 * paper's masks came from a saliency network that cannot be downloaded
 * here: on uniform-background data the image itself is the mask
 * (`thresholdMasks`), and any other data can bring a folder of masks.
 */
import type { Dataset } from "../data/dataset.ts";
import { mean, sem } from "../metrics/stats.ts";

export interface ForegroundBox {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export interface RelativeBox {
  centreRow: number;
  centreCol: number;
  area: number;
}

/** The box of the pixels above `threshold` (mask values in 0…255 scaled to [0, 1]); undefined when none is. */
export function foregroundBox(
  mask: Uint8Array,
  width: number,
  height: number,
  channels = 1,
  threshold = 0.1,
): ForegroundBox | undefined {
  let r0 = Infinity, r1 = -1, c0 = Infinity, c1 = -1;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let v = 0;
      for (let k = 0; k < channels; k++) v += mask[(r * width + c) * channels + k];
      if (v / channels / 255 > threshold) {
        if (r < r0) r0 = r;
        if (r > r1) r1 = r;
        if (c < c0) c0 = c;
        if (c > c1) c1 = c;
      }
    }
  }
  return r1 < 0 ? undefined : { r0, r1, c0, c1 };
}

export function relativeBox(b: ForegroundBox, width: number, height: number): RelativeBox {
  return {
    centreRow: (b.r0 + b.r1) / 2 / height,
    centreCol: (b.c0 + b.c1) / 2 / width,
    area: ((b.r1 - b.r0) * (b.c1 - b.c0)) / (width * height),
  };
}

export interface ForegroundStats {
  boxes: (RelativeBox & { label: number })[];
  /** Masks with no foreground pixel (skipped). */
  empty: number;
}

/** Boxes of every mask of a dataset (each image is its own mask when the background is uniform and dark). */
export function foregroundStats(masks: Dataset, threshold = 0.1): ForegroundStats {
  const size = masks.width * masks.height * masks.channels;
  const boxes: ForegroundStats["boxes"] = [];
  let empty = 0;
  for (let i = 0; i < masks.n; i++) {
    const b = foregroundBox(
      masks.pixels.subarray(i * size, (i + 1) * size),
      masks.width,
      masks.height,
      masks.channels,
      threshold,
    );
    if (!b) empty++;
    else boxes.push({ ...relativeBox(b, masks.width, masks.height), label: masks.labels[i] });
  }
  return { boxes, empty };
}

/** Mean ± SEM of each statistic, overall and per class. */
export function summariseBoxes(stats: ForegroundStats, classes: Dataset["classes"]): Record<string, string | number>[] {
  const row = (name: string, bs: RelativeBox[]) => ({
    class: name,
    images: bs.length,
    "centre row": `${mean(bs.map((b) => b.centreRow)).toFixed(3)} ± ${sem(bs.map((b) => b.centreRow)).toFixed(4)}`,
    "centre column": `${mean(bs.map((b) => b.centreCol)).toFixed(3)} ± ${sem(bs.map((b) => b.centreCol)).toFixed(4)}`,
    "area": `${mean(bs.map((b) => b.area)).toFixed(3)} ± ${sem(bs.map((b) => b.area)).toFixed(4)}`,
    "area 5–95 %": (() => {
      const a = bs.map((b) => b.area).sort((x, y) => x - y);
      return a.length
        ? `${a[Math.floor(0.05 * (a.length - 1))].toFixed(2)}–${a[Math.floor(0.95 * (a.length - 1))].toFixed(2)}`
        : "—";
    })(),
  });
  return [row("all classes", stats.boxes), ...classes.map((c) => row(c.name, stats.boxes.filter((b) => b.label === c.index)))];
}

/**
 * "Jittered" copies (spec §1.10): each image pasted into a larger black
 * canvas at a random offset, so the true box position is known — a check
 * that the statistics recover an injected distribution.
 */
export function jitterImages(
  ds: Dataset,
  canvas: number,
  rng: { int(lo: number, hi: number): number },
): { jittered: Dataset; offsets: { row: number; col: number }[] } {
  const c = ds.channels, size = canvas * canvas * c, src = ds.width * ds.height * c;
  if (canvas < ds.width || canvas < ds.height) {
    throw new RangeError(`canvas ${canvas} is smaller than the images (${ds.width}×${ds.height})`);
  }
  const pixels = new Uint8Array(ds.n * size), offsets: { row: number; col: number }[] = [];
  for (let i = 0; i < ds.n; i++) {
    const row = rng.int(0, canvas - ds.height), col = rng.int(0, canvas - ds.width);
    offsets.push({ row, col });
    for (let r = 0; r < ds.height; r++) {
      pixels.set(
        ds.pixels.subarray(i * src + r * ds.width * c, i * src + (r + 1) * ds.width * c),
        i * size + ((row + r) * canvas + col) * c,
      );
    }
  }
  return { jittered: { ...ds, name: `${ds.name} jittered ${canvas}`, width: canvas, height: canvas, pixels }, offsets };
}

/**
 * The jittered-copy check: pastes each image at a random offset into a
 * `canvas`-sized frame, measures the boxes again and returns them with the
 * largest error, in pixels, between the measured centre column and the
 * injected one (0 up to rounding when the method is right).
 */
export function jitterCheck(
  ds: Dataset,
  canvas: number,
  rng: { int(lo: number, hi: number): number },
  threshold = 0.1,
): { boxes: RelativeBox[]; maxCentreError: number } {
  const { jittered, offsets } = jitterImages(ds, canvas, rng);
  const moved = foregroundStats(jittered, threshold), base = foregroundStats(ds, threshold);
  const err = moved.boxes.map((b, i) => Math.abs(b.centreCol * canvas - (offsets[i].col + base.boxes[i].centreCol * ds.width)));
  return { boxes: moved.boxes, maxCentreError: Math.max(...err) };
}
