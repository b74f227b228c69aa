#!/usr/bin/env bash
# Builds the optional native kernels (native/*.c → native/build/libgib_kernels.so):
# with Debian's oneDNN (libdnnl-dev) where it is installed — its JIT convolutions
# and sgemm, the ones PyTorch runs on — else against OpenBLAS alone. Without a C
# compiler or either library it says so and exits 0: the project then runs on
# its WebAssembly kernels, slower. $GIB_NATIVE_BLAS=openblas forces the second build.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p native/build
if ! command -v gcc >/dev/null 2>&1; then echo "native kernels: no gcc, skipped (wasm kernels will be used)"; exit 0; fi
log=native/build/build.log
: >"$log"
CFLAGS=(-O3 -fPIC -fopenmp -Wall)
# Compiles one source to native/build/<name>.o with the given extra flags.
compile() { local src=$1; shift; gcc "${CFLAGS[@]}" "$@" -c -o "native/build/$(basename "$src" .c).o" "$src" 2>>"$log"; }
common() {
  compile native/gib_norm.c && compile native/gib_layout.c && compile native/gib_warp.c && compile native/gib_pool.c && compile native/gib_relu.c &&
    # Only GELU and softmax get -ffast-math (glibc's vectorised erff/expf, glibc ≥ 2.35), tuned for this CPU, where the
    # set-up command builds them.
    { fast_math -ffast-math -march=native || fast_math; }
}
# Compiles GELU and softmax, the files whose math may be vectorised, with the given extra flags.
fast_math() { for f in native/gib_gelu.c native/gib_softmax.c; do compile "$f" "$@" || return 1; done; }
# Links every object; -z defs makes a missing symbol fail here, not at load time.
link_once() { gcc -shared -fopenmp -Wl,-z,defs -o native/build/libgib_kernels.so.tmp native/build/*.o "$@" -lm 2>>"$log"; }
# Where the vectorised math is missing (older glibc), GELU and softmax are rebuilt with plain erff/expf.
link() { link_once "$@" || { fast_math && link_once "$@"; }; }
rm -f native/build/*.o
what=""
if [ "${GIB_NATIVE_BLAS:-}" != openblas ] && [ -f /usr/include/oneapi/dnnl/dnnl.h ] &&
  common && compile native/gib_kernels.c -DGIB_DNNL && compile native/gib_conv_dnnl.c && link -ldnnl; then
  what="oneDNN"
elif rm -f native/build/*.o && common && compile native/gib_kernels.c && link -lopenblas; then
  what="OpenBLAS"
else
  echo "native kernels: build failed (see $log), skipped (wasm kernels will be used)"; exit 0
fi
rm -f native/build/*.o
mv native/build/libgib_kernels.so.tmp native/build/libgib_kernels.so
echo "$what" >native/build/blas.txt
echo "native kernels: built native/build/libgib_kernels.so ($what)"
