/**
 * Makes the scene generator's background photographs, data/backgrounds/*.png,
 * from Debian's plasma-workspace-wallpapers (apt-get install
 * plasma-workspace-wallpapers): the wallpapers that are photographs, each
 * resized (PIL's bilinear, antialiased) to cover 192×144 and centre-cropped,
 * so every machine generates the same scenes from the same bytes.
 * data/backgrounds/SOURCES.md records each file's author and licence, read
 * from the wallpaper's metadata.json.
 *
 *   deno run -A scripts/make_backgrounds.ts [--from /usr/share/wallpapers]
 */
import { parseArgs } from "node:util";
import { centerCrop } from "../lib/image/crop.ts";
import { readImage, writeImage } from "../lib/image/image.ts";
import { resizeBox } from "../lib/image/resize.ts";
import { DATA_DIR } from "../lib/paths.ts";
import { BACKGROUND_HEIGHT, BACKGROUND_WIDTH } from "../lib/data/backgrounds.ts";

/** The wallpapers that are photographs (the others are abstract art or drawings). */
const PHOTOGRAPHS = [
  "BytheWater",
  "ColdRipple",
  "ColorfulCups",
  "DarkestHour",
  "EveningGlow",
  "FallenLeaf",
  "Grey",
  "Kite",
  "OneStandsOut",
  "Path",
  "summer_1am",
];

const { values } = parseArgs({ args: Deno.args, options: { from: { type: "string", default: "/usr/share/wallpapers" } } });
const from = values.from!;
const out = `${DATA_DIR}/backgrounds`;
await Deno.mkdir(out, { recursive: true });

const rows: string[] = [];
for (const name of PHOTOGRAPHS) {
  const dir = `${from}/${name}`;
  let meta: { KPlugin: { Authors?: { Name?: string }[]; License?: string } };
  try {
    meta = JSON.parse(await Deno.readTextFile(`${dir}/metadata.json`));
  } catch (e) {
    throw new Error(`${dir}/metadata.json: ${e instanceof Error ? e.message : e} (is plasma-workspace-wallpapers installed?)`);
  }
  // The smallest landscape file at least 640 px wide.
  const files = [...Deno.readDirSync(`${dir}/contents/images`)].map((f) => f.name)
    .map((f) => ({ f, m: /^(\d+)x(\d+)\./.exec(f) }))
    .filter((x) => x.m && +x.m[1] >= 640 && +x.m[1] > +x.m[2])
    .sort((a, b) => +a.m![1] - +b.m![1]);
  if (!files.length) throw new Error(`${dir}/contents/images: no landscape image at least 640 px wide`);
  const src = `${dir}/contents/images/${files[0].f}`;
  const img = await readImage(src);
  const k = Math.max(BACKGROUND_WIDTH / img.width, BACKGROUND_HEIGHT / img.height);
  const resized = resizeBox(img, Math.round(img.width * k), Math.round(img.height * k));
  await writeImage(`${out}/${name}.png`, centerCrop(resized, [BACKGROUND_WIDTH, BACKGROUND_HEIGHT]));
  const author = meta.KPlugin.Authors?.[0]?.Name ?? "unknown";
  rows.push(`| ${name}.png | ${author} | ${meta.KPlugin.License ?? "unknown"} | ${name}/contents/images/${files[0].f} |`);
  console.log(`${name}: ${src} → ${out}/${name}.png`);
}

await Deno.writeTextFile(
  `${out}/SOURCES.md`,
  `# Background photographs of the scene generator

Made by \`deno run -A scripts/make_backgrounds.ts\` from Debian's \`plasma-workspace-wallpapers\` (KDE Plasma 5.27):
each photograph resized (PIL's bilinear) to cover ${BACKGROUND_WIDTH}×${BACKGROUND_HEIGHT} and centre-cropped. The
licences are the wallpapers' own (their metadata.json); LGPLv3: https://www.gnu.org/licenses/lgpl-3.0.html,
CC-BY-SA-4.0: https://creativecommons.org/licenses/by-sa/4.0/.

| file | author | licence | source (under /usr/share/wallpapers/) |
| ---- | ------ | ------- | ------------------------------------- |
${rows.join("\n")}
`,
);
