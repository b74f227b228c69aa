/**
 * Scenes written as an ImageNet-style folder, so that any other tool
 * (PyTorch's ImageFolder included) trains on exactly the same images, and our
 * own folder reader reads them back:
 *
 *   DIR/<split>/<wnid>/<wnid>_<j>.png          the scenes
 *   DIR/masks/<split>/<wnid>/<wnid>_<j>.png    their object masks (255 = object; MASK_ROOT=DIR/masks)
 *   DIR/boxes.csv                              one row per scene: class, boxes, area, centre, drawn factors
 *   DIR/scenes.json                            the knobs, seed, frame and background the set was made with, and the code (commit);
 *                                              no date anywhere, so two exports with the same seed are byte-identical
 */
import { writeImage } from "../image/image.ts";
import { writeJsonAtomic } from "../results/atomic.ts";
import { runMetadata } from "../results/metadata.ts";
import { writeCsv } from "../results/csv.ts";
import type { SceneSet } from "./scenes.ts";

export interface SceneFolderInfo {
  seed: number;
  frame: number;
}

/**
 * Writes the scene sets (one per split) under `dir`. Images are written
 * before the index files, each file atomically replaced, so an interrupted
 * export re-run from the start leaves a complete folder.
 */
export async function writeSceneFolder(
  dir: string,
  sets: SceneSet[],
  info: SceneFolderInfo,
  onProgress?: (done: number, total: number) => void,
): Promise<{ images: number }> {
  const rows: Record<string, string | number>[] = [];
  const total = sets.reduce((n, s) => n + s.dataset.n, 0);
  let done = 0;
  for (const set of sets) {
    const ds = set.dataset, F = ds.width, size = F * F * 3;
    const perClass = new Map<number, number>();
    for (const cls of ds.classes) {
      await Deno.mkdir(`${dir}/${ds.split}/${cls.wnid}`, { recursive: true });
      await Deno.mkdir(`${dir}/masks/${ds.split}/${cls.wnid}`, { recursive: true });
    }
    for (let i = 0; i < ds.n; i++) {
      const label = ds.labels[i], cls = ds.classes[label];
      const j = perClass.get(label) ?? 0;
      perClass.set(label, j + 1);
      const name = `${cls.wnid}_${String(j).padStart(5, "0")}.png`;
      await writeImage(`${dir}/${ds.split}/${cls.wnid}/${name}`, {
        width: F,
        height: F,
        channels: 3,
        data: ds.pixels.subarray(i * size, (i + 1) * size),
      });
      const mask = Uint8Array.from(set.masks.subarray(i * F * F, (i + 1) * F * F), (v) => v * 255);
      await writeImage(`${dir}/masks/${ds.split}/${cls.wnid}/${name}`, { width: F, height: F, channels: 1, data: mask });
      const b = set.boxes[i];
      rows.push({
        file: `${ds.split}/${cls.wnid}/${name}`,
        split: ds.split,
        class: cls.name,
        wnid: cls.wnid,
        x0: b.visible.x0,
        y0: b.visible.y0,
        x1: b.visible.x1,
        y1: b.visible.y1,
        object_x0: b.x0,
        object_y0: b.y0,
        object_x1: b.x1,
        object_y1: b.y1,
        area: +b.area.toFixed(6),
        centre_x: +b.cx.toFixed(6),
        centre_y: +b.cy.toFixed(6),
        drawn_area: +b.drawn.area.toFixed(6),
        angle: +b.drawn.angle.toFixed(4),
        hue: +b.drawn.hue.toFixed(6),
        saturation: +b.drawn.saturation.toFixed(6),
        source: ds.sources?.[i] ?? "",
      });
      onProgress?.(++done, total);
    }
  }
  // No date anywhere: the same seed and code give the same bytes, so a checksum identifies the dataset.
  await writeCsv(`${dir}/boxes.csv`, rows, null);
  const { version, commit } = runMetadata();
  await writeJsonAtomic(`${dir}/scenes.json`, {
    ...info,
    version,
    commit,
    knobs: sets[0]?.knobs,
    background: sets[0]?.background,
    splits: Object.fromEntries(sets.map((s) => [s.dataset.split, s.dataset.n])),
    boxes: "x0..y1: the object's box inside the frame (inclusive pixels); object_*: its whole box, which may extend beyond",
  });
  return { images: total };
}
