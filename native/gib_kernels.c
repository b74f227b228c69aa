/*
 * Native kernels for TF.js on CPU: convolution (forward, input gradient,
 * filter gradient), batched matrix products and fused BatchNorm. NHWC
 * activations, HWIO filters, row-major, float32 — the layouts TF.js uses, so
 * tensors are passed without copies.
 *
 * Two builds (scripts/build_native.sh picks): with oneDNN (GIB_DNNL), whose
 * JIT convolutions and sgemm are used, everything on one OpenMP thread pool;
 * or with OpenBLAS only, convolutions as im2col / col2im around its sgemm.
 * The im2col path also serves any shape oneDNN declines. Loaded through
 * Deno's FFI by lib/kernels/native.ts, which falls back to wasm when this
 * library is absent.
 */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "gib_conv_dnnl.h" /* also the GIB_FUSED_* flags, which both builds take */
#ifndef GIB_DNNL
#include <cblas.h>
#endif

/* Whether convolutions go to oneDNN (tests switch it off to check the im2col path), and how many did not. */
static int dnnl_on = 1;
static long im2col_calls = 0;

/* Switches oneDNN convolutions on or off; returns the previous setting, or -1 in the OpenBLAS build. */
int gib_set_dnnl(int on) {
#ifdef GIB_DNNL
  const int was = dnnl_on;
  dnnl_on = on;
  return was;
#else
  (void)on;
  return -1;
#endif
}

/* Convolutions computed by im2col so far (all of them in the OpenBLAS build; in the oneDNN build, those it declined). */
double gib_im2col_calls(void) { return (double)im2col_calls; }

/* Row-major C = alpha·op(A)·op(B) + beta·C on the build's BLAS. */
static void sgemm(int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
#ifdef GIB_DNNL
  gib_dnnl_sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
#else
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
#endif
}

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

/* y = conv(x, f) + beta·y by im2col + GEMM (beta 1 accumulates onto y's prior contents). Returns 0, or -1 when out of memory. */
static int conv2d_im2col(const float *x, const float *f, float *y, const int *shape, float beta) {
  im2col_calls++;
  conv_shape s;
  conv_shape_from(&s, shape);
  const int K = s.kh * s.kw * s.ci;
  if (is_pointwise(&s)) {
    sgemm(0, 0, s.n * s.h * s.w, s.co, s.ci, 1.0f, x, s.ci, f, s.co, beta, y, s.co);
    return 0;
  }
  const int chunk = chunk_images(&s);
  float *cols = get_scratch((size_t)chunk * s.oh * s.ow * K);
  if (!cols) return -1;
  for (int b0 = 0; b0 < s.n; b0 += chunk) {
    const int nb = s.n - b0 < chunk ? s.n - b0 : chunk;
    im2col(&s, x, b0, nb, cols);
    sgemm(0, 0, nb * s.oh * s.ow, s.co, K, 1.0f, cols, K, f, s.co, beta,
                y + (size_t)b0 * s.oh * s.ow * s.co, s.co);
  }
  return 0;
}

/* y[n,oh,ow,co] = conv(x[n,h,w,ci], f[kh,kw,ci,co]). Returns 0, or -1 when out of memory. */
int gib_conv2d(const float *x, const float *f, float *y, const int *shape) {
#ifdef GIB_DNNL
  if (dnnl_on) {
    const int rc = gib_dnnl_conv2d(x, f, y, shape);
    if (rc != GIB_DNNL_UNSUPPORTED) return rc;
  }
#endif
  return conv2d_im2col(x, f, y, shape, 0.0f);
}

/*
 * The inference convolution with BatchNorm folded into f and bias:
 * y = [relu](conv(x, f) + bias [+ y's prior contents, the residual]), flags
 * GIB_FUSED_RELU | GIB_FUSED_ADD. One oneDNN primitive with post-ops; on the
 * im2col path the GEMM accumulates onto the residual and one pass adds the
 * bias and clamps. Returns 0, or -1 when out of memory.
 */
int gib_conv2d_fused(const float *x, const float *f, const float *bias, float *y, const int *shape, int flags) {
#ifdef GIB_DNNL
  if (dnnl_on) {
    const int rc = gib_dnnl_conv2d_fused(x, f, bias, y, shape, flags);
    if (rc != GIB_DNNL_UNSUPPORTED) return rc;
  }
#endif
  const int rc = conv2d_im2col(x, f, y, shape, (flags & GIB_FUSED_ADD) ? 1.0f : 0.0f);
  if (rc) return rc;
  conv_shape s;
  conv_shape_from(&s, shape);
  const long rows = (long)s.n * s.oh * s.ow;
  const int relu = flags & GIB_FUSED_RELU;
#pragma omp parallel for schedule(static)
  for (long r = 0; r < rows; r++) {
    float *yr = y + r * s.co;
    for (int c = 0; c < s.co; c++) {
      const float v = yr[c] + bias[c];
      yr[c] = relu && v < 0.0f ? 0.0f : v;
    }
  }
  return 0;
}

/* df[kh,kw,ci,co] = Σ im2col(x)ᵀ · dy. */
int gib_conv2d_backprop_filter(const float *x, const float *dy, float *df, const int *shape) {
#ifdef GIB_DNNL
  if (dnnl_on) {
    const int rc = gib_dnnl_conv2d_backprop_filter(x, dy, df, shape);
    if (rc != GIB_DNNL_UNSUPPORTED) return rc;
  }
#endif
  im2col_calls++;
  conv_shape s;
  conv_shape_from(&s, shape);
  const int K = s.kh * s.kw * s.ci;
  if (is_pointwise(&s)) {
    sgemm(1, 0, s.ci, s.co, s.n * s.h * s.w, 1.0f, x, s.ci, dy, s.co, 0.0f, df, s.co);
    return 0;
  }
  const int chunk = chunk_images(&s);
  float *cols = get_scratch((size_t)chunk * s.oh * s.ow * K);
  if (!cols) return -1;
  for (int b0 = 0; b0 < s.n; b0 += chunk) {
    const int nb = s.n - b0 < chunk ? s.n - b0 : chunk;
    im2col(&s, x, b0, nb, cols);
    sgemm(1, 0, K, s.co, nb * s.oh * s.ow, 1.0f, cols, K,
                dy + (size_t)b0 * s.oh * s.ow * s.co, s.co, b0 == 0 ? 0.0f : 1.0f, df, s.co);
  }
  return 0;
}

/* dx[n,h,w,ci] = col2im(dy · fᵀ). */
int gib_conv2d_backprop_input(const float *dy, const float *f, float *dx, const int *shape) {
#ifdef GIB_DNNL
  if (dnnl_on) {
    const int rc = gib_dnnl_conv2d_backprop_input(dy, f, dx, shape);
    if (rc != GIB_DNNL_UNSUPPORTED) return rc;
  }
#endif
  im2col_calls++;
  conv_shape s;
  conv_shape_from(&s, shape);
  const int K = s.kh * s.kw * s.ci;
  if (is_pointwise(&s)) {
    sgemm(0, 1, s.n * s.h * s.w, s.ci, s.co, 1.0f, dy, s.co, f, s.co, 0.0f, dx, s.ci);
    return 0;
  }
  const int chunk = chunk_images(&s);
  float *cols = get_scratch((size_t)chunk * s.oh * s.ow * K);
  if (!cols) return -1;
  memset(dx, 0, (size_t)s.n * s.h * s.w * s.ci * sizeof(float));
  for (int b0 = 0; b0 < s.n; b0 += chunk) {
    const int nb = s.n - b0 < chunk ? s.n - b0 : chunk;
    sgemm(0, 1, nb * s.oh * s.ow, K, s.co, 1.0f,
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
#ifdef GIB_DNNL
  /* Many small products (attention heads): one per thread beats threading each (oneDNN's sgemm runs serially inside a parallel region). */
  const int by_batch = batch >= 2 * omp_get_max_threads() && (long)m * n * k <= 256L * 256 * 64;
#else
  const int by_batch = 0; /* OpenBLAS's own threads do not nest under OpenMP's */
#endif
#pragma omp parallel for schedule(static) if (by_batch)
  for (int i = 0; i < batch; i++) {
    sgemm(ta, tb, m, n, k, 1.0f, a + i * sa, ta ? m : k, b + i * sb, tb ? k : n, 0.0f, c + (long)i * m * n, n);
  }
}

/*
 * c = a·b + bias (bias broadcast over the m rows), then ReLU if d[5]: a linear layer in one pass over c, as
 * PyTorch's addmm. The rows start as copies of the bias and one sgemm accumulates onto them (beta = 1).
 */
void gib_matmul_bias(const float *a, const float *b, const float *bias, float *c, const int *d) {
  const int m = d[0], n = d[1], k = d[2], ta = d[3], tb = d[4], relu = d[5];
#pragma omp parallel for schedule(static)
  for (long i = 0; i < m; i++) memcpy(c + i * n, bias, (size_t)n * sizeof(float));
  sgemm(ta, tb, m, n, k, 1.0f, a, ta ? m : k, b, tb ? k : n, 1.0f, c, n);
  if (relu) {
    const long total = (long)m * n;
#pragma omp parallel for simd schedule(static)
    for (long i = 0; i < total; i++) c[i] = c[i] > 0.0f ? c[i] : 0.0f;
  }
}

/* Threads the BLAS uses (so the caller can report it). */
int gib_threads(void) {
#ifdef GIB_DNNL
  return omp_get_max_threads();
#else
  return openblas_get_num_threads();
#endif
}

/* 1 when convolutions and GEMM run on oneDNN, 0 on OpenBLAS. */
int gib_uses_dnnl(void) {
#ifdef GIB_DNNL
  return 1;
#else
  return 0;
#endif
}
