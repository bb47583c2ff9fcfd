/*
 * stats_tables.c - the CSV tables of `dejure stats` (dejure/tables.h),
 * written from the statistics of analysis/stats.c and analysis/fit.c.
 * Every number goes through the locale-free formatters of output.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "util/alloc.h"
#include "analysis/fit_impl.h"
#include "analysis/stats_impl.h"
#include "output/output_impl.h"
#include "dejure/tables.h"

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
    dj_popcov pc;
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
    if ((rc = dj_popcov_eval(&pc, ds, st, q->subject, q->blocs, q->nblocs, dates.v, dates.n))) {
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
    dj_popcov_dispose(&pc);
    dj_dates_dispose(&dates);
    return 0;
}
