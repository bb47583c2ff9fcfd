/*
 * report.c - a whole analysis into one folder: tables, chart scripts,
 * charts.
 *
 * Data flows one way: the tables are written first (CSV), then chart
 * scripts that read only those CSV files (so that anyone can restyle a
 * chart with gnuplot alone), then gnuplot renders each script into images
 * under temporary names, which are renamed into place when it succeeds.
 * Every label that comes from data is written as an escaped gnuplot string
 * (dj_out_gp_string), where nothing can run a command.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "report_stats.h"
#include "dejure/report.h"
#include "dejure/tables.h"
#include "output_impl.h"

/* plots/theme.gp, compiled in (embedded_data.c) */
extern const char dj_embedded_theme[];
extern const size_t dj_embedded_theme_size;

typedef struct report {
    const dj_dataset *ds;
    const dj_report_options *opt;
    const char *dir;
    dj_report_written_fn written;
    void *ctx;
    dj_status *st, *st_undisputed;
    dj_date start;
    char view[64];
    char path[4096];
} report;

static int mkdir_p(const char *dir, dj_error *err)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n >= sizeof buf)
        return dj_error_set(err, DJ_EINVALID, "output folder name too long");
    memcpy(buf, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return dj_error_at(err, DJ_EIO, buf, 0, 0, "cannot create folder: %s", strerror(errno));
            buf[i] = c;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return dj_error_at(err, DJ_EIO, dir, 0, 0, "expected a folder");
    return 0;
}

static const char *path_of(report *r, const char *name)
{
    snprintf(r->path, sizeof r->path, "%s/%s", r->dir, name);
    return r->path;
}

static int open_file(report *r, dj_out **o, const char *name, dj_error *err)
{
    return dj_out_open(o, path_of(r, name), err);
}

static int close_file(report *r, dj_out *o, const char *name, dj_error *err)
{
    int rc = dj_out_commit(o, err);
    if (rc == 0 && r->written)
        r->written(path_of(r, name), r->ctx);
    return rc;
}

typedef int (*table_fn)(dj_out *, const dj_dataset *, const dj_status *,
                        const dj_query *, dj_error *);

static int table(report *r, const char *name, table_fn fn, const dj_query *q,
                 dj_error *err)
{
    dj_out *o;
    int rc = open_file(r, &o, name, err);
    if (rc)
        return rc;
    if ((rc = fn(o, r->ds, r->st, q, err))) {
        dj_out_abort(o);
        return rc;
    }
    return close_file(r, o, name, err);
}

/* cumulative.csv: total in the report's view and in the undisputed view,
   on every change day of either, and on the as-of date. */
static int cumulative_csv(report *r, dj_error *err)
{
    dj_dates dates;
    dj_series a, u;
    dj_out *o;
    uint32_t subj = r->opt->subject;
    int rc;

    dj_dates_init(&dates);
    if ((rc = dj_change_dates(&dates, r->ds, r->st, subj, NULL, 0, r->start, r->opt->at)) ||
        (rc = dj_change_dates(&dates, r->ds, r->st_undisputed, subj, NULL, 0, r->start, r->opt->at)) ||
        (rc = dj_dates_push(&dates, r->opt->at))) {
        dj_dates_dispose(&dates);
        return dj_error_set(err, rc, "out of memory");
    }
    dj_dates_unique(&dates);
    if ((rc = dj_series_eval(&a, r->ds, r->st, subj, NULL, 0, dates.v, dates.n, err))) {
        dj_dates_dispose(&dates);
        return rc;
    }
    if ((rc = dj_series_eval(&u, r->ds, r->st_undisputed, subj, NULL, 0, dates.v, dates.n, err)))
        goto done;
    if ((rc = open_file(r, &o, "cumulative.csv", err)))
        goto done2;
    dj_out_printf(o, "date,%s,undisputed\n", r->view);
    for (size_t d = 0; d < dates.n; d++) {
        dj_out_date(o, dates.v[d]);
        dj_out_char(o, ',');
        dj_out_u64(o, a.total[d]);
        dj_out_char(o, ',');
        dj_out_u64(o, u.total[d]);
        dj_out_char(o, '\n');
    }
    rc = close_file(r, o, "cumulative.csv", err);
done2:
    dj_series_dispose(&u);
done:
    dj_series_dispose(&a);
    dj_dates_dispose(&dates);
    return rc;
}

/* ---- chart scripts ---- */

static void script_head(report *r, dj_out *o, const char *name, const char *what)
{
    char at[DJ_DATE_BUFSIZE];
    dj_date_format(at, r->opt->at, DJ_PREC_DAY);
    dj_out_printf(o, "# %s.gp - %s.\n# Written by dejure; reads only the CSV files beside it.\n"
                     "# Run it on its own with: gnuplot %s.gp\n", name, what, name);
    dj_out_str(o, "load 'theme.gp'\nload 'size.gp'\nset xdata time\nset timefmt '%Y-%m-%d'\n");
    dj_out_str(o, "source_line = ");
    char src[600];
    snprintf(src, sizeof src, "Source: dejure, dataset %s; view %s; as of %s",
             dj_dataset_name(r->ds), r->view, at);
    dj_out_gp_string(o, src);
    dj_out_str(o, "\nset label 99 source_line noenhanced at screen 0.01, screen 0.02 left font ',11' textcolor rgb '#666666'\n");
    dj_out_str(o, "set bmargin 5\n");
}

/* Before the plot command: the first requested terminal. */
static void render_begin(report *r, dj_out *o, const char *name)
{
    if (r->opt->formats & DJ_FORMAT_PNG)
        dj_out_printf(o, "set terminal pngcairo size width,height font 'DejaVu Sans,14'\n"
                         "set output outprefix.'%s.png'\n", name);
    else
        dj_out_printf(o, "set terminal svg size width,height font 'DejaVu Sans,14'\n"
                         "set output outprefix.'%s.svg'\n", name);
}

/* After it: the SVG as well, when both were asked for. */
static void render_end(report *r, dj_out *o, const char *name)
{
    if ((r->opt->formats & DJ_FORMAT_PNG) && (r->opt->formats & DJ_FORMAT_SVG))
        dj_out_printf(o, "set terminal svg size width,height font 'DejaVu Sans,14'\n"
                         "set output outprefix.'%s.svg'\nreplot\n", name);
    dj_out_str(o, "set output\n");
}

static void title(report *r, dj_out *o, const char *what)
{
    char at[DJ_DATE_BUFSIZE], t[700];
    dj_date_format(at, r->opt->at, DJ_PREC_DAY);
    snprintf(t, sizeof t, "%s: %s (view %s, as of %s)",
             dj_dataset_entity_name(r->ds, r->opt->subject), what, r->view, at);
    dj_out_str(o, "set title ");
    dj_out_gp_string(o, t);
    dj_out_str(o, " noenhanced font ',18'\n");
}

/* The plot command: parts joined by ", \" continuation lines. */
static void plot_begin(report *r, dj_out *o, const char *name)
{
    render_begin(r, o, name);
    dj_out_str(o, "plot \\\n");
}

static void plot_part(dj_out *o, const char *text, int last)
{
    dj_out_str(o, "    ");
    dj_out_str(o, text);
    dj_out_str(o, last ? "\n" : ", \\\n");
}

static int finish_script(report *r, dj_out *o, const char *name, dj_error *err)
{
    char file[64];
    snprintf(file, sizeof file, "%s.gp", name);
    return close_file(r, o, file, err);
}

static int cumulative_gp(report *r, dj_error *err)
{
    dj_out *o;
    dj_milestone *m;
    size_t n;
    int rc = dj_milestones(&m, &n, r->ds, r->st, r->opt->subject, DJ_NONE, r->opt->at, err);
    if (rc)
        return rc;
    if ((rc = open_file(r, &o, "cumulative.gp", err))) {
        dj_free(m);
        return rc;
    }
    script_head(r, o, "cumulative", "recognitions over time, a step line");
    title(r, o, "states recognising");
    dj_out_str(o, "set format x '%Y'\nset ylabel 'states recognising'\nset yrange [0:*]\n");
    if (n >= 100) {
        char d[DJ_DATE_BUFSIZE], label[512];
        dj_date_format(d, m[99].date, DJ_PREC_DAY);
        snprintf(label, sizeof label, "100th: %s, %s", dj_dataset_entity_name(r->ds, m[99].actor), d);
        dj_out_str(o, "set label 1 ");
        dj_out_gp_string(o, label);
        dj_out_printf(o, " noenhanced at '%s', first 100 point pt 7 ps 1.5 offset 1.5,-1.5 left\n", d);
    }
    dj_free(m);
    char t[128];
    snprintf(t, sizeof t, "view %s", r->view);
    plot_begin(r, o, "cumulative");
    dj_out_str(o, "    'cumulative.csv' skip 1 using 1:2 with steps lt 1 title ");
    dj_out_gp_string(o, t);
    dj_out_str(o, " noenhanced, \\\n");
    plot_part(o, "'cumulative.csv' skip 1 using 1:3 with steps lt 2 title 'undisputed events only'", 0);
    plot_part(o, "'timeline.csv' skip 1 using 1:($3 > 0 ? $4 : 1/0) with points lt 5 pt 9 ps 1.8 title 'withdrawals'", 1);
    render_end(r, o, "cumulative");
    return finish_script(r, o, "cumulative", err);
}

static int coverage_gp(report *r, dj_error *err)
{
    dj_out *o;
    int rc = open_file(r, &o, "coverage.gp", err);
    if (rc)
        return rc;
    script_head(r, o, "coverage", "share of each bloc's members recognising");
    title(r, o, "share of bloc members recognising");
    dj_out_str(o, "set format x '%Y'\nset ylabel 'members recognising (%)'\nset yrange [0:100]\n"
                  "set key bottom right\n");
    plot_begin(r, o, "coverage");
    for (size_t b = 0; b < r->opt->nblocs; b++) {
        dj_out_printf(o, "    'coverage-wide.csv' skip 1 using 1:%zu with steps lt %zu title ", 4 + 3 * b, b + 1);
        dj_out_gp_string(o, dj_dataset_bloc_name(r->ds, r->opt->blocs[b]));
        dj_out_str(o, " noenhanced");
        dj_out_str(o, b + 1 < r->opt->nblocs ? ", \\\n" : "\n");
    }
    if (r->opt->nblocs == 0)
        plot_part(o, "NaN notitle", 1);
    render_end(r, o, "coverage");
    return finish_script(r, o, "coverage", err);
}

static int per_year_gp(report *r, dj_error *err)
{
    dj_out *o;
    int rc = open_file(r, &o, "per-year.gp", err);
    if (rc)
        return rc;
    script_head(r, o, "per-year", "recognitions and withdrawals per year, bars");
    title(r, o, "recognitions and withdrawals per year");
    dj_out_str(o, "set xdata\nset format x '%.0f'\nset xtics 1 rotate by -45\nset ylabel 'states'\n"
                  "set xzeroaxis lt -1 lw 1\nset boxwidth 0.7\nset key top right\n");
    plot_begin(r, o, "per-year");
    plot_part(o, "'timeline-year.csv' skip 1 using (real(substr(strcol(1),1,4))):2 with boxes lc rgb c_recognise title 'recognitions'", 0);
    plot_part(o, "'timeline-year.csv' skip 1 using (real(substr(strcol(1),1,4))):(-$3) with boxes lc rgb c_withdrawn title 'withdrawals (below zero)'", 1);
    render_end(r, o, "per-year");
    return finish_script(r, o, "per-year", err);
}

/* ---- rendering ---- */

int dj_render_chart(const char *dir, const char *name, unsigned formats,
                    dj_report_written_fn written, void *ctx, dj_error *err)
{
    static const char prefix[] = ".render-";
    static const char *const ext[2] = {"png", "svg"};
    static const unsigned fmt[2] = {DJ_FORMAT_PNG, DJ_FORMAT_SVG};
    char script[64];
    snprintf(script, sizeof script, "%s.gp", name);
    /* gnuplot writes under temporary names, registered so that a signal
       handler can remove them (dj_out_cleanup_on_signal) */
    char tmp[2][4200];
    int slot[2] = {-1, -1};
    for (int i = 0; i < 2; i++) {
        snprintf(tmp[i], sizeof tmp[i], "%s/%s%s.%s", dir, prefix, name, ext[i]);
        if (formats & fmt[i])
            slot[i] = dj_temp_register(tmp[i]);
    }
    int rc = dj_gnuplot_run(dir, script, prefix, err);
    for (int i = 0; i < 2; i++) {
        if (!(formats & fmt[i]))
            continue;
        char final[4200];
        snprintf(final, sizeof final, "%s/%s.%s", dir, name, ext[i]);
        if (rc == 0 && rename(tmp[i], final) != 0)
            rc = dj_error_at(err, DJ_EIO, final, 0, 0, "cannot rename into place: %s", strerror(errno));
        else if (rc == 0 && written)
            written(final, ctx);
        if (rc)
            remove(tmp[i]);
        dj_temp_unregister(slot[i]);
    }
    return rc;
}

static int render(report *r, const char *name, dj_error *err)
{
    return dj_render_chart(r->dir, name, r->opt->formats, r->written, r->ctx, err);
}

int dj_report_write(const dj_dataset *ds, const dj_report_options *opt,
                    const char *dir, dj_report_written_fn written, void *ctx,
                    dj_error *err)
{
    report r;
    dj_query q;
    int rc;
    static const double half[] = {50.0};

    memset(&r, 0, sizeof r);
    r.ds = ds;
    r.opt = opt;
    r.dir = dir;
    r.written = written;
    r.ctx = ctx;
    dj_view_name(r.view, sizeof r.view, ds, &opt->view);
    dj_view undisputed = {DJ_VIEW_UNDISPUTED, DJ_NONE};

    if ((rc = mkdir_p(dir, err)))
        return rc;
    if ((rc = dj_status_new(&r.st, ds, &opt->view, err)) ||
        (rc = dj_status_new(&r.st_undisputed, ds, &undisputed, err)))
        goto done;
    r.start = dj_subject_start(ds, r.st, opt->subject);
    if (r.start > opt->at)
        r.start = opt->at;

    dj_query_init(&q);
    q.subject = opt->subject;
    q.blocs = opt->blocs;
    q.nblocs = opt->nblocs;
    q.from = r.start;
    q.to = opt->at;
    if ((rc = table(&r, "timeline.csv", dj_table_timeline, &q, err)))
        goto done;
    q.grid = DJ_GRID_YEAR;
    if ((rc = table(&r, "timeline-year.csv", dj_table_timeline, &q, err)))
        goto done;
    q.grid = DJ_GRID_NONE;
    if ((rc = table(&r, "coverage.csv", dj_table_coverage, &q, err)))
        goto done;
    q.wide = 1;
    if ((rc = table(&r, "coverage-wide.csv", dj_table_coverage, &q, err)))
        goto done;
    q.wide = 0;
    q.at = opt->at;
    if ((rc = table(&r, "coverage-at.csv", dj_table_coverage, &q, err)) ||
        (rc = table(&r, "holdouts.csv", dj_table_holdouts, &q, err)) ||
        (rc = table(&r, "milestones.csv", dj_table_milestones, &q, err)))
        goto done;
    q.thresholds = half;
    q.nthresholds = 1;
    if ((rc = table(&r, "thresholds.csv", dj_table_milestones, &q, err)))
        goto done;
    if ((rc = cumulative_csv(&r, err)))
        goto done;

    /* scripts, and the theme they load */
    if ((rc = dj_write_file(path_of(&r, "theme.gp"), dj_embedded_theme, dj_embedded_theme_size, err)))
        goto done;
    if (written)
        written(path_of(&r, "theme.gp"), ctx);
    {
        /* the size of PNG charts, read by the scripts after the theme */
        dj_out *o;
        if ((rc = open_file(&r, &o, "size.gp", err)))
            goto done;
        dj_out_printf(o, "# chart size in pixels (PNG); SVG uses the same units\nwidth = %d\nheight = %d\n",
                      opt->width, opt->height);
        if ((rc = close_file(&r, o, "size.gp", err)))
            goto done;
    }
    if ((rc = cumulative_gp(&r, err)) || (rc = coverage_gp(&r, err)) || (rc = per_year_gp(&r, err)))
        goto done;
    if (opt->render && opt->formats) {
        static const char *const charts[] = {"cumulative", "coverage", "per-year"};
        for (size_t i = 0; i < sizeof charts / sizeof *charts; i++)
            if ((rc = render(&r, charts[i], err)))
                goto done;
    }
    rc = dj_report_stats(ds, opt, dir, written, ctx, err); /* report_stats.c */
done:
    dj_status_free(r.st);
    dj_status_free(r.st_undisputed);
    return rc;
}
