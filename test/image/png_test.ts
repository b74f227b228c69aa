import assert from "node:assert/strict";
import { decodeImage, encodePng } from "../../lib/image/image.ts";
import { crc32 } from "../../lib/image/png.ts";
import { PROJECT_ROOT } from "../../lib/paths.ts";
import { createRng } from "../../lib/rng.ts";
import { withTempDir } from "../helpers.ts";

function chunkTypes(png: Uint8Array): string[] {
  const types: string[] = [], view = new DataView(png.buffer, png.byteOffset);
  for (let at = 8; at < png.length;) {
    types.push(String.fromCharCode(...png.subarray(at + 4, at + 8)));
    at += 12 + view.getUint32(at);
  }
  return types;
}

Deno.test("crc32: zlib's check value", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});

Deno.test("PNG: grey and RGB round-trip exactly, the same pixels give the same bytes, no alpha, time or text chunk", async () => {
  const rng = createRng(3);
  for (const channels of [1, 3] as const) {
    // Smooth ramps plus noise, so that every row filter gets chosen somewhere.
    const width = 23, height = 17, data = new Uint8Array(width * height * channels);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + Math.floor(rng.next() * 40)) & 0xff;
    const img = { width, height, channels, data };
    const a = await encodePng(img), b = await encodePng({ ...img, data: data.slice() });
    assert.deepEqual(a, b);
    assert.deepEqual(chunkTypes(a), ["IHDR", "IDAT", "IEND"]);
    assert.equal(a[25], channels === 1 ? 0 : 2, "colour type: grey or RGB, not RGBA");
    const back = await decodeImage(a, "test.png", { grey: channels === 1 });
    assert.deepEqual([back.width, back.height, back.channels], [width, height, channels]);
    assert.deepEqual(back.data, data);
  }
});

Deno.test({
  name: "deno task scenes: two exports with the same seed are byte-identical, file by file",
  sanitizeResources: false,
  fn: async () => {
    await withTempDir(async (dir) => {
      const files: Map<string, Uint8Array>[] = [];
      for (const out of ["a", "b"]) {
        const run = await new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", "scripts/scenes.ts", "--out", `${dir}/${out}`, "--train-per-class", "2", "--val-per-class", "1"],
          cwd: PROJECT_ROOT,
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.ok(run.success, new TextDecoder().decode(run.stderr));
        const found = new Map<string, Uint8Array>();
        const walk = async (d: string) => {
          for await (const e of Deno.readDir(d)) {
            if (e.isDirectory) await walk(`${d}/${e.name}`);
            else found.set(`${d}/${e.name}`.slice(dir.length + 3), await Deno.readFile(`${d}/${e.name}`));
          }
        };
        await walk(`${dir}/${out}`);
        files.push(found);
      }
      assert.ok(files[0].size >= 2 * 30 + 2, `${files[0].size} files`);
      assert.deepEqual([...files[1].keys()].sort(), [...files[0].keys()].sort());
      for (const [name, bytes] of files[0]) assert.deepEqual(files[1].get(name), bytes, name);
    });
  },
});
