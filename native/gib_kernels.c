/*
 * Native kernels for TF.js on CPU: convolution (forward, input gradient,
 * filter gradient) as im2col / col2im around OpenBLAS's multithreaded sgemm,
 * and batched matrix products. NHWC activations, HWIO filters, row-major,
 * float32 — the layouts TF.js uses, so tensors are passed without copies.
 * Built by scripts/build_native.sh; loaded through Deno's FFI by
 * lib/kernels/native.ts, which falls back to wasm when this library is absent.
 */
#include <cblas.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int n, h, w, ci;      /* input */
  int kh, kw, co;       /* filter */
  int sh, sw;           /* strides */
  int pt, pl;           /* padding top, left (bottom/right follow from oh, ow) */
  int dh, dw;           /* dilations */
  int oh, ow;           /* output size */
} conv_shape;

static void conv_shape_from(conv_shape *s, const int *a) {
  s->n = a[0]; s->h = a[1]; s->w = a[2]; s->ci = a[3];
  s->kh = a[4]; s->kw = a[5]; s->co = a[6];
  s->sh = a[7]; s->sw = a[8]; s->pt = a[9]; s->pl = a[10];
  s->dh = a[11]; s->dw = a[12]; s->oh = a[13]; s->ow = a[14];
}

/*
 * Column buffer reused across calls, one per thread (each Deno worker runs on
 * its own thread): a fresh large malloc per call costs more in page faults
 * than the convolution itself.
 */
static __thread float *scratch = NULL;
static __thread size_t scratch_floats = 0;

static float *get_scratch(size_t floats) {
  if (floats > scratch_floats) {
    free(scratch);
    scratch = malloc(floats * sizeof(float));
    scratch_floats = scratch ? floats : 0;
  }
  return scratch;
}

/* Images per im2col chunk: about 2 M floats (8 MiB), so columns stay in cache for the sgemm. */
static int chunk_images(const conv_shape *s) {
  long per = (long)s->oh * s->ow * s->kh * s->kw * s->ci;
  long c = per > 0 ? (2L << 20) / per : s->n;
  if (c < 1) c = 1;
  if (c > s->n) c = s->n;
  return (int)c;
}

static int is_pointwise(const conv_shape *s) {
  return s->kh == 1 && s->kw == 1 && s->sh == 1 && s->sw == 1 && s->pt == 0 && s->pl == 0 && s->oh == s->h && s->ow == s->w;
}

static void im2col(const conv_shape *s, const float *x, int b0, int nb, float *cols) {
  const int K = s->kh * s->kw * s->ci;
  const size_t cbytes = (size_t)s->ci * sizeof(float);
#pragma omp parallel for schedule(static) if (nb > 1)
  for (int b = 0; b < nb; b++) {
    const float *xb = x + (size_t)(b0 + b) * s->h * s->w * s->ci;
    for (int oy = 0; oy < s->oh; oy++) {
      for (int ox = 0; ox < s->ow; ox++) {
        float *row = cols + ((size_t)(b * s->oh + oy) * s->ow + ox) * K;
        for (int ky = 0; ky < s->kh; ky++) {
          const int iy = oy * s->sh - s->pt + ky * s->dh;
          for (int kx = 0; kx < s->kw; kx++) {
            const int ix = ox * s->sw - s->pl + kx * s->dw;
            float *dst = row + (ky * s->kw + kx) * s->ci;
            if (iy < 0 || iy >= s->h || ix < 0 || ix >= s->w) memset(dst, 0, cbytes);
            else memcpy(dst, xb + ((size_t)iy * s->w + ix) * s->ci, cbytes);
          }
        }
      }
    }
  }
}

static void col2im_add(const conv_shape *s, const float *cols, int b0, int nb, float *dx) {
  const int K = s->kh * s->kw * s->ci;
#pragma omp parallel for schedule(static) if (nb > 1)
  for (int b = 0; b < nb; b++) {
    float *xb = dx + (size_t)(b0 + b) * s->h * s->w * s->ci;
    for (int oy = 0; oy < s->oh; oy++) {
      for (int ox = 0; ox < s->ow; ox++) {
        const float *row = cols + ((size_t)(b * s->oh + oy) * s->ow + ox) * K;
        for (int ky = 0; ky < s->kh; ky++) {
          const int iy = oy * s->sh - s->pt + ky * s->dh;
          if (iy < 0 || iy >= s->h) continue;
          for (int kx = 0; kx < s->kw; kx++) {
            const int ix = ox * s->sw - s->pl + kx * s->dw;
            if (ix < 0 || ix >= s->w) continue;
            const float *src = row + (ky * s->kw + kx) * s->ci;
            float *dst = xb + ((size_t)iy * s->w + ix) * s->ci;
            for (int c = 0; c < s->ci; c++) dst[c] += src[c];
          }
        }
      }
    }
  }
}

/* y[n,oh,ow,co] = conv(x[n,h,w,ci], f[kh,kw,ci,co]). Returns 0, or -1 when out of memory. */
int gib_conv2d(const float *x, const float *f, float *y, const int *shape) {
  conv_shape s;
  conv_shape_from(&s, shape);
  const int K = s.kh * s.kw * s.ci;
  if (is_pointwise(&s)) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.n * s.h * s.w, s.co, s.ci, 1.0f, x, s.ci, f, s.co, 0.0f, y, s.co);
    return 0;
  }
  const int chunk = chunk_images(&s);
  float *cols = get_scratch((size_t)chunk * s.oh * s.ow * K);
  if (!cols) return -1;
  for (int b0 = 0; b0 < s.n; b0 += chunk) {
    const int nb = s.n - b0 < chunk ? s.n - b0 : chunk;
    im2col(&s, x, b0, nb, cols);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, nb * s.oh * s.ow, s.co, K, 1.0f, cols, K, f, s.co, 0.0f,
                y + (size_t)b0 * s.oh * s.ow * s.co, s.co);
  }
  return 0;
}

/* df[kh,kw,ci,co] = Σ im2col(x)ᵀ · dy. */
int gib_conv2d_backprop_filter(const float *x, const float *dy, float *df, const int *shape) {
  conv_shape s;
  conv_shape_from(&s, shape);
  const int K = s.kh * s.kw * s.ci;
  if (is_pointwise(&s)) {
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, s.ci, s.co, s.n * s.h * s.w, 1.0f, x, s.ci, dy, s.co, 0.0f, df, s.co);
    return 0;
  }
  const int chunk = chunk_images(&s);
  float *cols = get_scratch((size_t)chunk * s.oh * s.ow * K);
  if (!cols) return -1;
  for (int b0 = 0; b0 < s.n; b0 += chunk) {
    const int nb = s.n - b0 < chunk ? s.n - b0 : chunk;
    im2col(&s, x, b0, nb, cols);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, K, s.co, nb * s.oh * s.ow, 1.0f, cols, K,
                dy + (size_t)b0 * s.oh * s.ow * s.co, s.co, b0 == 0 ? 0.0f : 1.0f, df, s.co);
  }
  return 0;
}

/* dx[n,h,w,ci] = col2im(dy · fᵀ). */
int gib_conv2d_backprop_input(const float *dy, const float *f, float *dx, const int *shape) {
  conv_shape s;
  conv_shape_from(&s, shape);
  const int K = s.kh * s.kw * s.ci;
  if (is_pointwise(&s)) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s.n * s.h * s.w, s.ci, s.co, 1.0f, dy, s.co, f, s.co, 0.0f, dx, s.ci);
    return 0;
  }
  const int chunk = chunk_images(&s);
  float *cols = get_scratch((size_t)chunk * s.oh * s.ow * K);
  if (!cols) return -1;
  memset(dx, 0, (size_t)s.n * s.h * s.w * s.ci * sizeof(float));
  for (int b0 = 0; b0 < s.n; b0 += chunk) {
    const int nb = s.n - b0 < chunk ? s.n - b0 : chunk;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, nb * s.oh * s.ow, K, s.co, 1.0f,
                dy + (size_t)b0 * s.oh * s.ow * s.co, s.co, f, s.co, 0.0f, cols, K);
    col2im_add(&s, cols, b0, nb, dx);
  }
  return 0;
}

/*
 * c[b] = op(a[b]) · op(b[b]) for b < batch, op = transpose when asked.
 * dims = {batch, m, n, k, transA, transB, strideA, strideB} (a stride of 0 broadcasts).
 */
void gib_batch_matmul(const float *a, const float *b, float *c, const int *d) {
  const int batch = d[0], m = d[1], n = d[2], k = d[3], ta = d[4], tb = d[5];
  const long sa = d[6], sb = d[7];
  for (int i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f,
                a + i * sa, ta ? m : k, b + i * sb, tb ? k : n, 0.0f, c + (long)i * m * n, n);
  }
}

/* Threads OpenBLAS uses (so the caller can report it). */
int gib_threads(void) { return openblas_get_num_threads(); }

/*
 * BatchNorm in training mode over rows of x[m, c] (m = N·H·W for NHWC):
 * batch mean and biased variance per channel (accumulated in double),
 * y = (x − mean)·invstd·γ + β with invstd = 1/√(var + eps).
 */
void gib_bn_forward(const float *x, const float *gamma, const float *beta, float *y, float *mean, float *var, float *invstd,
                    const int *dims, const float *epsp) {
  const long m = dims[0];
  const int c = dims[1];
  const double eps = epsp[0];
  double *s = calloc(2 * (size_t)c, sizeof(double)), *s2 = s + c;
  for (long i = 0; i < m; i++) {
    const float *r = x + i * c;
    for (int j = 0; j < c; j++) s[j] += r[j];
  }
  for (int j = 0; j < c; j++) s[j] /= (double)m;
  for (long i = 0; i < m; i++) {
    const float *r = x + i * c;
    for (int j = 0; j < c; j++) {
      const double d = r[j] - s[j];
      s2[j] += d * d;
    }
  }
  float *scale = malloc(2 * (size_t)c * sizeof(float)), *shift = scale + c;
  for (int j = 0; j < c; j++) {
    const double v = s2[j] / (double)m, is = 1.0 / __builtin_sqrt(v + eps);
    mean[j] = (float)s[j];
    var[j] = (float)v;
    invstd[j] = (float)is;
    scale[j] = (float)(is * gamma[j]);
    shift[j] = (float)(beta[j] - s[j] * is * gamma[j]);
  }
  for (long i = 0; i < m; i++) {
    const float *r = x + i * c;
    float *o = y + i * c;
    for (int j = 0; j < c; j++) o[j] = r[j] * scale[j] + shift[j];
  }
  free(scale);
  free(s);
}

/*
 * Gradients of the above: dβ = Σ dy, dγ = Σ dy·x̂, dx = γ·invstd/m·(m·dy − dβ − x̂·dγ), x̂ = (x − mean)·invstd.
 */
void gib_bn_backward(const float *dy, const float *x, const float *gamma, const float *mean, const float *invstd, float *dx, float *dgamma,
                     float *dbeta, const int *dims) {
  const long m = dims[0];
  const int c = dims[1];
  double *sb = calloc(2 * (size_t)c, sizeof(double)), *sg = sb + c;
  for (long i = 0; i < m; i++) {
    const float *g = dy + i * c, *r = x + i * c;
    for (int j = 0; j < c; j++) {
      sb[j] += g[j];
      sg[j] += g[j] * ((r[j] - mean[j]) * invstd[j]);
    }
  }
  float *k1 = malloc(3 * (size_t)c * sizeof(float)), *k2 = k1 + c, *k3 = k2 + c;
  for (int j = 0; j < c; j++) {
    dbeta[j] = (float)sb[j];
    dgamma[j] = (float)sg[j];
    const double a = gamma[j] * invstd[j];
    k1[j] = (float)a;                                   /* coefficient of dy */
    k2[j] = (float)(a * sg[j] / m * invstd[j]);         /* coefficient of (x − mean) */
    k3[j] = (float)(a * sb[j] / m);                     /* constant */
  }
  for (long i = 0; i < m; i++) {
    const float *g = dy + i * c, *r = x + i * c;
    float *o = dx + i * c;
    for (int j = 0; j < c; j++) o[j] = k1[j] * g[j] - k2[j] * (r[j] - mean[j]) - k3[j];
  }
  free(k1);
  free(sb);
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
