/*
 * report.c - a whole analysis into one folder: tables, chart scripts,
 * charts, the statistics part, and report.html.
 *
 * Data flows one way: the tables are written first (CSV), then chart
 * scripts that read only CSV files beside them (report_charts.c, and
 * report_anim.c for the animations), so that anyone can restyle a chart
 * with gnuplot alone; then gnuplot renders each script into images in a
 * private folder, which are renamed into place when it succeeds; then
 * the statistics part (report_stats.c); the page (report_html.c) comes
 * last, since it holds the rendered charts. Every label that comes from
 * data is a gnuplot string literal (dj_out_gp_string) or a CSV field that
 * gnuplot reads as data: nothing from data can run a command.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report_stats.h"
#include "dejure/tables.h"
#include "output/output_impl.h"
#include "report/report_impl.h"

/* plots/theme.gp, compiled in (embedded_data.c) */
extern const char dj_embedded_theme[];
extern const size_t dj_embedded_theme_size;

const char *rpt_path(report *r, const char *name)
{
    snprintf(r->path, sizeof r->path, "%s/%s", r->dir, name);
    return r->path;
}

int rpt_open(report *r, dj_out **o, const char *name, dj_error *err)
{
    return dj_out_open(o, rpt_path(r, name), err);
}

int rpt_close(report *r, dj_out *o, const char *name, dj_error *err)
{
    int rc = dj_out_commit(o, err);
    if (rc == 0 && r->written)
        r->written(rpt_path(r, name), r->ctx);
    return rc;
}

int rpt_write_file(report *r, const char *name, const void *data, size_t size, dj_error *err)
{
    dj_out *o;
    int rc = rpt_open(r, &o, name, err);
    if (rc)
        return rc;
    dj_out_write(o, data, size);
    return rpt_close(r, o, name, err);
}

typedef int (*table_fn)(dj_out *, const dj_dataset *, const dj_status *,
                        const dj_query *, dj_error *);

static int table(report *r, const char *name, table_fn fn, const dj_query *q,
                 dj_error *err)
{
    dj_out *o;
    int rc = rpt_open(r, &o, name, err);
    if (rc)
        return rc;
    if ((rc = fn(o, r->ds, r->st, q, err))) {
        dj_out_abort(o);
        return rc;
    }
    return rpt_close(r, o, name, err);
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

    /* with `among`, only that bloc's members count (its changes too) */
    const uint32_t *among = r->opt->among;
    size_t nb = among ? 1 : 0;
    dj_dates_init(&dates);
    if ((rc = dj_change_dates(&dates, r->ds, r->st, subj, among, nb, r->start, r->opt->at)) ||
        (rc = dj_change_dates(&dates, r->ds, r->st_undisputed, subj, among, nb, r->start, r->opt->at)) ||
        (rc = dj_dates_push(&dates, r->opt->at))) {
        dj_dates_dispose(&dates);
        return dj_error_set(err, rc, "out of memory");
    }
    dj_dates_unique(&dates);
    if ((rc = dj_series_eval(&a, r->ds, r->st, subj, among, nb, dates.v, dates.n, err))) {
        dj_dates_dispose(&dates);
        return rc;
    }
    if ((rc = dj_series_eval(&u, r->ds, r->st_undisputed, subj, among, nb, dates.v, dates.n, err)))
        goto done;
    if ((rc = rpt_open(r, &o, "cumulative.csv", err)))
        goto done2;
    dj_out_printf(o, "date,%s,undisputed\n", r->view);
    for (size_t d = 0; d < dates.n; d++) {
        dj_out_date(o, dates.v[d]);
        dj_out_char(o, ',');
        dj_out_u64(o, among ? a.recognizing[d] : a.total[d]);
        dj_out_char(o, ',');
        dj_out_u64(o, among ? u.recognizing[d] : u.total[d]);
        dj_out_char(o, '\n');
    }
    rc = rpt_close(r, o, "cumulative.csv", err);
done2:
    dj_series_dispose(&u);
done:
    dj_series_dispose(&a);
    dj_dates_dispose(&dates);
    return rc;
}

/* ---- rendering ---- */

/*
 * Runs gnuplot on DIR/NAME.gp with its images going into a private folder,
 * DIR/.render-XXXXXX/: mkdtemp makes a new name, 0700, so that nobody can
 * have planted a link where gnuplot writes (a fixed name beside the
 * charts, followed by gnuplot, let anyone who can write into DIR have the
 * report overwrite any file the user can write). Each NAME.EXT asked for
 * is then moved into DIR only when it is a regular file, through the
 * folder's descriptor, never a link. The folder, its files included, is a
 * registered temporary (a signal removes it) and goes whatever the
 * outcome.
 */
static int render_private(const char *dir, const char *name, const char *const *ext, size_t n,
                          dj_report_written_fn written, void *ctx, dj_error *err)
{
    char script[64], priv[4200], prefix[32];
    char tmp[3][4300];
    int slot[3] = {-1, -1, -1};
    struct stat st, pst;
    int rc = 0;
    if (n > 3)
        return dj_error_set(err, DJ_EINVALID, "too many formats");
    snprintf(script, sizeof script, "%s.gp", name);
    int w = snprintf(priv, sizeof priv, "%s/.render-XXXXXX", dir);
    if (w < 0 || (size_t)w >= sizeof priv)
        return dj_error_at(err, DJ_EIO, dir, 0, 0, "folder name too long");
    /* registered before it exists, so that no signal comes between */
    int dslot = dj_temp_register_dir(priv);
    if (!mkdtemp(priv)) {
        int e = errno;
        dj_temp_unregister_dir(dslot);
        return dj_error_at(err, DJ_EIO, dir, 0, 0, "cannot create a render folder: %s", strerror(e));
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(tmp[i], sizeof tmp[i], "%s/%s.%s", priv, name, ext[i]);
        slot[i] = dj_temp_register(tmp[i]);
    }
    /* the folder we made, not one put in its place since (DIR may be
       writable by others): a descriptor that the moves below go through */
    int pfd = open(priv, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (pfd < 0 || fstat(pfd, &pst) != 0 || pst.st_uid != geteuid() || (pst.st_mode & 077)) {
        rc = dj_error_at(err, DJ_EIO, priv, 0, 0, "render folder replaced by another");
        goto done;
    }
    snprintf(prefix, sizeof prefix, "%s/", strrchr(priv, '/') + 1);
    rc = dj_gnuplot_run(dir, script, prefix, err);
    if (rc == 0 && (lstat(priv, &st) != 0 || st.st_dev != pst.st_dev || st.st_ino != pst.st_ino))
        rc = dj_error_at(err, DJ_EIO, priv, 0, 0, "render folder replaced while gnuplot ran");
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *leaf = strrchr(tmp[i], '/') + 1;
        char final[4300];
        snprintf(final, sizeof final, "%s/%s", dir, leaf);
        if (fstatat(pfd, leaf, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            rc = dj_error_at(err, DJ_EIO, final, 0, 0, "gnuplot wrote no regular file %s", leaf);
        /* rename replaces whatever DIR/NAME.EXT was, a link included,
           and never follows it */
        else if (renameat(pfd, leaf, AT_FDCWD, final) != 0)
            rc = dj_error_at(err, DJ_EIO, final, 0, 0, "cannot rename into place: %s", strerror(errno));
        else if (written)
            written(final, ctx);
    }
done:
    if (pfd >= 0) {
        /* whatever is left in the folder: images of a failed run, or
           anything gnuplot made besides */
        int dfd = dup(pfd);
        DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                unlinkat(pfd, e->d_name, 0);
        if (d)
            closedir(d);
        else if (dfd >= 0)
            close(dfd);
        close(pfd);
    }
    for (size_t i = 0; i < n; i++)
        dj_temp_unregister(slot[i]);
    if (rmdir(priv) != 0 && rc == 0)
        rc = dj_error_at(err, DJ_EIO, priv, 0, 0, "cannot remove the render folder: %s", strerror(errno));
    dj_temp_unregister_dir(dslot);
    return rc;
}

int dj_render_chart(const char *dir, const char *name, unsigned formats,
                    dj_report_written_fn written, void *ctx, dj_error *err)
{
    const char *ext[2];
    size_t n = 0;
    if (formats & DJ_FORMAT_PNG)
        ext[n++] = "png";
    if (formats & DJ_FORMAT_SVG)
        ext[n++] = "svg";
    return render_private(dir, name, ext, n, written, ctx, err);
}

static int render(report *r, const char *name, dj_error *err)
{
    return dj_render_chart(r->dir, name, r->opt->formats, r->written, r->ctx, err);
}

/* An animated chart: its script writes NAME.gif under the prefix. */
static int render_gif(report *r, const char *name, dj_error *err)
{
    static const char *const gif[1] = {"gif"};
    return render_private(r->dir, name, gif, 1, r->written, r->ctx, err);
}

/* The statistics part's files, passed on to the caller's callback, and
   its rendered charts noted for the page. */
static void stats_written(const char *path, void *ctx)
{
    report *r = ctx;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    static const struct { const char *name; unsigned bit; } drawn[] = {
        {"fit.svg", RPT_DRAWN_FIT_SVG}, {"fit.png", RPT_DRAWN_FIT_PNG},
        {"survival.svg", RPT_DRAWN_SURVIVAL_SVG}, {"survival.png", RPT_DRAWN_SURVIVAL_PNG}};
    for (size_t i = 0; i < sizeof drawn / sizeof *drawn; i++)
        if (strcmp(base, drawn[i].name) == 0)
            r->stats_drawn |= drawn[i].bit;
    if (r->written)
        r->written(path, r->ctx);
}

int dj_report_write(const dj_dataset *ds, const dj_report_options *opt,
                    const char *dir, dj_report_written_fn written, void *ctx,
                    dj_error *err)
{
    report r;
    dj_query q;
    dj_report_fits *fits = NULL;
    int rc;
    static const double half[] = {50.0};

    memset(&r, 0, sizeof r);
    r.ds = ds;
    r.opt = opt;
    r.dir = dir;
    r.written = written;
    r.ctx = ctx;
    dj_view_name(r.view, sizeof r.view, ds, &opt->view);
    dj_view_title(r.view_title, sizeof r.view_title, ds, &opt->view);
    r.sourced = rpt_sourced_events(ds, opt->subject, &r.nevents);
    dj_date_format(r.at, opt->at, DJ_PREC_DAY);
    /* fonts and margins follow the smaller of the two ratios to the
       default size, softened (square root) so that a small chart is
       neither crowded nor unreadable */
    r.k = sqrt((double)opt->width / 1600 < (double)opt->height / 900 ? (double)opt->width / 1600
                                                                      : (double)opt->height / 900);
    if (r.k < 0.6)
        r.k = 0.6;
    if (r.k > 4)
        r.k = 4;
    dj_view undisputed = {DJ_VIEW_UNDISPUTED, DJ_NONE, opt->view.exclude};

    if ((rc = dj_mkdir_p(dir, err)))
        return rc;
    if ((rc = dj_status_new(&r.st, ds, &opt->view, err)) ||
        (rc = dj_status_new(&r.st_undisputed, ds, &undisputed, err)) ||
        (rc = dj_report_fits_start(&fits, ds, r.st, opt, dir, err))) /* report_stats.c */
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
    q.among = opt->among ? *opt->among : DJ_NONE; /* timelines, milestones of its members */
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
    if ((rc = rpt_write_file(&r, "theme.gp", dj_embedded_theme, dj_embedded_theme_size, err)))
        goto done;
    {
        /* the size of PNG charts, read by the scripts after the theme */
        dj_out *o;
        if ((rc = rpt_open(&r, &o, "size.gp", err)))
            goto done;
        dj_out_printf(o, "# chart size in pixels (PNG); SVG uses the same units\nwidth = %d\nheight = %d\n"
                         "# the formats each script writes, any of: png svg\nformats = '%s%s%s'\n",
                      opt->width, opt->height, opt->formats & DJ_FORMAT_PNG ? "png" : "",
                      (opt->formats & DJ_FORMAT_PNG) && (opt->formats & DJ_FORMAT_SVG) ? " " : "",
                      opt->formats & DJ_FORMAT_SVG ? "svg" : "");
        dj_out_str(o, "# fonts and margins against 1600x900\nfont_scale = ");
        dj_out_fixed(o, r.k, 4);
        dj_out_char(o, '\n');
        if ((rc = rpt_close(&r, o, "size.gp", err)))
            goto done;
    }
    if ((rc = rpt_charts_write(&r, err)))
        goto done;
    if (opt->animate && (rc = rpt_anim_write(&r, err)))
        goto done;
    if (opt->render && opt->formats)
        for (size_t i = 0; i < rpt_nchart; i++)
            if ((rc = render(&r, rpt_charts[i], err)))
                goto done;
    if (opt->render && opt->animate)
        if ((rc = render_gif(&r, "map-animated", err)) || (rc = render_gif(&r, "cumulative-animated", err)))
            goto done;
    if ((rc = dj_report_stats(ds, opt, dir, stats_written, &r, fits, err))) /* report_stats.c */
        goto done;
    /* the page last: it holds the rendered charts */
    rc = rpt_html_write(&r, err);
done:
    dj_report_fits_free(fits);
    dj_status_free(r.st);
    dj_status_free(r.st_undisputed);
    return rc;
}
