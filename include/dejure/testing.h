/*
 * dejure/testing.h - hooks for the test suite. Not for applications.
 */
#ifndef DEJURE_TESTING_H
#define DEJURE_TESTING_H

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

#ifdef __cplusplus
}
#endif
#endif
