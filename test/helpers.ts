/** Shared test helpers: temporary folders and real Fashion-MNIST images. */
import { getImage, loadFashionMnist } from "../lib/data/mod.ts";
import type { Image8 } from "../lib/image.ts";

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "gib-test-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The i-th real test image of Fashion-MNIST (28×28 grey). */
export async function fashionImage(i: number): Promise<{ image: Image8; label: number }> {
  const ds = await loadFashionMnist("test");
  return { image: { ...getImage(ds, i), data: getImage(ds, i).data.slice() }, label: ds.labels[i] };
}

export function b64(s: string): Uint8Array {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}
