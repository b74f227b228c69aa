/**
 * An ImageNet-style folder of JPEG photographs at ImageNet-like sizes (about
 * 500×375, varied aspect), made from the photographs we have: for the data
 * benchmark and for tests of the folder path, since no ImageNet can be
 * downloaded. Class k holds random crops of photograph k, so the labels are
 * learnable. The source is Debian's wallpapers where installed, else the
 * stored background photographs (192×144, so upscaled).
 */
import { crop } from "../image/crop.ts";
import { encodeJpeg, type Image8, readImage } from "../image/image.ts";
import { resizeBox } from "../image/resize.ts";
import { createRng } from "../rng.ts";
import { DATA_DIR } from "../paths.ts";

/** Width × height of ImageNet-like photographs (landscape, portrait, square, wide). */
export const PHOTO_SHAPES: readonly [number, number][] = [
  [500, 375],
  [375, 500],
  [500, 333],
  [333, 500],
  [400, 400],
  [500, 281],
  [640, 480],
];

export interface PhotoFolderOptions {
  classes: number;
  /** Images per class in each split. */
  perClass: { train: number; val?: number };
  seed?: number;
  /** Scales every shape (1: the ImageNet-like sizes; tests use small ones). */
  scale?: number;
  quality?: number;
  /** Folder of source photographs (PNG or JPEG); default: /usr/share/wallpapers' photographs if present, else data/backgrounds. */
  sourceDir?: string;
}

async function sourcePhotos(dir?: string): Promise<{ images: Image8[]; source: string }> {
  const tryDir = async (d: string, pick: (name: string) => boolean) => {
    const paths: string[] = [];
    try {
      for await (const e of Deno.readDir(d)) if (e.isFile && pick(e.name)) paths.push(`${d}/${e.name}`);
    } catch {
      return [];
    }
    return paths.sort();
  };
  const isImage = (n: string) => /\.(png|jpe?g)$/i.test(n);
  let paths = dir ? await tryDir(dir, isImage) : [];
  let source = dir ?? "";
  if (!dir) {
    // Debian's plasma-workspace-wallpapers: <name>/contents/images/<w>x<h>.jpg; the 1920×1080 of each.
    const walls: string[] = [];
    try {
      for await (const e of Deno.readDir("/usr/share/wallpapers")) {
        if (e.isDirectory) {
          walls.push(...await tryDir(`/usr/share/wallpapers/${e.name}/contents/images`, (n) => n === "1920x1080.jpg"));
        }
      }
    } catch { /* not installed */ }
    if (walls.length) [paths, source] = [walls.sort(), "/usr/share/wallpapers (1920×1080)"];
    else [paths, source] = [await tryDir(`${DATA_DIR}/backgrounds`, isImage), `${DATA_DIR}/backgrounds (192×144, upscaled)`];
  }
  if (!paths.length) throw new Error(`no source photographs found in ${source || dir}`);
  return { images: await Promise.all(paths.map((p) => readImage(p))), source };
}

/**
 * Writes `<root>/<split>/photo<k>/<i>.JPEG` and returns the number of files
 * and where the photographs came from. Deterministic for a seed and source.
 */
export async function writePhotoFolder(root: string, opts: PhotoFolderOptions): Promise<{ files: number; source: string }> {
  const { images, source } = await sourcePhotos(opts.sourceDir);
  if (opts.classes > images.length) {
    throw new RangeError(`${opts.classes} classes asked for, but only ${images.length} source photographs in ${source}`);
  }
  const rng = createRng(opts.seed ?? 0), scale = opts.scale ?? 1;
  let files = 0;
  for (const [split, n] of Object.entries(opts.perClass)) {
    for (let k = 0; k < opts.classes; k++) {
      const dir = `${root}/${split}/photo${String(k).padStart(2, "0")}`;
      await Deno.mkdir(dir, { recursive: true });
      const photo = images[k];
      for (let i = 0; i < (n ?? 0); i++) {
        const [w0, h0] = PHOTO_SHAPES[rng.int(0, PHOTO_SHAPES.length - 1)];
        const w = Math.max(8, Math.round(w0 * scale)), h = Math.max(8, Math.round(h0 * scale));
        // A random region of the photograph with the target's aspect, 40–100 % of the largest that fits.
        const fit = Math.min(photo.width / w, photo.height / h) * rng.uniform(0.4, 1);
        const cw = Math.max(1, Math.round(w * fit)), ch = Math.max(1, Math.round(h * fit));
        const left = rng.int(0, photo.width - cw), top = rng.int(0, photo.height - ch);
        const img = resizeBox(crop(photo, top, left, ch, cw), w, h);
        await Deno.writeFile(`${dir}/${String(i).padStart(5, "0")}.JPEG`, await encodeJpeg(img, opts.quality ?? 90));
        files++;
      }
    }
  }
  return { files, source };
}
