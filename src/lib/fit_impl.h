/*
 * fit_impl.h - fits of several models at once, for the report (fit.c).
 */
#ifndef DJ_FIT_IMPL_H
#define DJ_FIT_IMPL_H

#include "alloc.h"
#include "dejure/stats.h"

/* dj_fit_run for each model m with bit (1 << m) set in `models`, into
   out[m], on two threads where that works; the results are those of
   dj_fit_run. Returns the first model's error in model order, or 0. */
DJ_HIDDEN int dj_fit_run_models(dj_fit out[DJ_MODEL_COUNT], unsigned models,
                                const double *t, const double *y, size_t n,
                                dj_error *err);

#endif
