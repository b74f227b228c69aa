/**
 * Published ImageNet weights into our models: torchvision's ResNet
 * (`conv1.weight`, `layer1.0.bn1.running_mean`, `fc.weight`, …) and the ViT
 * in either naming, timm's (`patch_embed.proj.weight`, `cls_token`,
 * `pos_embed`, `blocks.0.attn.qkv.weight`, …) or torchvision's
 * (`conv_proj.weight`, `class_token`, `encoder.pos_embedding`,
 * `encoder.layers.encoder_layer_0.self_attention.in_proj_weight`, …), read
 * from a .safetensors file. PyTorch's layouts are transposed to ours
 * (convolutions OIHW → HWIO, linear layers out×in → in×out, the patch
 * convolution to a linear map over (row, column, channel) patches). Any
 * tensor that is unknown, missing or mis-shaped is an error that lists them.
 */
import * as tf from "@tensorflow/tfjs-core";
import { IMAGENET_NORMALIZATION, type Normalization } from "../data/normalization.ts";
import { createModel } from "./create.ts";
import { resnet18Config } from "./resnet.ts";
import { vitConfig } from "./vit.ts";
import { ModelLoadError } from "./io.ts";
import type { Model, ModelConfig } from "./model.ts";
import { type NamedTensor, readSafetensors } from "./safetensors.ts";

/** The published architectures by their torchvision / timm names. */
export const PRETRAINED_ARCHS = ["resnet18", "vit_b_16", "vit_base_patch16_224", "vit_s_16", "vit_small_patch16_224"] as const;

/** Our config of a published architecture (224 px, `numClasses` outputs: 1000 for ImageNet checkpoints). */
export function pretrainedConfig(arch: string, numClasses = 1000): ModelConfig {
  if (arch === "resnet18") return resnet18Config(numClasses);
  if (arch === "vit_b_16" || arch === "vit_base_patch16_224") return vitConfig("B", numClasses);
  if (arch === "vit_s_16" || arch === "vit_small_patch16_224") return vitConfig("S", numClasses);
  throw new RangeError(`unknown pretrained architecture "${arch}" (${PRETRAINED_ARCHS.join(", ")})`);
}

/**
 * The architecture a checkpoint holds, read from its tensors: torchvision's
 * ResNet18 (two blocks per stage), or a ViT at 224 px with patch 16 whose
 * width names it (384: S, 768: B); the classes from its head.
 */
export function checkpointConfig(tensors: Map<string, NamedTensor>, path = "<checkpoint>"): ModelConfig {
  const shape = (n: string) => tensors.get(n)?.shape;
  if (shape("fc.weight") && shape("layer4.1.conv2.weight") && !shape("layer1.2.conv1.weight")) {
    return resnet18Config(shape("fc.weight")![0]);
  }
  const cls = shape("cls_token") ?? shape("class_token");
  const head = shape("head.weight") ?? shape("heads.head.weight");
  if (cls && head) {
    if (cls[2] === 768) return vitConfig("B", head[0]);
    if (cls[2] === 384) return vitConfig("S", head[0]);
  }
  throw new ModelLoadError(`${path}: not a ResNet18, ViT-S/16 or ViT-B/16 checkpoint this loader knows; pass its config`);
}

/** How a PyTorch tensor's layout becomes ours. */
type Layout = "same" | "conv" | "linear" | "patch";

interface Target {
  ours: string;
  layout: Layout;
}

const BN: Record<string, string> = { weight: "gamma", bias: "beta", running_mean: "mean", running_var: "var" };
const LN: Record<string, string> = { weight: "gamma", bias: "beta" };
const LINEAR: Record<string, [string, Layout]> = { weight: ["w", "linear"], bias: ["b", "same"] };

/** Our name for a torchvision ResNet tensor; "ignore" for BatchNorm's step counter; undefined if unknown. */
export function resnetTarget(name: string): Target | "ignore" | undefined {
  if (name.endsWith("num_batches_tracked")) return "ignore";
  let m = /^(conv1)\.weight$/.exec(name);
  if (m) return { ours: "stem.conv.w", layout: "conv" };
  m = /^bn1\.(weight|bias|running_mean|running_var)$/.exec(name);
  if (m) return { ours: `stem.bn.${BN[m[1]]}`, layout: "same" };
  m = /^layer(\d+)\.(\d+)\.(conv[12])\.weight$/.exec(name);
  if (m) return { ours: `stage${m[1]}.${m[2]}.${m[3]}.w`, layout: "conv" };
  m = /^layer(\d+)\.(\d+)\.(bn[12])\.(weight|bias|running_mean|running_var)$/.exec(name);
  if (m) return { ours: `stage${m[1]}.${m[2]}.${m[3]}.${BN[m[4]]}`, layout: "same" };
  m = /^layer(\d+)\.(\d+)\.downsample\.0\.weight$/.exec(name);
  if (m) return { ours: `stage${m[1]}.${m[2]}.down.conv.w`, layout: "conv" };
  m = /^layer(\d+)\.(\d+)\.downsample\.1\.(weight|bias|running_mean|running_var)$/.exec(name);
  if (m) return { ours: `stage${m[1]}.${m[2]}.down.bn.${BN[m[3]]}`, layout: "same" };
  m = /^fc\.(weight|bias)$/.exec(name);
  if (m) return { ours: `fc.${LINEAR[m[1]][0]}`, layout: LINEAR[m[1]][1] };
  return undefined;
}

/** Our name for a timm or torchvision ViT tensor; undefined if unknown. */
export function vitTarget(name: string): Target | undefined {
  const lin = (ours: string, which: string): Target => ({ ours: `${ours}.${LINEAR[which][0]}`, layout: LINEAR[which][1] });
  let m: RegExpExecArray | null;
  // timm
  if ((m = /^patch_embed\.proj\.(weight|bias)$/.exec(name))) {
    return { ours: `patch.${m[1] === "weight" ? "w" : "b"}`, layout: m[1] === "weight" ? "patch" : "same" };
  }
  if (name === "cls_token") return { ours: "cls", layout: "same" };
  if (name === "pos_embed") return { ours: "pos", layout: "same" };
  if ((m = /^blocks\.(\d+)\.(norm[12])\.(weight|bias)$/.exec(name))) {
    return { ours: `block${m[1]}.${m[2]}.${LN[m[3]]}`, layout: "same" };
  }
  if ((m = /^blocks\.(\d+)\.attn\.(qkv|proj)\.(weight|bias)$/.exec(name))) return lin(`block${m[1]}.${m[2]}`, m[3]);
  if ((m = /^blocks\.(\d+)\.mlp\.(fc[12])\.(weight|bias)$/.exec(name))) return lin(`block${m[1]}.${m[2]}`, m[3]);
  if ((m = /^norm\.(weight|bias)$/.exec(name))) return { ours: `norm.${LN[m[1]]}`, layout: "same" };
  if ((m = /^head\.(weight|bias)$/.exec(name))) return lin("head", m[1]);
  // torchvision
  if ((m = /^conv_proj\.(weight|bias)$/.exec(name))) {
    return { ours: `patch.${m[1] === "weight" ? "w" : "b"}`, layout: m[1] === "weight" ? "patch" : "same" };
  }
  if (name === "class_token") return { ours: "cls", layout: "same" };
  if (name === "encoder.pos_embedding") return { ours: "pos", layout: "same" };
  const layer = /^encoder\.layers\.encoder_layer_(\d+)\.(.+)$/.exec(name);
  if (layer) {
    const [, i, rest] = layer;
    if ((m = /^ln_([12])\.(weight|bias)$/.exec(rest))) return { ours: `block${i}.norm${m[1]}.${LN[m[2]]}`, layout: "same" };
    if (rest === "self_attention.in_proj_weight") return lin(`block${i}.qkv`, "weight");
    if (rest === "self_attention.in_proj_bias") return lin(`block${i}.qkv`, "bias");
    if ((m = /^self_attention\.out_proj\.(weight|bias)$/.exec(rest))) return lin(`block${i}.proj`, m[1]);
    // torchvision ≥ 0.12 names the MLP's linears mlp.0 and mlp.3; older checkpoints mlp.linear_1 and mlp.linear_2.
    if ((m = /^mlp\.(0|linear_1)\.(weight|bias)$/.exec(rest))) return lin(`block${i}.fc1`, m[2]);
    if ((m = /^mlp\.(3|linear_2)\.(weight|bias)$/.exec(rest))) return lin(`block${i}.fc2`, m[2]);
  }
  if ((m = /^encoder\.ln\.(weight|bias)$/.exec(name))) return { ours: `norm.${LN[m[1]]}`, layout: "same" };
  if ((m = /^heads\.head\.(weight|bias)$/.exec(name))) return lin("head", m[1]);
  return undefined;
}

/** PyTorch's values in our layout, with the shape they then have. */
export function toOurLayout(
  t: { shape: number[]; values: Float32Array },
  layout: Layout,
): { shape: number[]; values: Float32Array } {
  const { shape, values } = t;
  if (layout === "same") return { shape, values };
  if (layout === "linear") {
    const [o, i] = shape, out = new Float32Array(values.length);
    for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) out[b * o + a] = values[a * i + b];
    return { shape: [i, o], values: out };
  }
  // OIHW → HWIO
  const [o, i, h, w] = shape, out = new Float32Array(values.length);
  for (let a = 0; a < o; a++) {
    for (let b = 0; b < i; b++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) out[((y * w + x) * i + b) * o + a] = values[((a * i + b) * h + y) * w + x];
      }
    }
  }
  return layout === "conv" ? { shape: [h, w, i, o], values: out } : { shape: [h * w * i, o], values: out };
}

/**
 * A model with the weights of a torchvision ResNet or a timm / torchvision
 * ViT checkpoint (.safetensors), of `config` or, without one, of the
 * architecture the checkpoint holds (checkpointConfig). Inputs are normalised with
 * ImageNet's statistics unless `normalization` says otherwise (timm's
 * augreg ViTs were trained with mean = std = 0.5; the paper's code fed them
 * ImageNet statistics).
 */
export async function loadPretrained(
  path: string,
  config?: ModelConfig,
  opts: { normalization?: Normalization } = {},
): Promise<Model> {
  return modelFromCheckpoint(await readSafetensors(path), path, config, opts);
}

/** loadPretrained on tensors already read (`path` names them in errors), so a caller that needs their config reads the file once. */
export function modelFromCheckpoint(
  tensors: Map<string, NamedTensor>,
  path: string,
  config?: ModelConfig,
  opts: { normalization?: Normalization } = {},
): Model {
  const model = createModel(config ?? checkpointConfig(tensors, path), "zeros");
  try {
    assignPretrained(model, tensors, path);
  } catch (e) {
    model.dispose();
    throw e;
  }
  model.normalization = opts.normalization ?? IMAGENET_NORMALIZATION;
  return model;
}

/** Copies the checkpoint's tensors into `model`; lists every unknown, missing or mis-shaped tensor in one error. */
export function assignPretrained(model: Model, tensors: Map<string, NamedTensor>, path: string): void {
  const target = model.config.arch === "resnet" ? resnetTarget : vitTarget;
  const shapes = new Map(model.params.specs.map((s) => [s.name, s.shape]));
  const unknown: string[] = [], misShaped: string[] = [], assigned = new Set<string>();
  const values = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const [name, t] of tensors) {
    const tg = target(name);
    if (tg === "ignore") continue;
    if (!tg || !shapes.has(tg.ours) || !t.values) {
      unknown.push(`${name} ${JSON.stringify(t.shape)}`);
      continue;
    }
    const converted = t.shape.length === (tg.layout === "linear" ? 2 : tg.layout === "same" ? t.shape.length : 4)
      ? toOurLayout({ shape: t.shape, values: t.values }, tg.layout)
      : undefined;
    const want = shapes.get(tg.ours)!;
    if (!converted || converted.shape.join("×") !== want.join("×")) {
      misShaped.push(`${name} ${JSON.stringify(t.shape)} → ${tg.ours} needs ${JSON.stringify(want)}`);
      continue;
    }
    values.set(tg.ours, converted);
    assigned.add(tg.ours);
  }
  const missing = [...shapes.keys()].filter((n) => !assigned.has(n));
  if (unknown.length || misShaped.length || missing.length) {
    const list = (
      what: string,
      xs: string[],
    ) => (xs.length ? `\n  ${what} (${xs.length}): ${xs.slice(0, 12).join("; ")}${xs.length > 12 ? "; …" : ""}` : "");
    throw new ModelLoadError(
      `${path} does not fit a ${model.config.arch} of this config:${list("unknown tensors", unknown)}${
        list("mis-shaped", misShaped)
      }${list("missing (our names)", missing)}`,
    );
  }
  for (const [name, v] of values) {
    const t = tf.tensor(v.values, v.shape, "float32");
    model.params.get(name).assign(t);
    t.dispose();
  }
}
