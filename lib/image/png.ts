/**
 * A PNG encoder whose bytes depend on the pixels alone: 8-bit grey or RGB (no
 * alpha channel), no time or text chunks, so two exports of the same dataset
 * are byte-identical and a checksum identifies it. (imagescript writes RGBA
 * with a "Creation Time" chunk.) Each row takes the PNG filter with the
 * smallest sum of absolute differences (libpng's heuristic), then zlib deflate.
 */
import { concatBytes } from "../typed_arrays.ts";
import type { Image8 } from "./image.ts";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 as PNG (and zlib's crc32) computes it. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length), view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Filtered scanlines: each row is its filter byte then the filtered bytes. */
function filterRows(img: Image8): Uint8Array<ArrayBuffer> {
  const bpp = img.channels, stride = img.width * bpp;
  const out = new Uint8Array(img.height * (stride + 1));
  const trial = new Uint8Array(stride);
  for (let y = 0; y < img.height; y++) {
    const row = img.data.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? img.data.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    let bestSum = Infinity, bestType = 0;
    for (let type = 0; type <= 4; type++) {
      let sum = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= bpp ? row[i - bpp] : 0, b = up[i], c = i >= bpp ? up[i - bpp] : 0;
        const pred = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
        const v = (row[i] - pred) & 0xff;
        trial[i] = v;
        sum += v < 128 ? v : 256 - v;
      }
      if (sum < bestSum) {
        bestSum = sum;
        bestType = type;
        out[y * (stride + 1)] = type;
        out.set(trial, y * (stride + 1) + 1);
      }
    }
    out[y * (stride + 1)] = bestType;
  }
  return out;
}

/** Encodes an 8-bit grey or RGB image as a PNG with no alpha, time or text chunk. */
export async function encodePngRaw(img: Image8): Promise<Uint8Array> {
  if (img.data.length !== img.width * img.height * img.channels) {
    throw new RangeError(
      `PNG: ${img.width}×${img.height}×${img.channels} needs ${
        img.width * img.height * img.channels
      } bytes, got ${img.data.length}`,
    );
  }
  const header = new Uint8Array(13), view = new DataView(header.buffer);
  view.setUint32(0, img.width);
  view.setUint32(4, img.height);
  header[8] = 8; // bit depth
  header[9] = img.channels === 1 ? 0 : 2; // grey or RGB
  const stream = new Blob([filterRows(img)]).stream().pipeThrough(new CompressionStream("deflate"));
  const idat = new Uint8Array(await new Response(stream).arrayBuffer());
  const signature = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);
  return concatBytes([signature, chunk("IHDR", header), chunk("IDAT", idat), chunk("IEND", new Uint8Array())]);
}
