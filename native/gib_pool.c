/*
 * Max pooling's input gradient (NHWC): each output's gradient goes to the
 * first maximum of its window in row-major order, as TF.js's cpu kernel and
 * PyTorch pick it; overlapping windows accumulate. TF.js's wasm MaxPoolGrad is
 * a single-threaded scalar loop that took 232 ms of a 732 ms ResNet18 training
 * step at 224 px, batch 8 (scripts/profile_step.ts). Threaded over the batch,
 * channels innermost.
 */
#include <string.h>

/* d: n, h, w, c, oh, ow, kh, kw, stride_h, stride_w, pad_top, pad_left */
void gib_maxpool_grad(const float *dy, const float *x, float *dx, const int *d) {
  const int n = d[0], h = d[1], w = d[2], c = d[3], oh = d[4], ow = d[5], kh = d[6], kw = d[7];
  const int sh = d[8], sw = d[9], pt = d[10], pl = d[11];
#pragma omp parallel for schedule(static)
  for (int b = 0; b < n; b++) {
    const float *xb = x + (long)b * h * w * c;
    float *dxb = dx + (long)b * h * w * c;
    memset(dxb, 0, sizeof(float) * (size_t)h * w * c);
    float best[c];
    int where[c]; /* offsets within one image, whose h·w·c values fit an int */
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        int first = 1;
        for (int r = i * sh - pt; r < i * sh - pt + kh; r++) {
          if (r < 0 || r >= h) continue;
          for (int s = j * sw - pl; s < j * sw - pl + kw; s++) {
            if (s < 0 || s >= w) continue;
            const int at = (r * w + s) * c;
            if (first) {
              for (int k = 0; k < c; k++) best[k] = xb[at + k], where[k] = at + k;
              first = 0;
            } else {
              /* Selects rather than branches: random activations mispredict a branch half the time. */
              for (int k = 0; k < c; k++) {
                const float v = xb[at + k];
                const int more = v > best[k];
                best[k] = more ? v : best[k];
                where[k] = more ? at + k : where[k];
              }
            }
          }
        }
        if (first) continue; /* a window entirely in the padding */
        const float *g = dy + (((long)b * oh + i) * ow + j) * c;
        for (int k = 0; k < c; k++) dxb[where[k]] += g[k];
      }
    }
  }
}
