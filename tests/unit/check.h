/*
 * check.h - a small frame around CUnit for dejure's test programs.
 *
 * Each test program defines its tests and a table of them; main() runs
 * the table as one suite and exits with the number of failures, so that
 * ctest sees a failing test program.
 */
#ifndef DJ_TEST_CHECK_H
#define DJ_TEST_CHECK_H

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dejure/dejure.h"

typedef struct dj_test {
    const char *name;
    void (*fn)(void);
} dj_test;

#define DJ_TEST(f) {#f, f}

static inline int dj_run_tests(const char *suite_name, const dj_test *tests)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite suite = CU_add_suite(suite_name, NULL, NULL);
    if (!suite)
        return 1;
    for (const dj_test *t = tests; t->name; t++)
        if (!CU_add_test(suite, t->name, t->fn))
            return 1;
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    int failures = (int)CU_get_number_of_failures();
    int tests_failed = (int)CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failures || tests_failed ? (failures ? failures : 1) : 0;
}

/* Builds an in-memory dataset from CSV texts (NULL: file absent). */
static inline dj_dataset *dj_test_dataset(const char *events, const char *entities,
                                          const char *subjects, const char *blocs,
                                          dj_diagnostics *diags, dj_error *err)
{
    dj_memfile files[4];
    size_t n = 0;
    if (entities) files[n++] = (dj_memfile){"entities.csv", entities, strlen(entities)};
    if (subjects) files[n++] = (dj_memfile){"subjects.csv", subjects, strlen(subjects)};
    if (events) files[n++] = (dj_memfile){"events.csv", events, strlen(events)};
    if (blocs) files[n++] = (dj_memfile){"blocs.csv", blocs, strlen(blocs)};
    dj_dataset *ds = NULL;
    dj_dataset_load_mem(&ds, "t", files, n, NULL, diags, err);
    return ds;
}

/* Parses a YYYY-MM-DD literal in a test. */
static inline dj_date D(const char *s)
{
    dj_date d = DJ_DATE_NONE;
    dj_date_parse(&d, NULL, s, strlen(s));
    return d;
}

#endif
