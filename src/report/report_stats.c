/*
 * report_stats.c - the statistics of a report: their tables, and the
 * charts of the fitted diffusion curves and of Kaplan-Meier survival.
 *
 * Kept apart from report.c so that the two evolve independently; it
 * follows the same rules: tables first (CSV, atomic), then scripts that
 * load theme.gp and read only the CSV files beside them, every data string
 * written with dj_out_gp_string, then gnuplot renders under temporary
 * names that are renamed into place on success. A model whose fit failed
 * gets its fit table (converged 0) but no curve file and no line on the
 * chart: a failed fit is never drawn.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "util/alloc.h"
#include "analysis/fit_impl.h"
#include "output/output_impl.h"
#include "report/report_impl.h"
#include "report/report_stats.h"
#include "dejure/tables.h"

typedef struct rstats {
    const dj_dataset *ds;
    const dj_report_options *opt;
    const char *dir;
    dj_report_written_fn written;
    void *ctx;
    dj_status *st;
    dj_stats_query q;
    dj_date origin;
    char view[600];      /* in words: "every claim counted" */
    size_t nevents;      /* the subject's events */
    size_t sourced;      /* those with a source */
    char path[4096];
    int ok[DJ_MODEL_COUNT];     /* the model's fit converged */
    double r2[DJ_MODEL_COUNT];
} rstats;

static const char *path_of(rstats *r, const char *name)
{
    snprintf(r->path, sizeof r->path, "%s/%s", r->dir, name);
    return r->path;
}

typedef int (*stats_fn)(dj_out *, const dj_dataset *, const dj_status *,
                        const dj_stats_query *, dj_error *);

static int commit(rstats *r, dj_out *o, const char *name, dj_error *err)
{
    int rc = dj_out_commit(o, err);
    if (rc == 0 && r->written)
        r->written(path_of(r, name), r->ctx);
    return rc;
}

static int table(rstats *r, const char *name, stats_fn fn, dj_error *err)
{
    dj_out *o;
    int rc = dj_out_open(&o, path_of(r, name), err);
    if (rc)
        return rc;
    if ((rc = fn(o, r->ds, r->st, &r->q, err))) {
        dj_out_abort(o);
        return rc;
    }
    return commit(r, o, name, err);
}

/*
 * The fits of the three models to the daily totals take longer than all
 * the report's other tables together, so they start on two threads as
 * soon as the report has its status and run while report.c writes its
 * tables and chart scripts; when the statistics part begins, this thread
 * takes whatever model is not started yet, then waits for the others.
 * Each fit is deterministic, so whichever thread runs it, the files are
 * those of fitting in turn. GSL's error handler is off for the whole
 * process from the first statistic on (analysis/gsl_once.c), so the fit
 * threads and the tables written meanwhile never race on it.
 */
static const dj_model fit_order[DJ_MODEL_COUNT] = {
    DJ_MODEL_GOMPERTZ, DJ_MODEL_BASS, DJ_MODEL_LOGISTIC}; /* longest first */

struct dj_report_fits {
    double *t, *y;           /* the daily totals */
    size_t n;
    dj_fit fit[DJ_MODEL_COUNT];
    int rc[DJ_MODEL_COUNT];
    dj_error err[DJ_MODEL_COUNT];
    /* Each converged model's curve-MODEL.csv, written by the thread that
       fitted it (13,720 rows in all on the Kosovo data, a third of what
       the report's own thread had left to do once the fits were in) and
       committed by dj_report_stats in its place, so that the files appear
       in the same order as ever. The totals run from origin; the curve
       goes on to until. */
    dj_date origin, until;
    const char *dir;
    dj_out *curve[DJ_MODEL_COUNT];
    atomic_int next;         /* index in fit_order of the next model to start */
    pthread_t th[2];
    int started[2];
    int collected;
};

/* curve-MODEL.csv of a converged fit, from the daily totals it was fitted
   to, into f->curve[m], not committed. */
static int curve_write(dj_report_fits *f, dj_model m)
{
    char path[4096];
    dj_out *o;
    snprintf(path, sizeof path, "%s/curve-%s.csv", f->dir, dj_model_name(m));
    int rc = dj_out_open(&o, path, &f->err[m]);
    if (rc)
        return rc;
    dj_stats_curve_rows(o, &f->fit[m], f->y, f->n, f->origin, f->until);
    f->curve[m] = o;
    return 0;
}

static void fits_work(dj_report_fits *f)
{
    int k;
    while ((k = atomic_fetch_add(&f->next, 1)) < DJ_MODEL_COUNT) {
        dj_model m = fit_order[k];
        dj_error_clear(&f->err[m]);
        f->rc[m] = dj_fit_run(&f->fit[m], m, f->t, f->y, f->n, &f->err[m]);
        if (f->rc[m] == 0 && f->fit[m].converged)
            f->rc[m] = curve_write(f, m);
    }
}

static void *fits_thread(void *arg)
{
    fits_work(arg);
    return NULL;
}

int dj_report_fits_start(dj_report_fits **out, const dj_dataset *ds, const dj_status *st,
                         const dj_report_options *opt, const char *dir, dj_error *err)
{
    *out = NULL;
    dj_date origin = dj_stats_origin(ds, st, opt->subject);
    if (origin > opt->at) /* nothing happened yet: no statistics */
        return 0;
    dj_report_fits *f = dj_calloc(1, sizeof *f);
    if (!f)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    int rc = dj_stats_daily_total(&f->t, &f->y, &f->n, ds, st, opt->subject, origin, opt->at, err);
    if (rc) {
        dj_free(f);
        return rc;
    }
    f->origin = origin;
    f->until = opt->until > opt->at ? opt->until : opt->at; /* as dj_report_stats */
    f->dir = dir;
    atomic_init(&f->next, 0);
    /* without threads, dj_report_stats fits them all itself */
    for (int i = 0; i < 2; i++)
        f->started[i] = pthread_create(&f->th[i], NULL, fits_thread, f) == 0;
    *out = f;
    return 0;
}

/* Fits what is left here, then waits for the threads;
   `work` 0 only stops the models not yet started (a report given up). */
static void fits_finish(dj_report_fits *f, int work)
{
    if (f->collected)
        return;
    if (work)
        fits_work(f);
    else
        atomic_store(&f->next, DJ_MODEL_COUNT);
    for (int i = 0; i < 2; i++)
        if (f->started[i])
            pthread_join(f->th[i], NULL);
    f->collected = 1;
}

void dj_report_fits_free(dj_report_fits *f)
{
    if (!f)
        return;
    fits_finish(f, 0);
    for (int m = 0; m < DJ_MODEL_COUNT; m++)
        dj_out_abort(f->curve[m]); /* those not committed: a report given up */
    dj_free(f->t);
    dj_free(f->y);
    dj_free(f);
}

/* Waits for the fits; the first model's error if one failed. */
static int fits_collect(dj_report_fits *f, dj_error *err)
{
    fits_finish(f, 1);
    for (int m = 0; m < DJ_MODEL_COUNT; m++)
        if (f->rc[m]) {
            if (err)
                *err = f->err[m];
            return f->rc[m];
        }
    return 0;
}

/* fit-MODEL.csv always; curve-MODEL.csv only when the fit converged
   (written by the fits' thread, committed here). */
static int fit_tables(rstats *r, dj_model m, dj_report_fits *f, dj_error *err)
{
    const dj_fit *fit = &f->fit[m];
    char name[64];
    dj_out *o;
    int rc;
    r->q.model = m;
    snprintf(name, sizeof name, "fit-%s.csv", dj_model_name(m));
    if ((rc = dj_out_open(&o, path_of(r, name), err)))
        return rc;
    if ((rc = dj_stats_table_fit_of(o, r->ds, r->st, &r->q, fit, err))) {
        dj_out_abort(o);
        return rc;
    }
    if ((rc = commit(r, o, name, err)))
        return rc;
    r->ok[m] = fit->converged;
    r->r2[m] = fit->r2;
    if (!fit->converged)
        return 0;
    snprintf(name, sizeof name, "curve-%s.csv", dj_model_name(m));
    o = f->curve[m];
    f->curve[m] = NULL;
    return commit(r, o, name, err);
}

/* ---- scripts ---- */

static void head(rstats *r, dj_out *o, const char *name, const char *what,
                 const char *title)
{
    char at[DJ_DATE_BUFSIZE], buf[1600];
    dj_date_format(at, r->opt->at, DJ_PREC_DAY);
    dj_out_printf(o, "# %s.gp - %s.\n# Written by dejure; reads only the CSV files beside it.\n"
                     "# Run it on its own with: gnuplot %s.gp\n", name, what, name);
    dj_out_str(o, "load 'theme.gp'\n");
    snprintf(buf, sizeof buf, "%s: %s (%s, as of %s)",
             dj_dataset_entity_name(r->ds, r->opt->subject), title, r->view, at);
    dj_out_str(o, "set title ");
    dj_out_gp_string(o, buf);
    dj_out_str(o, " noenhanced font ',18'\n");
    rpt_source_text(buf, sizeof buf, r->ds, r->nevents, r->sourced, r->view, at);
    dj_out_str(o, "set label 99 ");
    dj_out_gp_string(o, buf);
    dj_out_str(o, " noenhanced at screen 0.01, screen 0.02 left font ',11' textcolor rgb '#666666'\nset bmargin 5\n");
}

static void terminal(rstats *r, dj_out *o, const char *name, int svg)
{
    dj_out_printf(o, "set terminal %s size %d,%d font 'DejaVu Sans,14'\n"
                     "set output outprefix.'%s.%s'\n",
                  svg ? "svg" : "pngcairo", r->opt->width > 0 ? r->opt->width : 1600,
                  r->opt->height > 0 ? r->opt->height : 900, name, svg ? "svg" : "png");
}

/* The plot command goes to the first format; the second replots it. */
static void outputs_begin(rstats *r, dj_out *o, const char *name)
{
    terminal(r, o, name, !(r->opt->formats & DJ_FORMAT_PNG));
}

static void outputs_end(rstats *r, dj_out *o, const char *name)
{
    if ((r->opt->formats & DJ_FORMAT_PNG) && (r->opt->formats & DJ_FORMAT_SVG)) {
        terminal(r, o, name, 1);
        dj_out_str(o, "replot\n");
    }
    dj_out_str(o, "set output\n");
}

/* A number for a label, locale-free. */
static void fmt3(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%.3f", v);
    for (char *p = buf; *p; p++)
        if (!(*p >= '0' && *p <= '9') && *p != '-')
            *p = '.';
}

static int fit_gp(rstats *r, int *written, dj_error *err)
{
    dj_out *o;
    char at[DJ_DATE_BUFSIZE], until[DJ_DATE_BUFSIZE], t[200], r2[32];
    int first = -1, rc;
    *written = 0;
    for (int m = 0; m < DJ_MODEL_COUNT; m++)
        if (r->ok[m] && first < 0)
            first = m;
    if (first < 0)
        return 0; /* no fit converged: nothing to draw */
    if ((rc = dj_out_open(&o, path_of(r, "fit.gp"), err)))
        return rc;
    head(r, o, "fit", "states recognising and the diffusion curves fitted to them",
         "states recognising, with fitted diffusion curves");
    dj_date_format(at, r->opt->at, DJ_PREC_DAY);
    dj_date_format(until, r->q.until, DJ_PREC_DAY);
    dj_out_str(o, "set xdata time\nset timefmt '%Y-%m-%d'\nset format x '%Y'\n"
                  "set ylabel 'states recognising'\nset yrange [0:*]\nset autoscale xfix\nset key bottom right\n");
    if (r->q.until > r->opt->at) {
        dj_out_printf(o, "set arrow 1 from '%s', graph 0 to '%s', graph 1 nohead dt 3 lw 1.5 lc rgb '#888888'\n"
                         "set label 2 'projection' at '%s', graph 0.96 left offset 0.8,0 textcolor rgb '#666666'\n",
                      at, at, at);
    }
    outputs_begin(r, o, "fit");
    dj_out_str(o, "plot \\\n");
    for (int m = 0; m < DJ_MODEL_COUNT; m++) {
        if (!r->ok[m])
            continue;
        const char *name = dj_model_name(m);
        /* smooth curves: a point a week is plenty, and keeps the SVG small */
        dj_out_printf(o, "    'curve-%s.csv' skip 1 every 7 using 1:5:6 with filledcurves fs transparent solid 0.18 lt %d notitle, \\\n",
                      name, m + 1);
        fmt3(r2, sizeof r2, r->r2[m]);
        snprintf(t, sizeof t, "%s fit, R\xc2\xb2 %s, 95%% band", name, r2);
        dj_out_printf(o, "    'curve-%s.csv' skip 1 every 7 using 1:4 with lines lt %d title ", name, m + 1);
        dj_out_gp_string(o, t);
        dj_out_str(o, ", \\\n");
    }
    dj_out_printf(o, "    'curve-%s.csv' skip 1 using 1:3 with steps lc rgb '#333333' lw 1.5 dt solid title 'observed (daily total)'\n",
                  dj_model_name(first));
    outputs_end(r, o, "fit");
    if ((rc = commit(r, o, "fit.gp", err)))
        return rc;
    *written = 1;
    return 0;
}

/* How precisely the origin is known: a declaration to the day; without
   one, the origin is the first recognition, as precise as its event. */
static dj_precision origin_precision(const rstats *r)
{
    if (dj_dataset_subject_declared(r->ds, r->opt->subject) != DJ_DATE_NONE)
        return DJ_PREC_DAY;
    size_t n;
    const dj_interval *iv = dj_status_intervals(r->st, r->opt->subject, &n);
    dj_precision p = DJ_PREC_DAY;
    for (size_t i = 0; i < n; i++)
        if (iv[i].start == r->origin) {
            dj_event_info e;
            dj_dataset_event(r->ds, iv[i].event, &e);
            if (e.precision > p)
                p = e.precision;
        }
    return p;
}

static int survival_gp(rstats *r, dj_error *err)
{
    dj_out *o;
    char d[DJ_DATE_TEXT_BUFSIZE], xl[128];
    int rc;
    if ((rc = dj_out_open(&o, path_of(r, "survival.gp"), err)))
        return rc;
    head(r, o, "survival", "Kaplan-Meier share of each bloc's members not yet recognising",
         "bloc members not yet recognising (Kaplan-Meier)");
    /* what the curves leave out, on the chart itself: a withdrawal does
       not put a member back at risk */
    dj_out_str(o, "set tmargin 5\nset title offset 0,1\n"
                  "set label 98 'Kaplan-Meier time to first recognition: later withdrawals are ignored' "
                  "noenhanced at graph 0.5, graph 1 center offset 0,1 font ',12' textcolor rgb '#666666'\n");
    dj_date_period_text(d, sizeof d, r->origin, origin_precision(r));
    snprintf(xl, sizeof xl, "years since %s", d);
    dj_out_str(o, "set xlabel ");
    dj_out_gp_string(o, xl);
    /* a report dated on the declaration has no time yet: a year's axis */
    dj_out_str(o, r->opt->at - r->origin < 30 ? "\nset xrange [0:1]" : "\nset xrange [0:*]");
    dj_out_str(o, "\nset ylabel 'members not yet recognising'\nset yrange [0:102]\n"
                  "set format y '%.0f%%'\nset ytics 25\n"
                  "set arrow 1 from graph 0, first 50 to graph 1, first 50 nohead dt 3 lw 1 lc rgb '#888888'\n"
                  "set key top right\n");
    outputs_begin(r, o, "survival");
    dj_out_str(o, "plot \\\n");
    for (size_t b = 0; b < r->q.nblocs; b++) {
        dj_out_str(o, "    'survival.csv' skip 1 using ($2/365.25):(strcol(1) eq ");
        dj_out_gp_string(o, dj_dataset_bloc_code(r->ds, r->q.blocs[b]));
        dj_out_printf(o, " ? 100 * $7 : 1/0) with steps lt %zu title ", b + 1);
        dj_out_gp_string(o, dj_dataset_bloc_name(r->ds, r->q.blocs[b]));
        dj_out_str(o, " noenhanced, \\\n");
    }
    dj_out_str(o, "    NaN notitle\n");
    outputs_end(r, o, "survival");
    return commit(r, o, "survival.gp", err);
}

static int render(rstats *r, const char *name, dj_error *err)
{
    /* shared with report.c: temporaries a signal handler can remove */
    return dj_render_chart(r->dir, name, r->opt->formats, r->written, r->ctx, err);
}

int dj_report_stats(const dj_dataset *ds, const dj_report_options *opt,
                    const char *dir, dj_report_written_fn written, void *ctx,
                    dj_report_fits *fits, dj_error *err)
{
    rstats r;
    int rc, have_fit = 0;

    memset(&r, 0, sizeof r);
    r.ds = ds;
    r.opt = opt;
    r.dir = dir;
    r.written = written;
    r.ctx = ctx;
    dj_view_title(r.view, sizeof r.view, ds, &opt->view);
    r.sourced = rpt_sourced_events(ds, opt->subject, &r.nevents);
    if ((rc = dj_status_new(&r.st, ds, &opt->view, err)))
        return rc;
    r.origin = dj_stats_origin(ds, r.st, opt->subject);
    if (r.origin > opt->at || !fits) { /* nothing happened yet: no statistics */
        if (fits)
            rc = fits_collect(fits, err);
        goto done;
    }
    dj_stats_query_init(&r.q);
    r.q.subject = opt->subject;
    r.q.blocs = opt->blocs;
    r.q.nblocs = opt->nblocs;
    r.q.origin = r.origin;
    r.q.at = opt->at;
    r.q.until = opt->until > opt->at ? opt->until : opt->at;
    if ((rc = table(&r, "stats-delays.csv", dj_stats_table_delays, err)) ||
        (rc = table(&r, "survival.csv", dj_stats_table_survival, err)) ||
        (rc = table(&r, "survival-medians.csv", dj_stats_table_medians, err)) ||
        (rc = table(&r, "population-coverage.csv", dj_stats_table_population, err)))
        goto done;
    /* These tables come first, while the fits still run: the fits are
       wanted only from here on. */
    if ((rc = fits_collect(fits, err)))
        goto done;
    for (int m = 0; m < DJ_MODEL_COUNT; m++)
        if ((rc = fit_tables(&r, (dj_model)m, fits, err)))
            goto done;
    if ((rc = fit_gp(&r, &have_fit, err)) || (rc = survival_gp(&r, err)))
        goto done;
    if (opt->render && opt->formats) {
        if (have_fit && (rc = render(&r, "fit", err)))
            goto done;
        if ((rc = render(&r, "survival", err)))
            goto done;
    }
done:
    dj_status_free(r.st);
    return rc;
}
