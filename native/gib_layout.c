/*
 * Memory-bound tensor ops the wasm backend does slowly in JavaScript loops:
 * a sum over a contiguous block of axes (bias and broadcast gradients,
 * softmax gradients) and strided row copies (split, concat).
 */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

/*
 * x viewed as [outer, mid, inner]: y[o, k] = Σ_j x[o, j, k]. Covers a sum over
 * leading axes (outer = 1), trailing axes (inner = 1) and any contiguous block.
 */
void gib_sum_middle(const float *x, float *y, const int *dims) {
  const long outer = dims[0], mid = dims[1], inner = dims[2];
  if (inner == 1) {
#pragma omp parallel for schedule(static) if (outer * mid > 32768)
    for (long o = 0; o < outer; o++) {
      const float *r = x + o * mid;
      double s = 0;
      for (long j = 0; j < mid; j++) s += r[j];
      y[o] = (float)s;
    }
    return;
  }
  if (outer >= 2 * omp_get_max_threads()) {
#pragma omp parallel
    {
      double *acc = malloc((size_t)inner * sizeof(double));
#pragma omp for schedule(static)
      for (long o = 0; o < outer; o++) {
        for (long k = 0; k < inner; k++) acc[k] = 0;
        for (long j = 0; j < mid; j++) {
          const float *r = x + (o * mid + j) * inner;
          for (long k = 0; k < inner; k++) acc[k] += r[k];
        }
        for (long k = 0; k < inner; k++) y[o * inner + k] = (float)acc[k];
      }
      free(acc);
    }
    return;
  }
  /* Few outer rows: split the summed axis across threads, then add the partial sums. */
  const int nt = omp_get_max_threads();
  double *part = calloc((size_t)nt * inner, sizeof(double));
  for (long o = 0; o < outer; o++) {
    memset(part, 0, (size_t)nt * inner * sizeof(double));
#pragma omp parallel if (mid * inner > 32768)
    {
      double *acc = part + (size_t)omp_get_thread_num() * inner;
#pragma omp for schedule(static)
      for (long j = 0; j < mid; j++) {
        const float *r = x + (o * mid + j) * inner;
        for (long k = 0; k < inner; k++) acc[k] += r[k];
      }
    }
    for (long k = 0; k < inner; k++) {
      double s = 0;
      for (int t = 0; t < nt; t++) s += part[(size_t)t * inner + k];
      y[o * inner + k] = (float)s;
    }
  }
  free(part);
}

/*
 * For r < rows: dst[r·dstStride + dstOffset + i] = src[r·srcStride + srcOffset + i], i < len.
 * dims = {rows, len, srcStride, srcOffset, dstStride, dstOffset}. A split copies
 * one part of each row out; a concat copies each input into its place.
 */
void gib_copy_rows(const float *src, float *dst, const int *dims) {
  const long rows = dims[0], len = dims[1], ss = dims[2], so = dims[3], ds = dims[4], dof = dims[5];
  const size_t bytes = (size_t)len * sizeof(float);
#pragma omp parallel for schedule(static) if (rows * len > 65536)
  for (long r = 0; r < rows; r++) memcpy(dst + r * ds + dof, src + r * ss + so, bytes);
}
