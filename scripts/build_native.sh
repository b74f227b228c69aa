#!/usr/bin/env bash
# Builds the optional native kernels (native/gib_kernels.c → native/build/libgib_kernels.so)
# against Debian's OpenBLAS. Without a C compiler or OpenBLAS it says so and exits 0:
# the project then runs on its WebAssembly kernels, slower.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p native/build
if ! command -v gcc >/dev/null 2>&1; then echo "native kernels: no gcc, skipped (wasm kernels will be used)"; exit 0; fi
if ! gcc -O3 -fPIC -shared -fopenmp -Wall -o native/build/libgib_kernels.so.tmp native/gib_kernels.c -lopenblas 2>native/build/build.log; then
  echo "native kernels: build failed (see native/build/build.log), skipped (wasm kernels will be used)"; exit 0
fi
mv native/build/libgib_kernels.so.tmp native/build/libgib_kernels.so
echo "native kernels: built native/build/libgib_kernels.so (OpenBLAS)"
