/*
 * dejure/testing.h - hooks for the test suite. Not for applications.
 */
#ifndef DEJURE_TESTING_H
#define DEJURE_TESTING_H

#include <stddef.h>

#include "dejure/stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Makes the k-th library allocation from now on fail, and every one after
   it (k <= 0 turns failure injection off). Resets the counter. */
void dj_alloc_fail_at(long k);
/* Library allocations since the last dj_alloc_fail_at(). */
long dj_alloc_count(void);

/* Lowers DJ_MAX_ROWS to `max` data rows per file (0 restores it), so that
   a test can prove the limit is enforced without a 100-million-row file. */
void dj_testing_row_limit(unsigned long max);

/* |f|^2, the gradient J'f and the Hessian (both halves, row-major) of
   model m's least squares on the points (s[i], u[i]) at parameters p, in
   the closed form that the fits' Newton finish uses; *ff is NaN when
   memory runs out. So that a test can hold the second derivatives to
   differences of the gradient. */
void dj_fit_curvature(dj_model m, const double *s, const double *u, size_t n,
                      const double *p, double *ff, double grad[3], double hess[9]);

#ifdef __cplusplus
}
#endif
#endif
