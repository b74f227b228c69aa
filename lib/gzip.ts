/** Reads a file, transparently gunzipping it when its name ends in .gz. */
export async function readMaybeGzip(path: string): Promise<Uint8Array> {
  const bytes = await Deno.readFile(path);
  if (!path.endsWith(".gz")) return bytes;
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new Error(`cannot gunzip ${path}: ${e instanceof Error ? e.message : e} (truncated or not a gzip file?)`);
  }
}
