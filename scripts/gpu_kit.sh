#!/bin/bash
# Builds a self-contained kit to measure the webgpu backend on a machine that
# has a GPU but no Deno, no npm registry and no network (how the H100 numbers
# in README were taken): the Deno binary (xz), single-file bundles of the
# benchmark, the step profiler and the WebGPU tests, imagescript's native codec,
# and a 2 000-image Fashion-MNIST train file (the tests need only a few).
#
#   bash scripts/gpu_kit.sh            # writes .gpu/ (git-ignored, ~35 MB)
# then, on the GPU machine, from a copy of the repository with .gpu/ in it:
#   xz -dc .gpu/deno.xz > /tmp/deno && chmod +x /tmp/deno; cp .gpu/fm/* data/fashion-mnist/; cd .gpu
#   /tmp/deno test -A --no-check webgpu_test.js
#   /tmp/deno run -A --no-check bench_child.js webgpu 3 60        # small models, batch 128
#   /tmp/deno run -A --no-check bench_child.js webgpu 5 60 gpu    # ResNet18 at 224 px, batch 64
#   /tmp/deno run -A --no-check profile_step.js webgpu resnet18-224 64
#   /tmp/deno run -A --no-check bench_webgpu_child.js 32 2                      # our WGSL kernels: ops + ResNet18 step
#   GIB_WEBGPU_KERNELS=0 /tmp/deno run -A --no-check bench_webgpu_child.js 32 2 # the same on TF.js's kernels
# (the Vulkan loader must be installed there: Debian's libvulkan1.)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .gpu/bin .gpu/fm
bundle() {
  deno bundle --platform deno --minify --external '*.node' -o /tmp/gib_bundle.js "$1" >/dev/null
  # The bundle is ESM; imagescript is CommonJS and calls require() at load time.
  { echo 'import { createRequire as __gibCreateRequire } from "node:module"; globalThis.require ??= __gibCreateRequire(import.meta.url);'; cat /tmp/gib_bundle.js; } > ".gpu/$2"
}
bundle test/kernels/webgpu_test.ts webgpu_test.js
bundle scripts/bench_child.ts bench_child.js
bundle scripts/profile_step.ts profile_step.js
bundle scripts/bench_webgpu_child.ts bench_webgpu_child.js
cp node_modules/.deno/imagescript@*/node_modules/imagescript/codecs/node/bin/x64-linux.node .gpu/bin/
[ -f .gpu/deno.xz ] || xz -T2 -9 -c "$(readlink -f "$(command -v deno)")" > .gpu/deno.xz
/usr/bin/python3 - <<'PY'
import gzip, struct
n = 2000
im = gzip.open("data/fashion-mnist/train-images-idx3-ubyte.gz").read()
lb = gzip.open("data/fashion-mnist/train-labels-idx1-ubyte.gz").read()
open(".gpu/fm/train-images-idx3-ubyte.gz", "wb").write(gzip.compress(im[:4] + struct.pack(">III", n, 28, 28) + im[16:16 + n * 784]))
open(".gpu/fm/train-labels-idx1-ubyte.gz", "wb").write(gzip.compress(lb[:4] + struct.pack(">I", n) + lb[8:8 + n]))
PY
du -sh .gpu
