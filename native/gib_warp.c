/*
 * Bilinear sampling of NHWC images at pixel coordinates (zero outside the
 * image) and its gradient: the resampling inside Augerino's affine warp
 * (lib/augerino/warp.ts), PyTorch's grid_sample semantics. As TF.js ops
 * (gathers, a scatter and some forty small element-wise ops) one forward and
 * backward pass of a 128-image batch took longer than the network's own step.
 *
 * Corners are visited in the order (0,0), (1,0), (0,1), (1,1) (du, dv), as the
 * TF.js composite does, so both sum in the same order.
 */
#include <math.h>
#include <string.h>

/* Whether corner (cu, cv) lies inside a w×h image; false for NaN coordinates. */
static int inside(float cu, float cv, int w, int h) { return cu >= 0.0f && cu <= (float)(w - 1) && cv >= 0.0f && cv <= (float)(h - 1); }

/* y[n,p,:] = Σ_corners (bilinear weight)·x[n, v, u, :]. u, v: [n, p] pixel coordinates; dims = {n, h, w, c, p}. */
void gib_bilinear_sample(const float *x, const float *u, const float *v, float *y, const int *dims) {
  const int n = dims[0], h = dims[1], w = dims[2], c = dims[3], p = dims[4];
#pragma omp parallel for schedule(static)
  for (long q = 0; q < (long)n * p; q++) {
    const long b = q / p;
    const float u0 = floorf(u[q]), v0 = floorf(v[q]), fu = u[q] - u0, fv = v[q] - v0;
    float *out = y + q * c;
    memset(out, 0, (size_t)c * sizeof(float));
    for (int k = 0; k < 4; k++) {
      const int du = k & 1, dv = k >> 1;
      const float cu = u0 + du, cv = v0 + dv;
      if (!inside(cu, cv, w, h)) continue;
      const float wgt = (du ? fu : 1.0f - fu) * (dv ? fv : 1.0f - fv);
      const float *src = x + ((b * h + (long)cv) * w + (long)cu) * c;
      for (int j = 0; j < c; j++) out[j] += src[j] * wgt;
    }
  }
}

/*
 * The gradient of gib_bilinear_sample given dy [n, p, c]: gx scattered back
 * onto the source pixels (threads split by image, so no two write the same
 * pixel), gu and gv from the corner values (the weights are piecewise linear
 * in the coordinates).
 */
void gib_bilinear_sample_grad(const float *dy, const float *x, const float *u, const float *v, float *gx, float *gu, float *gv,
                              const int *dims) {
  const int n = dims[0], h = dims[1], w = dims[2], c = dims[3], p = dims[4];
  memset(gx, 0, (size_t)n * h * w * c * sizeof(float));
#pragma omp parallel for schedule(static)
  for (int b = 0; b < n; b++) {
    for (int i = 0; i < p; i++) {
      const long q = (long)b * p + i;
      const float u0 = floorf(u[q]), v0 = floorf(v[q]), fu = u[q] - u0, fv = v[q] - v0;
      const float *g = dy + q * c;
      float su = 0.0f, sv = 0.0f;
      for (int k = 0; k < 4; k++) {
        const int du = k & 1, dv = k >> 1;
        const float cu = u0 + du, cv = v0 + dv;
        if (!inside(cu, cv, w, h)) continue;
        const float wu = du ? fu : 1.0f - fu, wv = dv ? fv : 1.0f - fv, wgt = wu * wv;
        const long at = (((long)b * h + (long)cv) * w + (long)cu) * c;
        const float *src = x + at;
        float *dst = gx + at;
        float dot = 0.0f;
        for (int j = 0; j < c; j++) {
          dot += g[j] * src[j];
          dst[j] += g[j] * wgt;
        }
        su += dot * (du ? wv : -wv);
        sv += dot * (dv ? wu : -wu);
      }
      gu[q] = su;
      gv[q] = sv;
    }
  }
}
