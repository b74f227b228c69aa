/**
 * ResNet with basic blocks, torchvision's layout: conv3×3(stride) → BN → ReLU
 * → conv3×3 → BN, plus a 1×1 conv + BN shortcut when the shape changes; global
 * average pool → linear. `resnet18()` is the paper's model (11 689 512
 * parameters with 1000 classes); the "small" stem suits 28–32 px images.
 */
import * as tf from "@tensorflow/tfjs-core";
import { convBn, declareBatchNorm, declareConv, declareLinear, type ForwardContext, linear } from "./layers.ts";
import type { Model, ResNetConfig } from "./model.ts";
import { type InitSeed, ParamStore } from "./params.ts";

/** The paper's ResNet18 (ImageNet stem, 4 stages of 2 blocks, widths 64…512). */
export function resnet18Config(numClasses = 1000, imageSize = 224, inChannels = 3): ResNetConfig {
  return { arch: "resnet", stem: "imagenet", blocks: [2, 2, 2, 2], width: 64, inChannels, numClasses, imageSize };
}

/** A small-image ResNet: depth 8 → 3 stages of 1 block; depth 18 → 4 stages of 2 blocks. */
export function smallResnetConfig(
  opts: { depth: 8 | 18; width: number; numClasses: number; imageSize: number; inChannels: number; stemStride?: number },
): ResNetConfig {
  const blocks = opts.depth === 8 ? [1, 1, 1] : [2, 2, 2, 2];
  if (opts.stemStride !== undefined && !(Number.isInteger(opts.stemStride) && opts.stemStride >= 1)) {
    throw new RangeError(`stemStride must be a positive integer, got ${opts.stemStride}`);
  }
  return {
    arch: "resnet",
    stem: "small",
    ...(opts.stemStride && opts.stemStride > 1 ? { stemStride: opts.stemStride } : {}),
    blocks,
    width: opts.width,
    inChannels: opts.inChannels,
    numClasses: opts.numClasses,
    imageSize: opts.imageSize,
  };
}

interface Block {
  name: string;
  stride: number;
  cin: number;
  cout: number;
  shortcut: boolean;
}

export function createResNet(config: ResNetConfig, seed: InitSeed): Model {
  const ps = new ParamStore();
  const stride = config.stem === "small" ? config.stemStride ?? 1 : 1;
  const stemK = config.stem === "imagenet" ? 7 : 2 * stride + 1;
  declareConv(ps, "stem.conv", stemK, config.inChannels, config.width);
  declareBatchNorm(ps, "stem.bn", config.width);
  const blocks: Block[] = [];
  let cin = config.width;
  config.blocks.forEach((n, stage) => {
    const cout = config.width * 2 ** stage;
    for (let b = 0; b < n; b++) {
      const stride = b === 0 && stage > 0 ? 2 : 1;
      const name = `stage${stage + 1}.${b}`;
      const shortcut = stride !== 1 || cin !== cout;
      declareConv(ps, `${name}.conv1`, 3, cin, cout);
      declareBatchNorm(ps, `${name}.bn1`, cout);
      declareConv(ps, `${name}.conv2`, 3, cout, cout);
      declareBatchNorm(ps, `${name}.bn2`, cout);
      if (shortcut) {
        declareConv(ps, `${name}.down.conv`, 1, cin, cout);
        declareBatchNorm(ps, `${name}.down.bn`, cout);
      }
      blocks.push({ name, stride, cin, cout, shortcut });
      cin = cout;
    }
  });
  declareLinear(ps, "fc", cin, config.numClasses);
  ps.initialize(seed);
  const embedDim = cin;

  function features(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D {
    if (x.shape[3] !== config.inChannels) {
      throw new RangeError(`model expects ${config.inChannels} input channels, got ${x.shape[3]}`);
    }
    const stem = config.stem === "imagenet" ? { stride: 2, pad: 3 } : { stride, pad: stride };
    if (stride > 1 && (x.shape[1] % stride || x.shape[2] % stride)) {
      throw new RangeError(`stemStride ${stride} needs sides that are multiples of it, got ${x.shape[1]}×${x.shape[2]}`);
    }
    let h = convBn(ps, { conv: "stem.conv", bn: "stem.bn" }, x, stem, ctx, { relu: true });
    // PyTorch's MaxPool2d(3, 2, padding=1): the padding never wins a window.
    if (config.stem === "imagenet") h = tf.maxPool(h, 3, 2, 1);
    for (const b of blocks) {
      const n = b.name;
      const out = convBn(ps, { conv: `${n}.conv1`, bn: `${n}.bn1` }, h, { stride: b.stride, pad: 1 }, ctx, { relu: true });
      const skip = b.shortcut
        ? convBn(ps, { conv: `${n}.down.conv`, bn: `${n}.down.bn` }, h, { stride: b.stride, pad: 0 }, ctx, { relu: false })
        : h;
      h = convBn(ps, { conv: `${n}.conv2`, bn: `${n}.bn2` }, out, { stride: 1, pad: 1 }, ctx, { relu: true, residual: skip });
    }
    return tf.mean(h, [1, 2]) as tf.Tensor2D;
  }

  const model: Model = {
    config,
    params: ps,
    embedDim,
    forward(x, ctx) {
      const embedding = features(x, ctx);
      return { embedding, logits: linear(ps, "fc", embedding) as tf.Tensor2D };
    },
    embed: (x) => tf.tidy(() => features(x, { training: false })),
    logits: (x) => tf.tidy(() => linear(ps, "fc", features(x, { training: false })) as tf.Tensor2D),
    dispose: () => ps.dispose(),
  };
  return model;
}
