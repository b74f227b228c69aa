import assert from "node:assert/strict";
import { b64 as decodeBase64 } from "../helpers.ts";
import { decodeImage, ImageReadError } from "../../lib/image/image.ts";
import { nativeJpeg } from "../../lib/image/jpeg_native.ts";

// Fixtures: test/fixtures/make_jpeg.py (Debian's python3-pil 9.4 on libjpeg-turbo; crops of two wallpaper photographs).
const fx: { cases: { name: string; jpeg: string; width: number; height: number; rgb: string }[]; truncated: string } = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/jpeg.json", import.meta.url)),
);

function maxDiff(a: Uint8Array, b: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const turbo = nativeJpeg();
Deno.test({
  name: "libjpeg-turbo through FFI decodes real JPEGs to exactly PIL's pixels (baseline, progressive, 4:4:4, odd sizes, grey)",
  ignore: !turbo,
  fn: async () => {
    for (const c of fx.cases) {
      const img = await decodeImage(decodeBase64(c.jpeg), c.name);
      assert.deepEqual([img.width, img.height, img.channels], [c.width, c.height, 3], c.name);
      assert.equal(maxDiff(img.data, decodeBase64(c.rgb)), 0, `${c.name}: differs from PIL`);
    }
    assert.throws(() => turbo!.decodeRgb(decodeBase64(fx.truncated)), /premature end/i);
    await assert.rejects(
      () => decodeImage(decodeBase64(fx.truncated), "half.jpg"),
      (e: Error) => e instanceof ImageReadError && /half\.jpg/.test(e.message),
    );
  },
});

Deno.test({
  name: "libjpeg-turbo: after a corrupt file (header or data) the next image decodes exactly as before",
  ignore: !turbo,
  fn: () => {
    const c = fx.cases[0], good = decodeBase64(c.jpeg), want = decodeBase64(c.rgb);
    const headerOnly = good.subarray(0, 200); // stops inside the header: libjpeg fails mid-header
    for (const bad of [headerOnly, decodeBase64(fx.truncated)]) {
      assert.throws(() => turbo!.decodeRgb(bad));
      const img = turbo!.decodeRgb(good);
      assert.deepEqual([img.width, img.height], [c.width, c.height]);
      assert.equal(maxDiff(img.data, want), 0);
    }
  },
});

Deno.test("the imagescript fallback stays within a few levels of PIL on the same JPEGs", async () => {
  const { decode, Image } = await import("imagescript");
  for (const c of fx.cases) {
    const im = await decode(decodeBase64(c.jpeg));
    assert.ok(im instanceof Image);
    const rgb = new Uint8Array(c.width * c.height * 3);
    for (let i = 0; i < c.width * c.height; i++) for (let k = 0; k < 3; k++) rgb[3 * i + k] = im.bitmap[4 * i + k];
    const d = maxDiff(rgb, decodeBase64(c.rgb));
    console.log(`imagescript vs PIL, ${c.name}: max difference ${d} levels`);
    assert.ok(d <= 4, `${c.name}: ${d}`); // measured: at most 3
  }
});
