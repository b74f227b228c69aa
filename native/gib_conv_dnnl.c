/*
 * Convolutions through oneDNN (Debian's libdnnl, the library PyTorch's CPU
 * convolutions run on). TF.js's NHWC activations and HWIO filters go in and
 * come out as they are; inside, each operand is reordered to the blocked
 * layout oneDNN's JIT kernels want (nChw16c on AVX-512), because with NHWC
 * kept as is oneDNN falls back to im2col + GEMM, measured 3× slower here.
 *
 * Primitives are created once per (direction, shape) and cached per thread;
 * blocked copies and oneDNN's scratchpad live in one per-thread arena that
 * grows to the largest layer, so a step allocates nothing.
 *
 * Every entry point returns 0, or GIB_DNNL_UNSUPPORTED when oneDNN cannot
 * build the primitive (the caller then uses im2col + GEMM).
 */
#include "gib_conv_dnnl.h"

#include <oneapi/dnnl/dnnl.h>
#include <stdlib.h>
#include <string.h>

/*
 * FUSED + flags is the inference convolution with a bias (BatchNorm folded
 * into the filter and bias by the caller) and oneDNN post-ops: FUSED_ADD sums
 * dst's prior contents (the residual), then FUSED_RELU; PyTorch's inference
 * path fuses the same way.
 */
enum { FWD = 0, BWD_DATA = 1, BWD_WEIGHTS = 2, FUSED = 3 };
enum { KEY_LEN = 18 };

/* One convolution direction for one shape: the primitive and the reorders around it. */
typedef struct conv_plan {
  int key[KEY_LEN];
  dnnl_primitive_t prim;
  /* Operands 0 and 1 are inputs, 2 the output (see operand_args). */
  dnnl_memory_t user[3], blocked[3], scratch;
  dnnl_primitive_t reorder[3];   /* NULL where the primitive takes the user layout as is */
  dnnl_memory_t bias;            /* fused directions only */
  dnnl_primitive_t dst_in;       /* fused with a sum post-op and a blocked dst: the residual reordered in */
  size_t blocked_bytes[3], scratch_bytes;
  struct conv_plan *next;
} conv_plan;

static __thread dnnl_engine_t engine = NULL;
static __thread dnnl_stream_t stream = NULL;
static __thread conv_plan *plans = NULL;
static __thread int plan_count = 0;
static __thread char *arena = NULL;
static __thread size_t arena_bytes = 0;

static int ready(void) {
  if (engine) return 1;
  if (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) return 0;
  if (dnnl_stream_create(&stream, engine, dnnl_stream_default_flags) != dnnl_success) {
    dnnl_engine_destroy(engine);
    engine = NULL;
    return 0;
  }
  return 1;
}

static void plan_free(conv_plan *p) {
  for (int i = 0; i < 3; i++) {
    if (p->user[i]) dnnl_memory_destroy(p->user[i]);
    if (p->blocked[i]) dnnl_memory_destroy(p->blocked[i]);
    if (p->reorder[i]) dnnl_primitive_destroy(p->reorder[i]);
  }
  if (p->scratch) dnnl_memory_destroy(p->scratch);
  if (p->bias) dnnl_memory_destroy(p->bias);
  if (p->dst_in) dnnl_primitive_destroy(p->dst_in);
  if (p->prim) dnnl_primitive_destroy(p->prim);
  free(p);
}

/* Varying batch sizes (a short last batch, evaluation) add plans; past this many, start afresh. */
#define MAX_PLANS 512

static void plans_clear(void) {
  while (plans) {
    conv_plan *n = plans->next;
    plan_free(plans);
    plans = n;
  }
  plan_count = 0;
}

static size_t align64(size_t b) { return (b + 63) & ~(size_t)63; }

static char *arena_get(size_t bytes) {
  if (bytes > arena_bytes) {
    free(arena);
    arena = aligned_alloc(64, align64(bytes));
    arena_bytes = arena ? align64(bytes) : 0;
  }
  return arena;
}

/* oneDNN argument ids of the three operands, per direction. */
static const int operand_args[3][3] = {
  {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
  {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC},
  {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS},
};
static const dnnl_query_t operand_queries[3][3] = {
  {dnnl_query_src_md, dnnl_query_weights_md, dnnl_query_dst_md},
  {dnnl_query_diff_dst_md, dnnl_query_weights_md, dnnl_query_diff_src_md},
  {dnnl_query_src_md, dnnl_query_diff_dst_md, dnnl_query_diff_weights_md},
};

#define TRY(x) do { if ((x) != dnnl_success) goto fail; } while (0)

/*
 * Whether a blocked activation layout is byte for byte NHWC: nChw16c over
 * exactly 16 channels (one block holding them all) is. Such operands skip
 * the reorder; 16-channel layers are the widest ones in our small ResNets.
 */
static int is_physically_nhwc(const dnnl_memory_desc_t *md) {
  if (md->ndims != 4 || md->format_kind != dnnl_blocked || md->offset0 != 0) return 0;
  for (int i = 0; i < 4; i++) if (md->padded_dims[i] != md->dims[i] || md->padded_offsets[i] != 0) return 0;
  const dnnl_blocking_desc_t *b = &md->format_desc.blocking;
  const dnnl_dim_t c = md->dims[1], h = md->dims[2], w = md->dims[3];
  if (b->inner_nblks != 1 || b->inner_idxs[0] != 1 || b->inner_blks[0] != c) return 0;
  return (md->dims[0] == 1 || b->strides[0] == h * w * c) && (h == 1 || b->strides[2] == w * c) && (w == 1 || b->strides[3] == c);
}

/*
 * shape = {n, h, w, ci, kh, kw, co, sh, sw, pt, pl, dh, dw, oh, ow, pb, pr}
 * (TF.js's Conv2DInfo; dilations 1 = none).
 */
static conv_plan *plan_create(int dir, const int *s) {
  conv_plan *p = calloc(1, sizeof(conv_plan));
  dnnl_primitive_desc_t fwd_pd = NULL, pd = NULL;
  dnnl_primitive_attr_t attr = NULL;
  dnnl_post_ops_t post_ops = NULL;
  const int fused = dir >= FUSED, flags = fused ? dir - FUSED : 0;
  const int op = fused ? FWD : dir; /* the operand layout: fused ones are forward convolutions */
  if (!p) return NULL;
  p->key[0] = dir;
  memcpy(p->key + 1, s, (KEY_LEN - 1) * sizeof(int));

  const dnnl_dims_t src_dims = {s[0], s[3], s[1], s[2]}, w_dims = {s[6], s[3], s[4], s[5]}, dst_dims = {s[0], s[6], s[13], s[14]};
  const dnnl_dims_t strides = {s[7], s[8]}, dil = {s[11] - 1, s[12] - 1}, pad_l = {s[9], s[10]}, pad_r = {s[15], s[16]};
  const dnnl_dims_t bias_dims = {s[6]};
  dnnl_memory_desc_t src_any, w_any, dst_any, src_user, w_user, dst_user, bias_md;
  TRY(dnnl_memory_desc_init_by_tag(&src_any, 4, src_dims, dnnl_f32, dnnl_format_tag_any));
  TRY(dnnl_memory_desc_init_by_tag(&w_any, 4, w_dims, dnnl_f32, dnnl_format_tag_any));
  TRY(dnnl_memory_desc_init_by_tag(&dst_any, 4, dst_dims, dnnl_f32, dnnl_format_tag_any));
  TRY(dnnl_memory_desc_init_by_tag(&src_user, 4, src_dims, dnnl_f32, dnnl_nhwc));
  TRY(dnnl_memory_desc_init_by_tag(&w_user, 4, w_dims, dnnl_f32, dnnl_hwio));
  TRY(dnnl_memory_desc_init_by_tag(&dst_user, 4, dst_dims, dnnl_f32, dnnl_nhwc));
  TRY(dnnl_memory_desc_init_by_tag(&bias_md, 1, bias_dims, dnnl_f32, dnnl_x));

  TRY(dnnl_primitive_attr_create(&attr));
  TRY(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user));
  if (fused) {
    TRY(dnnl_post_ops_create(&post_ops));
    if (flags & GIB_FUSED_ADD) TRY(dnnl_post_ops_append_sum(post_ops, 1.0f));
    if (flags & GIB_FUSED_RELU) TRY(dnnl_post_ops_append_eltwise(post_ops, 1.0f, dnnl_eltwise_relu, 0.0f, 0.0f));
    TRY(dnnl_primitive_attr_set_post_ops(attr, post_ops));
  }
  dnnl_convolution_desc_t fd, d;
  TRY(dnnl_dilated_convolution_forward_desc_init(&fd, fused ? dnnl_forward_inference : dnnl_forward_training, dnnl_convolution_direct,
                                                 &src_any, &w_any, fused ? &bias_md : NULL, &dst_any, strides, dil, pad_l, pad_r));
  TRY(dnnl_primitive_desc_create(&fwd_pd, &fd, attr, engine, NULL));
  if (dir == FWD || fused) {
    pd = fwd_pd;
    fwd_pd = NULL;
  } else {
    if (dir == BWD_DATA) TRY(dnnl_dilated_convolution_backward_data_desc_init(&d, dnnl_convolution_direct, &src_any, &w_any, &dst_any, strides, dil, pad_l, pad_r));
    else TRY(dnnl_dilated_convolution_backward_weights_desc_init(&d, dnnl_convolution_direct, &src_any, &w_any, NULL, &dst_any, strides, dil, pad_l, pad_r));
    TRY(dnnl_primitive_desc_create(&pd, &d, attr, engine, fwd_pd));
  }
  TRY(dnnl_primitive_create(&p->prim, pd));

  const dnnl_memory_desc_t *user_md[3][3] = {
    {&src_user, &w_user, &dst_user}, {&dst_user, &w_user, &src_user}, {&src_user, &dst_user, &w_user},
  };
  for (int i = 0; i < 3; i++) {
    const dnnl_memory_desc_t *want = dnnl_primitive_desc_query_md(pd, operand_queries[op][i], 0);
    const dnnl_memory_desc_t *have = user_md[op][i];
    if (!want) goto fail;
    if (dnnl_memory_desc_equal(want, have) || (have != &w_user && is_physically_nhwc(want))) {
      TRY(dnnl_memory_create(&p->user[i], want, engine, DNNL_MEMORY_NONE));
      continue;
    }
    TRY(dnnl_memory_create(&p->user[i], have, engine, DNNL_MEMORY_NONE));
    TRY(dnnl_memory_create(&p->blocked[i], want, engine, DNNL_MEMORY_NONE));
    p->blocked_bytes[i] = align64(dnnl_memory_desc_get_size(want));
    dnnl_primitive_desc_t rpd;
    if (i < 2) TRY(dnnl_reorder_primitive_desc_create(&rpd, have, engine, want, engine, NULL));
    else TRY(dnnl_reorder_primitive_desc_create(&rpd, want, engine, have, engine, NULL));
    dnnl_status_t st = dnnl_primitive_create(&p->reorder[i], rpd);
    dnnl_primitive_desc_destroy(rpd);
    TRY(st);
    if (i == 2 && (flags & GIB_FUSED_ADD)) {
      TRY(dnnl_reorder_primitive_desc_create(&rpd, have, engine, want, engine, NULL));
      st = dnnl_primitive_create(&p->dst_in, rpd);
      dnnl_primitive_desc_destroy(rpd);
      TRY(st);
    }
  }
  if (fused) TRY(dnnl_memory_create(&p->bias, &bias_md, engine, DNNL_MEMORY_NONE));
  const dnnl_memory_desc_t *smd = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
  p->scratch_bytes = smd ? align64(dnnl_memory_desc_get_size(smd)) : 0;
  if (p->scratch_bytes) TRY(dnnl_memory_create(&p->scratch, smd, engine, DNNL_MEMORY_NONE));
  dnnl_primitive_desc_destroy(pd);
  dnnl_primitive_attr_destroy(attr);
  if (post_ops) dnnl_post_ops_destroy(post_ops);
  return p;
fail:
  if (post_ops) dnnl_post_ops_destroy(post_ops);
  if (fwd_pd) dnnl_primitive_desc_destroy(fwd_pd);
  if (pd) dnnl_primitive_desc_destroy(pd);
  if (attr) dnnl_primitive_attr_destroy(attr);
  plan_free(p);
  return NULL;
}

static conv_plan *plan_for(int dir, const int *s) {
  for (conv_plan *p = plans; p; p = p->next) {
    if (p->key[0] == dir && !memcmp(p->key + 1, s, (KEY_LEN - 1) * sizeof(int))) return p;
  }
  if (plan_count >= MAX_PLANS) plans_clear();
  conv_plan *p = plan_create(dir, s);
  if (!p) return NULL;
  p->next = plans;
  plans = p;
  plan_count++;
  return p;
}

static int reorder(dnnl_primitive_t r, dnnl_memory_t from, dnnl_memory_t to) {
  dnnl_exec_arg_t a[2] = {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}};
  return dnnl_primitive_execute(r, stream, 2, a) == dnnl_success;
}

/* Runs one planned convolution on user buffers in0, in1 → out (bias: fused directions only). */
static int run(int dir, const int *shape, const float *in0, const float *in1, const float *bias, float *out) {
  if (!ready()) return GIB_DNNL_UNSUPPORTED;
  conv_plan *p = plan_for(dir, shape);
  if (!p) return GIB_DNNL_UNSUPPORTED;
  size_t total = p->scratch_bytes;
  for (int i = 0; i < 3; i++) total += p->blocked_bytes[i];
  char *mem = arena_get(total);
  if (!mem && total) return GIB_DNNL_NO_MEMORY;
  void *user_ptr[3] = {(void *)in0, (void *)in1, out};
  const int op = dir >= FUSED ? FWD : dir;
  dnnl_exec_arg_t args[5];
  int nargs = 0;
  for (int i = 0; i < 3; i++) {
    if (dnnl_memory_set_data_handle(p->user[i], user_ptr[i]) != dnnl_success) return GIB_DNNL_UNSUPPORTED;
    dnnl_memory_t m = p->user[i];
    if (p->blocked[i]) {
      if (dnnl_memory_set_data_handle(p->blocked[i], mem) != dnnl_success) return GIB_DNNL_UNSUPPORTED;
      mem += p->blocked_bytes[i];
      m = p->blocked[i];
      if (i < 2 && !reorder(p->reorder[i], p->user[i], m)) return GIB_DNNL_UNSUPPORTED;
      if (i == 2 && p->dst_in && !reorder(p->dst_in, p->user[i], m)) return GIB_DNNL_UNSUPPORTED;
    }
    args[nargs++] = (dnnl_exec_arg_t){operand_args[op][i], m};
  }
  if (p->bias) {
    if (dnnl_memory_set_data_handle(p->bias, (void *)bias) != dnnl_success) return GIB_DNNL_UNSUPPORTED;
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_BIAS, p->bias};
  }
  if (p->scratch) {
    if (dnnl_memory_set_data_handle(p->scratch, mem) != dnnl_success) return GIB_DNNL_UNSUPPORTED;
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_SCRATCHPAD, p->scratch};
  }
  if (dnnl_primitive_execute(p->prim, stream, nargs, args) != dnnl_success) return GIB_DNNL_UNSUPPORTED;
  if (p->blocked[2] && !reorder(p->reorder[2], p->blocked[2], p->user[2])) return GIB_DNNL_UNSUPPORTED;
  return dnnl_stream_wait(stream) == dnnl_success ? 0 : GIB_DNNL_UNSUPPORTED;
}

int gib_dnnl_conv2d(const float *x, const float *f, float *y, const int *shape) { return run(FWD, shape, x, f, NULL, y); }
int gib_dnnl_conv2d_backprop_input(const float *dy, const float *f, float *dx, const int *shape) { return run(BWD_DATA, shape, dy, f, NULL, dx); }
int gib_dnnl_conv2d_backprop_filter(const float *x, const float *dy, float *df, const int *shape) { return run(BWD_WEIGHTS, shape, x, dy, NULL, df); }
int gib_dnnl_conv2d_fused(const float *x, const float *f, const float *bias, float *y, const int *shape, int flags) {
  return run(FUSED + (flags & (GIB_FUSED_RELU | GIB_FUSED_ADD)), shape, x, f, bias, y);
}

int gib_dnnl_sgemm(int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
  return dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) == dnnl_success ? 0 : -1;
}
