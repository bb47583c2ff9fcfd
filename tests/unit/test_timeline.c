/*
 * test_timeline.c - status over time: withdrawals, re-recognition,
 * same-day ties in file order, views, transitions per period, milestones.
 */
#include "check.h"

#define HDR "date,actor,subject,type,disputed\n"

static dj_dataset *load(const char *events)
{
    dj_error err;
    dj_dataset *ds = dj_test_dataset(events, NULL, "code,name,declared\nXKX,Kosovo,2008-02-17\n",
                                     NULL, NULL, &err);
    if (!ds)
        fprintf(stderr, "load: %s:%ld:%ld: %s\n", err.path, err.line, err.column, err.msg);
    return ds;
}

static uint32_t total_on(const dj_dataset *ds, const char *view, const char *date)
{
    dj_view v;
    dj_status *st;
    dj_series s;
    dj_date d = D(date);
    dj_view_parse(&v, ds, view, NULL);
    dj_status_new(&st, ds, &v, NULL);
    uint32_t subj = dj_dataset_entity_find(ds, "XKX");
    dj_series_eval(&s, ds, st, subj, NULL, 0, &d, 1, NULL);
    uint32_t t = s.total[0];
    dj_series_dispose(&s);
    dj_status_free(st);
    return t;
}

static void timeline_counts_withdrawals_and_re_recognitions(void)
{
    dj_dataset *ds = load(HDR "2008-02-18,USA,XKX,recognize,\n"
                              "2008-02-18,FRA,XKX,recognize,\n"
                              "2010-05-01,FRA,XKX,withdraw,\n"
                              "2012-01-01,FRA,XKX,recognize,\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(total_on(ds, "all", "2008-02-17"), 0);
    CU_ASSERT_EQUAL(total_on(ds, "all", "2008-02-18"), 2);
    CU_ASSERT_EQUAL(total_on(ds, "all", "2010-04-30"), 2);
    CU_ASSERT_EQUAL(total_on(ds, "all", "2010-05-01"), 1); /* withdrawn on that day */
    CU_ASSERT_EQUAL(total_on(ds, "all", "2011-12-31"), 1);
    CU_ASSERT_EQUAL(total_on(ds, "all", "2012-01-01"), 2);
    dj_dataset_free(ds);
}

static void same_day_events_are_taken_in_file_order(void)
{
    /* the later row of the day wins, in both orders */
    dj_dataset *ds = load(HDR "2009-03-01,USA,XKX,recognize,\n"
                              "2009-03-01,USA,XKX,withdraw,\n"
                              "2009-03-01,FRA,XKX,withdraw,\n"
                              "2009-03-01,FRA,XKX,recognize,\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_view v = {DJ_VIEW_ALL, DJ_NONE, 0};
    dj_status *st;
    dj_status_new(&st, ds, &v, NULL);
    uint32_t x = dj_dataset_entity_find(ds, "XKX");
    CU_ASSERT_FALSE(dj_status_recognizes(st, x, dj_dataset_entity_find(ds, "USA"), D("2009-03-01")));
    CU_ASSERT_TRUE(dj_status_recognizes(st, x, dj_dataset_entity_find(ds, "FRA"), D("2009-03-01")));
    CU_ASSERT_EQUAL(total_on(ds, "all", "2009-03-01"), 1);
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void views_ignore_the_events_a_party_disputes(void)
{
    dj_dataset *ds = load(HDR "2008-02-18,SUR,XKX,recognize,\n"
                              "2017-10-27,SUR,XKX,withdraw,XKX\n"
                              "2012-03-13,STP,XKX,recognize,SRB\n"
                              "2013-01-10,STP,XKX,withdraw,XKX\n"
                              "2019-01-01,PLW,XKX,recognize,\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(total_on(ds, "all", "2020-01-01"), 1);        /* PLW */
    CU_ASSERT_EQUAL(total_on(ds, "undisputed", "2020-01-01"), 2); /* SUR, PLW */
    CU_ASSERT_EQUAL(total_on(ds, "XKX", "2020-01-01"), 3);        /* SUR, STP, PLW */
    CU_ASSERT_EQUAL(total_on(ds, "SRB", "2020-01-01"), 1);        /* PLW */
    dj_dataset_free(ds);
}

static void transitions_are_counted_per_period(void)
{
    dj_dataset *ds = load(HDR "2008-02-18,USA,XKX,recognize,\n"
                              "2008-07-01,FRA,XKX,recognize,\n"
                              "2009-05-01,FRA,XKX,withdraw,\n"
                              "2009-05-02,DEU,XKX,recognize,\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_view v = {DJ_VIEW_ALL, DJ_NONE, 0};
    dj_status *st;
    dj_status_new(&st, ds, &v, NULL);
    dj_dates g;
    dj_dates_init(&g);
    dj_grid_dates(&g, DJ_GRID_YEAR, D("2008-02-17"), D("2009-12-31"));
    CU_ASSERT_EQUAL_FATAL(g.n, 2);
    CU_ASSERT_EQUAL(g.v[0], D("2008-12-31"));
    uint32_t rec[2], wd[2];
    dj_transitions(rec, wd, NULL, NULL, st, dj_dataset_entity_find(ds, "XKX"), D("2008-01-01"), g.v, g.n);
    CU_ASSERT_EQUAL(rec[0], 2);
    CU_ASSERT_EQUAL(wd[0], 0);
    CU_ASSERT_EQUAL(rec[1], 1);
    CU_ASSERT_EQUAL(wd[1], 1);
    dj_dates_dispose(&g);
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void milestones_number_first_recognitions_with_ties_in_file_order(void)
{
    dj_dataset *ds = load(HDR "2008-02-18,USA,XKX,recognize,\n"
                              "2008-02-17,CRI,XKX,recognize,\n"
                              "2008-02-18,AFG,XKX,recognize,\n"
                              "2009-01-01,USA,XKX,withdraw,\n"
                              "2010-01-01,USA,XKX,recognize,\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_view v = {DJ_VIEW_ALL, DJ_NONE, 0};
    dj_status *st;
    dj_milestone *m;
    size_t n;
    dj_status_new(&st, ds, &v, NULL);
    dj_milestones(&m, &n, ds, st, dj_dataset_entity_find(ds, "XKX"), DJ_NONE, D("2020-01-01"), NULL);
    CU_ASSERT_EQUAL_FATAL(n, 3); /* USA's second recognition is not a new one */
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, m[0].actor), "CRI");
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, m[1].actor), "USA"); /* file order */
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, m[2].actor), "AFG");
    CU_ASSERT_EQUAL(m[2].n, 3);
    free(m);
    dj_status_free(st);
    dj_dataset_free(ds);
}

/* Many changes on both sides of 1970 (day 0), in no order in the file:
   the sweep sorts them by date, and a signed date sorted as unsigned
   would put every change before 1970 after the others. */
static void counts_over_many_changes_before_and_after_1970(void)
{
    enum { N = 60 };
    static char csv[N * 2 * 64 + 64];
    dj_date rec[N], wd[N];
    size_t len = (size_t)snprintf(csv, sizeof csv, "%s", HDR);
    uint32_t x = 12345;
    for (int a = 0; a < N; a++) {
        x = x * 1103515245u + 12345u;
        rec[a] = D("1950-01-01") + (dj_date)(x >> 8) % (45 * 365); /* 1950-1994 */
        x = x * 1103515245u + 12345u;
        wd[a] = a % 3 == 0 ? rec[a] + 1 + (dj_date)(x >> 8) % 3000 : DJ_DATE_MAX;
    }
    /* withdrawals first, then the recognitions backwards: file order is
       not date order */
    char day[DJ_DATE_BUFSIZE];
    for (int a = 0; a < N; a++)
        if (wd[a] != DJ_DATE_MAX) {
            dj_date_format(day, wd[a], DJ_PREC_DAY);
            len += (size_t)snprintf(csv + len, sizeof csv - len, "%s,A%02d,XKX,withdraw,\n", day, a);
        }
    for (int a = N - 1; a >= 0; a--) {
        dj_date_format(day, rec[a], DJ_PREC_DAY);
        len += (size_t)snprintf(csv + len, sizeof csv - len, "%s,A%02d,XKX,recognize,\n", day, a);
    }
    dj_error err;
    dj_dataset *ds = dj_test_dataset(csv, NULL, "code,name,declared\nXKX,Kosovo,1949-01-01\n",
                                     NULL, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_dates dates;
    dj_dates_init(&dates);
    for (dj_date d = D("1949-06-01"); d <= D("2005-01-01"); d += 97)
        CU_ASSERT_EQUAL_FATAL(dj_dates_push(&dates, d), 0);
    dj_view v = {DJ_VIEW_ALL, DJ_NONE, 0};
    dj_status *st;
    dj_series s;
    CU_ASSERT_EQUAL_FATAL(dj_status_new(&st, ds, &v, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(dj_series_eval(&s, ds, st, dj_dataset_entity_find(ds, "XKX"), NULL, 0,
                                         dates.v, dates.n, NULL), 0);
    int bad = 0, before = 0;
    for (size_t i = 0; i < dates.n; i++) {
        uint32_t want = 0;
        for (int a = 0; a < N; a++)
            want += rec[a] <= dates.v[i] && dates.v[i] < wd[a];
        before += dates.v[i] < 0 && want > 0;
        if (s.total[i] != want && bad++ < 3)
            fprintf(stderr, "\n  day %ld: want %u, got %u", (long)dates.v[i], want, s.total[i]);
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(before > 10); /* the test does ask about dates before 1970 */
    dj_series_dispose(&s);
    dj_status_free(st);
    dj_dates_dispose(&dates);
    dj_dataset_free(ds);
}

/* Date lists (the rows of cumulative.csv and the change days of a
   series) come out sorted, each date once: short and long lists, in
   order, in runs, backwards, in no order, on both sides of 1970, and at the ends
   of the date range. The long lists take the radix sort, whose sign-bit
   flip puts days before 1970 first. */
static int cmp_day(const void *a, const void *b)
{
    dj_date x = *(const dj_date *)a, y = *(const dj_date *)b;
    return (x > y) - (x < y);
}

static void date_lists_are_sorted_and_each_date_kept_once(void)
{
    static const size_t sizes[] = {1, 2, 5, 47, 48, 49, 300, 5000};
    uint32_t x = 777;
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++)
        for (int shape = 0; shape < 4; shape++) {
            size_t n = sizes[k];
            dj_dates d;
            dj_dates_init(&d);
            dj_date *want = malloc(n * sizeof *want);
            CU_ASSERT_PTR_NOT_NULL_FATAL(want);
            for (size_t i = 0; i < n; i++) {
                x = x * 1103515245u + 12345u;
                dj_date v;
                if (shape == 0) /* in order, with repeats */
                    v = (dj_date)(i / 3) - 100;
                else if (shape == 1) /* two sorted runs, as two views' change days */
                    v = (dj_date)(i < n / 2 ? i * 7 : (i - n / 2) * 5) - 2000;
                else if (shape == 2) /* no order, repeats, both sides of 1970 */
                    v = (dj_date)((x >> 8) % 4001) - 2000;
                else /* backwards */
                    v = 3000 - (dj_date)i;
                if (i == n / 2 && shape == 2)
                    v = DJ_DATE_MAX;
                if (i == n / 3 && shape == 2)
                    v = INT32_MIN;
                want[i] = v;
                CU_ASSERT_EQUAL_FATAL(dj_dates_push(&d, v), 0);
            }
            qsort(want, n, sizeof *want, cmp_day);
            size_t nw = n ? 1 : 0;
            for (size_t i = 1; i < n; i++)
                if (want[i] != want[nw - 1])
                    want[nw++] = want[i];
            dj_dates_unique(&d);
            CU_ASSERT_EQUAL(d.n, nw);
            int bad = 0;
            for (size_t i = 0; i < nw && i < d.n; i++)
                bad += d.v[i] != want[i];
            if (bad)
                fprintf(stderr, "\n  %zu dates, shape %d: %d out of place", n, shape, bad);
            CU_ASSERT_EQUAL(bad, 0);
            free(want);
            dj_dates_dispose(&d);
        }
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(timeline_counts_withdrawals_and_re_recognitions),
        DJ_TEST(counts_over_many_changes_before_and_after_1970),
        DJ_TEST(date_lists_are_sorted_and_each_date_kept_once),
        DJ_TEST(same_day_events_are_taken_in_file_order),
        DJ_TEST(views_ignore_the_events_a_party_disputes),
        DJ_TEST(transitions_are_counted_per_period),
        DJ_TEST(milestones_number_first_recognitions_with_ties_in_file_order),
        {NULL, NULL}};
    return dj_run_tests("timeline", tests);
}
