/*
 * stats.c - counts per period, time to recognition, Kaplan-Meier,
 * population-weighted coverage. Their CSV tables are written by
 * output/stats_tables.c.
 *
 * Invariant: every statistic reads the status intervals of one view up to
 * the as-of date and nothing else; times are days since the subject's
 * origin. GSL's error handler is off (gsl_once.c: the library must never
 * abort its caller) and every status it returns is checked. Definitions are in dejure/stats.h.
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
#include "analysis/gsl_once.h"
#include "analysis/stats_impl.h"
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
    dj_gsl_init();
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
    dj_gsl_init();

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
    dj_gsl_init();
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
#define WORLD_SLOT (UINT32_MAX - 1) /* a change of the world's existing states */

void dj_popcov_dispose(dj_popcov *p)
{
    dj_free(p->den);
    dj_free(p->num);
    dj_free(p->nofig);
}

int dj_popcov_eval(dj_popcov *out, const dj_dataset *ds, const dj_status *st,
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
    cap = 2 * niv + 2 * nm * (nblocs ? nblocs : 1) + 2 * nent + 1;
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
        dj_popcov_dispose(out);
        return DJ_ENOMEM;
    }
    int64_t all = 0;
    for (size_t e = 0; e < nent; e++) {
        int64_t p = dj_dataset_entity_population(ds, (uint32_t)e, NULL);
        pop[e] = p > 0 ? p : 0;
        dj_date from, until;
        dj_dataset_entity_span(ds, (uint32_t)e, &from, &until);
        if (e != subject && pop[e] > 0 && from == DJ_DATE_NONE)
            den[0] += pop[e]; /* the world: every existing state with a figure */
        /* each figure is at most 1e11 (load.c), so this cannot overflow
           before the check; below it every sum, and 10000 times it for
           dj_out_percent, fits in 64 bits */
        all += pop[e];
        if (all > POP_SUM_MAX) {
            dj_free(c);
            dj_free(stat);
            dj_free(memb);
            dj_free(pop);
            dj_popcov_dispose(out);
            return DJ_ELIMIT;
        }
    }
    /* states that come into or go out of existence change the world */
    for (size_t e = 0; e < nent; e++) {
        dj_date from, until;
        dj_dataset_entity_span(ds, (uint32_t)e, &from, &until);
        if (e == subject || pop[e] <= 0)
            continue;
        if (from != DJ_DATE_NONE)
            c[nc++] = (pchange){from, 1, (uint32_t)e, WORLD_SLOT};
        if (until != DJ_DATE_MAX)
            c[nc++] = (pchange){until, -1, (uint32_t)e, WORLD_SLOT};
    }
    for (size_t i = 0; i < niv; i++) {
        c[nc++] = (pchange){iv[i].start, 1, iv[i].actor, UINT32_MAX};
        if (iv[i].end != DJ_DATE_MAX)
            c[nc++] = (pchange){iv[i].end, -1, iv[i].actor, UINT32_MAX};
    }
    for (size_t i = 0; i < nm; i++)
        for (size_t b = 0; b < nblocs; b++)
            if (m[i].bloc == blocs[b] && m[i].member != subject) {
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
            if (c[k].slot == WORLD_SLOT) {
                den[0] += c[k].delta * pop[a];
            } else if (c[k].slot == UINT32_MAX) {
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
