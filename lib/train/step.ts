/**
 * One training step, written once for every caller (the trainer,
 * Augerino's trainer, the model bench and the step profiler): gradients of
 * the cross-entropy (plus an optional extra loss) → optimiser update of
 * each parameter group → BatchNorm running statistics. The three phases are
 * separate methods so that the profiler can time each; `run` composes them.
 */
import * as tf from "@tensorflow/tfjs-core";
import { crossEntropy, type ForwardContext, updateBatchNormStats } from "../models/layers.ts";
import type { Model } from "../models/model.ts";
import type { Optimizer } from "./optimizer.ts";

/** Parameters with their own optimiser, stepped at the step's learning rate × `lrScale` (Augerino's widths). */
export interface ParamGroup {
  optimizer: Optimizer;
  /** Name (as the optimiser's state knows it) → variable. */
  params: Map<string, tf.Variable>;
  lrScale: number;
}

export interface StepOptions {
  /** Maps the input inside the differentiated function (Augerino's learned warp). */
  transformInput?: (x: tf.Tensor4D) => tf.Tensor4D;
  /** Added to the cross-entropy inside the differentiated function (Augerino's regulariser). */
  extraLoss?: () => tf.Scalar;
  /** More parameters differentiated and updated with their own optimiser. */
  extraGroups?: ParamGroup[];
  /** The cross-entropy's label smoothing ε (0: none). */
  labelSmoothing?: number;
}

/** The gradients of one batch, with what the update needs; dispose with `release` if not applied. */
export interface StepGradients {
  loss: tf.Scalar;
  grads: tf.NamedTensorMap;
  ctx: ForwardContext;
}

export class TrainingStep {
  /** The model's trainable parameters by name: what `optimizer` updates. */
  readonly params: Map<string, tf.Variable>;
  private readonly groups: ParamGroup[];

  constructor(readonly model: Model, readonly optimizer: Optimizer, readonly opts: StepOptions = {}) {
    this.params = new Map(model.params.specs.filter((s) => s.trainable).map((s) => [s.name, model.params.get(s.name)]));
    this.groups = [{ optimizer, params: this.params, lrScale: 1 }, ...(opts.extraGroups ?? [])];
  }

  /** Phase 1: forward and backward. BatchNorm's batch statistics are kept in `ctx` for phase 3. */
  gradients(x: tf.Tensor4D, y: tf.Tensor1D): StepGradients {
    const ctx: ForwardContext = { training: true, bnStats: [] };
    const { transformInput, extraLoss, labelSmoothing } = this.opts;
    const variables = this.groups.flatMap((g) => [...g.params.values()]);
    const { value, grads } = tf.variableGrads(() => {
      const ce = crossEntropy(this.model.forward(transformInput ? transformInput(x) : x, ctx).logits, y, labelSmoothing);
      return extraLoss ? tf.add(ce, extraLoss()) as tf.Scalar : ce;
    }, variables);
    return { loss: value, grads, ctx };
  }

  /** Phase 2: every group's optimiser update at learning rate `lr` (× the group's scale). */
  apply(g: StepGradients, lr: number): void {
    for (const group of this.groups) {
      const byName = new Map<string, tf.Tensor>();
      for (const [name, v] of group.params) {
        const grad = g.grads[v.name];
        if (grad) byName.set(name, grad);
      }
      group.optimizer.step(group.params, byName, lr * group.lrScale);
    }
  }

  /** Phase 3: BatchNorm running statistics from the batch's. */
  updateStatistics(g: StepGradients): void {
    updateBatchNormStats(this.model.params, g.ctx.bnStats!);
  }

  /** Frees the gradients and the loss (and unused batch statistics). */
  release(g: StepGradients, opts: { statistics?: boolean } = {}): void {
    tf.dispose([g.loss, ...Object.values(g.grads)]);
    if (opts.statistics) { for (const st of g.ctx.bnStats ?? []) tf.dispose([st.mean, st.variance]); }
  }

  /**
   * The whole step. The loss is read back before anything is updated, so a
   * NaN or infinite loss returns with the parameters unchanged (the caller
   * decides what to do); `readLossFirst: false` reads it after the update
   * instead, letting an asynchronous backend overlap (the bench).
   */
  async run(x: tf.Tensor4D, y: tf.Tensor1D, lr: number, opts: { readLossFirst?: boolean } = {}): Promise<number> {
    const g = this.gradients(x, y);
    if (opts.readLossFirst === false) {
      this.apply(g, lr);
      this.updateStatistics(g);
      const loss = (await g.loss.data())[0];
      this.release(g);
      return loss;
    }
    const loss = (await g.loss.data())[0];
    if (!Number.isFinite(loss)) {
      this.release(g, { statistics: true });
      return loss;
    }
    this.apply(g, lr);
    this.updateStatistics(g);
    this.release(g);
    return loss;
  }
}
