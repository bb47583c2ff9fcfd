/*
 * report_charts.c - the chart scripts of a report, and the small data
 * files only the charts read.
 *
 * Every chart is a gnuplot script that loads size.gp and theme.gp and
 * reads CSV files written beside it, so that a user can restyle a chart
 * with gnuplot alone. Layout that gnuplot cannot do well - where the
 * annotation labels of the cumulative chart go so that none overlaps,
 * panel and margin geometry, which holdouts fit on a line - is computed
 * here, in pixels of the requested size, and written as numbers.
 *
 * Invariant: a string from data reaches a script only through
 * dj_out_gp_string() (a literal that can run nothing) or as a CSV field
 * that gnuplot reads as data (strcol), never as script text.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/dataset_impl.h"
#include "dejure/tables.h"
#include "report/report_impl.h"

/* plots/theme.gp and datasets/world/countries-110m.txt, compiled in */
extern const char dj_embedded_world[];
extern const size_t dj_embedded_world_size;

const char *const rpt_charts[] = {"cumulative", "coverage", "per-year", "standing", "map", "compare"};
const size_t rpt_nchart = sizeof rpt_charts / sizeof *rpt_charts;
const char *const rpt_chart_captions[] = {
    "States recognising over time",
    "Share of each bloc's members recognising",
    "Recognitions and withdrawals per year",
    "Where each bloc stands",
    "Status by country",
    "Every subject of the dataset: states recognising, by years since its declaration",
};

/* A length in pixels of the 1600x900 default, at the report's scale. */
#define PX(v) ((v) * r->k)

/* ---- label layout ---- */

static int boxes_overlap(double a0, double a1, double b0, double b1, double gap)
{
    return a0 < b1 + gap && b0 < a1 + gap;
}

/* 1 when a box [x0, x1] in `row` for a label anchored at x keeps `gap`
   from every box already placed in that row; with `lines`, also when no
   anchor line crosses a box: each label's line runs from its box down to
   the axis, through every row below its own. */
static int row_free(const dj_label_box *l, size_t placed, int row, double x, double x0,
                    double x1, double gap, int lines)
{
    for (size_t j = 0; j < placed; j++) {
        if (l[j].row == row && boxes_overlap(x0, x1, l[j].x0, l[j].x1, gap))
            return 0;
        if (!lines)
            continue;
        /* an earlier label's line through this box */
        if (l[j].row < row && l[j].x > x0 - gap / 2 && l[j].x < x1 + gap / 2)
            return 0;
        /* this label's line through an earlier label's box below */
        if (l[j].row > row && x > l[j].x0 - gap / 2 && x < l[j].x1 + gap / 2)
            return 0;
    }
    return 1;
}

int dj_label_layout(dj_label_box *l, size_t n, double plot_width, double gap)
{
    int rows = 0;
    for (size_t i = 0; i < n; i++) {
        double w = l[i].width, x = l[i].x;
        /* candidate boxes, each spanning the anchor: right of it, left of
           it, and, where one side runs off the plot, that box pushed back
           inside, against the plot's edge */
        int nc = 0, side[4];
        double cand[4];
        if (x + w <= plot_width) {
            cand[nc] = x;
            side[nc++] = 0;
        }
        if (x - w >= 0) {
            cand[nc] = x - w;
            side[nc++] = 1;
        }
        if (x + w > plot_width) {
            cand[nc] = plot_width - w > 0 ? plot_width - w : 0;
            side[nc++] = 0;
        }
        if (x - w < 0 && x + w > plot_width) {
            cand[nc] = 0;
            side[nc++] = 0;
        }
        /* first the rows so far and one more, crossing no line; failing
           that (a box that must span an earlier anchor), any free row */
        int done = 0;
        for (int lines = 1; lines >= 0 && !done; lines--)
            for (int row = 0; row <= rows && !done; row++)
                for (int k = 0; k < nc && !done; k++)
                    if (row_free(l, i, row, x, cand[k], cand[k] + w, gap, lines)) {
                        l[i].row = row;
                        l[i].right = side[k];
                        l[i].x0 = cand[k];
                        l[i].x1 = cand[k] + w;
                        if (row >= rows)
                            rows = row + 1;
                        done = 1;
                    }
    }
    return rows;
}

void rpt_sort_by_name(const report *r, uint32_t *e, size_t n)
{
    /* insertion sort: holdout lists are short, and this keeps ties stable */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(dj_dataset_entity_name(r->ds, e[j - 1]),
                                           dj_dataset_entity_name(r->ds, e[j])) > 0; j--) {
            uint32_t t = e[j];
            e[j] = e[j - 1];
            e[j - 1] = t;
        }
}

double rpt_text_width(const char *s, double pt)
{
    size_t chars = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) /* count code points */
            chars++;
    return (double)chars * pt * RPT_CHAR_EM;
}

/*
 * A text field of a CSV file that only charts read, as gnuplot's `with
 * labels` shows it literally: always quoted, a quote inside written as
 * the escape \042 (gnuplot 5.4 loses the field when a doubled quote is
 * followed by a comma in it), and backslashes doubled, since gnuplot
 * reads backslash escapes in label text from data; control characters
 * become spaces. Labels read this way must come straight from a column
 * (using ...:3), not via strcol(), which would unescape a second time.
 */
static void csv_text(dj_out *o, const char *s)
{
    dj_out_char(o, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"')
            dj_out_str(o, "\\042");
        else if (c == '\\')
            dj_out_str(o, "\\\\");
        else if (c < 0x20 || c == 0x7f)
            dj_out_char(o, ' ');
        else
            dj_out_char(o, (char)c);
    }
    dj_out_char(o, '"');
}

/* Copies s into buf (size bytes), cut with an ellipsis so that it is at
   most `px` pixels wide at font size `pt`; cuts between code points. */
static void fit_text(char *buf, size_t size, const char *s, double px, double pt)
{
    snprintf(buf, size, "%s", s);
    if (rpt_text_width(buf, pt) <= px)
        return;
    size_t n = strlen(buf);
    while (n > 0) {
        do
            n--;
        while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80);
        if (n + 4 > size)
            continue;
        memcpy(buf + n, "\xe2\x80\xa6", 4); /* U+2026 and the NUL */
        if (rpt_text_width(buf, pt) <= px)
            return;
    }
}

/* ---- script pieces ---- */

/* The plot area in pixels from the image's edges. */
typedef struct frame {
    double left, right, top, bottom;
} frame;

static double frame_width(const report *r, const frame *f)
{
    return r->opt->width - f->left - f->right;
}

static double frame_height(const report *r, const frame *f)
{
    return r->opt->height - f->top - f->bottom;
}

/* Default margins: room for tic labels, the title and the source line. */
static frame default_frame(const report *r)
{
    frame f;
    f.left = PX(90);
    f.right = PX(40);
    f.top = PX(84);
    f.bottom = PX(84);
    return f;
}

static void num(dj_out *o, double v, int decimals)
{
    dj_out_fixed(o, v, decimals);
}

static void set_frame(const report *r, dj_out *o, const frame *fr)
{
    double w = r->opt->width, h = r->opt->height;
    /* tiny sizes: margins give way, so that the plot keeps at least 40
       pixels (or 40 % of a tinier side): gnuplot refuses an empty plot */
    frame shrunk = *fr, *f = &shrunk;
    double min_w = 0.4 * w < 40 ? 0.4 * w : 40, min_h = 0.4 * h < 40 ? 0.4 * h : 40;
    if (w - f->left - f->right < min_w) {
        double s = (w - min_w) / (f->left + f->right);
        f->left *= s;
        f->right *= s;
    }
    if (h - f->top - f->bottom < min_h) {
        double s = (h - min_h) / (f->top + f->bottom);
        f->top *= s;
        f->bottom *= s;
    }
    dj_out_str(o, "set lmargin at screen ");
    num(o, f->left / w, 5);
    dj_out_str(o, "\nset rmargin at screen ");
    num(o, 1 - f->right / w, 5);
    dj_out_str(o, "\nset tmargin at screen ");
    num(o, 1 - f->top / h, 5);
    dj_out_str(o, "\nset bmargin at screen ");
    num(o, f->bottom / h, 5);
    dj_out_char(o, '\n');
}

size_t rpt_sourced_events(const dj_dataset *ds, uint32_t subject, size_t *nevents)
{
    size_t n = 0, all = 0;
    for (size_t i = 0; i < dj_dataset_event_count(ds); i++) {
        dj_event_info e;
        dj_dataset_event(ds, i, &e);
        if (e.subject != subject)
            continue;
        all++;
        n += e.source[0] != '\0';
    }
    *nevents = all;
    return n;
}

void rpt_events_text(char *buf, size_t size, size_t n, size_t sourced)
{
    if (n == 0)
        snprintf(buf, size, "no events");
    else if (sourced == n)
        snprintf(buf, size, n == 1 ? "1 event, with its source" : "%zu events, each with its source", n);
    else
        snprintf(buf, size, "%zu of %zu %s with a source", sourced, n, n == 1 ? "event" : "events");
}

void rpt_source_text(char *buf, size_t size, const dj_dataset *ds, size_t n, size_t sourced,
                     const char *view_title, const char *at)
{
    char events[96];
    rpt_events_text(events, sizeof events, n, sourced);
    snprintf(buf, size, "Source: dejure, dataset \"%s\" (%s); %s; as of %s", dj_dataset_name(ds), events,
             view_title, at);
}

static void script_head(report *r, dj_out *o, const char *name, const char *what,
                        const char *title_what)
{
    char t[1600];
    dj_out_printf(o, "# %s.gp - %s.\n# Written by dejure; reads only the files beside it.\n"
                     "# Run it on its own with: gnuplot %s.gp\n", name, what, name);
    dj_out_str(o, "reset\nload 'size.gp'\nload 'theme.gp'\n");
    rpt_source_text(t, sizeof t, r->ds, r->nevents, r->sourced, r->view_title, r->at);
    char fit[1600];
    fit_text(fit, sizeof fit, t, r->opt->width - PX(28), PX(11));
    dj_out_str(o, "source_line = ");
    dj_out_gp_string(o, fit);
    snprintf(t, sizeof t, "%s: %s", dj_dataset_entity_name(r->ds, r->opt->subject), title_what);
    fit_text(fit, sizeof fit, t, r->opt->width - PX(28), PX(19));
    dj_out_str(o, "\ntitle_line = ");
    dj_out_gp_string(o, fit);
    snprintf(t, sizeof t, "%s, as of %s", r->view_title, r->at);
    fit_text(fit, sizeof fit, t, r->opt->width - PX(28), PX(RPT_FONT_SMALL));
    dj_out_str(o, "\nsubtitle_line = ");
    dj_out_gp_string(o, fit);
    dj_out_str(o, "\n");
}

/* The loop over formats, then title, subtitle and source line as screen
   labels (they stay put in multiplots); the body follows. */
static void begin_formats(report *r, dj_out *o, const char *name)
{
    dj_out_printf(o, "do for [fmt in formats] {\n"
                     "if (fmt eq 'svg') {\n"
                     "    set terminal svg size width,height font term_font noenhanced background rgb 'white'\n"
                     "} else {\n"
                     "    set terminal pngcairo size width,height font term_font noenhanced background rgb 'white'\n"
                     "}\n"
                     "set output outprefix.'%s.'.fmt\n", name);
    /* inside the loop: a multiplot unsets them after its first panel */
    double h = r->opt->height;
    dj_out_str(o, "unset title\nset label 101 title_line at screen ");
    num(o, PX(14.0) / r->opt->width, 5);
    dj_out_str(o, ", screen ");
    num(o, 1 - PX(30.0) / h, 5);
    dj_out_str(o, " left font f_title textcolor rgb c_text front\nset label 102 subtitle_line at screen ");
    num(o, PX(14.0) / r->opt->width, 5);
    dj_out_str(o, ", screen ");
    num(o, 1 - PX(58.0) / h, 5);
    dj_out_str(o, " left font f_label textcolor rgb c_muted front\nset label 103 source_line at screen ");
    num(o, PX(14.0) / r->opt->width, 5);
    dj_out_str(o, ", screen ");
    num(o, PX(16.0) / h, 5);
    dj_out_str(o, " left font f_note textcolor rgb c_muted front\n");
}

/* A plot command built from parts, each joined to the last by ", \";
   a part is only added when it has points to draw, since gnuplot warns
   about a data file with no valid points. */
typedef struct plot_cmd {
    dj_out *o;
    int n;
} plot_cmd;

static void plot_part(plot_cmd *p, const char *text)
{
    dj_out_str(p->o, p->n++ ? ", \\\n    " : "plot \\\n    ");
    dj_out_str(p->o, text);
}

static void plot_end(plot_cmd *p)
{
    if (p->n == 0) /* nothing to draw: an empty frame, without a warning */
        dj_out_str(p->o, "unset xdata\nset xrange [0:1]\nset yrange [0:1]\nset format x ''\nset format y ''\n"
                         "plot -1 notitle");
    dj_out_char(p->o, '\n');
}

/* Recognitions (interval starts) and withdrawals (interval ends) of the
   subject between the chart's start and the as-of date, in the view. */
static void count_changes(const report *r, size_t *starts, size_t *ends)
{
    size_t n;
    const dj_interval *iv = dj_status_intervals(r->st, r->opt->subject, &n);
    *starts = *ends = 0;
    for (size_t i = 0; i < n; i++) {
        if (iv[i].start >= r->start && iv[i].start <= r->opt->at)
            ++*starts;
        if (iv[i].end != DJ_DATE_MAX && iv[i].end >= r->start && iv[i].end <= r->opt->at)
            ++*ends;
    }
}

static void end_formats(dj_out *o)
{
    dj_out_str(o, "set output\n}\n");
}

static int finish_script(report *r, dj_out *o, const char *name, dj_error *err)
{
    char file[64];
    snprintf(file, sizeof file, "%s.gp", name);
    return rpt_close(r, o, file, err);
}

/* Year tics on a time axis from `from` to `to`, a step that leaves each
   label about 70 pixels. */
static void year_tics(report *r, dj_out *o, const frame *f, dj_date from, dj_date to,
                      int labels)
{
    int y0, y1, m0;
    dj_date_to_ymd(from, &y0, &m0, NULL);
    dj_date_to_ymd(to, &y1, NULL, NULL);
    double px = frame_width(r, f);
    const char *sep = "";
    dj_out_str(o, "set xtics (");
    if ((double)(to - from) >= 3 * 365.25) {
        /* years, every 1, 2, 5, 10... so that a label has ~64 pixels */
        int years = y1 - y0 + 1, step = 1;
        while (step < 1000 && px / ((double)years / step) < PX(64))
            step = step == 1 ? 2 : step == 2 ? 5 : step * 2;
        for (int y = y0; y <= y1; y++) {
            if (dj_date_from_ymd(y, 1, 1) < from || y % step)
                continue;
            if (labels)
                dj_out_printf(o, "%s\"%04d\" \"%04d-01-01\"", sep, y, y);
            else
                dj_out_printf(o, "%s\"\" \"%04d-01-01\"", sep, y);
            sep = ", ";
        }
    } else {
        /* a short span: months, every 1, 2, 3, 6 or 12, ~90 pixels a label */
        static const int steps[] = {1, 2, 3, 6, 12};
        int months = (y1 - y0) * 12 + 12, k = 0;
        while (k < 4 && px / ((double)months / steps[k]) < PX(90))
            k++;
        for (int y = y0, m = m0; dj_date_from_ymd(y, m, 1) <= to;) {
            dj_date d = dj_date_from_ymd(y, m, 1);
            if (d >= from && (m - 1) % steps[k] == 0) {
                if (labels)
                    dj_out_printf(o, "%s\"%04d-%02d\" \"%04d-%02d-01\"", sep, y, m, y, m);
                else
                    dj_out_printf(o, "%s\"\" \"%04d-%02d-01\"", sep, y, m);
                sep = ", ";
            }
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    dj_out_str(o, ")\nset mxtics default\n");
}

/* The time axis of the cumulative and coverage charts: from the start to
   the as-of date, and at least a month wide, so that a report dated on
   the declaration (or before it) still has a range to draw. */
static void time_span(const report *r, dj_date *from, dj_date *to)
{
    *from = r->start;
    *to = r->opt->at;
    if (*to - *from < 30)
        *to = *from + 30;
}

static void x_time_range(dj_out *o, dj_date from, dj_date to)
{
    char a[DJ_DATE_BUFSIZE], b[DJ_DATE_BUFSIZE];
    dj_date_format(a, from, DJ_PREC_DAY);
    dj_date_format(b, to, DJ_PREC_DAY);
    dj_out_printf(o, "set xdata time\nset timefmt '%%Y-%%m-%%d'\nset xrange ['%s':'%s']\n", a, b);
}

/* ---- 1. cumulative ---- */

typedef struct label_in {
    dj_date date;
    const char *text;
    int mark;        /* 1: draw a point on the line (the 100th) */
} label_in;

/* Actors recognising the subject at the end of `date` in status st. */
static uint32_t total_on(const report *r, const dj_status *st, dj_date date)
{
    uint32_t n = 0;
    for (uint32_t e = 0; e < dj_dataset_entity_count(r->ds); e++)
        n += (uint32_t)dj_status_recognizes(st, r->opt->subject, e, date);
    return n;
}

/* Reads cumulative.csv's numbers back from the series: the highest total
   of either view, and whether the two views ever differ. */
static int cumulative_extent(report *r, uint32_t *max_total, int *differ, dj_error *err)
{
    dj_dates dates;
    dj_series a, u;
    int rc;
    dj_dates_init(&dates);
    *max_total = 0;
    *differ = 0;
    if ((rc = dj_change_dates(&dates, r->ds, r->st, r->opt->subject, NULL, 0, r->start, r->opt->at)) ||
        (rc = dj_change_dates(&dates, r->ds, r->st_undisputed, r->opt->subject, NULL, 0, r->start, r->opt->at)) ||
        (rc = dj_dates_push(&dates, r->opt->at))) {
        dj_dates_dispose(&dates);
        return dj_error_set(err, rc, "out of memory");
    }
    dj_dates_unique(&dates);
    if ((rc = dj_series_eval(&a, r->ds, r->st, r->opt->subject, NULL, 0, dates.v, dates.n, err)))
        goto done;
    if ((rc = dj_series_eval(&u, r->ds, r->st_undisputed, r->opt->subject, NULL, 0, dates.v, dates.n, err))) {
        dj_series_dispose(&a);
        goto done;
    }
    for (size_t d = 0; d < dates.n; d++) {
        if (a.total[d] > *max_total) *max_total = a.total[d];
        if (u.total[d] > *max_total) *max_total = u.total[d];
        if (a.total[d] != u.total[d]) *differ = 1;
    }
    dj_series_dispose(&a);
    dj_series_dispose(&u);
done:
    dj_dates_dispose(&dates);
    return rc;
}

static int cumulative_gp(report *r, dj_error *err)
{
    dj_out *o = NULL, *lo = NULL;
    dj_milestone *m = NULL;
    size_t nm = 0, nann = dj_dataset_annotation_count(r->ds), nl = 0;
    const dj_annotation *ann = dj_dataset_annotations(r->ds);
    label_in *in = NULL;
    dj_label_box *box = NULL;
    char hundredth[600];
    uint32_t max_total;
    int differ, rc;

    if ((rc = cumulative_extent(r, &max_total, &differ, err)) ||
        (rc = dj_milestones(&m, &nm, r->ds, r->st, r->opt->subject, r->opt->among ? *r->opt->among : DJ_NONE, r->opt->at, err)))
        goto done;
    in = dj_malloc((nann + 1) * sizeof *in);
    box = dj_calloc(nann + 1, sizeof *box);
    if (!in || !box) {
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
        goto done;
    }
    /* annotations within the chart's time span, and the 100th, by date */
    int put100 = nm < 100;
    for (size_t i = 0; i <= nann; i++) {
        if (!put100 && (i == nann || m[99].date < ann[i].date)) {
            char d[DJ_DATE_TEXT_BUFSIZE]; /* "May 2009" when the data say no more */
            dj_date_period_text(d, sizeof d, m[99].date, m[99].precision);
            snprintf(hundredth, sizeof hundredth, "100th recognition: %s, %s",
                     dj_dataset_entity_name(r->ds, m[99].actor), d);
            in[nl].date = m[99].date;
            in[nl].mark = 1;
            in[nl++].text = hundredth;
            put100 = 1;
        }
        if (i < nann && ann[i].date >= r->start && ann[i].date <= r->opt->at &&
            (ann[i].subject == DJ_NONE || ann[i].subject == r->opt->subject)) {
            in[nl].date = ann[i].date;
            in[nl].mark = 0;
            in[nl++].text = ann[i].label;
        }
    }
    frame f = default_frame(r);
    double pw = frame_width(r, &f), ph = frame_height(r, &f);
    double span = (double)(r->opt->at - r->start);
    if (span < 1)
        span = 1;
    for (size_t i = 0; i < nl; i++) {
        box[i].x = (in[i].date - r->start) / span * pw;
        box[i].width = rpt_text_width(in[i].text, PX(RPT_FONT_SMALL)) + PX(12);
    }
    int rows = dj_label_layout(box, nl, pw, PX(10));
    double line_px = PX(RPT_FONT_SMALL * RPT_LINE_EM);
    double label_px = rows * line_px + (rows ? PX(12) : 0);
    /* leave the label rows free above the highest point */
    double top = max_total > 0 ? max_total : 1;
    double ytop = top * ph / (ph - label_px > ph * 0.3 ? ph - label_px : ph * 0.3);
    ytop = ceil(ytop * 1.02);

    /* cumulative-labels.csv: anchor date, text, left edge (seconds since
       1970, gnuplot's time unit), height in data units, and the height of
       a point to mark on the line (empty for none) */
    if ((rc = rpt_open(r, &lo, "cumulative-labels.csv", err)))
        goto done;
    dj_out_str(lo, "date,label,x,y,mark\n");
    for (size_t i = 0; i < nl; i++) {
        double x_days = r->start + box[i].x0 / pw * span + PX(6.0) / pw * span;
        double y = ytop * (1 - (PX(6) + (box[i].row + 0.5) * line_px) / ph);
        dj_out_date(lo, in[i].date);
        dj_out_char(lo, ',');
        csv_text(lo, in[i].text);
        dj_out_char(lo, ',');
        num(lo, x_days * 86400.0, 0);
        dj_out_char(lo, ',');
        num(lo, y, 3);
        dj_out_char(lo, ',');
        if (in[i].mark)
            dj_out_u64(lo, total_on(r, r->st, in[i].date));
        dj_out_char(lo, '\n');
    }
    if ((rc = rpt_close(r, lo, "cumulative-labels.csv", err)))
        goto done;

    if ((rc = rpt_open(r, &o, "cumulative.gp", err)))
        goto done;
    script_head(r, o, "cumulative", "recognitions over time, a step line", "states recognising");
    dj_date t0, t1;
    time_span(r, &t0, &t1);
    x_time_range(o, t0, t1);
    set_frame(r, o, &f);
    year_tics(r, o, &f, t0, t1, 1);
    dj_out_str(o, "set yrange [0:");
    num(o, ytop, 0);
    dj_out_str(o, "]\nset ytics nomirror\nset key bottom right reverse Left\n");
    if (r->opt->height < 360 || r->opt->width < 480) /* no room for a key */
        dj_out_str(o, "unset key\n");
    begin_formats(r, o, "cumulative");
    plot_cmd pc = {o, 0};
    size_t nrec, nwd;
    count_changes(r, &nrec, &nwd);
    if (nl) {
        plot_part(&pc, "'cumulative-labels.csv' skip 1 using 1:(0):(0):($4) with vectors nohead lc rgb c_annot lw 1.2 dt (3,4) notitle");
        plot_part(&pc, "'cumulative-labels.csv' skip 1 using ($3):4:2 with labels left font f_label textcolor rgb c_text notitle");
    }
    if (differ)
        plot_part(&pc, "'cumulative.csv' skip 1 using 1:3 with steps lt 2 lw 2.5 title 'undisputed events only'");
    plot_part(&pc, "'cumulative.csv' skip 1 using 1:2 with steps lt 1 title ");
    char t[700];
    if (r->opt->among)
        snprintf(t, sizeof t, differ ? "%s members, %s" : "%s members recognising, %s",
                 dj_dataset_bloc_code(r->ds, *r->opt->among), r->view_title);
    else
        snprintf(t, sizeof t, differ ? "%s" : "recognising, %s", r->view_title);
    dj_out_gp_string(o, t);
    if (nwd)
        plot_part(&pc, "'timeline.csv' skip 1 using 1:($3 > 0 ? $4 : 1/0) with points pt 11 ps 1.6 lc rgb c_withdrawn title 'withdrawal (count after it)'");
    if (nm >= 100)
        plot_part(&pc, "'cumulative-labels.csv' skip 1 using 1:5 with points pt 7 ps 1.6 lc rgb c_text title '100th recognition'");
    plot_end(&pc);
    end_formats(o);
    rc = finish_script(r, o, "cumulative", err);
done:
    dj_free(m);
    dj_free(in);
    dj_free(box);
    return rc;
}

/* ---- 2. coverage, small multiples ---- */

static frame coverage_frame(const report *r)
{
    frame f = default_frame(r);
    f.right = PX(150); /* the "24 / 28" labels at the last point */
    f.top = PX(104);
    f.bottom = PX(76);
    return f;
}

/* What each panel has to draw (see coverage_members_csv). */
enum { PANEL_LINE = 1, PANEL_CHANGES = 2, PANEL_LAST = 4 };

static int coverage_gp(report *r, const unsigned char *flags, dj_error *err)
{
    dj_out *o;
    size_t nb = r->opt->nblocs;
    int rc = rpt_open(r, &o, "coverage.gp", err);
    if (rc)
        return rc;
    script_head(r, o, "coverage", "share of each bloc's members recognising, one panel per bloc",
                "share of each bloc's members recognising");
    frame f = coverage_frame(r);
    dj_date t0, t1;
    time_span(r, &t0, &t1);
    x_time_range(o, t0, t1);
    dj_out_str(o, "set yrange [0:100]\nset ytics 0,50,100 format '%g%%'\nunset key\n");
    begin_formats(r, o, "coverage");
    dj_out_str(o, "set multiplot\n");
    double h = r->opt->height, gap = PX(34);
    double panel = nb ? (h - f.top - f.bottom - gap * (double)(nb - 1)) / (double)nb : 0;
    for (size_t b = 0; b < nb; b++) {
        frame p = f;
        p.top = f.top + (double)b * (panel + gap);
        p.bottom = h - p.top - panel;
        set_frame(r, o, &p);
        year_tics(r, o, &f, t0, t1, b + 1 == nb);
        dj_out_str(o, "set label 1 ");
        dj_out_gp_string(o, dj_dataset_bloc_name(r->ds, r->opt->blocs[b]));
        dj_out_str(o, " at graph 0.005, graph 1.0 left offset 0,0.75 font f_panel textcolor rgb c_text front\n");
        plot_cmd pc = {o, 0};
        char part[300];
        if (flags[b] & PANEL_LINE) {
            snprintf(part, sizeof part, "'coverage-panels.csv' skip 1 using 1:%zu with steps lt 1 lw 2.5", 4 + 3 * b);
            plot_part(&pc, part);
        }
        if (flags[b] & PANEL_CHANGES) {
            snprintf(part, sizeof part, "'coverage-members.csv' skip 1 using 1:($2 == %zu ? $6 : 1/0):5 with labels left "
                                        "offset char 0.6,0 font f_note textcolor rgb c_muted", b);
            plot_part(&pc, part);
            snprintf(part, sizeof part, "'coverage-members.csv' skip 1 using 1:($2 == %zu ? $6 : 1/0) with points pt 9 ps 0.8 "
                                        "lc rgb c_muted", b);
            plot_part(&pc, part);
        }
        if (flags[b] & PANEL_LAST) {
            snprintf(part, sizeof part, "'coverage-at.csv' skip %zu every ::0::0 using 1:5:(sprintf('%%d / %%d', $4, $3)) "
                                        "with labels left offset char 0.8,0 font f_value textcolor rgb c_text", b + 1);
            plot_part(&pc, part);
            snprintf(part, sizeof part, "'coverage-at.csv' skip %zu every ::0::0 using 1:5 with points pt 7 ps 1.1 "
                                        "lc rgb c_recognise", b + 1);
            plot_part(&pc, part);
        }
        plot_end(&pc);
        dj_out_str(o, "unset label 101\nunset label 102\nunset label 103\n");
    }
    if (nb == 0) {
        plot_cmd pc = {o, 0};
        set_frame(r, o, &f);
        plot_end(&pc);
    }
    dj_out_str(o, "unset multiplot\n");
    end_formats(o);
    return finish_script(r, o, "coverage", err);
}

/* coverage-members.csv: the days on which a bloc's membership changed,
   with the new count, for the panels' "a bloc grew" marks; the labels of
   one panel laid out so that none overlaps (y in percent). */
static int coverage_members_csv(report *r, double plot_width, unsigned char *flags, dj_error *err)
{
    dj_dates dates;
    dj_series s;
    dj_out *o = NULL;
    dj_label_box *box = NULL;
    int rc;
    dj_dates_init(&dates);
    if ((rc = dj_change_dates(&dates, r->ds, r->st, r->opt->subject, r->opt->blocs, r->opt->nblocs,
                              r->start, r->opt->at)) ||
        (rc = dj_dates_push(&dates, r->opt->at))) {
        dj_dates_dispose(&dates);
        return dj_error_set(err, rc, "out of memory");
    }
    dj_dates_unique(&dates);
    if ((rc = dj_series_eval(&s, r->ds, r->st, r->opt->subject, r->opt->blocs, r->opt->nblocs,
                             dates.v, dates.n, err))) {
        dj_dates_dispose(&dates);
        return rc;
    }
    box = dj_calloc(s.ndates ? s.ndates : 1, sizeof *box);
    if (!box) {
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
        goto done;
    }
    /* coverage-panels.csv: coverage-wide.csv's columns, on every change
       day and on the as-of date, so that each line runs to the end */
    if ((rc = rpt_open(r, &o, "coverage-panels.csv", err)))
        goto done;
    dj_out_str(o, "date");
    for (size_t b = 0; b < r->opt->nblocs; b++) {
        const char *code = dj_dataset_bloc_code(r->ds, r->opt->blocs[b]);
        dj_out_str(o, ",");
        dj_out_csv(o, code);
        dj_out_str(o, "_members,");
        dj_out_csv(o, code);
        dj_out_str(o, "_recognizing,");
        dj_out_csv(o, code);
        dj_out_str(o, "_percent");
    }
    dj_out_char(o, '\n');
    for (size_t d = 0; d < s.ndates; d++) {
        dj_out_date(o, s.dates[d]);
        for (size_t b = 0; b < r->opt->nblocs; b++) {
            uint32_t m = s.members[b * s.ndates + d], k = s.recognizing[b * s.ndates + d];
            dj_out_char(o, ',');
            dj_out_u64(o, m);
            dj_out_char(o, ',');
            dj_out_u64(o, k);
            dj_out_char(o, ',');
            dj_out_percent(o, k, m);
        }
        dj_out_char(o, '\n');
    }
    if ((rc = rpt_close(r, o, "coverage-panels.csv", err)))
        goto done;
    if ((rc = rpt_open(r, &o, "coverage-members.csv", err)))
        goto done;
    dj_out_str(o, "date,panel,bloc,members,label,y\n");
    double span = r->opt->at > r->start ? (double)(r->opt->at - r->start) : 1;
    for (size_t b = 0; b < r->opt->nblocs; b++) {
        size_t nl = 0;
        char text[64];
        flags[b] = 0;
        for (size_t d = 0; d < s.ndates; d++)
            if (s.members[b * s.ndates + d])
                flags[b] |= PANEL_LINE;
        if (s.ndates && s.members[b * s.ndates + s.ndates - 1])
            flags[b] |= PANEL_LAST;
        for (size_t d = 1; d < s.ndates; d++) {
            size_t k = b * s.ndates + d;
            if (s.members[k] == s.members[k - 1])
                continue;
            snprintf(text, sizeof text, "%u members", (unsigned)s.members[k]);
            flags[b] |= PANEL_CHANGES;
            box[nl].x = (s.dates[d] - r->start) / span * plot_width;
            box[nl++].width = rpt_text_width(text, PX(11)) + PX(14);
        }
        /* labels stack upwards from the panel's foot */
        dj_label_layout(box, nl, plot_width + PX(140), PX(6));
        nl = 0;
        for (size_t d = 1; d < s.ndates; d++) {
            size_t k = b * s.ndates + d;
            if (s.members[k] == s.members[k - 1])
                continue;
            dj_out_date(o, s.dates[d]);
            dj_out_char(o, ',');
            dj_out_u64(o, b);
            dj_out_char(o, ',');
            dj_out_csv(o, dj_dataset_bloc_code(r->ds, r->opt->blocs[b]));
            dj_out_char(o, ',');
            dj_out_u64(o, s.members[k]);
            dj_out_printf(o, ",%u members,", (unsigned)s.members[k]);
            dj_out_u64(o, 9 + 17 * (uint64_t)box[nl++].row);
            dj_out_char(o, '\n');
        }
    }
    rc = rpt_close(r, o, "coverage-members.csv", err);
done:
    dj_free(box);
    dj_series_dispose(&s);
    dj_dates_dispose(&dates);
    return rc;
}

/* ---- 3. per year ---- */

/* The most recognitions and withdrawals of any year, for the y range
   (gnuplot's autoscale leaves out zero, and warns on a single bar). */
static int per_year_extent(report *r, uint32_t *most_rec, uint32_t *most_wd, dj_error *err)
{
    dj_dates years;
    uint32_t *rec = NULL, *wd = NULL;
    int rc;
    *most_rec = *most_wd = 0;
    dj_dates_init(&years);
    if ((rc = dj_grid_dates(&years, DJ_GRID_YEAR, r->start, r->opt->at)))
        goto oom;
    rec = dj_calloc(years.n ? years.n : 1, sizeof *rec);
    wd = dj_calloc(years.n ? years.n : 1, sizeof *wd);
    if (!rec || !wd || (rc = dj_transitions(rec, wd, NULL, NULL, r->st, r->opt->subject, r->start, years.v, years.n)))
        goto oom;
    for (size_t i = 0; i < years.n; i++) {
        if (rec[i] > *most_rec) *most_rec = rec[i];
        if (wd[i] > *most_wd) *most_wd = wd[i];
    }
    dj_free(rec);
    dj_free(wd);
    dj_dates_dispose(&years);
    return 0;
oom:
    dj_free(rec);
    dj_free(wd);
    dj_dates_dispose(&years);
    return dj_error_set(err, DJ_ENOMEM, "out of memory");
}

static int per_year_gp(report *r, dj_error *err)
{
    dj_out *o;
    uint32_t most_rec, most_wd;
    int rc = per_year_extent(r, &most_rec, &most_wd, err);
    if (rc || (rc = rpt_open(r, &o, "per-year.gp", err)))
        return rc;
    script_head(r, o, "per-year", "recognitions and withdrawals per year, bars",
                "recognitions and withdrawals per year");
    frame f = default_frame(r);
    int y0, y1;
    dj_date_to_ymd(r->start, &y0, NULL, NULL);
    dj_date_to_ymd(r->opt->at, &y1, NULL, NULL);
    int years = y1 - y0 + 1, step = 1;
    while (frame_width(r, &f) / ((double)years / step) < PX(56))
        step++;
    set_frame(r, o, &f);
    dj_out_printf(o, "set xrange [%d.4:%d.6]\nset xtics %d,%d format '%%.0f' scale 0\n", y0 - 1, y1, y0, step);
    dj_out_str(o, "set ylabel 'states' textcolor rgb c_muted\nset grid noxtics ytics\n"
                  "set xzeroaxis lt -1 lw 1 lc rgb '#555555'\nset boxwidth 0.72\nset key top right\n"
                  "# the year digit by digit: gnuplot reads '0999' as an octal number\n"
                  "year(c) = (s_ = strcol(c), 1000 * real(s_[1:1]) + 100 * real(s_[2:2]) + 10 * real(s_[3:3]) + real(s_[4:4]))\n");
    if (r->opt->height < 360 || r->opt->width < 480) /* no room for a key */
        dj_out_str(o, "unset key\n");
    /* room above and below the bars for their numbers */
    dj_out_str(o, "set yrange [");
    num(o, most_wd ? -(most_wd * 1.25 + 1.5) : -0.5, 2);
    dj_out_char(o, ':');
    num(o, most_rec * 1.1 + 1.5, 2);
    dj_out_str(o, "]\n");
    begin_formats(r, o, "per-year");
    plot_cmd pc = {o, 0};
    size_t nrec, nwd;
    count_changes(r, &nrec, &nwd);
    plot_part(&pc, "'timeline-year.csv' skip 1 using (year(1)):2 with boxes lc rgb c_recognise title 'recognitions'");
    if (nwd)
        plot_part(&pc, "'timeline-year.csv' skip 1 using (year(1)):($3 > 0 ? -$3 : 1/0) with boxes lc rgb c_withdrawn dt solid lw 1.5 fs pattern 2 border lc rgb c_withdrawn title 'withdrawals (below zero)'");
    if (nrec)
        plot_part(&pc, "'timeline-year.csv' skip 1 using (year(1)):($2 > 0 ? $2 : 1/0):(sprintf('%d', $2)) with labels offset 0,0.7 font f_label textcolor rgb c_text notitle");
    if (nwd)
        plot_part(&pc, "'timeline-year.csv' skip 1 using (year(1)):($3 > 0 ? -$3 : 1/0):(sprintf('%d', $3)) with labels offset 0,-0.7 font f_label textcolor rgb c_withdrawn notitle");
    plot_end(&pc);
    end_formats(o);
    return finish_script(r, o, "per-year", err);
}

/* ---- 4. bloc standing on the as-of date ---- */

static int standing_csv(report *r, double name_px, double holdout_px, size_t *nwith, dj_error *err)
{
    dj_out *o;
    int rc = rpt_open(r, &o, "standing.csv", err);
    if (rc)
        return rc;
    dj_out_str(o, "row,bloc,name,members,recognizing,percent,holdouts\n");
    *nwith = 0;
    for (size_t b = 0; b < r->opt->nblocs; b++) {
        uint32_t bloc = r->opt->blocs[b], *h = NULL;
        size_t nh = 0, members = 0;
        const dj_membership *ms = dj_dataset_memberships(r->ds);
        for (size_t i = 0; i < dj_dataset_membership_count(r->ds); i++)
            if (ms[i].bloc == bloc && ms[i].joined <= r->opt->at && r->opt->at < ms[i].left)
                members++;
        if ((rc = dj_holdouts(&h, &nh, r->ds, r->st, r->opt->subject, bloc, r->opt->at, err))) {
            dj_out_abort(o);
            return rc;
        }
        /* members may hold an entity twice (two spans); count the distinct
           ones the way holdouts do */
        size_t rec = 0;
        for (size_t i = 0; i < dj_dataset_membership_count(r->ds); i++)
            if (ms[i].bloc == bloc && ms[i].joined <= r->opt->at && r->opt->at < ms[i].left &&
                dj_status_recognizes(r->st, r->opt->subject, ms[i].member, r->opt->at))
                rec++;
        if (members)
            ++*nwith;
        dj_out_u64(o, b);
        dj_out_char(o, ',');
        dj_out_csv(o, dj_dataset_bloc_code(r->ds, bloc));
        dj_out_char(o, ',');
        char bname[512];
        fit_text(bname, sizeof bname, dj_dataset_bloc_name(r->ds, bloc), name_px, PX(15));
        csv_text(o, bname);
        dj_out_char(o, ',');
        dj_out_u64(o, members);
        dj_out_char(o, ',');
        dj_out_u64(o, rec);
        dj_out_char(o, ',');
        dj_out_percent(o, rec, members);
        dj_out_char(o, ',');
        rpt_sort_by_name(r, h, nh);
        /* as many holdout names as fit on the line, then "and N more";
           text widths add up, so each name is measured on its own */
        char line[2048];
        size_t used = 0;
        double pt = PX(RPT_FONT_SMALL), px = rpt_text_width("not recognising: ", pt);
        const double more_px = rpt_text_width(" and 999 more", pt);
        line[0] = '\0';
        if (nh == 0)
            snprintf(line, sizeof line, "%s", members ? "no holdouts" : "no members");
        else
            used = (size_t)snprintf(line, sizeof line, "not recognising: ");
        for (size_t i = 0; i < nh; i++) {
            const char *name = dj_dataset_entity_name(r->ds, h[i]);
            size_t len = strlen(name);
            px += rpt_text_width(name, pt) + (i ? rpt_text_width(", ", pt) : 0);
            if (used + len + 2 + 32 >= sizeof line || px + (i + 1 < nh ? more_px : 0) > holdout_px) {
                if (i == 0)
                    snprintf(line + used, sizeof line - used, "%zu members", nh);
                else
                    snprintf(line + used, sizeof line - used, " and %zu more", nh - i);
                break;
            }
            if (i) {
                memcpy(line + used, ", ", 2);
                used += 2;
            }
            memcpy(line + used, name, len + 1);
            used += len;
        }
        csv_text(o, line);
        dj_out_char(o, '\n');
        dj_free(h);
    }
    return rpt_close(r, o, "standing.csv", err);
}

static int standing_gp(report *r, dj_error *err)
{
    frame f = default_frame(r);
    double namew = 0;
    for (size_t b = 0; b < r->opt->nblocs; b++) {
        double w = rpt_text_width(dj_dataset_bloc_name(r->ds, r->opt->blocs[b]), PX(15));
        if (w > namew)
            namew = w;
    }
    if (namew > r->opt->width * 0.3)
        namew = r->opt->width * 0.3;
    f.left = namew + PX(30);
    f.right = PX(200);
    f.top = PX(100);
    size_t nwith;
    int rc = standing_csv(r, namew, r->opt->width - f.left - PX(30), &nwith, err);
    if (rc)
        return rc;
    dj_out *o;
    if ((rc = rpt_open(r, &o, "standing.gp", err)))
        return rc;
    script_head(r, o, "standing", "per bloc, members recognising and not, stacked horizontal bars",
                "where each bloc stands");
    /* rows at most ~150 pixels apart, so that one bloc is no slab: the
       frame shrinks, the axis stays under the bars */
    double rows = r->opt->nblocs ? (double)r->opt->nblocs : 1;
    double most = (rows + 1.25) * PX(150);
    if (frame_height(r, &f) > most)
        f.bottom = r->opt->height - f.top - most;
    set_frame(r, o, &f);
    dj_out_str(o, "set key at screen 0.985, screen ");
    num(o, 1 - PX(70.0) / r->opt->height, 5);
    dj_out_str(o, r->opt->height < 360 || r->opt->width < 480 ? " right top vertical\nunset key\n" : " right top vertical\n");
    dj_out_str(o, "set xrange [0:100]\nset yrange [");
    num(o, rows - 0.5, 3);
    dj_out_str(o, ":-0.75] noreverse\n");
    dj_out_str(o, "set xtics 0,25,100 format '%g%%'\nset grid xtics noytics\nunset ytics\n"
                  "set border 0\n"
                  "bar = 0.24\n");
    begin_formats(r, o, "standing");
    plot_cmd pc = {o, 0};
    if (r->opt->nblocs)
        plot_part(&pc, "'standing.csv' skip 1 using (0):1:3 with labels right offset char -1,0 font f_name textcolor rgb c_text notitle");
    if (nwith) {
        plot_part(&pc, "'standing.csv' skip 1 using ($6/2):1:($6/2):(bar) with boxxyerror lc rgb c_recognise fs solid 0.9 noborder title 'recognising'");
        plot_part(&pc, "'standing.csv' skip 1 using ((100+$6)/2):1:((100-$6)/2):(bar) with boxxyerror lc rgb c_not fs solid 1 noborder title 'not recognising'");
        plot_part(&pc, "'standing.csv' skip 1 using (100):1:(sprintf('%.1f%%  (%d / %d)', $6, $5, $4)) with labels left offset char 1,0 font f_panel textcolor rgb c_text notitle");
    }
    if (r->opt->nblocs)
        plot_part(&pc, "'standing.csv' skip 1 using (0):($1 + bar + 0.17):7 with labels left font f_label textcolor rgb c_muted notitle");
    plot_end(&pc);
    end_formats(o);
    return finish_script(r, o, "standing", err);
}

/* ---- 5. world map ---- */

/* The map's classes are those of `dejure status`, plus the subject. */
enum { ST_RECOGNISES = 0, ST_WITHDREW = 1, ST_FROZEN = 2, ST_NONE = 3, ST_SUBJECT = 4, ST_COUNT = 5 };
static const char *const st_word[ST_COUNT] = {"recognizes", "withdrew", "frozen", "none", "subject"};

/* Status of every entity that exists on the as-of date, as `dejure
   status --all` gives it in the report's view, and whether the views
   disagree about it (the undisputed view gives another status, or the
   event that set it is disputed): such states are outlined, never moved
   to another class. */
/* The outlines that stand for another entity on the as-of date
   (outlines.csv): Northern Cyprus on CYN, the Soviet Union on Russia's and
   the others' before 1991. Only those whose entity is the subject or has
   a status of its own are written, so that a map without them is the
   same bytes as before. *former: some alias is for a state that no
   longer exists today. Returns the number written, or a negative DJ_E*. */
static int map_aliases(report *r, const unsigned char *has_status, int *former, dj_error *err)
{
    size_t n = dj_dataset_outline_count(r->ds);
    int written = 0;
    dj_out *o = NULL;
    *former = 0;
    for (size_t i = 0; i < n; i++) {
        dj_outline x;
        dj_dataset_outline(r->ds, i, &x);
        if (!x.outline[0] || r->opt->at < x.from || r->opt->at >= x.until ||
            (x.entity != r->opt->subject && !has_status[x.entity]))
            continue;
        if (!o) {
            int rc = rpt_open(r, &o, "map-outlines.csv", err);
            if (rc)
                return rc < 0 ? rc : -rc;
            dj_out_str(o, "outline,code\n");
        }
        dj_out_csv(o, x.outline);
        dj_out_char(o, ',');
        dj_out_csv(o, dj_dataset_entity_code(r->ds, x.entity));
        dj_out_char(o, '\n');
        dj_date from, until;
        dj_dataset_entity_span(r->ds, x.entity, &from, &until);
        *former |= until != DJ_DATE_MAX;
        written++;
    }
    if (o) {
        int rc = rpt_close(r, o, "map-outlines.csv", err);
        if (rc)
            return rc < 0 ? rc : -rc;
    }
    return written;
}

static int map_csv(report *r, size_t count[ST_COUNT], size_t *ndisputed, int *naliases,
                   int *former, dj_error *err)
{
    dj_standing *v = NULL, *u = NULL;
    size_t n, nu, ne = dj_dataset_entity_count(r->ds);
    unsigned char *undisp = dj_calloc(ne + 1, 1);
    dj_out *o = NULL;
    int rc;
    memset(count, 0, ST_COUNT * sizeof *count);
    *ndisputed = 0;
    if (!undisp)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    if ((rc = dj_standings(&v, &n, r->ds, r->st, r->opt->subject, r->opt->at, DJ_NONE, 1, err)) ||
        (rc = dj_standings(&u, &nu, r->ds, r->st_undisputed, r->opt->subject, r->opt->at, DJ_NONE, 0, err)))
        goto done;
    for (size_t i = 0; i < nu; i++)
        undisp[u[i].actor] = (unsigned char)(1 + u[i].status);
    if ((rc = rpt_open(r, &o, "map.csv", err)))
        goto done;
    dj_out_str(o, "code,name,status,disputed\n");
    if (dj_dataset_entity_exists(r->ds, r->opt->subject, r->opt->at) ||
        dj_dataset_subject_find(r->ds, r->opt->subject) != DJ_NONE) {
        count[ST_SUBJECT]++;
        dj_out_csv(o, dj_dataset_entity_code(r->ds, r->opt->subject));
        dj_out_char(o, ',');
        dj_out_csv(o, dj_dataset_entity_name(r->ds, r->opt->subject));
        dj_out_str(o, ",subject,0\n");
    }
    for (size_t i = 0; i < n; i++) {
        int s = v[i].status == DJ_STANDING_RECOGNIZES ? ST_RECOGNISES
                : v[i].status == DJ_STANDING_WITHDREW ? ST_WITHDREW
                : v[i].status == DJ_STANDING_FROZEN ? ST_FROZEN : ST_NONE;
        int other = undisp[v[i].actor] ? undisp[v[i].actor] - 1 : DJ_STANDING_NONE;
        int disputed = 0;
        if (v[i].event != UINT32_MAX) {
            dj_event_info e;
            dj_dataset_event(r->ds, v[i].event, &e);
            disputed = e.ndisputed > 0;
        }
        disputed |= (other == DJ_STANDING_RECOGNIZES) != (v[i].status == DJ_STANDING_RECOGNIZES);
        count[s]++;
        *ndisputed += (size_t)disputed;
        dj_out_csv(o, dj_dataset_entity_code(r->ds, v[i].actor));
        dj_out_char(o, ',');
        dj_out_csv(o, dj_dataset_entity_name(r->ds, v[i].actor));
        dj_out_printf(o, ",%s,%d\n", st_word[s], disputed);
    }
    if ((rc = rpt_close(r, o, "map.csv", err)))
        goto done;
    /* undisp[] again, as "has a status of its own" for the aliases */
    memset(undisp, 0, ne + 1);
    for (size_t i = 0; i < n; i++)
        undisp[v[i].actor] = v[i].status != DJ_STANDING_NONE;
    *naliases = map_aliases(r, undisp, former, err);
    rc = *naliases < 0 ? -*naliases : 0;
done:
    dj_free(v);
    dj_free(u);
    dj_free(undisp);
    return rc;
}

/* The bounding box of outline `code` in the world file; 0 when it has
   none. */
static int outline_box(const char *code, double box[4])
{
    size_t cl = strlen(code);
    const char *p = dj_embedded_world, *end = p + dj_embedded_world_size;
    int found = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        double lon, lat;
        int at;
        /* "LON LAT CODE" - our own file. The code, at the end, is looked
           at first: only the outline's own points (a few dozen of some
           10,000) are worth parsing, with sscanf on a copy. */
        char line[128];
        size_t n = (size_t)(nl - p);
        if (n < sizeof line && n > cl && *p != '#' && p[n - cl - 1] == ' ' &&
            memcmp(p + n - cl, code, cl) == 0) {
            memcpy(line, p, n);
            line[n] = '\0';
            if (sscanf(line, "%lf %lf %n", &lon, &lat, &at) == 2 && strlen(line + at) == cl &&
                memcmp(line + at, code, cl) == 0) {
                if (!found || lon < box[0]) box[0] = lon;
                if (!found || lon > box[1]) box[1] = lon;
                if (!found || lat < box[2]) box[2] = lat;
                if (!found || lat > box[3]) box[3] = lat;
                found = 1;
            }
        }
        p = nl + 1;
    }
    return found;
}

/* The bounding box of the subject's own outline; 0 when it has none. */
static int subject_outline(const report *r, double box[4])
{
    return outline_box(dj_dataset_entity_code(r->ds, r->opt->subject), box);
}

/* "Not drawn at 1:110m: Andorra (recognizes), ..." for the states with a
   status of their own (not none) that have no outline in the world file,
   no other outline standing for them and no point; "" when there are
   none. *out is dj_malloc'ed. */
static int unseen_states(report *r, char **out, dj_error *err)
{
    dj_standing *v;
    size_t n, cap = 64, len = 0;
    *out = NULL;
    int rc = dj_standings(&v, &n, r->ds, r->st, r->opt->subject, r->opt->at, DJ_NONE, 0, err);
    if (rc)
        return rc;
    char *buf = dj_malloc(cap);
    if (!buf) {
        dj_free(v);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    buf[0] = '\0';
    /* grouped by status, in the legend's order */
    static const dj_standing_status order[] = {DJ_STANDING_RECOGNIZES, DJ_STANDING_WITHDREW,
                                               DJ_STANDING_FROZEN};
    for (size_t g = 0; g < 3; g++) {
        int first = 1;
        for (size_t i = 0; i < n; i++) {
            double box[4];
            uint32_t e = v[i].actor;
            if (v[i].status != order[g] || outline_box(dj_dataset_entity_code(r->ds, e), box))
                continue;
            int drawn = 0;
            for (size_t k = 0; k < dj_dataset_outline_count(r->ds) && !drawn; k++) {
                dj_outline x;
                dj_dataset_outline(r->ds, k, &x);
                drawn = x.entity == e && (x.point || (r->opt->at >= x.from && r->opt->at < x.until));
            }
            if (drawn)
                continue;
            const char *name = dj_dataset_entity_name(r->ds, e);
            size_t need = len + strlen(name) + 64;
            if (need > cap) {
                size_t ncap = cap;
                if (dj_grow(&buf, &ncap, need, 1)) {
                    dj_free(buf);
                    dj_free(v);
                    return dj_error_set(err, DJ_ENOMEM, "out of memory");
                }
                cap = ncap;
            }
            if (first)
                len += (size_t)snprintf(buf + len, cap - len, "%s%s: ",
                                        len ? "; " : "Too small to draw at 1:110m, ",
                                        dj_standing_status_name(order[g]));
            len += (size_t)snprintf(buf + len, cap - len, "%s%s", first ? "" : ", ", name);
            first = 0;
        }
    }
    dj_free(v);
    *out = buf;
    return 0;
}

/* Splits text into lines of at most `px` pixels, cut after a comma or a
   semicolon: up to `max` lines into line[] (each of `size` bytes). */
static int split_lines(const char *text, double px, double pt, char (*line)[600], int max)
{
    size_t used = 0, len = strlen(text);
    int k = 0;
    while (used < len && k < max) {
        size_t cut = len - used, best = 0;
        for (size_t j = 1; j <= cut && j < 599; j++) {
            char c = text[used + j - 1];
            if (j == cut || c == ',' || c == ';') {
                snprintf(line[k], 600, "%.*s", (int)j, text + used);
                if (rpt_text_width(line[k], pt) > px)
                    break;
                best = j;
            }
        }
        if (best == 0)
            best = cut < 599 ? cut : 599;
        snprintf(line[k], 600, "%.*s", (int)best, text + used);
        used += best;
        while (used < len && text[used] == ' ')
            used++;
        k++;
    }
    return k;
}

static int map_gp(report *r, dj_error *err)
{
    size_t count[ST_COUNT], ndisputed;
    double box[4] = {0, 0, 0, 0};
    int naliases = 0, former = 0;
    int rc = map_csv(r, count, &ndisputed, &naliases, &former, err);
    if (rc)
        return rc;
    if ((rc = rpt_write_file(r, "world-110m.txt", dj_embedded_world, dj_embedded_world_size, err)))
        return rc;
    int inset = subject_outline(r, box);
    /* a subject with no outline at this scale is a point, named so */
    int point = 0;
    double plon = 0, plat = 0;
    for (size_t i = 0; !inset && i < dj_dataset_outline_count(r->ds); i++) {
        dj_outline x;
        dj_dataset_outline(r->ds, i, &x);
        if (x.entity == r->opt->subject && x.point) {
            point = 1;
            plon = x.lon;
            plat = x.lat;
        }
    }
    if (!inset && !point)
        for (size_t i = 0; i < dj_dataset_outline_count(r->ds); i++) {
            dj_outline x;
            dj_dataset_outline(r->ds, i, &x);
            if (x.entity == r->opt->subject && x.outline[0] && r->opt->at >= x.from && r->opt->at < x.until)
                inset = outline_box(x.outline, box);
        }
    if (point) {
        box[0] = box[1] = plon;
        box[2] = box[3] = plat;
        inset = 1;
    }
    dj_out *o;
    if ((rc = rpt_open(r, &o, "map.gp", err)))
        return rc;
    script_head(r, o, "map", "status by country on the as-of date, Natural Earth 1:110m outlines",
                "status by country");
    dj_out_str(o, "# world-110m.txt: Natural Earth 1:110m country outlines (public domain), lon lat code\n"
                  "set datafile separator whitespace\n"
                  "# code -> class (0 recognizes .. 4 the subject) and whether it is\n"
                  "# disputed, read from map.csv (data, never script text)\n"
                  "status_of = ' '\n"
                  "class(w) = w eq 'recognizes' ? 0 : w eq 'withdrew' ? 1 : w eq 'frozen' ? 2 : w eq 'none' ? 3 : w eq 'subject' ? 4 : 5\n"
                  "set datafile separator comma\n"
                  "set table $discard\n"
                  "plot 'map.csv' skip 1 using (status_of = status_of.strcol(1).'='.sprintf('%d%d', class(strcol(3)), $4).' ', 0):(0) with table\n"
                  "unset table\n"
                  "undefine $discard\n"
                  );
    if (!naliases)
        dj_out_str(o, "status(c) = (p_ = strstrt(status_of, ' '.c.'='), p_ > 0 ? int(status_of[p_+strlen(c)+2:p_+strlen(c)+2]) : 5)\n"
                      "disputed(c) = (p_ = strstrt(status_of, ' '.c.'='), p_ > 0 ? int(status_of[p_+strlen(c)+3:p_+strlen(c)+3]) : 0)\n");
    else
        /* outlines that stand for another entity (map-outlines.csv): the
           outline's code is looked up as that entity's */
        dj_out_str(o, "alias_of = ' '\n"
                      "set datafile separator comma\n"
                      "set table $discard\n"
                      "plot 'map-outlines.csv' skip 1 using (alias_of = alias_of.strcol(1).'='.strcol(2).' ', 0):(0) with table\n"
                      "unset table\n"
                      "undefine $discard\n"
                      "code_of(c) = (q_ = strstrt(alias_of, ' '.c.'='), q_ > 0 ? (s_ = alias_of[q_+strlen(c)+2:], s_[1:strstrt(s_, ' ')-1]) : c)\n"
                      "status(c) = (k_ = code_of(c), p_ = strstrt(status_of, ' '.k_.'='), p_ > 0 ? int(status_of[p_+strlen(k_)+2:p_+strlen(k_)+2]) : 5)\n"
                      "disputed(c) = (k_ = code_of(c), p_ = strstrt(status_of, ' '.k_.'='), p_ > 0 ? int(status_of[p_+strlen(k_)+3:p_+strlen(k_)+3]) : 0)\n");
    dj_out_str(o, ""
                  "colour(s) = s == 0 ? 0x0072B2 : s == 1 ? 0xD55E00 : s == 2 ? 0xCC79A7 : s == 3 ? 0xC8C8C8 : s == 4 ? 0xE69F00 : 0xF0F0F0\n"
                  "# Equal Earth projection (Savric, Patterson & Jenny 2018), lon/lat in degrees\n"
                  "EA1 = 1.340264; EA2 = -0.081106; EA3 = 0.000893; EA4 = 0.003796\n"
                  "eq_t(lat) = asin(sqrt(3.0) / 2 * sin(lat * pi / 180))\n"
                  "eq_x(lon, lat) = (t_ = eq_t(lat), 2 * sqrt(3.0) * lon * pi / 180 * cos(t_) / (3 * (EA1 + 3*EA2*t_**2 + t_**6 * (7*EA3 + 9*EA4*t_**2))))\n"
                  "eq_y(lon, lat) = (t_ = eq_t(lat), t_ * (EA1 + EA2*t_**2 + t_**6 * (EA3 + EA4*t_**2)))\n"
                  "set datafile separator whitespace\n"
                  "unset border\nunset tics\nunset grid\nunset key\n");
    double w = r->opt->width, h = r->opt->height;
    /* the legend: one entry per status, flowing in rows under the
       subtitle; the map goes under it */
    static const char *const legend[ST_SUBJECT] = {"recognizes", "withdrew", "frozen", "none"};
    static const char *const cols[ST_COUNT + 1] = {"c_recognise", "c_withdrawn", "c_frozen", "c_not",
                                                   "c_subject", "c_nodata"};
    enum { NENTRY = ST_COUNT + 1 };
    char entry[NENTRY][400];
    for (int s = 0; s < NENTRY; s++) {
        if (s == ST_COUNT)
            snprintf(entry[s], sizeof entry[s], "no data (territories)");
        else if (s == ST_SUBJECT)
            snprintf(entry[s], sizeof entry[s], point ? "%s itself (a point: no outline at 1:110m)" : "%s itself",
                     dj_dataset_entity_name(r->ds, r->opt->subject));
        else
            snprintf(entry[s], sizeof entry[s], "%s (%zu)", legend[s], count[s]);
    }
    double ex[NENTRY], ey[NENTRY], x = PX(14), row_y = PX(88);
    for (int s = 0; s < NENTRY; s++) {
        double ew = PX(32) + rpt_text_width(entry[s], PX(RPT_FONT_SMALL)) + PX(26);
        if (x > PX(14) && x + ew > w - PX(14)) {
            x = PX(14);
            row_y += PX(26);
        }
        ex[s] = x;
        ey[s] = row_y;
        x += ew;
    }
    /* the world fills the rest; Equal Earth without Antarctica is about
       2.05 times as wide as high */
    char *unseen = NULL;
    if ((rc = unseen_states(r, &unseen, err))) {
        dj_out_abort(o); /* nothing half-written */
        return rc;
    }
    char missing[6][600];
    int nmissing = unseen[0] ? split_lines(unseen, w - PX(28), PX(11), missing, 6) : 0;
    dj_free(unseen);
    double top = row_y + PX(18), bottom = PX(52) + PX(15) * nmissing, mh = h - top - bottom,
           mw = mh * 2.05;
    if (mw > w - PX(20)) {
        mw = w - PX(20);
        mh = mw / 2.05;
    }
    double left = (w - mw) / 2;
    frame f = {left, w - left - mw, top, h - top - mh};
    begin_formats(r, o, "map");
    dj_out_str(o, "unset object\n");
    for (int s = 0; s < NENTRY; s++) {
        double y = h - ey[s]; /* from the bottom */
        dj_out_printf(o, "set object %d rect from screen ", 10 + s);
        num(o, ex[s] / w, 5);
        dj_out_str(o, ", screen ");
        num(o, (y - PX(8)) / h, 5);
        dj_out_str(o, " to screen ");
        num(o, (ex[s] + PX(24)) / w, 5);
        dj_out_str(o, ", screen ");
        num(o, (y + PX(8)) / h, 5);
        dj_out_printf(o, " fc rgb %s fs solid 1 border rgb '#555555' front\n", cols[s]);
        dj_out_printf(o, "set label %d ", 10 + s);
        dj_out_gp_string(o, entry[s]);
        dj_out_str(o, " at screen ");
        num(o, (ex[s] + PX(32)) / w, 5);
        dj_out_str(o, ", screen ");
        num(o, y / h, 5);
        dj_out_str(o, " left font f_label textcolor rgb c_text front\n");
    }
    char note[400];
    snprintf(note, sizeof note, "Counts include states too small to draw at 1:110m.%s%s",
             ndisputed ? " Outlined in black: disputed (the views disagree)." : "",
             former ? " Former states are painted on the outlines of the states that now cover them." : "");
    dj_out_str(o, "set label 20 ");
    dj_out_gp_string(o, note);
    dj_out_str(o, " at screen ");
    num(o, PX(14) / w, 5);
    dj_out_str(o, ", screen ");
    num(o, PX(36) / h, 5);
    dj_out_str(o, " left font f_note textcolor rgb c_muted front\n");
    /* the states with a status the map cannot show, named (never
       silently missing), above the note, the first line highest */
    for (int k = 0; k < nmissing; k++) {
        dj_out_printf(o, "set label %d ", 40 + k);
        dj_out_gp_string(o, missing[k]);
        dj_out_str(o, " at screen ");
        num(o, PX(14) / w, 5);
        dj_out_str(o, ", screen ");
        num(o, (PX(52) + PX(15) * (nmissing - 1 - k)) / h, 5);
        dj_out_str(o, " left font f_note textcolor rgb c_muted front\n");
    }
    dj_out_str(o, "set multiplot\n");
    set_frame(r, o, &f);
    if (point) {
        dj_out_str(o, "set label 22 '' at eq_x(");
        num(o, plon, 3);
        dj_out_str(o, ", ");
        num(o, plat, 3);
        dj_out_str(o, "), eq_y(");
        num(o, plon, 3);
        dj_out_str(o, ", ");
        num(o, plat, 3);
        dj_out_str(o, ") point pt 7 ps 1.4 lc rgb c_subject front\n");
    }
    dj_out_str(o, "set xrange [eq_x(-180, 0):eq_x(180, 0)]\nset yrange [eq_y(0, -57):eq_y(0, 84)]\n"
                  "plot 'world-110m.txt' using (eq_x($1, $2)):(eq_y($1, $2)):(colour(status(strcol(3)))) with filledcurves closed fc rgb variable notitle, \\\n"
                  "     'world-110m.txt' using (eq_x($1, $2)):(eq_y($1, $2)) with lines lc rgb 'white' lw 0.6 dt solid notitle, \\\n"
                  "     'world-110m.txt' using (eq_x($1, $2)):(disputed(strcol(3)) ? eq_y($1, $2) : 1/0) with lines lc rgb c_text lw 1.2 dt solid notitle\n");
    dj_out_str(o, "unset label\nunset object\n");
    /* the inset, bottom left over the southern Pacific */
    double iw = mw * 0.27, ih = iw / 1.3;
    frame in = {left + PX(8), w - left - PX(8) - iw, h - bottom - ih - PX(8), bottom + PX(8)};
    if (inset) {
        /* a close-up around the subject, bottom left, equirectangular
           scaled by the cosine of its middle latitude */
        double clon = (box[0] + box[1]) / 2, clat = (box[2] + box[3]) / 2;
        double half_lat = 6.5, half_lon = half_lat * 1.3 / cos(clat * 3.14159265358979 / 180);
        dj_out_str(o, "set object 30 rect from screen ");
        num(o, (in.left - 2) / w, 5);
        dj_out_str(o, ", screen ");
        num(o, (in.bottom - 2) / h, 5);
        dj_out_str(o, " to screen ");
        num(o, (in.left + iw + 2) / w, 5);
        dj_out_str(o, ", screen ");
        num(o, (in.bottom + ih + 2) / h, 5);
        dj_out_str(o, " fc rgb 'white' fs solid 1 border rgb '#888888' behind\n");
        set_frame(r, o, &in);
        dj_out_str(o, "clat = ");
        num(o, clat, 3);
        dj_out_str(o, "\nset xrange [");
        num(o, clon - half_lon, 3);
        dj_out_char(o, ':');
        num(o, clon + half_lon, 3);
        dj_out_str(o, "]\nset yrange [");
        num(o, clat - half_lat, 3);
        dj_out_char(o, ':');
        num(o, clat + half_lat, 3);
        dj_out_str(o, "]\nset label 21 ");
        dj_out_gp_string(o, dj_dataset_entity_name(r->ds, r->opt->subject));
        dj_out_str(o, " at ");
        num(o, clon, 3);
        dj_out_str(o, ", ");
        num(o, box[3], 3);
        dj_out_str(o, " center offset 0,1 font f_value textcolor rgb c_text front\n");
        if (point) {
            dj_out_str(o, "set label 22 '' at ");
            num(o, plon, 3);
            dj_out_str(o, ", ");
            num(o, plat, 3);
            dj_out_str(o, " point pt 7 ps 2.2 lc rgb c_subject front\n");
        }
        dj_out_str(o, ""
                      "plot 'world-110m.txt' using 1:2:(colour(status(strcol(3)))) with filledcurves closed fc rgb variable notitle, \\\n"
                      "     'world-110m.txt' using 1:2 with lines lc rgb 'white' lw 1 dt solid notitle, \\\n"
                      "     'world-110m.txt' using 1:(status(strcol(3)) == 4 ? $2 : 1/0) with lines lc rgb c_text lw 1.5 dt solid notitle\n"
                      "unset object 30\nunset label 21\n");
        if (point)
            dj_out_str(o, "unset label 22\n");
    }
    dj_out_str(o, "unset multiplot\n");
    end_formats(o);
    return finish_script(r, o, "map", err);
}

/* ---- 6. every subject, by years since its declaration ---- */

/* compare.csv: for each subject of the dataset (numbered from 1 in the
   order of subjects.csv), the states recognising it in the report's view
   on each day its count changes, as years since its declaration (or its
   first event), up to the as-of date. */
static int compare_csv(report *r, double *max_years, uint32_t *max_total, dj_error *err)
{
    dj_out *o;
    int rc = rpt_open(r, &o, "compare.csv", err);
    if (rc)
        return rc;
    *max_years = 1;
    *max_total = 1;
    dj_out_str(o, "n,subject,name,years,recognizing\n");
    for (size_t i = 0; i < dj_dataset_subject_count(r->ds); i++) {
        uint32_t subj = dj_dataset_subject_entity(r->ds, i);
        dj_date start = dj_subject_start(r->ds, r->st, subj);
        dj_dates dates;
        dj_series s;
        dj_dates_init(&dates);
        if (start > r->opt->at)
            continue;
        if ((rc = dj_change_dates(&dates, r->ds, r->st, subj, NULL, 0, start, r->opt->at)) ||
            (rc = dj_dates_push(&dates, r->opt->at))) {
            dj_dates_dispose(&dates);
            dj_out_abort(o);
            return dj_error_set(err, rc, "out of memory");
        }
        dj_dates_unique(&dates);
        if ((rc = dj_series_eval(&s, r->ds, r->st, subj, NULL, 0, dates.v, dates.n, err))) {
            dj_dates_dispose(&dates);
            dj_out_abort(o);
            return rc;
        }
        for (size_t d = 0; d < s.ndates; d++) {
            double years = (s.dates[d] - start) / 365.2425;
            dj_out_u64(o, i + 1);
            dj_out_char(o, ',');
            dj_out_csv(o, dj_dataset_entity_code(r->ds, subj));
            dj_out_char(o, ',');
            dj_out_csv(o, dj_dataset_entity_name(r->ds, subj));
            dj_out_char(o, ',');
            dj_out_fixed(o, years, 3);
            dj_out_char(o, ',');
            dj_out_u64(o, s.total[d]);
            dj_out_char(o, '\n');
            if (years > *max_years)
                *max_years = years;
            if (s.total[d] > *max_total)
                *max_total = s.total[d];
        }
        dj_series_dispose(&s);
        dj_dates_dispose(&dates);
    }
    return rpt_close(r, o, "compare.csv", err);
}

static int compare_gp(report *r, dj_error *err)
{
    double max_years;
    uint32_t max_total;
    dj_out *o;
    int rc = compare_csv(r, &max_years, &max_total, err);
    if (rc || (rc = rpt_open(r, &o, "compare.gp", err)))
        return rc;
    script_head(r, o, "compare", "every subject's count of recognising states, by years since its declaration",
                "every subject, by years since its declaration");
    /* not one subject's chart: a title of its own */
    char t[1600];
    snprintf(t, sizeof t, "States recognising each subject, by years since its declaration (%s, as of %s)",
             r->view_title, r->at);
    dj_out_str(o, "subtitle_line = ");
    dj_out_gp_string(o, t);
    dj_out_str(o, "\ntitle_line = 'Every subject of the dataset'\n");
    size_t all = 0, sourced = 0;
    for (size_t i = 0; i < dj_dataset_subject_count(r->ds); i++) {
        size_t n;
        sourced += rpt_sourced_events(r->ds, dj_dataset_subject_entity(r->ds, i), &n);
        all += n;
    }
    rpt_source_text(t, sizeof t, r->ds, all, sourced, r->view_title, r->at);
    dj_out_str(o, "source_line = ");
    dj_out_gp_string(o, t);
    dj_out_char(o, '\n');
    frame f = default_frame(r);
    set_frame(r, o, &f);
    dj_out_str(o, "set datafile separator comma\nset xrange [0:");
    num(o, max_years * 1.02, 2);
    dj_out_str(o, "]\nset yrange [0:");
    num(o, max_total * 1.08 + 1, 0);
    dj_out_str(o, "]\nset xtics format '%.0f years'\n"
                  "set grid xtics ytics\nset key top left reverse Left\n");
    if (r->opt->height < 360 || r->opt->width < 480) /* no room for a key */
        dj_out_str(o, "unset key\n");
    begin_formats(r, o, "compare");
    plot_cmd pc = {o, 0};
    /* one step line per subject, selected by its number (data, never
       script text); the report's own subject drawn thicker */
    for (size_t i = 0; i < dj_dataset_subject_count(r->ds); i++) {
        uint32_t subj = dj_dataset_subject_entity(r->ds, i);
        if (dj_subject_start(r->ds, r->st, subj) > r->opt->at)
            continue;
        char part[200];
        snprintf(part, sizeof part, "'compare.csv' skip 1 using ($1 == %zu ? $4 : 1/0):5 with steps lt %zu lw %s title ",
                 i + 1, i % 8 + 1, subj == r->opt->subject ? "4" : "2");
        plot_part(&pc, part);
        dj_out_gp_string(o, dj_dataset_entity_name(r->ds, subj));
    }
    plot_end(&pc);
    end_formats(o);
    return finish_script(r, o, "compare", err);
}

int rpt_charts_write(report *r, dj_error *err)
{
    int rc;
    frame cf = coverage_frame(r);
    unsigned char *flags = dj_calloc(r->opt->nblocs ? r->opt->nblocs : 1, 1);
    if (!flags)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    rc = coverage_members_csv(r, frame_width(r, &cf), flags, err);
    if (rc == 0)
        rc = coverage_gp(r, flags, err);
    dj_free(flags);
    if (rc || (rc = cumulative_gp(r, err)) || (rc = per_year_gp(r, err)) || (rc = standing_gp(r, err)) ||
        (rc = map_gp(r, err)) || (rc = compare_gp(r, err)))
        return rc;
    return 0;
}
