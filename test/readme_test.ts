import assert from "node:assert/strict";
import { PROJECT_ROOT } from "../lib/paths.ts";

/** The README is a front door: short, with contents, every link leading somewhere. Details live in docs/. */
const README_WORDS = 2000;

const read = (p: string) => Deno.readTextFileSync(`${PROJECT_ROOT}/${p}`);

Deno.test("README: under 2 000 words, a contents list, and the two commands", () => {
  const text = read("README.md");
  const words = text.split(/\s+/).filter(Boolean).length;
  assert.ok(words <= README_WORDS, `README.md has ${words} words; move detail to docs/ (budget ${README_WORDS})`);
  assert.match(text, /^## Contents$/m);
  assert.match(text, /bash scripts\/setup\.sh/);
  assert.match(text, /deno task test/);
});

Deno.test("README and docs/: every relative link and anchor exists", () => {
  const slug = (h: string) => h.trim().toLowerCase().replace(/[^\w\s-]/g, "").replace(/\s+/g, "-");
  const files = [
    "README.md",
    ...[...Deno.readDirSync(`${PROJECT_ROOT}/docs`)].filter((e) => e.name.endsWith(".md")).map((e) => `docs/${e.name}`),
  ];
  const anchors = (p: string) => new Set([...read(p).matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1])));
  for (const file of files) {
    const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/") + 1) : "";
    for (const [, target] of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [path, anchor] = target.split("#");
      const resolved = path ? new URL(dir + path, "file:///").pathname.slice(1) : file;
      assert.ok(
        (() => {
          try {
            Deno.statSync(`${PROJECT_ROOT}/${resolved}`);
            return true;
          } catch {
            return false;
          }
        })(),
        `${file}: link to ${target}: ${resolved} does not exist`,
      );
      if (anchor && resolved.endsWith(".md")) {
        assert.ok(anchors(resolved).has(anchor), `${file}: no heading #${anchor} in ${resolved}`);
      }
    }
  }
});
