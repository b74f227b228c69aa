/*
 * ReLU of x (+ a residual) and its gradient from the output, for ResNet
 * training. TF.js computes the gradient as dy · cast(step(x)), three kernels
 * and two temporaries (about 40 ms of a 400 ms ResNet18 step at 224 px, batch 8,
 * scripts/profile_step.ts); here it is one threaded pass, and the residual
 * sum joins the forward pass.
 */
void gib_relu(const float *x, const float *residual, float *y, const int *dims) {
  const long n = dims[0];
  if (residual) {
#pragma omp parallel for simd schedule(static)
    for (long i = 0; i < n; i++) {
      const float v = x[i] + residual[i];
      y[i] = v > 0.0f ? v : 0.0f;
    }
  } else {
#pragma omp parallel for simd schedule(static)
    for (long i = 0; i < n; i++) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
  }
}

/* dx = dy where the output is positive (y > 0 exactly where the input was), else 0. */
void gib_relu_grad(const float *dy, const float *y, float *dx, const int *dims) {
  const long n = dims[0];
#pragma omp parallel for simd schedule(static)
  for (long i = 0; i < n; i++) {
    const float g = dy[i]; /* loaded unconditionally, so that the select vectorises */
    dx[i] = y[i] > 0.0f ? g : 0.0f;
  }
}
