/*
 * Softmax over the last axis, as TF.js's Softmax kernel (and torch.softmax):
 * y = exp(x - max) / Σ exp(x - max), rows threaded. Built with -ffast-math
 * and for this CPU (as gib_gelu.c) so that GCC calls glibc's vectorised expf;
 * XNNPACK's softmax in the wasm backend runs on one thread.
 */
#include <math.h>

void gib_softmax(const float *x, float *y, const int *dims) {
  const long rows = dims[0], n = dims[1];
#pragma omp parallel for schedule(static)
  for (long r = 0; r < rows; r++) {
    const float *xr = x + r * n;
    float *yr = y + r * n;
    float m = xr[0]; // not -INFINITY: -ffast-math assumes finite values
    for (long i = 1; i < n; i++) m = xr[i] > m ? xr[i] : m;
    float s = 0.0f;
#pragma omp simd reduction(+ : s)
    for (long i = 0; i < n; i++) {
      yr[i] = expf(xr[i] - m);
      s += yr[i];
    }
    const float inv = 1.0f / s;
#pragma omp simd
    for (long i = 0; i < n; i++) yr[i] *= inv;
  }
}
