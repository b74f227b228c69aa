import assert from "node:assert/strict";
import { autoProgress, type JupyterLike, type ProgressState } from "../../lib/train/progress.ts";

Deno.test("a notebook progress bar updates one output in place and ends in its final state despite throttling", async () => {
  const shown: { text: string; update?: boolean; id?: string }[] = [];
  const jupyter: JupyterLike = {
    display: (obj, o) => {
      shown.push({ text: (obj as Record<string, string>)["text/plain"], update: o?.update, id: o?.display_id });
      return Promise.resolve();
    },
  };
  const bar = autoProgress({ jupyter, minIntervalMs: 60_000 });
  const state = (step: number): ProgressState => ({
    label: "run",
    epoch: 1,
    epochs: 1,
    step,
    steps: 112,
    loss: 0.5,
    imagesPerSecond: 100,
    etaSeconds: 0,
  });
  for (let s = 1; s <= 112; s++) await bar.update(state(s));
  assert.equal(shown.length, 2, "the first state, then only the final one within the interval");
  assert.match(shown[1].text, / 112\/112 /);
  assert.equal(new Set(shown.map((x) => x.id)).size, 1, "one display id: updated in place");
  assert.deepEqual(shown.map((x) => x.update), [false, true]);
  await bar.done("run: finished");
  assert.equal(shown.at(-1)!.text, "run: finished");
});
