/*
 * test_kosovo.c - end to end on the embedded Kosovo dataset: the figures
 * of the text this project was created from, each under the counting
 * convention that yields it (datasets/world/kosovo/SOURCES.md explains them).
 */
#include "check.h"

static dj_dataset *ds;
static uint32_t xkx;

static dj_status *status(const char *view)
{
    dj_view v;
    dj_status *st = NULL;
    CU_ASSERT_EQUAL(dj_view_parse(&v, ds, view, NULL), 0);
    CU_ASSERT_EQUAL(dj_status_new(&st, ds, &v, NULL), 0);
    return st;
}

static void coverage_on(const char *view, const char *bloc, const char *date,
                        uint32_t *members, uint32_t *recognizing)
{
    dj_status *st = status(view);
    uint32_t b = dj_dataset_bloc_find(ds, bloc);
    dj_date d = D(date);
    dj_series s;
    CU_ASSERT_FATAL(b != DJ_NONE);
    CU_ASSERT_EQUAL_FATAL(dj_series_eval(&s, ds, st, xkx, &b, 1, &d, 1, NULL), 0);
    *members = s.members[0];
    *recognizing = s.recognizing[0];
    dj_series_dispose(&s);
    dj_status_free(st);
}

static uint32_t total_on(const char *view, const char *date)
{
    dj_status *st = status(view);
    dj_date d = D(date);
    dj_series s;
    dj_series_eval(&s, ds, st, xkx, NULL, 0, &d, 1, NULL);
    uint32_t t = s.total[0];
    dj_series_dispose(&s);
    dj_status_free(st);
    return t;
}

static void nato_24_of_28_and_eu_22_of_27_on_2013_02_17(void)
{
    uint32_t m, r;
    coverage_on("all", "NATO", "2013-02-17", &m, &r);
    CU_ASSERT_EQUAL(m, 28);
    CU_ASSERT_EQUAL(r, 24);
    CU_ASSERT_DOUBLE_EQUAL(dj_percent(r, m), 85.71, 0.005); /* "86 %" */
    coverage_on("all", "EU", "2013-02-17", &m, &r);
    CU_ASSERT_EQUAL(m, 27);
    CU_ASSERT_EQUAL(r, 22);
    CU_ASSERT_DOUBLE_EQUAL(dj_percent(r, m), 81.48, 0.005); /* "81 %" */
}

static void holdouts(const char *bloc, const char *date, char *out, size_t size)
{
    dj_status *st = status("all");
    uint32_t *h;
    size_t n;
    out[0] = '\0';
    CU_ASSERT_EQUAL_FATAL(dj_holdouts(&h, &n, ds, st, xkx, dj_dataset_bloc_find(ds, bloc), D(date), NULL), 0);
    for (size_t i = 0; i < n; i++) {
        strncat(out, dj_dataset_entity_name(ds, h[i]), size - strlen(out) - 1);
        if (i + 1 < n)
            strncat(out, ", ", size - strlen(out) - 1);
    }
    free(h);
    dj_status_free(st);
}

static void holdouts_on_2013_02_17_are_the_four_and_cyprus(void)
{
    char buf[512];
    holdouts("NATO", "2013-02-17", buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "Spain, Greece, Romania, Slovakia"); /* by code: ESP GRC ROU SVK */
    holdouts("EU", "2013-02-17", buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "Cyprus, Spain, Greece, Romania, Slovakia");
}

static void ninety_eight_countries_on_2013_02_17_in_kosovos_count(void)
{
    /* dejure's total in Kosovo's view (every recogniser: Taiwan and the
       Order of Malta included, Sao Tome's 2012 recognition kept because
       Kosovo denies its withdrawal) is 98; the all view, which counts the
       2013 withdrawal, gives 97. The press figure itself counted UN
       members and held Nigeria and Uganda, which this dataset does not:
       dejure's UN count in Kosovo's view is 96 (test_audit keeps that
       row; datasets/world/kosovo/SOURCES.md explains both). */
    CU_ASSERT_EQUAL(total_on("XKX", "2013-02-17"), 98);
    CU_ASSERT_EQUAL(total_on("all", "2013-02-17"), 97);
}

/* The seed's "Egypt, the 100th" is Kosovo's press count of 26 Jun 2013:
   UN members in Kosovo's view, El Salvador (whose note of June made
   "101") not yet counted. dejure dates that note by its month, from the
   1st, so Egypt is its 101st; test_audit proves the 100 without that row.
   (The undisputed view's 100 is a coincidence: Sao Tome out, El Salvador
   in, and is not asserted.) */
static void egypt_is_the_101st_un_member_in_kosovos_view(void)
{
    dj_status *st = status("XKX");
    dj_milestone *m;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(dj_milestones(&m, &n, ds, st, xkx, dj_dataset_bloc_find(ds, "UN"),
                                        D("2026-01-01"), NULL), 0);
    CU_ASSERT_FATAL(n >= 101);
    size_t slv = 0;
    while (slv < n && strcmp(dj_dataset_entity_code(ds, m[slv].actor), "SLV"))
        slv++;
    CU_ASSERT(slv < 100); /* before Egypt */
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, m[100].actor), "EGY");
    CU_ASSERT_EQUAL(m[100].date, D("2013-06-26"));
    free(m);
    dj_status_free(st);
}

/* The seed's "111 countries by 2016" is Kosovo's ministry numbering:
   every state that ever recognised by then, withdrawals not taken off,
   but for Taiwan and El Salvador, which its list does not hold. */
static void one_hundred_eleven_by_2016(void)
{
    dj_status *st = status("all");
    dj_milestone *m;
    size_t n, by2016 = 0, left_out = 0;
    CU_ASSERT_EQUAL_FATAL(dj_milestones(&m, &n, ds, st, xkx, DJ_NONE, D("2016-01-01"), NULL), 0);
    for (size_t i = 0; i < n; i++) {
        const char *c = dj_dataset_entity_code(ds, m[i].actor);
        by2016++;
        left_out += !strcmp(c, "TWN") || !strcmp(c, "SLV");
    }
    CU_ASSERT_EQUAL(left_out, 2);
    CU_ASSERT_EQUAL(by2016 - left_out, 111);
    free(m);
    dj_status_free(st);
}

static void nato_denominator_grows_to_32(void)
{
    uint32_t m, r;
    coverage_on("all", "NATO", "2024-06-01", &m, &r);
    CU_ASSERT_EQUAL(m, 32);
    coverage_on("all", "EU", "2020-02-01", &m, &r); /* the UK has left, Croatia is in */
    CU_ASSERT_EQUAL(m, 27);
    coverage_on("all", "UN", "2011-07-14", &m, &r); /* South Sudan admitted */
    CU_ASSERT_EQUAL(m, 193);
    coverage_on("all", "UN", "2011-07-13", &m, &r);
    CU_ASSERT_EQUAL(m, 192);
}

static void embedded_dataset_is_clean_and_sourced(void)
{
    dj_diagnostics d;
    dj_error err;
    dj_dataset *x;
    dj_load_options lo = {DJ_LOAD_REQUIRE_SOURCES | DJ_LOAD_STRICT};
    dj_diagnostics_init(&d);
    CU_ASSERT_EQUAL(dj_dataset_load_default(&x, &lo, &d, &err), 0);
    for (size_t i = 0; i < d.count; i++)
        fprintf(stderr, "%s:%ld: %s\n", d.items[i].path, d.items[i].line, d.items[i].msg);
    CU_ASSERT_EQUAL(d.errors + d.warnings, 0);
    dj_dataset_free(x);
    dj_diagnostics_dispose(&d);
}

static void views_are_named_in_words_and_say_which_counts_they_match(void)
{
    static const char *const views[][3] = {
        {"all", "every claim counted", "include contested claims"},
        {"undisputed", "undisputed events only", "leave out every contested claim"},
        {"XKX", "as Kosovo counts", "the counts Kosovo publishes"},
        {"SRB", "as Serbia counts", "the counts Serbia publishes"},
    };
    for (size_t i = 0; i < sizeof views / sizeof *views; i++) {
        dj_view v;
        char title[64], text[512], name[64];
        CU_ASSERT_EQUAL_FATAL(dj_view_parse(&v, ds, views[i][0], NULL), 0);
        dj_view_name(name, sizeof name, ds, &v);
        CU_ASSERT_STRING_EQUAL(name, views[i][0]);
        dj_view_title(title, sizeof title, ds, &v);
        CU_ASSERT_STRING_EQUAL(title, views[i][1]);
        dj_view_description(text, sizeof text, ds, &v);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, views[i][2]));
    }
    /* a name cut short is cut between code points */
    dj_view v;
    char small[6]; /* "as C" and half of the o circumflex */
    dj_view_parse(&v, ds, "CIV", NULL);
    dj_view_title(small, sizeof small, ds, &v);
    CU_ASSERT_STRING_EQUAL(small, "as C");
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(nato_24_of_28_and_eu_22_of_27_on_2013_02_17),
        DJ_TEST(holdouts_on_2013_02_17_are_the_four_and_cyprus),
        DJ_TEST(ninety_eight_countries_on_2013_02_17_in_kosovos_count),
        DJ_TEST(egypt_is_the_101st_un_member_in_kosovos_view),
        DJ_TEST(one_hundred_eleven_by_2016),
        DJ_TEST(nato_denominator_grows_to_32),
        DJ_TEST(embedded_dataset_is_clean_and_sourced),
        DJ_TEST(views_are_named_in_words_and_say_which_counts_they_match),
        {NULL, NULL}};
    dj_error err;
    if (dj_dataset_load_default(&ds, NULL, NULL, &err)) {
        fprintf(stderr, "cannot load the default dataset: %s\n", err.msg);
        return 1;
    }
    xkx = dj_dataset_entity_find(ds, "XKX");
    int rc = dj_run_tests("kosovo", tests);
    dj_dataset_free(ds);
    return rc;
}
