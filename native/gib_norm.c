/*
 * Normalisation layers as fused kernels (TF.js composes each from ~15 ops):
 * BatchNorm over the rows of x[m, c] (m = N·H·W in NHWC), and LayerNorm over
 * each row of x[rows, d]. Statistics are accumulated in double; sums over
 * rows run in parallel with one partial sum per thread, added at the end.
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* Parallel column sums over rows [0, m): out[j] = Σ_i f(i, j), per-thread partials in double. */
#define COLUMN_SUMS(m, c, out, ...)                                                           \
  do {                                                                                        \
    const int nt_ = omp_get_max_threads();                                                    \
    double *part_ = calloc((size_t)nt_ * (c), sizeof(double));                                \
    _Pragma("omp parallel") {                                                                 \
      double *acc = part_ + (size_t)omp_get_thread_num() * (c);                              \
      _Pragma("omp for schedule(static)") for (long i = 0; i < (m); i++) { __VA_ARGS__ }       \
    }                                                                                         \
    for (int j = 0; j < (c); j++) out[j] = 0;                                                 \
    for (int t = 0; t < nt_; t++)                                                             \
      for (int j = 0; j < (c); j++) out[j] += part_[(size_t)t * (c) + j];                     \
    free(part_);                                                                              \
  } while (0)

/*
 * BatchNorm in training mode over rows of x[m, c]: batch mean and biased
 * variance per channel, y = (x − mean)·invstd·γ + β with invstd = 1/√(var + eps).
 */
void gib_bn_forward(const float *x, const float *gamma, const float *beta, float *y, float *mean, float *var, float *invstd,
                    const int *dims, const float *epsp) {
  const long m = dims[0];
  const int c = dims[1];
  const double eps = epsp[0];
  double *mu = malloc(2 * (size_t)c * sizeof(double)), *sq = mu + c;
  COLUMN_SUMS(m, c, mu, {
    const float *r = x + i * c;
    for (int j = 0; j < c; j++) acc[j] += r[j];
  });
  for (int j = 0; j < c; j++) mu[j] /= (double)m;
  /* Deviations from the mean in a second pass: one-pass E[x²] − E[x]² loses digits. */
  COLUMN_SUMS(m, c, sq, {
    const float *r = x + i * c;
    for (int j = 0; j < c; j++) {
      const double d = r[j] - mu[j];
      acc[j] += d * d;
    }
  });
  float *scale = malloc(2 * (size_t)c * sizeof(float)), *shift = scale + c;
  for (int j = 0; j < c; j++) {
    const double v = sq[j] / (double)m, is = 1.0 / sqrt(v + eps);
    mean[j] = (float)mu[j];
    var[j] = (float)v;
    invstd[j] = (float)is;
    scale[j] = (float)(is * gamma[j]);
    shift[j] = (float)(beta[j] - mu[j] * is * gamma[j]);
  }
#pragma omp parallel for schedule(static)
  for (long i = 0; i < m; i++) {
    const float *r = x + i * c;
    float *o = y + i * c;
    for (int j = 0; j < c; j++) o[j] = r[j] * scale[j] + shift[j];
  }
  free(scale);
  free(mu);
}

/*
 * Gradients of the above: dβ = Σ dy, dγ = Σ dy·x̂, dx = γ·invstd/m·(m·dy − dβ − x̂·dγ), x̂ = (x − mean)·invstd.
 */
void gib_bn_backward(const float *dy, const float *x, const float *gamma, const float *mean, const float *invstd, float *dx, float *dgamma,
                     float *dbeta, const int *dims) {
  const long m = dims[0];
  const int c = dims[1];
  double *sums = malloc(2 * (size_t)c * sizeof(double));
  /* Both sums in one pass: columns [0, c) Σ dy, [c, 2c) Σ dy·x̂. */
  COLUMN_SUMS(m, 2 * c, sums, {
    const float *g = dy + i * c, *r = x + i * c;
    for (int j = 0; j < c; j++) {
      acc[j] += g[j];
      acc[c + j] += g[j] * ((r[j] - mean[j]) * invstd[j]);
    }
  });
  const double *sb = sums, *sg = sums + c;
  float *k1 = malloc(3 * (size_t)c * sizeof(float)), *k2 = k1 + c, *k3 = k2 + c;
  for (int j = 0; j < c; j++) {
    dbeta[j] = (float)sb[j];
    dgamma[j] = (float)sg[j];
    const double a = gamma[j] * invstd[j];
    k1[j] = (float)a;                           /* coefficient of dy */
    k2[j] = (float)(a * sg[j] / m * invstd[j]); /* coefficient of (x − mean) */
    k3[j] = (float)(a * sb[j] / m);             /* constant */
  }
#pragma omp parallel for schedule(static)
  for (long i = 0; i < m; i++) {
    const float *g = dy + i * c, *r = x + i * c;
    float *o = dx + i * c;
    for (int j = 0; j < c; j++) o[j] = k1[j] * g[j] - k2[j] * (r[j] - mean[j]) - k3[j];
  }
  free(k1);
  free(sums);
}

/* y[m, c] = x[m, c]·scale[c] + shift[c]: BatchNorm in evaluation mode, one pass. */
void gib_channel_affine(const float *x, const float *scale, const float *shift, float *y, const int *dims) {
  const long m = dims[0];
  const int c = dims[1];
#pragma omp parallel for schedule(static) if (m * c > 65536)
  for (long i = 0; i < m; i++) {
    const float *r = x + i * c;
    float *o = y + i * c;
    for (int j = 0; j < c; j++) o[j] = r[j] * scale[j] + shift[j];
  }
}

/*
 * LayerNorm over each row of x[rows, d]: y = (x − mean)·rstd·γ + β, rstd = 1/√(var + eps)
 * (biased variance), also returning mean and rstd per row for the gradient.
 */
void gib_layer_norm(const float *x, const float *gamma, const float *beta, float *y, float *mean, float *rstd, const int *dims, const float *epsp) {
  const long rows = dims[0];
  const int d = dims[1];
  const double eps = epsp[0];
#pragma omp parallel for schedule(static)
  for (long i = 0; i < rows; i++) {
    const float *r = x + i * d;
    float *o = y + i * d;
    double s = 0, s2 = 0;
    for (int j = 0; j < d; j++) s += r[j];
    const double mu = s / d;
    for (int j = 0; j < d; j++) {
      const double v = r[j] - mu;
      s2 += v * v;
    }
    const float is = (float)(1.0 / sqrt(s2 / d + eps)), mf = (float)mu;
    mean[i] = mf;
    rstd[i] = is;
    for (int j = 0; j < d; j++) o[j] = (r[j] - mf) * is * gamma[j] + beta[j];
  }
}

/*
 * Gradients of LayerNorm: with x̂ = (x − mean)·rstd and g = dy·γ,
 * dx = rstd·(g − mean_j(g) − x̂·mean_j(g·x̂)); dγ = Σ_rows dy·x̂; dβ = Σ_rows dy.
 */
void gib_layer_norm_backward(const float *dy, const float *x, const float *gamma, const float *mean, const float *rstd, float *dx, float *dgamma,
                             float *dbeta, const int *dims) {
  const long rows = dims[0];
  const int d = dims[1];
#pragma omp parallel for schedule(static)
  for (long i = 0; i < rows; i++) {
    const float *g = dy + i * d, *r = x + i * d;
    float *o = dx + i * d;
    const float mu = mean[i], is = rstd[i];
    double sg = 0, sgx = 0;
    for (int j = 0; j < d; j++) {
      const double gj = (double)g[j] * gamma[j];
      sg += gj;
      sgx += gj * ((r[j] - mu) * is);
    }
    const float mg = (float)(sg / d), mgx = (float)(sgx / d);
    for (int j = 0; j < d; j++) o[j] = is * (g[j] * gamma[j] - mg - (r[j] - mu) * is * mgx);
  }
  double *sums = malloc(2 * (size_t)d * sizeof(double));
  COLUMN_SUMS(rows, 2 * d, sums, {
    const float *g = dy + i * d, *r = x + i * d;
    const float mu = mean[i], is = rstd[i];
    for (int j = 0; j < d; j++) {
      acc[j] += g[j];
      acc[d + j] += g[j] * ((r[j] - mu) * is);
    }
  });
  for (int j = 0; j < d; j++) {
    dbeta[j] = (float)sums[j];
    dgamma[j] = (float)sums[d + j];
  }
  free(sums);
}
