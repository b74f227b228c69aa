/**
 * The safetensors format (what timm and most model hubs publish): an 8-byte
 * little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the raw little-endian data. Float tensors are
 * read as float32 (F16 and BF16 widened); integer tensors (e.g. BatchNorm's
 * num_batches_tracked) are kept only by name and shape.
 */

export interface NamedTensor {
  dtype: string;
  shape: number[];
  /** float32 values for float dtypes; undefined for the others. */
  values?: Float32Array;
}

export class SafetensorsError extends Error {
  constructor(path: string, why: string) {
    super(`${path} is not a readable safetensors file: ${why}`);
    this.name = "SafetensorsError";
  }
}

const BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Parses the bytes of a safetensors file; `path` only names it in errors. */
export function parseSafetensors(bytes: Uint8Array, path = "<bytes>"): Map<string, NamedTensor> {
  if (bytes.length < 8) throw new SafetensorsError(path, `${bytes.length} bytes, too short for the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.length - 8) {
    throw new SafetensorsError(path, `header of ${headerLength} bytes past the end of the file`);
  }
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    throw new SafetensorsError(path, `its header is not JSON (${e instanceof Error ? e.message : e})`);
  }
  const base = 8 + headerLength;
  const out = new Map<string, NamedTensor>();
  for (const [name, t] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const size = BYTES[t.dtype];
    if (!size) throw new SafetensorsError(path, `tensor ${name} has unknown dtype ${t.dtype}`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    const [start, end] = t.data_offsets;
    if (end - start !== count * size || base + end > bytes.length) {
      throw new SafetensorsError(
        path,
        `tensor ${name} (${t.dtype} ${JSON.stringify(t.shape)}) has a bad byte range ${start}–${end}`,
      );
    }
    let values: Float32Array | undefined;
    const at = base + start;
    if (t.dtype === "F32") {
      // A view when aligned (the usual case: headers are padded to 8 bytes), else a copy.
      const offset = bytes.byteOffset + at;
      values = offset % 4 === 0
        ? new Float32Array(bytes.buffer, offset, count)
        : new Float32Array(bytes.slice(at, at + count * 4).buffer);
    } else if (t.dtype === "F64") values = Float32Array.from({ length: count }, (_, i) => view.getFloat64(at + 8 * i, true));
    else if (t.dtype === "F16") {
      values = Float32Array.from({ length: count }, (_, i) => halfToFloat(view.getUint16(at + 2 * i, true)));
    } else if (t.dtype === "BF16") {
      values = new Float32Array(
        new Uint32Array(Uint32Array.from({ length: count }, (_, i) => view.getUint16(at + 2 * i, true) << 16)).buffer,
      );
    }
    out.set(name, { dtype: t.dtype, shape: t.shape, values });
  }
  return out;
}

/** Reads a safetensors file; a missing or malformed file is an error naming it. */
export async function readSafetensors(path: string): Promise<Map<string, NamedTensor>> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new SafetensorsError(path, e instanceof Deno.errors.NotFound ? "no such file" : String(e));
  }
  return parseSafetensors(bytes, path);
}
