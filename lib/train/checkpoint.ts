/**
 * Checkpoints of a run in progress, written after every epoch, so that an
 * interrupted run resumes where it stopped and ends exactly as an
 * uninterrupted one would (the trainer's runs and Augerino's).
 */
import { loadWeightsInto, ModelLoadError, saveModel } from "../models/io.ts";
import type { Model } from "../models/model.ts";
import { readJsonIfExists, writeFileAtomic, writeJsonAtomic } from "../results/atomic.ts";
import { concatFloat32 } from "../typed_arrays.ts";
import type { Optimizer, OptimizerState } from "./optimizer.ts";

/**
 * Writes a checkpoint folder: the model, the optimiser state as one float32
 * file, and `state` as JSON. A fresh folder is written and then swapped in,
 * so that some complete checkpoint exists at every instant.
 */
export async function saveCheckpoint<S extends object>(
  dir: string,
  model: Model,
  optimizer: Pick<Optimizer, "state">,
  state: S,
): Promise<void> {
  const fresh = `${dir}.new`, old = `${dir}.old`;
  await Deno.remove(fresh, { recursive: true }).catch(() => {});
  await saveModel(model, fresh);
  const opt = await optimizer.state();
  const names = Object.keys(opt);
  const buf = concatFloat32(names.map((n) => opt[n].values));
  await writeFileAtomic(`${fresh}/optimizer.bin`, new Uint8Array(buf.buffer));
  await writeJsonAtomic(`${fresh}/state.json`, { ...state, optimizer: names.map((n) => ({ name: n, shape: opt[n].shape })) });
  await Deno.remove(old, { recursive: true }).catch(() => {});
  await Deno.rename(dir, old).catch(() => {});
  await Deno.rename(fresh, dir);
  await Deno.remove(old, { recursive: true }).catch(() => {});
}

/** Restores model and optimiser from a checkpoint folder (or its `.old` twin); returns its state, or undefined when there is none. */
export async function loadCheckpoint<S extends object>(
  dir: string,
  model: Model,
  optimizer: Pick<Optimizer, "load">,
): Promise<S | undefined> {
  let use = dir;
  const exists = async (p: string) => !!(await Deno.stat(p).catch(() => null));
  if (!(await exists(`${dir}/state.json`))) {
    if (await exists(`${dir}.old/state.json`)) use = `${dir}.old`;
    else return undefined;
  }
  const state = await readJsonIfExists<S & { optimizer: { name: string; shape: number[] }[] }>(`${use}/state.json`);
  if (!state) return undefined;
  try {
    await loadWeightsInto(model, use);
    const bytes = await Deno.readFile(`${use}/optimizer.bin`);
    const need = state.optimizer.reduce((a, e) => a + e.shape.reduce((x, y) => x * y, 1), 0) * 4;
    if (bytes.length !== need) throw new ModelLoadError(`${use}/optimizer.bin has ${bytes.length} bytes, expected ${need}`);
    const vals = new Float32Array(bytes.slice().buffer);
    const opt: OptimizerState = {};
    let o = 0;
    for (const e of state.optimizer) {
      const n = e.shape.reduce((x, y) => x * y, 1);
      opt[e.name] = { shape: e.shape, values: vals.slice(o, o + n) };
      o += n;
    }
    optimizer.load(opt);
  } catch (e) {
    throw new ModelLoadError(
      `the checkpoint in ${use} cannot be resumed (${
        e instanceof Error ? e.message : e
      }); delete that folder to restart the run from scratch`,
    );
  }
  return state;
}
