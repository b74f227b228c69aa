/**
 * The one image type of the library: 8-bit, row-major, interleaved channels,
 * like a PIL image in mode "L" (1 channel) or "RGB" (3 channels).
 */
import { decode, Image as IsImage } from "imagescript";
import { encodePngRaw } from "./png.ts";
import { nativeJpeg } from "./jpeg_native.ts";

export interface Image8 {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** Error for an image file that cannot be read or decoded; names the file. */
export class ImageReadError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`cannot read image ${path}: ${reason}`);
    this.name = "ImageReadError";
  }
}

/** A new image filled with `value` (default black). */
export function createImage(width: number, height: number, channels: 1 | 3, value = 0): Image8 {
  if (!(width > 0 && height > 0) || !Number.isInteger(width) || !Number.isInteger(height)) {
    throw new RangeError(`createImage: size must be positive integers, got ${width}×${height}`);
  }
  const data = new Uint8Array(width * height * channels);
  if (value) data.fill(value);
  return { width, height, channels, data };
}

/** Checks that `img.data` has exactly width·height·channels bytes. */
export function assertImage(img: Image8, what = "image"): void {
  const n = img.width * img.height * img.channels;
  if (img.data.length !== n) {
    throw new RangeError(`${what}: ${img.width}×${img.height}×${img.channels} needs ${n} bytes, has ${img.data.length}`);
  }
}

/** PIL's RGB→L: (299R + 587G + 114B) / 1000, rounded like PIL's fixed-point L24 conversion; `stride` 3 (RGB) or 4 (RGBA). */
function toGrey(src: Uint8Array | Uint8ClampedArray, n: number, stride: 3 | 4): Uint8Array {
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = src[stride * i], g = src[stride * i + 1], b = src[stride * i + 2];
    data[i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16;
  }
  return data;
}

/**
 * Decodes PNG or JPEG bytes. Colour images become RGB (alpha dropped); `grey` asks for one channel.
 * JPEGs go through libjpeg-turbo (PIL's decoder) where it is installed (lib/image/jpeg_native.ts), else imagescript.
 */
export async function decodeImage(bytes: Uint8Array, path = "<bytes>", opts: { grey?: boolean } = {}): Promise<Image8> {
  const turbo = bytes[0] === 0xff && bytes[1] === 0xd8 ? nativeJpeg() : undefined;
  if (turbo) {
    let rgb: { width: number; height: number; data: Uint8Array };
    try {
      rgb = turbo.decodeRgb(bytes);
    } catch (e) {
      throw new ImageReadError(path, e instanceof Error ? e.message : String(e));
    }
    const { width, height } = rgb;
    return opts.grey
      ? { width, height, channels: 1, data: toGrey(rgb.data, width * height, 3) }
      : { width, height, channels: 3, data: rgb.data };
  }
  let im: IsImage;
  try {
    const decoded = await decode(bytes);
    if (!(decoded instanceof IsImage)) throw new Error("animated images are not supported");
    im = decoded;
  } catch (e) {
    throw new ImageReadError(path, e instanceof Error ? e.message : String(e));
  }
  const { width, height } = im;
  const rgba = im.bitmap;
  if (!width || !height || rgba.length < width * height * 4) {
    throw new ImageReadError(path, "decoded to an empty or truncated bitmap");
  }
  const n = width * height;
  if (opts.grey) return { width, height, channels: 1, data: toGrey(rgba, n, 4) };
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[3 * i] = rgba[4 * i];
    data[3 * i + 1] = rgba[4 * i + 1];
    data[3 * i + 2] = rgba[4 * i + 2];
  }
  return { width, height, channels: 3, data };
}

/** Reads a PNG or JPEG file; a missing, unreadable or corrupt file raises ImageReadError naming it. */
export async function readImage(path: string, opts: { grey?: boolean } = {}): Promise<Image8> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new ImageReadError(path, e instanceof Error ? e.message : String(e));
  }
  return decodeImage(bytes, path, opts);
}

function toIsImage(img: Image8): IsImage {
  assertImage(img);
  const out = new IsImage(img.width, img.height);
  const rgba = out.bitmap;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const r = img.channels === 1 ? img.data[i] : img.data[3 * i];
    const g = img.channels === 1 ? r : img.data[3 * i + 1];
    const b = img.channels === 1 ? r : img.data[3 * i + 2];
    rgba[4 * i] = r;
    rgba[4 * i + 1] = g;
    rgba[4 * i + 2] = b;
    rgba[4 * i + 3] = 255;
  }
  return out;
}

/** Encodes an image as PNG bytes (lossless; grey or RGB, no time chunk: the same pixels give the same bytes). */
export function encodePng(img: Image8): Promise<Uint8Array> {
  assertImage(img);
  return encodePngRaw(img);
}

/** Encodes an image as JPEG bytes. */
export function encodeJpeg(img: Image8, quality = 90): Promise<Uint8Array> {
  return toIsImage(img).encodeJPEG(quality as Parameters<IsImage["encodeJPEG"]>[0]);
}

/** Writes PNG or JPEG, chosen by the file extension (.png, .jpg, .jpeg). */
export async function writeImage(path: string, img: Image8, opts: { quality?: number } = {}): Promise<void> {
  const lower = path.toLowerCase();
  let bytes: Uint8Array;
  if (lower.endsWith(".png")) bytes = await encodePng(img);
  else if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) bytes = await encodeJpeg(img, opts.quality ?? 90);
  else throw new RangeError(`writeImage: unknown extension for ${path} (use .png, .jpg or .jpeg)`);
  await Deno.writeFile(path, bytes);
}

/** A PNG data URL, for figures that show real images inline. */
export async function toPngDataUrl(img: Image8): Promise<string> {
  const bytes = await encodePng(img);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return "data:image/png;base64," + btoa(s);
}
