/*
 * test_stats.c - the statistics against values worked out by hand on small
 * fixtures, and fits against synthetic data drawn from known curves.
 *
 * Expected numbers come from the comments beside them (sorted samples,
 * risk sets, products), never from running the code under test.
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "check.h"
#include "dejure/tables.h"
#include "dejure/testing.h"

/* Tables written only to be discarded (dj_out_abort): outputs are regular
   files, so a temporary beside this name, never /dev/null. */
#define SINK "/tmp/dejure-stats-sink"

#define CLOSE(a, b, tol) CU_ASSERT_DOUBLE_EQUAL((a), (b), (tol))

/* ---- quartiles with ties ---- */

static void quartiles_with_ties_interpolate_between_order_statistics(void)
{
    /* sorted: 0 1 1 1 4 10 10 30, n = 8, sum 57
       q1: d = 7 * 0.25 = 1.75 -> x1 + 0.75 (x2 - x1) = 1 + 0 = 1
       median: d = 3.5 -> (x3 + x4) / 2 = (1 + 4) / 2 = 2.5
       q3: d = 5.25 -> x5 + 0.25 (x6 - x5) = 10 + 0 = 10 */
    double v[] = {30, 1, 10, 4, 1, 0, 10, 1};
    dj_summary s;
    dj_summary_compute(&s, v, 8);
    CU_ASSERT_EQUAL(s.n, 8);
    CLOSE(s.mean, 7.125, 1e-12);
    CLOSE(s.q1, 1.0, 1e-12);
    CLOSE(s.median, 2.5, 1e-12);
    CLOSE(s.q3, 10.0, 1e-12);
    CLOSE(s.min, 0.0, 0);
    CLOSE(s.max, 30.0, 0);

    /* 2 2 3 8: q1 d = 0.75 -> 2; median d = 1.5 -> 2.5;
       q3 d = 2.25 -> 3 + 0.25 * 5 = 4.25 */
    double w[] = {8, 2, 3, 2};
    dj_summary_compute(&s, w, 4);
    CLOSE(s.q1, 2.0, 1e-12);
    CLOSE(s.median, 2.5, 1e-12);
    CLOSE(s.q3, 4.25, 1e-12);
}

static void summary_of_nothing_is_not_a_number(void)
{
    dj_summary s;
    dj_summary_compute(&s, NULL, 0);
    CU_ASSERT_EQUAL(s.n, 0);
    CU_ASSERT_TRUE(isnan(s.mean) && isnan(s.median) && isnan(s.max));
}

/* ---- a small world: declared 2000-01-01 ---- */

static dj_dataset *load(const char *events, const char *blocs, const char *population)
{
    dj_memfile f[4];
    size_t n = 0;
    static const char subjects[] = "code,name,declared\nXKX,Kosovo,2000-01-01\n";
    f[n++] = (dj_memfile){"subjects.csv", subjects, strlen(subjects)};
    f[n++] = (dj_memfile){"events.csv", events, strlen(events)};
    if (blocs)
        f[n++] = (dj_memfile){"blocs.csv", blocs, strlen(blocs)};
    if (population)
        f[n++] = (dj_memfile){"population.csv", population, strlen(population)};
    dj_dataset *ds = NULL;
    dj_error err;
    int rc = dj_dataset_load_mem(&ds, "t", f, n, NULL, NULL, &err);
    if (rc)
        fprintf(stderr, "fixture: %s:%ld:%ld: %s\n", err.path, err.line, err.column, err.msg);
    return ds;
}

static dj_status *status_of(const dj_dataset *ds)
{
    dj_view v = {DJ_VIEW_ALL, DJ_NONE, 0};
    dj_status *st = NULL;
    dj_status_new(&st, ds, &v, NULL);
    return st;
}

/* Runs a table writer into a file and returns its text (static buffer). */
typedef int (*table_fn)(dj_out *, const dj_dataset *, const dj_status *,
                        const dj_stats_query *, dj_error *);
static const char *table_text(table_fn fn, const dj_dataset *ds, const dj_status *st,
                              const dj_stats_query *q)
{
    static char buf[16384];
    char path[] = "/tmp/dejure-stats-test-XXXXXX";
    int fd = mkstemp(path);
    dj_out *o;
    dj_error err;
    buf[0] = '\0';
    if (fd < 0)
        return buf;
    close(fd);
    if (dj_out_open(&o, path, &err) == 0) {
        if (fn(o, ds, st, q, &err) == 0)
            dj_out_commit(o, &err);
        else
            dj_out_abort(o);
    }
    FILE *f = fopen(path, "r");
    if (f) {
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
    remove(path);
    return buf;
}

static int dj_stats_table_counts_year(dj_out *o, const dj_dataset *ds, const dj_status *st,
                                      const dj_stats_query *q, dj_error *err)
{
    return dj_stats_table_counts(o, ds, st, q, DJ_GRID_YEAR, err);
}

static int dj_stats_table_fit_plain(dj_out *o, const dj_dataset *ds, const dj_status *st,
                                    const dj_stats_query *q, dj_error *err)
{
    return dj_stats_table_fit(o, ds, st, q, NULL, err);
}

#define DELAY_EVENTS                                                        \
    "date,actor,subject,type\n"                                             \
    "2000-01-01,AAA,XKX,recognize\n"  /* day 0 */                           \
    "2000-01-02,BBB,XKX,recognize\n"  /* day 1 */                           \
    "2000-01-02,CCC,XKX,recognize\n"  /* day 1 */                           \
    "2000-01-02,DDD,XKX,recognize\n"  /* day 1 */                           \
    "2000-01-05,EEE,XKX,recognize\n"  /* day 4 */                           \
    "2000-01-06,BBB,XKX,withdraw\n"   /* BBB's first recognition stays */   \
    "2000-01-11,FFF,XKX,recognize\n"  /* day 10 */                          \
    "2000-01-11,GGG,XKX,recognize\n"  /* day 10 */                          \
    "2000-01-21,BBB,XKX,recognize\n"  /* again: not a first recognition */  \
    "2000-01-31,HHH,XKX,recognize\n"  /* day 30 */                          \
    "2001-01-01,JJJ,XKX,recognize\n"  /* after the as-of date */

#define DELAY_BLOCS                                                         \
    "bloc,member,joined,left\n"                                             \
    "X,AAA,1990-01-01,\n"                                                   \
    "X,EEE,2000-01-05,\n"        /* joins the day it recognises: counts */  \
    "X,FFF,2000-01-20,\n"        /* joins after recognising: not counted */ \
    "X,GGG,1990-01-01,\n"                                                   \
    "X,HHH,1990-01-01,2000-01-15\n" /* left before recognising */

static void delays_count_first_recognitions_up_to_the_as_of_date(void)
{
    dj_dataset *ds = load(DELAY_EVENTS, DELAY_BLOCS, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds);
    uint32_t xkx = dj_dataset_entity_find(ds, "XKX");
    double *v;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(dj_stats_delays(&v, &n, ds, st, xkx, DJ_NONE, D("2000-01-01"),
                                          D("2000-12-31"), NULL), 0);
    /* the sample of the quartile test above: 0 1 1 1 4 10 10 30 */
    CU_ASSERT_EQUAL_FATAL(n, 8);
    dj_summary s;
    dj_summary_compute(&s, v, n);
    CLOSE(s.median, 2.5, 1e-12);
    CLOSE(s.q1, 1.0, 1e-12);
    CLOSE(s.max, 30.0, 0);
    dj_stats_free(v);
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void delays_per_bloc_count_members_on_the_day_they_recognised(void)
{
    dj_dataset *ds = load(DELAY_EVENTS, DELAY_BLOCS, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds);
    uint32_t x = dj_dataset_bloc_find(ds, "X");
    dj_stats_query q;
    dj_stats_query_init(&q);
    q.subject = dj_dataset_entity_find(ds, "XKX");
    q.blocs = &x;
    q.nblocs = 1;
    q.at = D("2000-12-31");
    /* all: mean 57/8 = 7.125, written half to even as 7.12.
       X: AAA 0, EEE 4, GGG 10 -> mean 14/3 = 4.67, q1 d = 0.5 -> 2,
       median 4, q3 d = 1.5 -> 7, min 0, max 10 */
    CU_ASSERT_STRING_EQUAL(table_text(dj_stats_table_delays, ds, st, &q),
                           "group,count,mean,q1,median,q3,min,max\n"
                           "all,8,7.12,1.00,2.50,10.00,0,30\n"
                           "X,3,4.67,2.00,4.00,7.00,0,10\n");
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void counts_per_year_and_month_keep_withdrawals_apart(void)
{
    dj_dataset *ds = load(DELAY_EVENTS, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds);
    uint32_t xkx = dj_dataset_entity_find(ds, "XKX");
    dj_counts c;
    /* January 2000: 9 recognitions (BBB twice), 1 withdrawal; Feb: none */
    CU_ASSERT_EQUAL_FATAL(dj_stats_counts(&c, st, xkx, DJ_GRID_MONTH, D("2000-01-01"),
                                          D("2000-02-10"), NULL), 0);
    CU_ASSERT_EQUAL_FATAL(c.n, 2);
    CU_ASSERT_EQUAL(c.start[0], D("2000-01-01"));
    CU_ASSERT_EQUAL(c.start[1], D("2000-02-01"));
    CU_ASSERT_EQUAL(c.recognized[0], 9);
    CU_ASSERT_EQUAL(c.withdrawn[0], 1);
    CU_ASSERT_EQUAL(c.recognized[1], 0);
    CU_ASSERT_EQUAL(c.withdrawn[1], 0);
    dj_counts_dispose(&c);

    dj_stats_query q;
    dj_stats_query_init(&q);
    q.subject = xkx;
    q.at = D("2001-06-30");
    CU_ASSERT_STRING_EQUAL(table_text(dj_stats_table_counts_year, ds, st, &q),
                           "year,recognized,withdrawn\n2000,9,1\n2001,1,0\n");
    dj_status_free(st);
    dj_dataset_free(ds);
}

/* ---- Kaplan-Meier ---- */

static void km_ties_put_events_before_censorings(void)
{
    /* t=5: 3 at risk, 1 event -> S = 2/3 (the one censored at 5 still
       counts at risk); t=8: 1 at risk, 1 event -> S = 0 */
    dj_km_obs obs[] = {{0, 8, 1}, {0, 5, 0}, {0, 5, 1}};
    dj_km km;
    CU_ASSERT_EQUAL_FATAL(dj_km_estimate(&km, obs, 3, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(km.n, 2);
    CU_ASSERT_EQUAL(km.steps[0].at_risk, 3);
    CU_ASSERT_EQUAL(km.steps[0].events, 1);
    CU_ASSERT_EQUAL(km.steps[0].censored, 1);
    CLOSE(km.steps[0].survival, 2.0 / 3.0, 1e-12);
    CU_ASSERT_EQUAL(km.steps[1].at_risk, 1);
    CLOSE(km.steps[1].survival, 0.0, 0);
    CU_ASSERT_TRUE(isnan(km.steps[1].std_error));
    CLOSE(km.median, 8.0, 0);
    dj_km_dispose(&km);
}

static void km_rejects_an_exit_before_the_entry(void)
{
    dj_km_obs obs[] = {{5, 3, 1}};
    dj_km km;
    dj_error err;
    CU_ASSERT_EQUAL(dj_km_estimate(&km, obs, 1, &err), DJ_EINVALID);
}

#define KM_EVENTS                                                           \
    "date,actor,subject,type\n"                                             \
    "2000-01-04,GGG,XKX,recognize\n"  /* day 3, before it joins */          \
    "2000-01-11,AAA,XKX,recognize\n"  /* day 10 */                          \
    "2000-01-11,BBB,XKX,recognize\n"  /* day 10 */                          \
    "2000-01-26,DDD,XKX,recognize\n"  /* day 25, no longer a member */      \
    "2000-01-31,EEE,XKX,recognize\n"  /* day 30 */                          \
    "2000-02-10,FFF,XKX,recognize\n"  /* day 40 */

#define KM_BLOCS                                                            \
    "bloc,member,joined,left\n"                                             \
    "K,AAA,1990-01-01,\n"                                                   \
    "K,BBB,1990-01-01,\n"                                                   \
    "K,CCC,1990-01-01,\n"             /* never: censored at day 50 */       \
    "K,DDD,1990-01-01,2000-01-22\n"   /* last member day 20: censored */    \
    "K,EEE,1990-01-01,\n"                                                   \
    "K,FFF,2000-01-16,\n"             /* enters the risk set on day 15 */   \
    "K,GGG,2000-01-06,\n"             /* recognised before joining: out */

static void km_curve_with_censoring_and_late_entry_matches_hand_computation(void)
{
    dj_dataset *ds = load(KM_EVENTS, KM_BLOCS, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds);
    uint32_t k = dj_dataset_bloc_find(ds, "K"), xkx = dj_dataset_entity_find(ds, "XKX");
    dj_km_obs *obs;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(dj_km_bloc_obs(&obs, &n, ds, st, xkx, k, D("2000-01-01"),
                                         D("2000-02-20"), NULL), 0);
    CU_ASSERT_EQUAL_FATAL(n, 6); /* GGG left out */
    dj_km km;
    CU_ASSERT_EQUAL_FATAL(dj_km_estimate(&km, obs, n, NULL), 0);
    dj_stats_free(obs);
    /* t   at risk          d  c   S
       10  AAA BBB CCC DDD EEE  2  0   3/5 = 0.6
       20  CCC DDD EEE FFF  0  1   0.6
       30  CCC EEE FFF      1  0   0.6 * 2/3 = 0.4
       40  CCC FFF          1  0   0.4 * 1/2 = 0.2
       50  CCC              0  1   0.2
       Greenwood sums: 2/(5*3) = 2/15; + 1/(3*2) = 0.3; + 1/(2*1) = 0.8 */
    static const double t[] = {10, 20, 30, 40, 50}, S[] = {0.6, 0.6, 0.4, 0.2, 0.2};
    static const unsigned r[] = {5, 4, 3, 2, 1}, d[] = {2, 0, 1, 1, 0}, c[] = {0, 1, 0, 0, 1};
    static const double gw[] = {2.0 / 15, 2.0 / 15, 0.3, 0.8, 0.8};
    CU_ASSERT_EQUAL_FATAL(km.n, 5);
    for (size_t i = 0; i < 5; i++) {
        CLOSE(km.steps[i].t, t[i], 0);
        CU_ASSERT_EQUAL(km.steps[i].at_risk, r[i]);
        CU_ASSERT_EQUAL(km.steps[i].events, d[i]);
        CU_ASSERT_EQUAL(km.steps[i].censored, c[i]);
        CLOSE(km.steps[i].survival, S[i], 1e-12);
        CLOSE(km.steps[i].std_error, S[i] * sqrt(gw[i]), 1e-12);
        /* log(-log) band: S^exp(+-1.96 sqrt(gw) / |ln S|) */
        double w = 1.959963984540054 * sqrt(gw[i]) / fabs(log(S[i]));
        CLOSE(km.steps[i].lower, pow(S[i], exp(w)), 1e-9);
        CLOSE(km.steps[i].upper, pow(S[i], exp(-w)), 1e-9);
    }
    /* at t=10: 0.6^exp(1.40104) = 0.1257, 0.6^exp(-1.40104) = 0.8818 */
    CLOSE(km.steps[0].lower, 0.1257, 5e-4);
    CLOSE(km.steps[0].upper, 0.8818, 5e-4);
    CU_ASSERT_EQUAL(km.subjects, 6);
    CU_ASSERT_EQUAL(km.events, 4);
    CU_ASSERT_EQUAL(km.censored, 2);
    CLOSE(km.median, 30.0, 0);
    dj_km_dispose(&km);

    dj_stats_query q;
    dj_stats_query_init(&q);
    q.subject = xkx;
    q.blocs = &k;
    q.nblocs = 1;
    q.at = D("2000-02-20");
    CU_ASSERT_STRING_EQUAL(table_text(dj_stats_table_medians, ds, st, &q),
                           "bloc,members,recognized,censored,median_days,median_date\n"
                           "K,6,4,2,30,2000-01-31\n");
    /* the curve starts at 1 on the declaration day with the 5 then members */
    const char *text = table_text(dj_stats_table_survival, ds, st, &q);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nK,0,2000-01-01,5,0,0,1.000000,0.000000,1.000000,1.000000\n"
                                        "K,10,2000-01-11,5,2,0,0.600000,0.219089,"));
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void km_median_is_empty_when_half_never_recognise(void)
{
    dj_dataset *ds = load(KM_EVENTS, KM_BLOCS, NULL);
    dj_status *st = status_of(ds);
    uint32_t k = dj_dataset_bloc_find(ds, "K");
    dj_stats_query q;
    dj_stats_query_init(&q);
    q.subject = dj_dataset_entity_find(ds, "XKX");
    q.blocs = &k;
    q.nblocs = 1;
    q.at = D("2000-01-25"); /* S is 0.6 by then */
    CU_ASSERT_STRING_EQUAL(table_text(dj_stats_table_medians, ds, st, &q),
                           "bloc,members,recognized,censored,median_days,median_date\n"
                           "K,6,2,4,,\n");
    dj_status_free(st);
    dj_dataset_free(ds);
}

/* ---- population ---- */

static void population_share_weights_states_by_their_people(void)
{
    dj_dataset *ds = load("date,actor,subject,type\n"
                          "2000-01-02,AAA,XKX,recognize\n"
                          "2000-01-03,DDD,XKX,recognize\n"
                          "2000-01-04,BBB,XKX,recognize\n",
                          "bloc,member,joined,left\n"
                          "P,AAA,1990-01-01,\n"
                          "P,CCC,1990-01-01,\n"
                          "P,DDD,1990-01-01,\n",
                          "code,population,year\n"
                          "AAA,100,2020\nBBB,300,2020\nCCC,600,2020\nXKX,50,2020\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds);
    uint32_t p = dj_dataset_bloc_find(ds, "P");
    dj_stats_query q;
    dj_stats_query_init(&q);
    q.subject = dj_dataset_entity_find(ds, "XKX");
    q.blocs = &p;
    q.nblocs = 1;
    q.at = D("2000-01-04");
    /* world: AAA + BBB + CCC = 1000 (Kosovo itself and DDD, without a
       figure, left out); bloc P: AAA + CCC = 700, DDD without figure */
    CU_ASSERT_STRING_EQUAL(table_text(dj_stats_table_population, ds, st, &q),
                           "date,group,population,recognizing,percent,no_figure\n"
                           "2000-01-01,world,1000,0,0.00,0\n"
                           "2000-01-01,P,700,0,0.00,1\n"
                           "2000-01-02,world,1000,100,10.00,0\n"
                           "2000-01-02,P,700,100,14.29,1\n"
                           "2000-01-03,world,1000,100,10.00,1\n"
                           "2000-01-04,world,1000,400,40.00,1\n"
                           "2000-01-04,P,700,100,14.29,1\n");
    dj_status_free(st);
    dj_dataset_free(ds);
}

/* ---- fits on synthetic data ---- */

typedef struct synth {
    dj_model m;
    double p[3];
    double tmax, sd;
} synth;

static void fit_synthetic(const synth *s, unsigned long seed, dj_fit *fit,
                          double *rss_check, double *r2_check)
{
    size_t n = (size_t)s->tmax + 1;
    double *t = malloc(n * sizeof *t), *y = malloc(n * sizeof *y);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    for (size_t i = 0; i < n; i++) {
        t[i] = (double)i;
        double N;
        /* the curves written out here, not through the library */
        if (s->m == DJ_MODEL_LOGISTIC)
            N = s->p[0] / (1 + exp(-s->p[1] * (t[i] - s->p[2])));
        else if (s->m == DJ_MODEL_GOMPERTZ)
            N = s->p[0] * exp(-s->p[1] * exp(-s->p[2] * t[i]));
        else {
            double e = exp(-(s->p[1] + s->p[2]) * t[i]);
            N = s->p[0] * (1 - e) / (1 + s->p[2] / s->p[1] * e);
        }
        y[i] = N + gsl_ran_gaussian(rng, s->sd);
    }
    gsl_rng_free(rng);
    CU_ASSERT_EQUAL(dj_fit_run(fit, s->m, t, y, n, NULL), 0);
    /* residual sum of squares and R2 recomputed from the estimates */
    double rss = 0, mean = 0, tss = 0;
    for (size_t i = 0; i < n; i++)
        mean += y[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        double e = y[i] - dj_model_eval(s->m, fit->param, t[i]);
        rss += e * e;
        tss += (y[i] - mean) * (y[i] - mean);
    }
    *rss_check = rss;
    *r2_check = 1 - rss / tss;
    free(t);
    free(y);
}

static void check_recovery(const synth *s)
{
    dj_fit fit;
    double rss, r2;
    fit_synthetic(s, 20261126, &fit, &rss, &r2);
    CU_ASSERT_EQUAL_FATAL(fit.converged, 1);
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_TRUE(fit.std_error[i] > 0);
        /* within four of its own standard errors of the truth */
        if (!(fabs(fit.param[i] - s->p[i]) <= 4 * fit.std_error[i]))
            fprintf(stderr, "\n  %s %s: true %g, estimate %g +- %g\n", dj_model_name(s->m),
                    dj_model_param(s->m, i), s->p[i], fit.param[i], fit.std_error[i]);
        CU_ASSERT_TRUE(fabs(fit.param[i] - s->p[i]) <= 4 * fit.std_error[i]);
        /* and the error is of the size the noise allows: not a vacuous test */
        CU_ASSERT_TRUE(fit.std_error[i] < 0.05 * fabs(s->p[i]));
    }
    CLOSE(fit.rss, rss, 1e-6 * rss);
    CLOSE(fit.r2, r2, 1e-9);
    /* noise of sd 2 on every point: rss / (n - 3) near 4 */
    CLOSE(fit.rss / (double)(fit.n - 3), s->sd * s->sd, 0.5);
    double n = (double)fit.n;
    CLOSE(fit.aic, n * log(2 * 3.14159265358979323846 * rss / n) + n + 8, 1e-6);
}

static void logistic_fit_recovers_known_parameters_within_their_errors(void)
{
    synth s = {DJ_MODEL_LOGISTIC, {150, 0.01, 400}, 1200, 2.0};
    check_recovery(&s);
}

static void gompertz_fit_recovers_known_parameters_within_their_errors(void)
{
    synth s = {DJ_MODEL_GOMPERTZ, {120, 5, 0.006}, 1500, 2.0};
    check_recovery(&s);
}

static void bass_fit_recovers_known_parameters_within_their_errors(void)
{
    synth s = {DJ_MODEL_BASS, {100, 0.003, 0.02}, 800, 2.0};
    check_recovery(&s);
}

static void recovery_holds_for_other_seeds_too(void)
{
    /* the 4-sigma rule is not an accident of one seed: over 20 seeds,
       each parameter lies within 3 sigma nearly always (expected miss
       rate 0.3 %) */
    synth s = {DJ_MODEL_LOGISTIC, {80, 0.02, 250}, 600, 3.0};
    int misses = 0;
    for (unsigned long seed = 1; seed <= 20; seed++) {
        dj_fit fit;
        double rss, r2;
        fit_synthetic(&s, seed, &fit, &rss, &r2);
        CU_ASSERT_EQUAL(fit.converged, 1);
        for (int i = 0; i < 3; i++)
            misses += !(fabs(fit.param[i] - s.p[i]) <= 3 * fit.std_error[i]);
    }
    CU_ASSERT_TRUE(misses <= 2);
}

/* The residual sum of squares of model m with parameters p on the
   synthetic data of s (same seed, same noise as fit_synthetic). */
static double synthetic_rss(const synth *s, unsigned long seed, const double *p)
{
    size_t n = (size_t)s->tmax + 1;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    double rss = 0;
    for (size_t i = 0; i < n; i++) {
        double t = (double)i, N;
        if (s->m == DJ_MODEL_LOGISTIC)
            N = s->p[0] / (1 + exp(-s->p[1] * (t - s->p[2])));
        else if (s->m == DJ_MODEL_GOMPERTZ)
            N = s->p[0] * exp(-s->p[1] * exp(-s->p[2] * t));
        else {
            double e = exp(-(s->p[1] + s->p[2]) * t);
            N = s->p[0] * (1 - e) / (1 + s->p[2] / s->p[1] * e);
        }
        double r = N + gsl_ran_gaussian(rng, s->sd) - dj_model_eval(s->m, p, t);
        rss += r * r;
    }
    gsl_rng_free(rng);
    return rss;
}

/* The fits finish with Newton steps whose Hessian is summed in closed
   form: each second derivative must agree with central differences of
   the gradient, and the gradient with differences of |f|^2 (J'f is half
   its gradient), at a point away from the minimum where the residuals,
   and so their curvature, are large. A wrong term would not change any
   fit (Newton would fail and the trust region take over), only its cost,
   so it is held here. */
static void newton_hessian_agrees_with_differences_of_the_gradient(void)
{
    enum { N = 240 };
    static const double at[DJ_MODEL_COUNT][3] = {
        {1.1, 8.0, 0.4}, {1.05, 2.0, 3.0}, {1.1, 0.05, 4.0}};
    static const double truth[DJ_MODEL_COUNT][3] = {
        {1.0, 10.0, 0.5}, {1.0, 2.5, 4.0}, {1.0, 0.03, 6.0}};
    double s[N], u[N];
    for (int m = 0; m < DJ_MODEL_COUNT; m++) {
        for (int i = 0; i < N; i++) {
            s[i] = (i + 0.5 * (i % 3)) / N; /* uneven: exp at every point */
            u[i] = dj_model_eval((dj_model)m, truth[m], s[i]) + 0.05 * sin(17.0 * s[i]);
        }
        double ff, g[3], h[9];
        dj_fit_curvature((dj_model)m, s, u, N, at[m], &ff, g, h);
        CU_ASSERT_FATAL(isfinite(ff));
        double scale = 0;
        for (int k = 0; k < 9; k++)
            scale = fmax(scale, fabs(h[k]));
        for (int k = 0; k < 3; k++) {
            double up[3], dn[3], fu, fd, gu[3], gd[3], hu[9], hd[9];
            double d = 1e-5 * (fabs(at[m][k]) + 1e-3);
            memcpy(up, at[m], sizeof up);
            memcpy(dn, at[m], sizeof dn);
            up[k] += d;
            dn[k] -= d;
            dj_fit_curvature((dj_model)m, s, u, N, up, &fu, gu, hu);
            dj_fit_curvature((dj_model)m, s, u, N, dn, &fd, gd, hd);
            /* J'f is half the gradient of |f|^2 */
            CLOSE(g[k], (fu - fd) / (4 * d), 1e-6 * (fabs(g[k]) + 1));
            for (int j = 0; j < 3; j++)
                CLOSE(h[j * 3 + k], (gu[j] - gd[j]) / (2 * d), 1e-6 * scale);
        }
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < j; k++)
                CU_ASSERT_EQUAL(h[j * 3 + k], h[k * 3 + j]);
    }
}

static void fits_on_many_points_are_the_least_squares_minimum(void)
{
    /* Over 1,024 points the fit screens its starts on every 16th point
       and finishes with Newton steps: what it reports must still be the
       minimum on all points, so that moving any parameter by a millionth,
       either way, raises the residual sum of squares. */
    static const synth cases[] = {
        {DJ_MODEL_LOGISTIC, {150, 0.01, 400}, 1200, 2.0},
        {DJ_MODEL_GOMPERTZ, {120, 5, 0.006}, 1500, 2.0},
        {DJ_MODEL_BASS, {100, 0.003, 0.02}, 1400, 2.0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        dj_fit fit;
        double rss, r2;
        fit_synthetic(&cases[c], 20261127, &fit, &rss, &r2);
        CU_ASSERT_EQUAL_FATAL(fit.converged, 1);
        double base = synthetic_rss(&cases[c], 20261127, fit.param);
        for (int i = 0; i < 3; i++)
            for (int sign = -1; sign <= 1; sign += 2) {
                double p[3] = {fit.param[0], fit.param[1], fit.param[2]};
                p[i] *= 1 + sign * 1e-6;
                double moved = synthetic_rss(&cases[c], 20261127, p);
                if (!(moved > base))
                    fprintf(stderr, "\n  %s %s %+de-6: rss %.12g not above %.12g\n",
                            dj_model_name(cases[c].m), dj_model_param(cases[c].m, i), sign,
                            moved, base);
                CU_ASSERT_TRUE(moved > base);
            }
    }
}

static void band_is_wider_far_beyond_the_data(void)
{
    dj_fit fit;
    double rss, r2, v0, h0, v1, h1;
    synth s = {DJ_MODEL_GOMPERTZ, {120, 5, 0.006}, 400, 2.0}; /* still rising */
    fit_synthetic(&s, 7, &fit, &rss, &r2);
    CU_ASSERT_EQUAL_FATAL(fit.converged, 1);
    dj_fit_band(&fit, 200, &v0, &h0);
    dj_fit_band(&fit, 2000, &v1, &h1);
    CU_ASSERT_TRUE(h0 > 0 && h1 > h0);
    /* the truth at t=200 lies in the band */
    double truth = 120 * exp(-5 * exp(-0.006 * 200));
    CU_ASSERT_TRUE(fabs(v0 - truth) <= h0 * 1.5);
}

static void flat_data_make_the_fit_fail_plainly(void)
{
    double t[50], y[50];
    dj_fit fit;
    for (int i = 0; i < 50; i++)
        t[i] = i, y[i] = 7;
    CU_ASSERT_EQUAL(dj_fit_run(&fit, DJ_MODEL_LOGISTIC, t, y, 50, NULL), 0);
    CU_ASSERT_EQUAL(fit.converged, 0);
    CU_ASSERT_TRUE(fit.problem[0] != '\0');
    CU_ASSERT_TRUE(isnan(fit.param[0]) && isnan(fit.std_error[0]) && isnan(fit.rss));
    double v, h;
    dj_fit_band(&fit, 3, &v, &h);
    CU_ASSERT_TRUE(isnan(v) && isnan(h));
}

static void declining_data_do_not_fit_a_growth_model(void)
{
    double t[100], y[100];
    dj_fit fit;
    for (int i = 0; i < 100; i++)
        t[i] = i, y[i] = 100 - i;
    CU_ASSERT_EQUAL(dj_fit_run(&fit, DJ_MODEL_GOMPERTZ, t, y, 100, NULL), 0);
    CU_ASSERT_EQUAL(fit.converged, 0);
    CU_ASSERT_TRUE(fit.problem[0] != '\0');
}

static void too_few_points_are_refused(void)
{
    double t[] = {0, 1, 2, 3}, y[] = {1, 2, 3, 4};
    dj_fit fit;
    CU_ASSERT_EQUAL(dj_fit_run(&fit, DJ_MODEL_LOGISTIC, t, y, 4, NULL), 0);
    CU_ASSERT_EQUAL(fit.converged, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(fit.problem, "too few"));
}

static void fit_table_has_the_documented_rows(void)
{
    /* a flat series: the fit fails, and the table says so without numbers */
    dj_dataset *ds = load("date,actor,subject,type\n2000-01-01,AAA,XKX,recognize\n", NULL, NULL);
    dj_status *st = status_of(ds);
    dj_stats_query q;
    dj_stats_query_init(&q);
    q.subject = dj_dataset_entity_find(ds, "XKX");
    q.at = D("2000-03-01");
    q.model = DJ_MODEL_GOMPERTZ;
    CU_ASSERT_STRING_EQUAL(table_text(dj_stats_table_fit_plain, ds, st, &q),
                           "model,parameter,estimate,std_error\n"
                           "gompertz,K,,\n"
                           "gompertz,b,,\n"
                           "gompertz,c,,\n"
                           "gompertz,rss,,\n"
                           "gompertz,r2,,\n"
                           "gompertz,aic,,\n"
                           "gompertz,converged,0,\n");
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void models_parse_by_name(void)
{
    dj_model m;
    dj_error err;
    CU_ASSERT_EQUAL(dj_model_parse(&m, "gompertz", &err), 0);
    CU_ASSERT_EQUAL(m, DJ_MODEL_GOMPERTZ);
    CU_ASSERT_EQUAL(dj_model_parse(&m, "weibull", &err), DJ_EINVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "found 'weibull'"));
    CU_ASSERT_STRING_EQUAL(dj_model_param(DJ_MODEL_LOGISTIC, 2), "t0");
}

static void a_recognition_before_the_declaration_counts_on_day_zero(void)
{
    /* declared 2000-01-01; AAA recognised three days before */
    dj_dataset *ds = load("date,actor,subject,type\n"
                          "1999-12-29,AAA,XKX,recognize\n"
                          "2000-01-11,BBB,XKX,recognize\n",
                          "bloc,member,joined,left\nK,AAA,1990-01-01,\nK,BBB,1990-01-01,\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds);
    uint32_t xkx = dj_dataset_entity_find(ds, "XKX"), k = dj_dataset_bloc_find(ds, "K");
    CU_ASSERT_EQUAL(dj_stats_origin(ds, st, xkx), D("2000-01-01"));
    double *v;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(dj_stats_delays(&v, &n, ds, st, xkx, DJ_NONE, D("2000-01-01"), D("2000-02-01"), NULL), 0);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CLOSE(v[0], -3.0, 0); /* honest: three days early */
    CLOSE(v[1], 10.0, 0);
    dj_stats_free(v);
    dj_km_obs *obs;
    CU_ASSERT_EQUAL_FATAL(dj_km_bloc_obs(&obs, &n, ds, st, xkx, k, D("2000-01-01"), D("2000-02-01"), NULL), 0);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CLOSE(obs[0].time, 0.0, 0); /* at risk from day 0, recognising on it */
    CU_ASSERT_EQUAL(obs[0].event, 1);
    dj_stats_free(obs);
    dj_stats_query q;
    dj_stats_query_init(&q);
    q.subject = xkx;
    q.at = D("2000-02-01");
    /* the per-year counts still see it */
    CU_ASSERT_STRING_EQUAL(table_text(dj_stats_table_counts_year, ds, st, &q),
                           "year,recognized,withdrawn\n1999,1,0\n2000,1,0\n");
    dj_status_free(st);
    dj_dataset_free(ds);
}

/* ---- failures: out of memory, limits ---- */

static int counts_month(dj_out *o, const dj_dataset *ds, const dj_status *st,
                        const dj_stats_query *q, dj_error *err)
{
    return dj_stats_table_counts(o, ds, st, q, DJ_GRID_MONTH, err);
}

static int curve_plain(dj_out *o, const dj_dataset *ds, const dj_status *st,
                       const dj_stats_query *q, dj_error *err)
{
    return dj_stats_table_curve(o, ds, st, q, NULL, err);
}

static void every_allocation_failure_ends_in_enomem(void)
{
    dj_dataset *ds = load(KM_EVENTS, KM_BLOCS, "code,population,year\nAAA,10,2020\nCCC,20,2020\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds);
    uint32_t k = dj_dataset_bloc_find(ds, "K");
    dj_stats_query q;
    dj_stats_query_init(&q);
    q.subject = dj_dataset_entity_find(ds, "XKX");
    q.blocs = &k;
    q.nblocs = 1;
    q.at = D("2000-03-01");
    table_fn fns[] = {counts_month, dj_stats_table_delays, dj_stats_table_survival,
                      dj_stats_table_medians, dj_stats_table_population,
                      dj_stats_table_fit_plain, curve_plain};
    for (size_t f = 0; f < sizeof fns / sizeof *fns; f++) {
        int rc = -1;
        long i;
        for (i = 1; i < 500 && rc != 0; i++) {
            dj_out *o;
            dj_error err;
            CU_ASSERT_EQUAL_FATAL(dj_out_open(&o, SINK, &err), 0);
            dj_alloc_fail_at(i);
            rc = fns[f](o, ds, st, &q, &err);
            dj_alloc_fail_at(0);
            dj_out_abort(o);
            if (rc != 0 && rc != DJ_ENOMEM)
                fprintf(stderr, "\n  table %zu, failure %ld: %d %s\n", f, i, rc, err.msg);
            CU_ASSERT_TRUE(rc == 0 || rc == DJ_ENOMEM);
        }
        CU_ASSERT_EQUAL(rc, 0); /* it succeeds once allocations do */
        CU_ASSERT_TRUE(i > 2);  /* and it did allocate, so failures were tried */
    }
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void absurd_population_sums_are_refused(void)
{
    /* 12000 states of 1e11 people each (the loader's limit for one) */
    char *pop = malloc(12001 * 32), *ev = malloc(64);
    size_t n = (size_t)sprintf(pop, "code,population,year\n");
    for (int i = 0; i < 12000; i++)
        n += (size_t)sprintf(pop + n, "E%05d,100000000000,2020\n", i);
    sprintf(ev, "date,actor,subject,type\n2000-01-02,E00001,XKX,recognize\n");
    dj_dataset *ds = load(ev, NULL, pop);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds);
    dj_stats_query q;
    dj_stats_query_init(&q);
    q.subject = dj_dataset_entity_find(ds, "XKX");
    q.at = D("2000-01-05");
    dj_out *o;
    dj_error err;
    CU_ASSERT_EQUAL_FATAL(dj_out_open(&o, SINK, &err), 0);
    /* 12000 * 1e11 = 1.2e15 > 1e15 */
    CU_ASSERT_EQUAL(dj_stats_table_population(o, ds, st, &q, &err), DJ_ELIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "more than 10^15"));
    dj_out_abort(o);
    dj_status_free(st);
    dj_dataset_free(ds);
    free(pop);
    free(ev);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(quartiles_with_ties_interpolate_between_order_statistics),
        DJ_TEST(summary_of_nothing_is_not_a_number),
        DJ_TEST(delays_count_first_recognitions_up_to_the_as_of_date),
        DJ_TEST(delays_per_bloc_count_members_on_the_day_they_recognised),
        DJ_TEST(counts_per_year_and_month_keep_withdrawals_apart),
        DJ_TEST(km_ties_put_events_before_censorings),
        DJ_TEST(km_rejects_an_exit_before_the_entry),
        DJ_TEST(km_curve_with_censoring_and_late_entry_matches_hand_computation),
        DJ_TEST(km_median_is_empty_when_half_never_recognise),
        DJ_TEST(population_share_weights_states_by_their_people),
        DJ_TEST(a_recognition_before_the_declaration_counts_on_day_zero),
        DJ_TEST(logistic_fit_recovers_known_parameters_within_their_errors),
        DJ_TEST(gompertz_fit_recovers_known_parameters_within_their_errors),
        DJ_TEST(bass_fit_recovers_known_parameters_within_their_errors),
        DJ_TEST(recovery_holds_for_other_seeds_too),
        DJ_TEST(fits_on_many_points_are_the_least_squares_minimum),
        DJ_TEST(newton_hessian_agrees_with_differences_of_the_gradient),
        DJ_TEST(band_is_wider_far_beyond_the_data),
        DJ_TEST(flat_data_make_the_fit_fail_plainly),
        DJ_TEST(declining_data_do_not_fit_a_growth_model),
        DJ_TEST(too_few_points_are_refused),
        DJ_TEST(fit_table_has_the_documented_rows),
        DJ_TEST(models_parse_by_name),
        DJ_TEST(every_allocation_failure_ends_in_enomem),
        DJ_TEST(absurd_population_sums_are_refused),
        {NULL, NULL}};
    gsl_set_error_handler_off();
    return dj_run_tests("stats", tests);
}
