/*
 * test_coverage.c - bloc coverage with the denominator of that very day.
 */
#include "check.h"

static dj_dataset *ds;
static dj_status *st;
static uint32_t subj, nato;

static void setup(void)
{
    dj_error err;
    ds = dj_test_dataset("date,actor,subject,type\n"
                         "2008-02-18,USA,XKX,recognize\n"
                         "2008-03-01,ALB,XKX,recognize\n"
                         "2010-01-01,FIN,XKX,recognize\n",
                         NULL, "code,name,declared\nXKX,Kosovo,2008-02-17\n",
                         "bloc,member,joined,left\n"
                         "NATO,USA,1949-08-24,\n"
                         "NATO,GRC,1952-02-18,\n"
                         "NATO,ALB,2009-04-01,\n"
                         "NATO,FIN,2023-04-04,\n"
                         "NATO,GBR,1949-08-24,2020-02-01\n"
                         "EMPTY,USA,2100-01-01,\n",
                         NULL, &err);
    dj_view v = {DJ_VIEW_ALL, DJ_NONE, 0};
    dj_status_new(&st, ds, &v, NULL);
    subj = dj_dataset_entity_find(ds, "XKX");
    nato = dj_dataset_bloc_find(ds, "NATO");
}

static void teardown(void)
{
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void coverage_denominator_changes_on_the_joining_day(void)
{
    dj_date dates[] = {D("2009-03-31"), D("2009-04-01"), D("2023-04-03"), D("2023-04-04")};
    dj_series s;
    CU_ASSERT_EQUAL_FATAL(dj_series_eval(&s, ds, st, subj, &nato, 1, dates, 4, NULL), 0);
    CU_ASSERT_EQUAL(s.members[0], 3);     /* USA GRC GBR */
    CU_ASSERT_EQUAL(s.recognizing[0], 1); /* USA; ALB recognised but not yet a member */
    CU_ASSERT_EQUAL(s.members[1], 4);     /* ALB joins that day */
    CU_ASSERT_EQUAL(s.recognizing[1], 2);
    CU_ASSERT_EQUAL(s.members[2], 3);     /* GBR left on 2020-02-01 */
    CU_ASSERT_EQUAL(s.members[3], 4);     /* FIN joins, already recognising */
    CU_ASSERT_EQUAL(s.recognizing[3], 3);
    dj_series_dispose(&s);
}

static void coverage_leave_day_is_not_a_member_day(void)
{
    dj_date dates[] = {D("2020-01-31"), D("2020-02-01")};
    dj_series s;
    dj_series_eval(&s, ds, st, subj, &nato, 1, dates, 2, NULL);
    CU_ASSERT_EQUAL(s.members[0], 4);
    CU_ASSERT_EQUAL(s.members[1], 3);
    dj_series_dispose(&s);
}

static void coverage_change_dates_include_membership_changes(void)
{
    dj_dates d;
    dj_dates_init(&d);
    dj_change_dates(&d, ds, st, subj, &nato, 1, D("2008-02-17"), D("2024-01-01"));
    /* 2008-02-17 (start), 02-18, 03-01, 2009-04-01, 2010-01-01, 2020-02-01, 2023-04-04 */
    CU_ASSERT_EQUAL(d.n, 7);
    CU_ASSERT_EQUAL(d.v[3], D("2009-04-01"));
    CU_ASSERT_EQUAL(d.v[5], D("2020-02-01"));
    dj_dates_dispose(&d);
}

static void holdouts_are_members_not_recognising_sorted_by_code(void)
{
    uint32_t *h;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(dj_holdouts(&h, &n, ds, st, subj, nato, D("2015-01-01"), NULL), 0);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, h[0]), "GBR");
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, h[1]), "GRC");
    free(h);
}

static void empty_bloc_has_no_percentage(void)
{
    uint32_t empty = dj_dataset_bloc_find(ds, "EMPTY");
    dj_date d = D("2015-01-01");
    dj_series s;
    dj_series_eval(&s, ds, st, subj, &empty, 1, &d, 1, NULL);
    CU_ASSERT_EQUAL(s.members[0], 0);
    CU_ASSERT_TRUE(dj_percent(s.recognizing[0], s.members[0]) < 0);
    dj_series_dispose(&s);
}

static void threshold_date_is_the_first_day_coverage_reaches_it(void)
{
    dj_date d;
    /* 2009-04-01: 2 of 4 = 50 % */
    CU_ASSERT_EQUAL(dj_threshold_date(&d, ds, st, subj, nato, 50.0, D("2008-02-17"), D("2025-01-01"), NULL), 0);
    CU_ASSERT_EQUAL(d, D("2009-04-01"));
    CU_ASSERT_EQUAL(dj_threshold_date(&d, ds, st, subj, nato, 90.0, D("2008-02-17"), D("2025-01-01"), NULL), 0);
    CU_ASSERT_EQUAL(d, DJ_DATE_NONE);
}

static void threshold_crossings_list_every_day_coverage_crosses_up_and_down(void)
{
    /* a bloc of four: half on a recognition, below on a withdrawal, half
       again on a recognition dated only by its month, below when a state
       that does not recognise joins, half again when it leaves */
    dj_error err;
    dj_dataset *d = dj_test_dataset("date,actor,subject,type\n"
                                    "2009-01-01,AAA,XKX,recognize\n"
                                    "2010-01-01,BBB,XKX,recognize\n"
                                    "2011-01-01,BBB,XKX,withdraw\n"
                                    "2012-05,CCC,XKX,recognize\n",
                                    NULL, "code,name,declared\nXKX,Kosovo,2008-02-17\n",
                                    "bloc,member,joined,left\n"
                                    "B,AAA,2000-01-01,\nB,BBB,2000-01-01,\nB,CCC,2000-01-01,\nB,DDD,2000-01-01,\n"
                                    "B,EEE,2013-01-01,2014-01-01\n",
                                    NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    dj_view v = {DJ_VIEW_ALL, DJ_NONE, 0};
    dj_status *s = NULL;
    CU_ASSERT_EQUAL_FATAL(dj_status_new(&s, d, &v, NULL), 0);
    uint32_t x = dj_dataset_entity_find(d, "XKX"), b = dj_dataset_bloc_find(d, "B");
    dj_crossing *c;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(dj_threshold_crossings(&c, &n, d, s, x, b, 50.0, D("2008-02-17"), D("2020-01-01"), NULL), 0);
    static const struct { const char *date; int up; uint32_t members, recognizing; dj_precision prec; } want[] = {
        {"2010-01-01", 1, 4, 2, DJ_PREC_DAY},
        {"2011-01-01", 0, 4, 1, DJ_PREC_DAY},
        {"2012-05-01", 1, 4, 2, DJ_PREC_MONTH},
        {"2013-01-01", 0, 5, 2, DJ_PREC_DAY},
        {"2014-01-01", 1, 4, 2, DJ_PREC_DAY},
    };
    CU_ASSERT_EQUAL_FATAL(n, 5);
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_EQUAL(c[i].date, D(want[i].date));
        CU_ASSERT_EQUAL(c[i].up, want[i].up);
        CU_ASSERT_EQUAL(c[i].members, want[i].members);
        CU_ASSERT_EQUAL(c[i].recognizing, want[i].recognizing);
        CU_ASSERT_EQUAL(c[i].precision, want[i].prec);
    }
    free(c);
    /* the first crossing is still what dj_threshold_date gives */
    dj_date first;
    CU_ASSERT_EQUAL(dj_threshold_date(&first, d, s, x, b, 50.0, D("2008-02-17"), D("2020-01-01"), NULL), 0);
    CU_ASSERT_EQUAL(first, D("2010-01-01"));
    /* a window that starts above the threshold opens with an up crossing */
    CU_ASSERT_EQUAL_FATAL(dj_threshold_crossings(&c, &n, d, s, x, b, 50.0, D("2010-06-01"), D("2012-12-31"), NULL), 0);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(c[0].date, D("2010-06-01"));
    CU_ASSERT_TRUE(c[0].up);
    CU_ASSERT_FALSE(c[1].up);
    free(c);
    /* never reached: no crossing */
    CU_ASSERT_EQUAL_FATAL(dj_threshold_crossings(&c, &n, d, s, x, b, 75.0, D("2008-02-17"), D("2020-01-01"), NULL), 0);
    CU_ASSERT_EQUAL(n, 0);
    free(c);
    dj_status_free(s);
    dj_dataset_free(d);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(coverage_denominator_changes_on_the_joining_day),
        DJ_TEST(coverage_leave_day_is_not_a_member_day),
        DJ_TEST(coverage_change_dates_include_membership_changes),
        DJ_TEST(holdouts_are_members_not_recognising_sorted_by_code),
        DJ_TEST(empty_bloc_has_no_percentage),
        DJ_TEST(threshold_date_is_the_first_day_coverage_reaches_it),
        DJ_TEST(threshold_crossings_list_every_day_coverage_crosses_up_and_down),
        {NULL, NULL}};
    setup();
    int rc = dj_run_tests("coverage", tests);
    teardown();
    return rc;
}
