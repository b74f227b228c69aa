/** The model interface every experiment uses: `embed` (what the paper measures) and `logits`. */
import type * as tf from "@tensorflow/tfjs-core";
import type { Normalization } from "../data/normalization.ts";
import type { ForwardContext } from "./layers.ts";
import type { ParamStore } from "./params.ts";

export interface ResNetConfig {
  arch: "resnet";
  /** "imagenet": 7×7 stride-2 conv + 3×3 max-pool (ResNet18 as the paper); "small": 3×3 stride-1 conv, no pool (28–32 px). */
  stem: "imagenet" | "small";
  /** Basic blocks per stage, e.g. [2, 2, 2, 2] (ResNet18) or [1, 1, 1] (ResNet-8). */
  blocks: number[];
  /** Width of the first stage; stage i has width·2^i. */
  width: number;
  /**
   * "small" stem only: its convolution takes stride s with a (2s+1)×(2s+1) kernel and padding s, so an
   * s-times larger image gives the blocks the base size's feature map and costs them the same (notebook 08's
   * resolution axis); the finer detail reaches the network through the stem's learned filters. Absent: 1
   * (3×3, stride 1).
   */
  stemStride?: number;
  inChannels: number;
  numClasses: number;
  imageSize: number;
}

export interface ViTConfig {
  arch: "vit";
  /**
   * Absent: timm's non-overlapping patch embedding. `convStem: k`: a convolutional
   * tokenizer instead, as compact convolutional transformers (Hassani et al. 2021):
   * k × (3×3 conv, ReLU, 3×3 max pool stride 2), so `imageSize / 2^k` tokens a side;
   * then `patch` must be 2^k.
   */
  convStem?: number;
  /**
   * Absent: the class token after the final LayerNorm is the embedding (timm's
   * default). `"mean"`: no class token; the mean of the patch tokens after the
   * final LayerNorm (global average pooling, as Beyer et al. 2022's plain ViT
   * baselines and CCT's sequence pooling).
   */
  pool?: "mean";
  patch: number;
  dim: number;
  depth: number;
  heads: number;
  mlpRatio: number;
  inChannels: number;
  numClasses: number;
  imageSize: number;
}

export type ModelConfig = ResNetConfig | ViTConfig;

export interface Model {
  readonly config: ModelConfig;
  readonly params: ParamStore;
  /** Penultimate representation: ResNet's pooled features, ViT's class token (or mean token) after the final LayerNorm. Evaluation mode. */
  embed(x: tf.Tensor4D): tf.Tensor2D;
  /** Class scores in evaluation mode. */
  logits(x: tf.Tensor4D): tf.Tensor2D;
  /** Both, in the given mode (training records BatchNorm statistics in ctx). */
  forward(x: tf.Tensor4D, ctx: ForwardContext): { embedding: tf.Tensor2D; logits: tf.Tensor2D };
  /** Dimension of `embed`. */
  readonly embedDim: number;
  /** The input normalisation the model was trained with, where known (saved in model.json). */
  normalization?: Normalization;
  dispose(): void;
}

/** A short, stable description such as "resnet-small[1,1,1]w16" or "vit-p4d64x4h4". */
export function describeModel(c: ModelConfig): string {
  return c.arch === "resnet"
    ? `resnet-${c.stem}[${c.blocks.join(",")}]w${c.width}`
    : `vit-p${c.patch}d${c.dim}x${c.depth}h${c.heads}${c.pool === "mean" ? "-gap" : ""}`;
}
