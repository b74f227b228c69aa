/* Convolutions and GEMM through oneDNN (see gib_conv_dnnl.c). Built only where libdnnl-dev is installed. */
#ifndef GIB_CONV_DNNL_H
#define GIB_CONV_DNNL_H

/* oneDNN cannot build this primitive (the caller uses its own im2col path). */
#define GIB_DNNL_UNSUPPORTED (-2)
#define GIB_DNNL_NO_MEMORY (-1)

/* Flags of the fused inference convolution: ReLU after; add y's prior contents (the residual) before the ReLU. */
#define GIB_FUSED_RELU 1
#define GIB_FUSED_ADD 2

int gib_dnnl_conv2d(const float *x, const float *f, float *y, const int *shape);
int gib_dnnl_conv2d_backprop_input(const float *dy, const float *f, float *dx, const int *shape);
int gib_dnnl_conv2d_backprop_filter(const float *x, const float *dy, float *df, const int *shape);
/* y = [relu](conv(x, f) + bias [+ y]) in one oneDNN primitive with post-ops (GIB_FUSED_* flags). */
int gib_dnnl_conv2d_fused(const float *x, const float *f, const float *bias, float *y, const int *shape, int flags);
/* Row-major C = alpha·op(A)·op(B) + beta·C. */
int gib_dnnl_sgemm(int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

#endif
