/**
 * JPEG decoding with libjpeg-turbo's TurboJPEG API through Deno's FFI: the
 * library Pillow and torchvision decode with, so the pixels are PIL's (same
 * accurate integer IDCT and fancy upsampling, libjpeg's defaults). Debian's
 * libturbojpeg0 provides it; where it cannot be opened, `nativeJpeg()` is
 * undefined and decodeImage falls back to imagescript.
 */

const TJPF_RGB = 0;
const TJFLAG_ACCURATEDCT = 4096;
const TJERR_WARNING = 0;

const SYMBOLS = {
  tjInitDecompress: { parameters: [], result: "pointer" },
  tjDecompressHeader3: { parameters: ["pointer", "buffer", "u64", "buffer", "buffer", "buffer", "buffer"], result: "i32" },
  tjDecompress2: { parameters: ["pointer", "buffer", "u64", "buffer", "i32", "i32", "i32", "i32", "i32"], result: "i32" },
  tjGetErrorStr2: { parameters: ["pointer"], result: "pointer" },
  tjGetErrorCode: { parameters: ["pointer"], result: "i32" },
  tjDestroy: { parameters: ["pointer"], result: "i32" },
} as const;

export interface NativeJpeg {
  /** The library's path or soname, for run information. */
  source: string;
  /** RGB pixels of a JPEG; throws with libjpeg's message on a corrupt file. */
  decodeRgb(bytes: Uint8Array): { width: number; height: number; data: Uint8Array };
}

let cached: NativeJpeg | null | undefined;

/** The TurboJPEG decoder, or undefined where libturbojpeg cannot be opened (or $JPEG_DECODER=imagescript). */
export function nativeJpeg(): NativeJpeg | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  if (Deno.env.get("JPEG_DECODER") === "imagescript") return undefined;
  let lib: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;
  for (const name of ["libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.dylib"]) {
    try {
      lib = Deno.dlopen(name, SYMBOLS);
      cached = makeDecoder(lib, name);
      break;
    } catch { /* try the next name */ }
  }
  return cached ?? undefined;
}

function makeDecoder(lib: Deno.DynamicLibrary<typeof SYMBOLS>, source: string): NativeJpeg {
  const open = () => {
    const h = lib.symbols.tjInitDecompress();
    if (!h) throw new Error("tjInitDecompress failed");
    return h;
  };
  let handle = open();
  const message = () => {
    const p = lib.symbols.tjGetErrorStr2(handle);
    return p ? new Deno.UnsafePointerView(p).getCString() : "unknown TurboJPEG error";
  };
  // libjpeg-turbo 2.1 leaves the decompressor mid-header after an error (no jpeg_abort on that path):
  // reused, the next image's header is read from a stale state, which gave wrong sizes here and can
  // corrupt the heap. So a failed decode takes a fresh handle before the error is raised.
  const fail = (what: string): never => {
    const text = what || message();
    lib.symbols.tjDestroy(handle);
    handle = open();
    throw new Error(text);
  };
  const i32 = () => new Int32Array(1);
  return {
    source,
    decodeRgb(bytes) {
      const w = i32(), h = i32(), sub = i32(), cs = i32();
      if (lib.symbols.tjDecompressHeader3(handle, bytes, BigInt(bytes.length), w, h, sub, cs) !== 0) fail("");
      const width = w[0], height = h[0];
      if (!(width > 0 && height > 0)) fail(`the header gives an empty image (${width}×${height})`);
      const data = new Uint8Array(width * height * 3);
      const rc = lib.symbols.tjDecompress2(
        handle,
        bytes,
        BigInt(bytes.length),
        data,
        width,
        width * 3,
        height,
        TJPF_RGB,
        TJFLAG_ACCURATEDCT,
      );
      // A warning (e.g. extraneous bytes after the image) still decodes fully and PIL accepts it;
      // a truncated file is a warning to libjpeg but an error to PIL, and so here.
      if (rc !== 0 && (lib.symbols.tjGetErrorCode(handle) !== TJERR_WARNING || /premature end/i.test(message()))) fail("");
      return { width, height, data };
    },
  };
}
