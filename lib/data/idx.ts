/**
 * The IDX format of MNIST and Fashion-MNIST: a magic number (two zero bytes,
 * a type code, the number of dimensions), big-endian dimension sizes, then the
 * raw values. Only unsigned bytes (type 0x08) occur in these datasets.
 */
import { readMaybeGzip } from "../gzip.ts";

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Parses IDX bytes; `source` names the file in errors. */
export function parseIdx(bytes: Uint8Array, source = "<bytes>"): IdxArray {
  if (bytes.length < 4) throw new Error(`${source}: too short to be an IDX file (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${source}: not an IDX file (bad magic ${[...bytes.subarray(0, 4)].join(",")})`);
  }
  if (bytes[2] !== 0x08) {
    throw new Error(`${source}: IDX type 0x${bytes[2].toString(16)} is not supported (only unsigned bytes, 0x08)`);
  }
  const nd = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 + 4 * nd) throw new Error(`${source}: truncated IDX header`);
  const dims: number[] = [];
  for (let k = 0; k < nd; k++) dims.push(view.getUint32(4 + 4 * k, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * nd;
  if (bytes.length - start !== count) {
    throw new Error(
      `${source}: header says ${dims.join("×")} = ${count} values but the file holds ${
        bytes.length - start
      } (truncated or corrupt)`,
    );
  }
  return { dims, data: bytes.subarray(start) };
}

/** Reads an IDX file, gzipped or not. */
export async function readIdx(path: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readMaybeGzip(path);
  } catch (e) {
    throw new Error(`cannot read IDX file ${path}: ${e instanceof Error ? e.message : e}`);
  }
  return parseIdx(bytes, path);
}
