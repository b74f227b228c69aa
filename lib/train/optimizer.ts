/**
 * What the training step needs of an optimiser, so that SGD (the paper's
 * ResNets) and AdamW (the ViTs' recipe) are interchangeable, with their state
 * saved in a run's checkpoint as named arrays.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { AdamW } from "./adamw.ts";
import { Sgd } from "./sgd.ts";

/** Optimiser state as plain arrays by name (momentum buffers, moments, step count). */
export type OptimizerState = Record<string, { shape: number[]; values: Float32Array }>;

export interface Optimizer {
  /** One update of `params` (name → variable) with `grads` (name → gradient) at learning rate `lr`. */
  step(params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>, lr: number): void;
  state(): Promise<OptimizerState>;
  load(state: OptimizerState): void;
  dispose(): void;
}

/** The optimisers a run can name; absent in a config means SGD, so older run keys are unchanged. */
export type OptimizerKind = "sgd" | "adamw";

/** The optimiser a run names: SGD with momentum (coupled L2) by default, or AdamW (decoupled decay). */
export function createOptimizer(run: { optimizer?: OptimizerKind; momentum: number; weightDecay: number }): Optimizer {
  return run.optimizer === "adamw"
    ? new AdamW({ weightDecay: run.weightDecay })
    : new Sgd({ momentum: run.momentum, weightDecay: run.weightDecay });
}
