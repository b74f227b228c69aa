/*
 * Exact GELU, 0.5·x·(1 + erf(x/√2)) as PyTorch's nn.GELU, and its gradient
 * Φ(x) + x·φ(x). This file alone is compiled with -ffast-math (and for the
 * build machine's CPU), which lets GCC call glibc's vectorised erff/expf:
 * 0.8 ms instead of 14 ms (wasm) for 2 M values, measured.
 */
#include <math.h>

void gib_gelu(const float *x, float *y, const int *dims) {
  const long n = dims[0];
#pragma omp parallel for simd schedule(static)
  for (long i = 0; i < n; i++) y[i] = 0.5f * x[i] * (1.0f + erff(x[i] * 0.70710678118654752f));
}

void gib_gelu_backward(const float *dy, const float *x, float *dx, const int *dims) {
  const long n = dims[0];
#pragma omp parallel for simd schedule(static)
  for (long i = 0; i < n; i++) {
    const float v = x[i];
    const float cdf = 0.5f * (1.0f + erff(v * 0.70710678118654752f));
    const float pdf = expf(-0.5f * v * v) * 0.39894228040143268f;
    dx[i] = dy[i] * (cdf + v * pdf);
  }
}
