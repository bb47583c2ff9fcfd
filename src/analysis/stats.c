/*
 * stats.c - counts per period, time to recognition, Kaplan-Meier,
 * population-weighted coverage, and the CSV tables of `dejure stats`.
 *
 * Invariant: every statistic reads the status intervals of one view up to
 * the as-of date and nothing else; times are days since the subject's
 * origin. GSL's error handler is switched off around every GSL call (the
 * library must never abort its caller) and every status it returns is
 * checked. Definitions are in dejure/stats.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "util/alloc.h"
#include "analysis/fit_impl.h"
#include "output/output_impl.h"
#include "dejure/stats.h"

void dj_stats_free(void *p)
{
    dj_free(p);
}

dj_date dj_stats_origin(const dj_dataset *ds, const dj_status *st,
                        uint32_t subject)
{
    dj_date d = dj_dataset_subject_declared(ds, subject);
    return d != DJ_DATE_NONE ? d : dj_subject_start(ds, st, subject);
}

/* ---- summaries ---- */

void dj_summary_compute(dj_summary *out, double *v, size_t n)
{
    out->n = n;
    if (n == 0) {
        out->mean = out->q1 = out->median = out->q3 = out->min = out->max = NAN;
        return;
    }
    gsl_sort(v, 1, n);
    out->mean = gsl_stats_mean(v, 1, n);
    out->q1 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.25);
    out->median = gsl_stats_median_from_sorted_data(v, 1, n);
    out->q3 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.75);
    gsl_stats_minmax(&out->min, &out->max, v, 1, n);
}

/* ---- counts per period ---- */

void dj_counts_init(dj_counts *c)
{
    memset(c, 0, sizeof *c);
}

void dj_counts_dispose(dj_counts *c)
{
    if (!c)
        return;
    dj_free(c->start);
    dj_free(c->recognized);
    dj_free(c->withdrawn);
    dj_counts_init(c);
}

int dj_stats_counts(dj_counts *out, const dj_status *st, uint32_t subject,
                    dj_grid grid, dj_date from, dj_date to, dj_error *err)
{
    dj_dates ends;
    double *ranges = NULL;
    gsl_histogram *hr = NULL, *hw = NULL;
    int rc = 0, gs;
    gsl_error_handler_t *old = gsl_set_error_handler_off();

    dj_counts_init(out);
    dj_dates_init(&ends);
    if (grid != DJ_GRID_MONTH && grid != DJ_GRID_YEAR) {
        rc = dj_error_set(err, DJ_EINVALID, "counts are per month or per year");
        goto done;
    }
    if (from > to) {
        rc = dj_error_set(err, DJ_EINVALID, "the period to count starts after it ends");
        goto done;
    }
    if (dj_grid_dates(&ends, grid, from, to))
        goto oom;
    size_t n = ends.n;
    ranges = dj_malloc((n + 1) * sizeof *ranges);
    out->start = dj_malloc(n * sizeof *out->start);
    out->recognized = dj_calloc(n, sizeof *out->recognized);
    out->withdrawn = dj_calloc(n, sizeof *out->withdrawn);
    hr = gsl_histogram_alloc(n);
    hw = gsl_histogram_alloc(n);
    if (!ranges || !out->start || !out->recognized || !out->withdrawn || !hr || !hw)
        goto oom;
    out->n = n;
    /* bin k holds the days [first day of period k, first day of k + 1) */
    ranges[0] = dj_date_period_start(from, grid);
    for (size_t k = 0; k < n; k++) {
        out->start[k] = (dj_date)(k == 0 ? ranges[0] : ranges[k]);
        ranges[k + 1] = (double)ends.v[k] + 1.0;
    }
    if ((gs = gsl_histogram_set_ranges(hr, ranges, n + 1)) != GSL_SUCCESS ||
        (gs = gsl_histogram_set_ranges(hw, ranges, n + 1)) != GSL_SUCCESS) {
        rc = dj_error_set(err, DJ_EINVALID, "histogram ranges: %s", gsl_strerror(gs));
        goto done;
    }
    size_t niv;
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    for (size_t i = 0; i < niv; i++) {
        gs = GSL_SUCCESS;
        if (iv[i].start >= from && iv[i].start <= to)
            gs = gsl_histogram_increment(hr, iv[i].start);
        if (gs == GSL_SUCCESS && iv[i].end != DJ_DATE_MAX && iv[i].end >= from && iv[i].end <= to)
            gs = gsl_histogram_increment(hw, iv[i].end);
        if (gs != GSL_SUCCESS) {
            rc = dj_error_set(err, DJ_EINVALID, "histogram: %s", gsl_strerror(gs));
            goto done;
        }
    }
    for (size_t k = 0; k < n; k++) {
        out->recognized[k] = (uint32_t)gsl_histogram_get(hr, k);
        out->withdrawn[k] = (uint32_t)gsl_histogram_get(hw, k);
    }
    goto done;
oom:
    rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
done:
    if (rc)
        dj_counts_dispose(out);
    if (hr)
        gsl_histogram_free(hr);
    if (hw)
        gsl_histogram_free(hw);
    dj_free(ranges);
    dj_dates_dispose(&ends);
    gsl_set_error_handler(old);
    return rc;
}

/* ---- first recognitions ---- */

/* first[e]: day of e's first recognition of the subject on or before
   `at`, DJ_DATE_NONE when none. */
static int first_recognitions(dj_date **out, const dj_dataset *ds,
                              const dj_status *st, uint32_t subject,
                              dj_date at)
{
    size_t nent = dj_dataset_entity_count(ds), niv;
    dj_date *first = dj_malloc((nent ? nent : 1) * sizeof *first);
    if (!first)
        return DJ_ENOMEM;
    for (size_t e = 0; e < nent; e++)
        first[e] = DJ_DATE_NONE;
    /* sorted by actor, then start: the first of each actor is its first */
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    for (size_t i = 0; i < niv; i++)
        if (iv[i].start <= at && first[iv[i].actor] == DJ_DATE_NONE)
            first[iv[i].actor] = iv[i].start;
    *out = first;
    return 0;
}

static int member_on(const dj_membership *m, uint32_t bloc, uint32_t actor,
                     dj_date d)
{
    return m->bloc == bloc && m->member == actor && m->joined <= d && d < m->left;
}

int dj_stats_delays(double **out, size_t *n, const dj_dataset *ds,
                    const dj_status *st, uint32_t subject, uint32_t bloc,
                    dj_date origin, dj_date at, dj_error *err)
{
    dj_date *first = NULL;
    uint8_t *in = NULL;
    double *v = NULL;
    size_t nent = dj_dataset_entity_count(ds), k = 0;
    size_t nm = dj_dataset_membership_count(ds);
    const dj_membership *m = dj_dataset_memberships(ds);

    *out = NULL;
    *n = 0;
    if (first_recognitions(&first, ds, st, subject, at))
        goto oom;
    in = dj_calloc(nent ? nent : 1, 1);
    v = dj_malloc((nent ? nent : 1) * sizeof *v);
    if (!in || !v)
        goto oom;
    if (bloc == DJ_NONE) {
        for (size_t e = 0; e < nent; e++)
            in[e] = first[e] != DJ_DATE_NONE;
    } else {
        for (size_t i = 0; i < nm; i++)
            if (first[m[i].member] != DJ_DATE_NONE &&
                member_on(&m[i], bloc, m[i].member, first[m[i].member]))
                in[m[i].member] = 1;
    }
    for (size_t e = 0; e < nent; e++)
        if (in[e])
            v[k++] = (double)first[e] - (double)origin;
    dj_free(first);
    dj_free(in);
    *out = v;
    *n = k;
    return 0;
oom:
    dj_free(first);
    dj_free(in);
    dj_free(v);
    return dj_error_set(err, DJ_ENOMEM, "out of memory");
}

/* ---- Kaplan-Meier ---- */

void dj_km_init(dj_km *km)
{
    memset(km, 0, sizeof *km);
    km->median = NAN;
}

void dj_km_dispose(dj_km *km)
{
    if (!km)
        return;
    dj_free(km->steps);
    dj_km_init(km);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_obs_time(const void *a, const void *b)
{
    const dj_km_obs *x = a, *y = b;
    return (x->time > y->time) - (x->time < y->time);
}

int dj_km_estimate(dj_km *out, const dj_km_obs *obs, size_t n, dj_error *err)
{
    dj_km_obs *byt = NULL;
    double *entry = NULL;
    const double z = 1.959963984540054; /* standard normal 0.975 quantile */

    dj_km_init(out);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(obs[i].entry) || !isfinite(obs[i].time) || obs[i].entry > obs[i].time)
            return dj_error_set(err, DJ_EINVALID,
                                "observation %zu: expected entry <= time, both finite", i);
    byt = dj_malloc((n ? n : 1) * sizeof *byt);
    entry = dj_malloc((n ? n : 1) * sizeof *entry);
    out->steps = dj_malloc((n ? n : 1) * sizeof *out->steps);
    if (!byt || !entry || !out->steps) {
        dj_free(byt);
        dj_free(entry);
        dj_km_dispose(out);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    if (n) {
        memcpy(byt, obs, n * sizeof *obs);
        for (size_t i = 0; i < n; i++)
            entry[i] = obs[i].entry;
    }
    qsort(byt, n, sizeof *byt, cmp_obs_time);
    qsort(entry, n, sizeof *entry, cmp_double);

    double S = 1.0, gw = 0.0;
    size_t ie = 0; /* entries <= t */
    out->subjects = n;
    for (size_t i = 0; i < n;) {
        double t = byt[i].time;
        size_t j = i;
        uint32_t d = 0, c = 0;
        for (; j < n && byt[j].time == t; j++) {
            if (byt[j].event)
                d++;
            else
                c++;
        }
        while (ie < n && entry[ie] <= t)
            ie++;
        /* at risk: entered by t, minus those whose time came before t */
        uint32_t r = (uint32_t)(ie - i);
        dj_km_step *s = &out->steps[out->n++];
        if (d > 0) {
            S *= 1.0 - (double)d / r;
            if (r > d)
                gw += (double)d / ((double)r * (double)(r - d));
        }
        s->t = t;
        s->at_risk = r;
        s->events = d;
        s->censored = c;
        s->survival = S;
        if (S <= 0 || r == d) {
            s->survival = 0;
            s->std_error = s->lower = s->upper = NAN;
        } else if (S >= 1) {
            s->std_error = 0;
            s->lower = s->upper = 1;
        } else {
            s->std_error = S * sqrt(gw);
            double lg = log(S), w = z * sqrt(gw) / fabs(lg);
            s->lower = pow(S, exp(w));
            s->upper = pow(S, exp(-w));
        }
        if (isnan(out->median) && s->survival <= 0.5)
            out->median = t;
        out->events += d;
        out->censored += c;
        if (r == d && d > 0)
            S = 0;
        i = j;
    }
    dj_free(byt);
    dj_free(entry);
    return 0;
}

int dj_km_bloc_obs(dj_km_obs **out, size_t *n, const dj_dataset *ds,
                   const dj_status *st, uint32_t subject, uint32_t bloc,
                   dj_date origin, dj_date at, dj_error *err)
{
    dj_date *first = NULL;
    size_t nm = dj_dataset_membership_count(ds), k = 0;
    const dj_membership *m = dj_dataset_memberships(ds);
    dj_km_obs *v = dj_malloc((nm ? nm : 1) * sizeof *v);

    *out = NULL;
    *n = 0;
    if (!v || first_recognitions(&first, ds, st, subject, at)) {
        dj_free(v);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nm; i++) {
        if (m[i].bloc != bloc)
            continue;
        dj_date entry = m[i].joined > origin ? m[i].joined : origin;
        dj_date last = m[i].left == DJ_DATE_MAX || m[i].left - 1 > at ? at : m[i].left - 1;
        dj_date f = first[m[i].member];
        if (f != DJ_DATE_NONE && f < origin)
            f = origin; /* recognised before the declaration: on day 0 */
        if (entry > last || (f != DJ_DATE_NONE && f < entry))
            continue; /* never a member after the origin, or recognised before joining */
        int event = f != DJ_DATE_NONE && f <= last;
        v[k].entry = (double)entry - (double)origin;
        v[k].time = (double)(event ? f : last) - (double)origin;
        v[k].event = event;
        k++;
    }
    dj_free(first);
    *out = v;
    *n = k;
    return 0;
}

/* ---- the daily total ---- */

int dj_stats_daily_total(double **t, double **y, size_t *n,
                         const dj_dataset *ds, const dj_status *st,
                         uint32_t subject, dj_date origin, dj_date at,
                         dj_error *err)
{
    dj_dates days;
    dj_series s;
    int rc;

    *t = *y = NULL;
    *n = 0;
    if (at < origin)
        return dj_error_set(err, DJ_EINVALID, "the as-of date is before the subject's origin");
    dj_dates_init(&days);
    if (dj_grid_dates(&days, DJ_GRID_DAY, origin, at)) {
        dj_dates_dispose(&days);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    if ((rc = dj_series_eval(&s, ds, st, subject, NULL, 0, days.v, days.n, err))) {
        dj_dates_dispose(&days);
        return rc;
    }
    *t = dj_malloc(days.n * sizeof **t);
    *y = dj_malloc(days.n * sizeof **y);
    if (!*t || !*y) {
        dj_free(*t);
        dj_free(*y);
        *t = *y = NULL;
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
    } else {
        for (size_t i = 0; i < days.n; i++) {
            (*t)[i] = (double)days.v[i] - (double)origin;
            (*y)[i] = s.total[i];
        }
        *n = days.n;
    }
    dj_series_dispose(&s);
    dj_dates_dispose(&days);
    return rc;
}

/* ---- population-weighted coverage: one sweep over dated changes ---- */

typedef struct pchange {
    dj_date date;
    int32_t delta;
    uint32_t actor;
    uint32_t slot;      /* bloc slot, UINT32_MAX for a status change */
} pchange;

static int cmp_pchange(const void *a, const void *b)
{
    const pchange *x = a, *y = b;
    return (x->date > y->date) - (x->date < y->date);
}

#define POP_SUM_MAX INT64_C(1000000000000000) /* 1e15 people in all */

/* Per date: slot 0 the world, slot 1 + b bloc b. */
typedef struct popcov {
    int64_t *den, *num;   /* (1 + nblocs) x ndates, slot-major */
    uint32_t *nofig;
} popcov;

static void popcov_dispose(popcov *p)
{
    dj_free(p->den);
    dj_free(p->num);
    dj_free(p->nofig);
}

static int popcov_eval(popcov *out, const dj_dataset *ds, const dj_status *st,
                       uint32_t subject, const uint32_t *blocs, size_t nblocs,
                       const dj_date *dates, size_t ndates)
{
    size_t nent = dj_dataset_entity_count(ds), niv, nc = 0, cap;
    size_t nm = dj_dataset_membership_count(ds), ns = 1 + nblocs;
    const dj_membership *m = dj_dataset_memberships(ds);
    const dj_interval *iv = dj_status_intervals(st, subject, &niv);
    pchange *c = NULL;
    int32_t *stat = NULL, *memb = NULL;
    int64_t *pop = NULL, den[1 + 64] = {0}, num[1 + 64] = {0};
    uint32_t nofig[1 + 64] = {0};

    memset(out, 0, sizeof *out);
    if (nblocs > 64)
        return DJ_EINVALID;
    cap = 2 * niv + 2 * nm * (nblocs ? nblocs : 1) + 1;
    c = dj_malloc(cap * sizeof *c);
    stat = dj_calloc(nent + 1, sizeof *stat);
    memb = dj_calloc(nblocs * nent + 1, sizeof *memb);
    pop = dj_malloc((nent + 1) * sizeof *pop);
    out->den = dj_malloc((ns * ndates + 1) * sizeof *out->den);
    out->num = dj_malloc((ns * ndates + 1) * sizeof *out->num);
    out->nofig = dj_malloc((ns * ndates + 1) * sizeof *out->nofig);
    if (!c || !stat || !memb || !pop || !out->den || !out->num || !out->nofig) {
        dj_free(c);
        dj_free(stat);
        dj_free(memb);
        dj_free(pop);
        popcov_dispose(out);
        return DJ_ENOMEM;
    }
    int64_t all = 0;
    for (size_t e = 0; e < nent; e++) {
        int64_t p = dj_dataset_entity_population(ds, (uint32_t)e, NULL);
        pop[e] = p > 0 ? p : 0;
        if (e != subject && pop[e] > 0)
            den[0] += pop[e]; /* the world: every state with a figure */
        /* each figure is at most 1e11 (load.c), so this cannot overflow
           before the check; below it every sum, and 10000 times it for
           dj_out_percent, fits in 64 bits */
        all += pop[e];
        if (all > POP_SUM_MAX) {
            dj_free(c);
            dj_free(stat);
            dj_free(memb);
            dj_free(pop);
            popcov_dispose(out);
            return DJ_ELIMIT;
        }
    }
    for (size_t i = 0; i < niv; i++) {
        c[nc++] = (pchange){iv[i].start, 1, iv[i].actor, UINT32_MAX};
        if (iv[i].end != DJ_DATE_MAX)
            c[nc++] = (pchange){iv[i].end, -1, iv[i].actor, UINT32_MAX};
    }
    for (size_t i = 0; i < nm; i++)
        for (size_t b = 0; b < nblocs; b++)
            if (m[i].bloc == blocs[b]) {
                c[nc++] = (pchange){m[i].joined, 1, m[i].member, (uint32_t)b};
                if (m[i].left != DJ_DATE_MAX)
                    c[nc++] = (pchange){m[i].left, -1, m[i].member, (uint32_t)b};
            }
    qsort(c, nc, sizeof *c, cmp_pchange);

    size_t k = 0;
    for (size_t d = 0; d < ndates; d++) {
        for (; k < nc && c[k].date <= dates[d]; k++) {
            uint32_t a = c[k].actor;
            int sign;
            if (c[k].slot == UINT32_MAX) {
                int was = stat[a] > 0;
                stat[a] += c[k].delta;
                if (was == (stat[a] > 0) || a == subject)
                    continue;
                sign = was ? -1 : 1;
                if (pop[a] > 0)
                    num[0] += sign * pop[a];
                else
                    nofig[0] += (uint32_t)sign;
                for (size_t b = 0; b < nblocs; b++)
                    if (memb[b * nent + a] > 0 && pop[a] > 0)
                        num[1 + b] += sign * pop[a];
            } else {
                size_t b = c[k].slot;
                int32_t *mm = &memb[b * nent + a];
                int was = *mm > 0;
                *mm += c[k].delta;
                if (was == (*mm > 0))
                    continue;
                sign = was ? -1 : 1;
                if (pop[a] > 0) {
                    den[1 + b] += sign * pop[a];
                    if (stat[a] > 0)
                        num[1 + b] += sign * pop[a];
                } else {
                    nofig[1 + b] += (uint32_t)sign;
                }
            }
        }
        for (size_t s = 0; s < ns; s++) {
            out->den[s * ndates + d] = den[s];
            out->num[s * ndates + d] = num[s];
            out->nofig[s * ndates + d] = nofig[s];
        }
    }
    dj_free(c);
    dj_free(stat);
    dj_free(memb);
    dj_free(pop);
    return 0;
}

/* ---- tables ---- */

void dj_stats_query_init(dj_stats_query *q)
{
    memset(q, 0, sizeof *q);
    q->subject = DJ_NONE;
    q->origin = q->at = q->until = DJ_DATE_NONE;
    q->grid = DJ_GRID_NONE;
    q->model = DJ_MODEL_LOGISTIC;
}

static int query_check(dj_date *origin, const dj_dataset *ds, const dj_status *st,
                       const dj_stats_query *q, dj_error *err)
{
    *origin = DJ_DATE_NONE; /* set on every path: -O3 cannot see the callers skip it on error */
    if (q->subject == DJ_NONE || q->at == DJ_DATE_NONE)
        return dj_error_set(err, DJ_EINVALID, "a statistics query needs a subject and an as-of date");
    if (q->nblocs > 64)
        return dj_error_set(err, DJ_EINVALID, "at most 64 blocs at once");
    *origin = q->origin != DJ_DATE_NONE ? q->origin : dj_stats_origin(ds, st, q->subject);
    if (*origin > q->at) {
        char a[DJ_DATE_BUFSIZE], b[DJ_DATE_BUFSIZE];
        dj_date_format(a, q->at, DJ_PREC_DAY);
        dj_date_format(b, *origin, DJ_PREC_DAY);
        return dj_error_set(err, DJ_EINVALID, "the as-of date %s is before the subject's origin %s", a, b);
    }
    return 0;
}

/* A number with about `sig` significant digits, locale-free. */
static void out_sig(dj_out *o, double v, int sig)
{
    if (!isfinite(v))
        return;
    int dec = sig - 1;
    if (v != 0)
        dec = sig - 1 - (int)floor(log10(fabs(v)));
    dj_out_fixed(o, v, dec < 0 ? 0 : dec > 9 ? 9 : dec);
}

static void cell_fixed(dj_out *o, double v, int decimals)
{
    dj_out_char(o, ',');
    if (isfinite(v))
        dj_out_fixed(o, v, decimals);
}

int dj_stats_table_counts(dj_out *o, const dj_dataset *ds, const dj_status *st,
                          const dj_stats_query *q, dj_grid grid, dj_error *err)
{
    dj_counts c;
    dj_date origin;
    int rc = query_check(&origin, ds, st, q, err);
    if (rc)
        return rc;
    /* every change counts, also one dated before the declaration */
    dj_date from = dj_subject_start(ds, st, q->subject);
    if (from > origin)
        from = origin;
    if ((rc = dj_stats_counts(&c, st, q->subject, grid, from, q->at, err)))
        return rc;
    dj_out_str(o, grid == DJ_GRID_YEAR ? "year,recognized,withdrawn\n" : "month,recognized,withdrawn\n");
    for (size_t k = 0; k < c.n; k++) {
        char buf[DJ_DATE_BUFSIZE];
        dj_date_format(buf, c.start[k], grid == DJ_GRID_YEAR ? DJ_PREC_YEAR : DJ_PREC_MONTH);
        dj_out_str(o, buf);
        dj_out_char(o, ',');
        dj_out_u64(o, c.recognized[k]);
        dj_out_char(o, ',');
        dj_out_u64(o, c.withdrawn[k]);
        dj_out_char(o, '\n');
    }
    dj_counts_dispose(&c);
    return 0;
}

int dj_stats_table_delays(dj_out *o, const dj_dataset *ds, const dj_status *st,
                          const dj_stats_query *q, dj_error *err)
{
    dj_date origin;
    int rc = query_check(&origin, ds, st, q, err);
    if (rc)
        return rc;
    dj_out_str(o, "group,count,mean,q1,median,q3,min,max\n");
    for (size_t g = 0; g <= q->nblocs; g++) {
        double *v;
        size_t n;
        dj_summary s;
        uint32_t bloc = g == 0 ? DJ_NONE : q->blocs[g - 1];
        if ((rc = dj_stats_delays(&v, &n, ds, st, q->subject, bloc, origin, q->at, err)))
            return rc;
        dj_summary_compute(&s, v, n);
        dj_free(v);
        dj_out_csv(o, g == 0 ? "all" : dj_dataset_bloc_code(ds, bloc));
        dj_out_char(o, ',');
        dj_out_u64(o, s.n);
        cell_fixed(o, s.mean, 2);
        cell_fixed(o, s.q1, 2);
        cell_fixed(o, s.median, 2);
        cell_fixed(o, s.q3, 2);
        cell_fixed(o, s.min, 0);
        cell_fixed(o, s.max, 0);
        dj_out_char(o, '\n');
    }
    return 0;
}

static int bloc_km(dj_km *km, const dj_dataset *ds, const dj_status *st,
                   const dj_stats_query *q, uint32_t bloc, dj_date origin,
                   dj_error *err)
{
    dj_km_obs *obs;
    size_t n;
    int rc = dj_km_bloc_obs(&obs, &n, ds, st, q->subject, bloc, origin, q->at, err);
    if (rc)
        return rc;
    rc = dj_km_estimate(km, obs, n, err);
    dj_free(obs);
    return rc;
}

static void survival_row(dj_out *o, const char *bloc, dj_date origin,
                         const dj_km_step *s)
{
    dj_out_csv(o, bloc);
    dj_out_char(o, ',');
    dj_out_fixed(o, s->t, 0);
    dj_out_char(o, ',');
    dj_out_date(o, origin + (dj_date)s->t);
    dj_out_char(o, ',');
    dj_out_u64(o, s->at_risk);
    dj_out_char(o, ',');
    dj_out_u64(o, s->events);
    dj_out_char(o, ',');
    dj_out_u64(o, s->censored);
    cell_fixed(o, s->survival, 6);
    cell_fixed(o, s->std_error, 6);
    cell_fixed(o, s->lower, 6);
    cell_fixed(o, s->upper, 6);
    dj_out_char(o, '\n');
}

int dj_stats_table_survival(dj_out *o, const dj_dataset *ds, const dj_status *st,
                            const dj_stats_query *q, dj_error *err)
{
    dj_date origin;
    int rc = query_check(&origin, ds, st, q, err);
    if (rc)
        return rc;
    dj_out_str(o, "bloc,days,date,at_risk,recognized,censored,survival,std_error,lower95,upper95\n");
    for (size_t b = 0; b < q->nblocs; b++) {
        dj_km km;
        const char *code = dj_dataset_bloc_code(ds, q->blocs[b]);
        if ((rc = bloc_km(&km, ds, st, q, q->blocs[b], origin, err)))
            return rc;
        if (km.n > 0 && km.steps[0].t > 0) {
            /* the curve starts at 1 on the origin day: who is at risk then */
            dj_km_step s0 = {0, 0, 0, 0, 1.0, 0.0, 1.0, 1.0};
            dj_km_obs *obs;
            size_t n;
            if ((rc = dj_km_bloc_obs(&obs, &n, ds, st, q->subject, q->blocs[b], origin, q->at, err))) {
                dj_km_dispose(&km);
                return rc;
            }
            for (size_t i = 0; i < n; i++)
                s0.at_risk += obs[i].entry <= 0;
            dj_free(obs);
            survival_row(o, code, origin, &s0);
        }
        for (size_t i = 0; i < km.n; i++)
            survival_row(o, code, origin, &km.steps[i]);
        dj_km_dispose(&km);
    }
    return 0;
}

int dj_stats_table_medians(dj_out *o, const dj_dataset *ds, const dj_status *st,
                           const dj_stats_query *q, dj_error *err)
{
    dj_date origin;
    int rc = query_check(&origin, ds, st, q, err);
    if (rc)
        return rc;
    dj_out_str(o, "bloc,members,recognized,censored,median_days,median_date\n");
    for (size_t b = 0; b < q->nblocs; b++) {
        dj_km km;
        if ((rc = bloc_km(&km, ds, st, q, q->blocs[b], origin, err)))
            return rc;
        dj_out_csv(o, dj_dataset_bloc_code(ds, q->blocs[b]));
        dj_out_char(o, ',');
        dj_out_u64(o, km.subjects);
        dj_out_char(o, ',');
        dj_out_u64(o, km.events);
        dj_out_char(o, ',');
        dj_out_u64(o, km.censored);
        dj_out_char(o, ',');
        if (!isnan(km.median)) {
            dj_out_fixed(o, km.median, 0);
            dj_out_char(o, ',');
            dj_out_date(o, origin + (dj_date)km.median);
        } else {
            dj_out_char(o, ',');
        }
        dj_out_char(o, '\n');
        dj_km_dispose(&km);
    }
    return 0;
}

static int run_fit(dj_fit *fit, double **t, double **y, size_t *n,
                   const dj_dataset *ds, const dj_status *st,
                   const dj_stats_query *q, dj_date origin, dj_error *err)
{
    int rc = dj_stats_daily_total(t, y, n, ds, st, q->subject, origin, q->at, err);
    if (rc)
        return rc;
    if ((rc = dj_fit_run(fit, q->model, *t, *y, *n, err))) {
        dj_free(*t);
        dj_free(*y);
        *t = *y = NULL;
    }
    return rc;
}

/* The fit table of a fit of model q->model. */
static void write_fit(dj_out *o, const dj_stats_query *q, const dj_fit *fit)
{
    const char *m = dj_model_name(q->model);
    dj_out_str(o, "model,parameter,estimate,std_error\n");
    for (int i = 0; i < DJ_FIT_NPARAM; i++) {
        dj_out_printf(o, "%s,%s,", m, dj_model_param(q->model, i));
        if (fit->converged) {
            out_sig(o, fit->param[i], 7);
            dj_out_char(o, ',');
            out_sig(o, fit->std_error[i], 4);
        } else {
            dj_out_char(o, ',');
        }
        dj_out_char(o, '\n');
    }
    static const char *const rows[] = {"rss", "r2", "aic"};
    double v[] = {fit->rss, fit->r2, fit->aic};
    for (int i = 0; i < 3; i++) {
        dj_out_printf(o, "%s,%s,", m, rows[i]);
        if (fit->converged)
            out_sig(o, v[i], i == 1 ? 6 : 8);
        dj_out_str(o, ",\n");
    }
    dj_out_printf(o, "%s,converged,%d,\n", m, fit->converged ? 1 : 0);
}

int dj_stats_table_fit(dj_out *o, const dj_dataset *ds, const dj_status *st,
                       const dj_stats_query *q, dj_fit *fit, dj_error *err)
{
    dj_fit local;
    double *t, *y;
    size_t n;
    dj_date origin;
    int rc = query_check(&origin, ds, st, q, err);
    if (!fit)
        fit = &local;
    if (rc || (rc = run_fit(fit, &t, &y, &n, ds, st, q, origin, err)))
        return rc;
    dj_free(t);
    dj_free(y);
    write_fit(o, q, fit);
    return 0;
}

int dj_stats_table_fit_of(dj_out *o, const dj_dataset *ds, const dj_status *st,
                          const dj_stats_query *q, const dj_fit *fit, dj_error *err)
{
    dj_date origin;
    int rc = query_check(&origin, ds, st, q, err);
    if (rc)
        return rc;
    if (fit->model != q->model)
        return dj_error_set(err, DJ_EINVALID, "the fit is of model %s, the query of %s",
                            dj_model_name(fit->model), dj_model_name(q->model));
    write_fit(o, q, fit);
    return 0;
}

/* Writes the curve of a converged fit over the observed daily totals
   (counts). A row a day: the date is carried from the day before (only a
   new month is formatted whole), and the two whole numbers are written as
   integers, the same digits as "%.0f" gives them. */
static void write_curve(dj_out *o, const dj_fit *fit, const double *y, size_t n,
                        dj_date origin, dj_date until)
{
    char day[DJ_DATE_BUFSIZE];
    size_t len = 0;
    int yy, mm, dd = 0, last = 0; /* day of the month in `day`, and the month's last */
    dj_out_str(o, "date,days,observed,fitted,lower95,upper95\n");
    for (dj_date d = origin; d <= until; d++) {
        double days = (double)d - (double)origin, v, h;
        size_t i = (size_t)(d - origin);
        dj_fit_band(fit, days, &v, &h);
        if (dd > 0 && dd < last) {
            dd++;
            day[8] = (char)('0' + dd / 10);
            day[9] = (char)('0' + dd % 10);
        } else {
            len = dj_date_format(day, d, DJ_PREC_DAY);
            dj_date_to_ymd(d, &yy, &mm, &dd);
            last = dj_date_days_in_month(yy, mm);
            if (len != 10) /* outside the calendar's years: never carried */
                dd = 0;
        }
        /* the row in place: a date, two counts of at most 20 digits and
           three numbers of at most 27 bytes, with their commas */
        char *p = dj_out_room(o, DJ_DATE_BUFSIZE + 2 * 20 + 3 * 27 + 6);
        if (!p)
            return; /* a write failed: the commit says so */
        memcpy(p, day, len);
        p += len;
        *p++ = ',';
        p = dj_fmt_u64(p, (uint64_t)(d - origin));
        *p++ = ',';
        if (i < n)
            p = dj_fmt_u64(p, (uint64_t)y[i]);
        *p++ = ',';
        p = dj_fmt_fixed(p, v, 3);
        *p++ = ',';
        p = dj_fmt_fixed(p, v - h, 3);
        *p++ = ',';
        p = dj_fmt_fixed(p, v + h, 3);
        *p++ = '\n';
        dj_out_advance(o, p);
        if (d == DJ_DATE_MAX - 1)
            break;
    }
}

void dj_stats_curve_rows(dj_out *o, const dj_fit *fit, const double *y, size_t n,
                         dj_date origin, dj_date until)
{
    if (fit->converged)
        write_curve(o, fit, y, n, origin, until);
}

static int curve_until(dj_date *until, const dj_stats_query *q, dj_error *err)
{
    *until = q->until != DJ_DATE_NONE ? q->until : q->at;
    if (*until < q->at)
        return dj_error_set(err, DJ_EINVALID, "the projection must end on or after the as-of date");
    return 0;
}

int dj_stats_table_curve(dj_out *o, const dj_dataset *ds, const dj_status *st,
                         const dj_stats_query *q, dj_fit *fit, dj_error *err)
{
    dj_fit local;
    double *t, *y;
    size_t n;
    dj_date origin, until;
    int rc = query_check(&origin, ds, st, q, err);
    if (!fit)
        fit = &local;
    if (rc || (rc = curve_until(&until, q, err)))
        return rc;
    if ((rc = run_fit(fit, &t, &y, &n, ds, st, q, origin, err)))
        return rc;
    if (fit->converged)
        write_curve(o, fit, y, n, origin, until);
    dj_free(t);
    dj_free(y);
    return 0;
}

int dj_stats_table_curve_of(dj_out *o, const dj_dataset *ds, const dj_status *st,
                            const dj_stats_query *q, const dj_fit *fit, dj_error *err)
{
    double *t, *y;
    size_t n;
    dj_date origin, until;
    int rc = query_check(&origin, ds, st, q, err);
    if (rc || (rc = curve_until(&until, q, err)))
        return rc;
    if (!fit->converged)
        return 0;
    if ((rc = dj_stats_daily_total(&t, &y, &n, ds, st, q->subject, origin, q->at, err)))
        return rc;
    write_curve(o, fit, y, n, origin, until);
    dj_free(t);
    dj_free(y);
    return 0;
}

int dj_stats_table_population(dj_out *o, const dj_dataset *ds,
                              const dj_status *st, const dj_stats_query *q,
                              dj_error *err)
{
    dj_dates dates;
    popcov pc;
    dj_date origin;
    int rc = query_check(&origin, ds, st, q, err);
    if (rc)
        return rc;
    dj_dates_init(&dates);
    if (q->grid != DJ_GRID_NONE)
        rc = dj_grid_dates(&dates, q->grid, origin, q->at);
    else if (!(rc = dj_change_dates(&dates, ds, st, q->subject, q->blocs, q->nblocs, origin, q->at)))
        rc = dj_dates_push(&dates, q->at);
    if (rc) {
        dj_dates_dispose(&dates);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    dj_dates_unique(&dates);
    if ((rc = popcov_eval(&pc, ds, st, q->subject, q->blocs, q->nblocs, dates.v, dates.n))) {
        dj_dates_dispose(&dates);
        if (rc == DJ_ELIMIT)
            return dj_error_set(err, rc, "the population figures add up to more than 10^15 people");
        return dj_error_set(err, rc, "out of memory");
    }
    int changes_only = q->grid == DJ_GRID_NONE;
    size_t nd = dates.n;
    dj_out_str(o, "date,group,population,recognizing,percent,no_figure\n");
    for (size_t d = 0; d < nd; d++)
        for (size_t s = 0; s <= q->nblocs; s++) {
            size_t k = s * nd + d;
            if (changes_only && d > 0 && d + 1 < nd && pc.den[k] == pc.den[k - 1] &&
                pc.num[k] == pc.num[k - 1] && pc.nofig[k] == pc.nofig[k - 1])
                continue;
            dj_out_date(o, dates.v[d]);
            dj_out_char(o, ',');
            dj_out_csv(o, s == 0 ? "world" : dj_dataset_bloc_code(ds, q->blocs[s - 1]));
            dj_out_char(o, ',');
            dj_out_i64(o, pc.den[k]);
            dj_out_char(o, ',');
            dj_out_i64(o, pc.num[k]);
            dj_out_char(o, ',');
            dj_out_percent(o, (uint64_t)pc.num[k], (uint64_t)pc.den[k]);
            dj_out_char(o, ',');
            dj_out_u64(o, pc.nofig[k]);
            dj_out_char(o, '\n');
        }
    popcov_dispose(&pc);
    dj_dates_dispose(&dates);
    return 0;
}
