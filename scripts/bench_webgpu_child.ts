/**
 * The GEMM ops of lib/bench/webgpu_bench.ts, then a whole ResNet18 training step and inference pass at 224 px,
 * timed on webgpu, for scripts/bench.ts (its own process, so that $GIB_WEBGPU_KERNELS applies). Prints JSON.
 */
import { selectBackend } from "../lib/backend.ts";
import { benchModelRates } from "../lib/bench/models_bench.ts";
import { resnetConvOps, timeGemmOps, vitMatMulOps } from "../lib/bench/webgpu_bench.ts";
import { resnet18Config } from "../lib/models/resnet.ts";

const [batch, minSeconds] = Deno.args.map(Number);
const choice = await selectBackend({ prefer: "webgpu", quiet: true });
const rows = await timeGemmOps([...resnetConvOps(batch), ...vitMatMulOps(batch)], minSeconds);
const [r] = await benchModelRates([{ name: "ResNet18", config: resnet18Config(1000), batch }], { minSeconds, maxSteps: 1000 });
rows.push(
  { name: "ResNet18 @224 training step", ms: (1000 * batch) / r.train, gflops: NaN },
  { name: "ResNet18 @224 inference", ms: (1000 * batch) / r.infer, gflops: NaN },
);
console.log(JSON.stringify({ reason: choice.reason, rows }));
