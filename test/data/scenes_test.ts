import assert from "node:assert/strict";
import { proceduralTextures } from "../../lib/data/backgrounds.ts";
import { loadImageFolder } from "../../lib/data/folder.ts";
import { loadEvaluationImages, loadForegroundMasks, loadTrainingImages } from "../../lib/data/load.ts";
import { writeSceneFolder } from "../../lib/data/scene_folder.ts";
import {
  fillWithMean,
  generateScenes,
  NATURAL_SCENE_KNOBS,
  NO_VARIATION_KNOBS,
  parseSceneSpec,
  type SceneKnobs,
  type SceneSet,
  scenesWithBackground,
  UNIFORM_CENTRE_SD,
} from "../../lib/data/scenes.ts";

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));
const F = 37;

/** 10 000 scenes (1 000 per class) varying only in the given knobs. */
const only = (knobs: Partial<SceneKnobs>) =>
  generateScenes({ split: "train", perClass: 1000, seed: 0, frame: F, knobs: { ...NO_VARIATION_KNOBS, ...knobs } });

/** Largest distance of any box centre from the middle, and the spread of the log areas. */
const centreRange = (s: SceneSet) => Math.max(...s.boxes.flatMap((b) => [Math.abs(b.cx - 0.5), Math.abs(b.cy - 0.5)]));

Deno.test("scenes: the boxes of 10 000 scenes follow each knob's distribution; a knob at none gives no spread", async () => {
  // Every knob at none: centred within half a pixel, one drawn area, upright, grey.
  const none = await only({});
  assert.equal(none.dataset.n, 10000);
  assert.ok(centreRange(none) <= 0.5 / F + 1e-9, `centres within half a pixel of the middle: ${centreRange(none)}`);
  assert.ok(none.boxes.every((b) => b.drawn.area === 0.3 && b.drawn.angle === 0 && b.drawn.saturation === 0));
  assert.ok(Math.abs(mean(none.boxes.map((b) => Math.log(b.area))) - Math.log(0.3)) < 0.01, "boxes have the drawn area");
  const px = none.dataset.pixels;
  for (let i = 0; i < px.length; i += 3) assert.ok(px[i] === px[i + 1] && px[i] === px[i + 2], "grey objects on black");

  // Position: centre ~ N(0.5, 0.12) on both axes (SE of the sd ≈ 0.001; rounding adds < 0.001).
  const pos = await only({ position: 0.12 });
  for (const axis of ["cx", "cy"] as const) {
    const c = pos.boxes.map((b) => b[axis]);
    assert.ok(Math.abs(mean(c) - 0.5) < 0.01, `${axis} mean ${mean(c)}`);
    assert.ok(Math.abs(sd(c) - 0.12) < 0.004, `${axis} sd ${sd(c)}`);
  }
  assert.ok(pos.boxes.every((b) => b.drawn.area === 0.3), "position varies alone");

  // Scale: log area uniform on [ln 0.05, ln 0.9]: mean −1.5506, sd 0.8344 (SE 0.008), measured on the boxes.
  const scale = await only({ scale: [0.05, 0.9] });
  const la = scale.boxes.map((b) => Math.log(b.area));
  assert.ok(Math.abs(mean(la) - (Math.log(0.05) + Math.log(0.9)) / 2) < 0.03, `log-area mean ${mean(la)}`);
  assert.ok(Math.abs(sd(la) - (Math.log(0.9) - Math.log(0.05)) / Math.sqrt(12)) < 0.03, `log-area sd ${sd(la)}`);
  assert.ok(centreRange(scale) <= 0.5 / F + 1e-9, "scale varies alone");

  // Rotation: uniform in ±15° (sd 8.66); colour: hue uniform, saturation uniform in [0, 0.8].
  const rot = await only({ rotation: 15, colour: 0.8 });
  const angles = rot.boxes.map((b) => b.drawn.angle), sat = rot.boxes.map((b) => b.drawn.saturation);
  assert.ok(Math.abs(mean(angles)) < 0.3 && Math.abs(sd(angles) - 15 / Math.sqrt(3)) < 0.2, `angle sd ${sd(angles)}`);
  assert.ok(Math.max(...angles.map(Math.abs)) <= 15);
  assert.ok(Math.abs(mean(sat) - 0.4) < 0.01 && Math.abs(sd(sat) - 0.8 / Math.sqrt(12)) < 0.01, `saturation sd ${sd(sat)}`);
  assert.ok(Math.abs(mean(rot.boxes.map((b) => b.drawn.hue)) - 0.5) < 0.01);
});

Deno.test("scenes: the same seed gives the same bytes; a larger set holds the smaller; another seed differs", async () => {
  const backgrounds = proceduralTextures(3);
  const make = (perClass: number, seed: number) =>
    generateScenes({ split: "val", perClass, seed, frame: F, knobs: { ...NATURAL_SCENE_KNOBS, clutter: 1 }, backgrounds });
  const [a, b, big, other] = await Promise.all([make(3, 1), make(3, 1), make(5, 1), make(3, 2)]);
  assert.deepEqual(a.dataset.pixels, b.dataset.pixels);
  assert.deepEqual(a.masks, b.masks);
  const size = F * F * 3;
  for (let c = 0; c < 10; c++) {
    for (let j = 0; j < 3; j++) {
      assert.deepEqual(
        a.dataset.pixels.subarray((c * 3 + j) * size, (c * 3 + j + 1) * size),
        big.dataset.pixels.subarray((c * 5 + j) * size, (c * 5 + j + 1) * size),
      );
    }
  }
  assert.notDeepEqual(a.dataset.pixels, other.dataset.pixels);
  assert.equal(a.background, "textures");
  // Masks lie inside the recorded visible boxes.
  for (let i = 0; i < a.dataset.n; i++) {
    const v = a.boxes[i].visible;
    for (let y = 0; y < F; y++) {
      for (let x = 0; x < F; x++) {
        if (a.masks[i * F * F + y * F + x]) assert.ok(x >= v.x0 && x <= v.x1 && y >= v.y0 && y <= v.y1, `scene ${i} (${x},${y})`);
      }
    }
  }
});

Deno.test("scenes spec: knobs, none and seed parsed; bad knobs named", () => {
  assert.deepEqual(parseSceneSpec("scenes"), { knobs: {}, seed: 0 });
  assert.deepEqual(parseSceneSpec("scenes:rotation=none,colour=0.5,background=textures,clutter=2,seed=3"), {
    knobs: { rotation: 0, colour: 0.5, background: "textures", clutter: 2 },
    seed: 3,
  });
  assert.equal(parseSceneSpec("fashion-mnist"), undefined);
  assert.throws(() => parseSceneSpec("scenes:zoom=2"), /unknown knob "zoom"/);
  assert.throws(() => parseSceneSpec("scenes:position=0.9"), /scene knob position/);
  assert.throws(() => parseSceneSpec("scenes:scale=0.5-0.1"), /scene knob scale/);
  assert.throws(() => parseSceneSpec("scenes:rotation=abc"), /not a number/);
});

Deno.test("scenes: written as an ImageNet-style folder, read back byte for byte, with boxes and masks", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const backgrounds = proceduralTextures(2);
    const train = await generateScenes({ split: "train", perClass: 2, seed: 0, frame: F, backgrounds });
    const val = await generateScenes({ split: "val", perClass: 1, seed: 0, frame: F, backgrounds });
    await writeSceneFolder(dir, [train, val], { seed: 0, frame: F });
    const back = await loadImageFolder(dir, "train", { resizeTo: F, crop: F });
    assert.equal(back.n, 20);
    // The folder reader orders by wnid; map each read image back by its file name.
    for (let i = 0; i < back.n; i++) {
      const [, wnid, j] = /(n\d+)_(\d+)\.png$/.exec(back.sources![i])!;
      const k = train.dataset.classes.findIndex((c) => c.wnid === wnid) * 2 + Number(j);
      const size = F * F * 3;
      assert.deepEqual(back.pixels.subarray(i * size, (i + 1) * size), train.dataset.pixels.subarray(k * size, (k + 1) * size));
    }
    const csv = (await Deno.readTextFile(`${dir}/boxes.csv`)).trim().split("\n");
    assert.equal(csv.length, 1 + 30);
    assert.match(csv[0], /^file,split,class,wnid,x0,y0,x1,y1,/);
    const masks = await loadImageFolder(`${dir}/masks`, "val", { resizeTo: F, crop: F, grey: true });
    assert.equal(masks.n, 10);
    assert.ok(masks.pixels.every((v) => v === 0 || v === 255));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("data selection: scenes load as training, evaluation and foreground sets without branching on the name", async () => {
  const d = { dataset: "scenes:background=textures", resizeTo: F, crop: 32, grey: false, trainPerClass: 4, testPerClass: 2 };
  const train = await loadTrainingImages(d, { seed: 0 });
  assert.deepEqual([train.n, train.width, train.channels], [40, F, 3]);
  const test = await loadEvaluationImages(d, { seed: 1 });
  assert.deepEqual([test.dataset.n, test.dataset.width, test.dataset.split], [20, 32, "val"]);
  const { masks, source } = await loadForegroundMasks(d, { perClass: 3, seed: 0 });
  assert.deepEqual([masks.n, masks.channels], [30, 1]);
  assert.match(source, /ground-truth/);
  await assert.rejects(
    () => loadForegroundMasks({ ...d, dataset: "/nonexistent/folder" }, { perClass: 1, seed: 0 }),
    /MASK_ROOT/,
  );
});

Deno.test("scenes: position=uniform draws centres uniformly on [0.05, 0.95] (sd 0.26), the default law stays normal (sd ≈ 0.12)", async () => {
  assert.deepEqual(parseSceneSpec("scenes:position=uniform"), {
    knobs: { position: UNIFORM_CENTRE_SD, positionLaw: "uniform" },
    seed: 0,
  });
  const backgrounds = proceduralTextures(2);
  const centres = async (knobs: Parameters<typeof generateScenes>[0]["knobs"]) =>
    (await generateScenes({ split: "train", perClass: 40, seed: 1, frame: F, backgrounds, knobs })).boxes.map((b) => b.cx);
  const uniform = await centres({ position: UNIFORM_CENTRE_SD, positionLaw: "uniform" });
  const normal = await centres({});
  assert.ok(uniform.every((c) => c >= 0.05 - 1 / F && c <= 0.95 + 1 / F), "within the law's range, up to a pixel of rounding");
  // The box is the object's whole box; its centre is the drawn one up to rounding.
  assert.ok(Math.abs(sd(uniform) - UNIFORM_CENTRE_SD) < 0.03, `uniform sd ${sd(uniform)}`);
  assert.ok(Math.abs(sd(normal) - 0.12) < 0.03, `default sd ${sd(normal)}`);
});

Deno.test("scenes: background=uniform gives the same scenes with each photo patch replaced by its mean colour", async () => {
  assert.deepEqual(parseSceneSpec("scenes:background=uniform"), { knobs: { background: "uniform" }, seed: 0 });
  const backgrounds = proceduralTextures(3);
  const scenes = (background: SceneKnobs["background"]) =>
    generateScenes({ split: "val", perClass: 3, seed: 2, frame: F, backgrounds, knobs: { background } });
  const [photo, plain] = [await scenes("photos"), await scenes("uniform")];
  assert.equal(plain.background, "uniform");
  assert.deepEqual(plain.boxes, photo.boxes, "the same objects, sizes, places and tints");
  assert.deepEqual(plain.masks, photo.masks);
  // Outside the object's opaque box (faint parts of an item, such as a bag's handle, may lie beyond it), the control
  // is one colour almost everywhere, and the photo is not.
  const modalShare = (set: SceneSet, s: number) => {
    const b = set.boxes[s], counts = new Map<string, number>();
    let n = 0;
    for (let y = 0; y < F; y++) {
      for (let x = 0; x < F; x++) {
        if (x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1) continue;
        const i = (s * F * F + y * F + x) * 3, key = String(set.dataset.pixels.subarray(i, i + 3));
        counts.set(key, (counts.get(key) ?? 0) + 1);
        n++;
      }
    }
    return Math.max(...counts.values()) / n;
  };
  for (let s = 0; s < plain.dataset.n; s++) {
    assert.ok(modalShare(plain, s) > 0.9, `scene ${s}: control's modal colour covers ${modalShare(plain, s)}`);
    assert.ok(modalShare(photo, s) < 0.5, `scene ${s}: the photo background has structure`);
  }
  const frame = { data: Uint8Array.from([0, 10, 255, 1, 11, 0, 2, 13, 0]), channels: 3 };
  fillWithMean(frame);
  assert.deepEqual([...frame.data], [1, 11, 85, 1, 11, 85, 1, 11, 85], "per-channel means, rounded");
  await assert.rejects(
    () => generateScenes({ split: "val", perClass: 1, seed: 0, frame: F, knobs: { background: "plain" as "none" } }),
    /photos, textures, uniform or none/,
  );
});

Deno.test("scenes with another background: the knob set or replaced, other data have none", () => {
  assert.equal(scenesWithBackground("scenes", "uniform"), "scenes:background=uniform");
  assert.equal(
    scenesWithBackground("scenes:scale=0.3-0.9,background=textures,seed=3", "uniform"),
    "scenes:scale=0.3-0.9,seed=3,background=uniform",
  );
  assert.equal(scenesWithBackground("fashion-mnist", "uniform"), undefined);
  assert.equal(parseSceneSpec(scenesWithBackground("scenes:scale=0.3-0.9", "uniform")!)?.knobs.background, "uniform");
});
