/*
 * report_anim.c - the map and the cumulative line as animated GIFs, one
 * frame per month from the subject's start to the as-of date (asked for
 * with dj_report_options.animate).
 *
 * The data: animation-months.csv (frame, last day of the month, the
 * count that day) and map-months.txt, the world outlines with a fourth
 * column per vertex: the status of its country in every frame, one digit
 * per month (0 recognises, 1 withdrew or disputed, 2 does not, 3 the
 * subject, 4 no data), so that gnuplot colours frame k with one substring
 * and no lookup. Invariant as in report_charts.c: data strings reach a
 * script only through dj_out_gp_string() or as data gnuplot reads.
 */
#include <stdio.h>
#include <string.h>

#include "report/report_impl.h"

extern const char dj_embedded_world[];
extern const size_t dj_embedded_world_size;


/* Status digit of entity e at the end of `date`. */
static char status_at(const report *r, uint32_t e, dj_date date, const dj_date *first_event)
{
    if (e == r->opt->subject)
        return '3';
    if (dj_status_recognizes(r->st, r->opt->subject, e, date) &&
        dj_status_recognizes(r->st_undisputed, r->opt->subject, e, date))
        return '0';
    if (first_event[e] != DJ_DATE_NONE && first_event[e] <= date)
        return '1';
    return '2';
}

static int months_csv(report *r, const dj_dates *months, dj_error *err)
{
    dj_out *o;
    int rc = rpt_open(r, &o, "animation-months.csv", err);
    if (rc)
        return rc;
    dj_out_str(o, "frame,date,total\n");
    for (size_t k = 0; k < months->n; k++) {
        uint32_t total = 0;
        for (uint32_t e = 0; e < dj_dataset_entity_count(r->ds); e++)
            total += (uint32_t)dj_status_recognizes(r->st, r->opt->subject, e, months->v[k]);
        dj_out_u64(o, k + 1);
        dj_out_char(o, ',');
        dj_out_date(o, months->v[k]);
        dj_out_char(o, ',');
        dj_out_u64(o, total);
        dj_out_char(o, '\n');
    }
    return rpt_close(r, o, "animation-months.csv", err);
}

/* map-months.txt: each outline vertex with its country's status string. */
static int map_months(report *r, const dj_dates *months, dj_error *err)
{
    size_t ne = dj_dataset_entity_count(r->ds), nm = months->n;
    dj_date *first = dj_malloc((ne ? ne : 1) * sizeof *first);
    char *st = dj_malloc((ne ? ne : 1) * (nm + 1));
    char *none = dj_malloc(nm + 1);
    dj_out *o = NULL;
    int rc = 0;
    if (!first || !st || !none) {
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t e = 0; e < ne; e++)
        first[e] = DJ_DATE_NONE;
    for (size_t i = 0; i < dj_dataset_event_count(r->ds); i++) {
        dj_event_info ev;
        dj_dataset_event(r->ds, i, &ev);
        if (ev.subject == r->opt->subject && (first[ev.actor] == DJ_DATE_NONE || ev.date < first[ev.actor]))
            first[ev.actor] = ev.date;
    }
    for (uint32_t e = 0; e < ne; e++) {
        for (size_t k = 0; k < nm; k++)
            st[e * (nm + 1) + k] = status_at(r, e, months->v[k], first);
        st[e * (nm + 1) + nm] = '\0';
    }
    memset(none, '4', nm);
    none[nm] = '\0';
    if ((rc = rpt_open(r, &o, "map-months.txt", err)))
        goto done;
    dj_out_str(o, "# Natural Earth 1:110m outlines (public domain): lon lat code, then the\n"
                  "# country's status per frame (0 recognises, 1 withdrew or disputed,\n"
                  "# 2 does not, 3 the subject, 4 no data); see animation-months.csv\n");
    /* the outlines: "LON LAT CODE" lines and blank lines between rings */
    const char *p = dj_embedded_world, *end = p + dj_embedded_world_size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n > 0 && *p != '#') {
            const char *sp = p + n;
            while (sp > p && sp[-1] != ' ')
                sp--;
            char code[16];
            size_t cl = (size_t)(p + n - sp);
            const char *s = none;
            if (cl < sizeof code) {
                memcpy(code, sp, cl);
                code[cl] = '\0';
                uint32_t e = dj_dataset_entity_find(r->ds, code);
                if (e != DJ_NONE)
                    s = st + (size_t)e * (nm + 1);
            }
            dj_out_write(o, p, n);
            dj_out_char(o, ' ');
            dj_out_str(o, s);
            dj_out_char(o, '\n');
        } else if (n == 0) {
            dj_out_char(o, '\n');
        }
        p += n + 1;
    }
    rc = rpt_close(r, o, "map-months.txt", err);
done:
    dj_free(first);
    dj_free(st);
    dj_free(none);
    return rc;
}

/* The GIF terminal, at half the chart size (a month a frame makes a big
   file otherwise), fonts scaled to match. */
static void gif_head(report *r, dj_out *o, const char *name, const char *what, size_t nframes)
{
    char t[1600];
    dj_out_printf(o, "# %s.gp - %s, one frame per month.\n"
                     "# Written by dejure; reads only the files beside it. Run: gnuplot %s.gp\n",
                  name, what, name);
    dj_out_str(o, "reset\nload 'size.gp'\nload 'theme.gp'\n"
                  "gw = int(width / 2); gh = int(height / 2); gk = font_scale / 1.5\n"
                  "gif_font = sprintf('DejaVu Sans,%.1f', 14 * gk)\n"
                  "set terminal gif animate delay 8 loop 0 size gw,gh font gif_font noenhanced\n");
    dj_out_printf(o, "set output outprefix.'%s.gif'\n", name);
    dj_out_printf(o, "nframes = %zu\n", nframes);
    snprintf(t, sizeof t, "%s: %s", dj_dataset_entity_name(r->ds, r->opt->subject), what);
    dj_out_str(o, "title_text = ");
    dj_out_gp_string(o, t);
    rpt_source_text(t, sizeof t, r->ds, r->nevents, r->sourced, r->view_title, r->at);
    dj_out_str(o, "\nsource_text = ");
    dj_out_gp_string(o, t);
    dj_out_str(o, "\nset datafile separator comma\n"
                  "# the frame dates, read from animation-months.csv\n"
                  "frame_dates = ''\nframe_totals = ''\n"
                  "set table $discard\n"
                  "plot 'animation-months.csv' skip 1 using (frame_dates = frame_dates.' '.strcol(2), "
                  "frame_totals = frame_totals.' '.strcol(3), 0):(0) with table\n"
                  "unset table\nundefine $discard\n"
                  "set label 101 title_text at screen 0.01, screen 0.95 left font sprintf(',%.1f', 17 * gk) front\n"
                  "set label 103 source_text at screen 0.01, screen 0.025 left font sprintf(',%.1f', 10 * gk) textcolor rgb c_muted front\n");
}

static int map_gif_gp(report *r, size_t nframes, dj_error *err)
{
    dj_out *o;
    int rc = rpt_open(r, &o, "map-animated.gp", err);
    if (rc)
        return rc;
    gif_head(r, o, "map-animated", "status by country", nframes);
    dj_out_str(o, "colour(s) = s == 0 ? 0x0072B2 : s == 1 ? 0xD55E00 : s == 2 ? 0xC8C8C8 : s == 3 ? 0xE69F00 : 0xF0F0F0\n"
                  "EA1 = 1.340264; EA2 = -0.081106; EA3 = 0.000893; EA4 = 0.003796\n"
                  "eq_t(lat) = asin(sqrt(3.0) / 2 * sin(lat * pi / 180))\n"
                  "eq_x(lon, lat) = (t_ = eq_t(lat), 2 * sqrt(3.0) * lon * pi / 180 * cos(t_) / (3 * (EA1 + 3*EA2*t_**2 + t_**6 * (7*EA3 + 9*EA4*t_**2))))\n"
                  "eq_y(lon, lat) = (t_ = eq_t(lat), t_ * (EA1 + EA2*t_**2 + t_**6 * (EA3 + EA4*t_**2)))\n"
                  "set datafile separator whitespace\n"
                  "unset border\nunset tics\nunset grid\nunset key\n"
                  "set lmargin at screen 0.01\nset rmargin at screen 0.99\nset tmargin at screen 0.86\nset bmargin at screen 0.07\n"
                  "set xrange [eq_x(-180, 0):eq_x(180, 0)]\nset yrange [eq_y(0, -57):eq_y(0, 84)]\n"
                  "set size ratio -1\n"
                  "set object 10 rect from screen 0.70, screen 0.885 to screen 0.715, screen 0.91 fc rgb c_recognise fs solid 1 noborder front\n"
                  "set label 10 'recognises' at screen 0.72, screen 0.897 left font sprintf(',%.1f', 11 * gk) front\n"
                  "set object 11 rect from screen 0.84, screen 0.885 to screen 0.855, screen 0.91 fc rgb c_withdrawn fs solid 1 noborder front\n"
                  "set label 11 'withdrew / disputed' at screen 0.86, screen 0.897 left font sprintf(',%.1f', 11 * gk) front\n"
                  "# the last month is held for a while\n"
                  "do for [f = 1:nframes + 12] {\n"
                  "    k = f > nframes ? nframes : f\n"
                  "    set label 102 sprintf('%s   %s recognising', word(frame_dates, k)[1:7], word(frame_totals, k)) "
                  "at screen 0.01, screen 0.895 left font sprintf(',%.1f', 15 * gk) textcolor rgb c_text front\n"
                  "    plot 'map-months.txt' using (eq_x($1, $2)):(eq_y($1, $2)):(colour(int(strcol(4)[k:k]))) "
                  "with filledcurves closed fc rgb variable notitle\n"
                  "}\n"
                  "set output\n");
    return rpt_close(r, o, "map-animated.gp", err);
}

static int cumulative_gif_gp(report *r, size_t nframes, dj_error *err)
{
    dj_out *o;
    int rc = rpt_open(r, &o, "cumulative-animated.gp", err);
    if (rc)
        return rc;
    gif_head(r, o, "cumulative-animated", "states recognising", nframes);
    char a[DJ_DATE_BUFSIZE];
    dj_date_format(a, r->start, DJ_PREC_DAY);
    dj_out_str(o, "stats 'animation-months.csv' skip 1 using 3 nooutput\n");
    dj_out_printf(o, "set xdata time\nset timefmt '%%Y-%%m-%%d'\nset format x '%%Y'\n"
                     "set xrange ['%s':'%s']\n", a, r->at);
    dj_out_str(o, "set lmargin at screen 0.08\nset rmargin at screen 0.97\nset tmargin at screen 0.86\nset bmargin at screen 0.14\n"
                  "set yrange [0:STATS_max * 1.1 + 1]\nunset key\nunset mxtics\n"
                  "when(c) = timecolumn(c, '%Y-%m-%d')\n"
                  "do for [f = 1:nframes + 12] {\n"
                  "    k = f > nframes ? nframes : f\n"
                  "    t = strptime('%Y-%m-%d', word(frame_dates, k))\n"
                  "    set label 102 sprintf('%s   %s recognising', word(frame_dates, k)[1:7], word(frame_totals, k)) "
                  "at screen 0.01, screen 0.895 left font sprintf(',%.1f', 15 * gk) textcolor rgb c_text front\n"
                  "    plot 'cumulative.csv' skip 1 using 1:(when(1) <= t ? $2 : 1/0) with steps lt 1, \\\n"
                  "         'animation-months.csv' skip 1 every ::k-1::k-1 using 2:3 with points pt 7 ps 1.2 lc rgb c_recognise\n"
                  "}\n"
                  "set output\n");
    return rpt_close(r, o, "cumulative-animated.gp", err);
}

int rpt_anim_write(report *r, dj_error *err)
{
    dj_dates months;
    int rc;
    dj_dates_init(&months);
    if ((rc = dj_grid_dates(&months, DJ_GRID_MONTH, r->start, r->opt->at))) {
        dj_dates_dispose(&months);
        return dj_error_set(err, rc, "out of memory");
    }
    /* the last frame is the as-of date itself, not the end of its month */
    if (months.n && months.v[months.n - 1] > r->opt->at)
        months.v[months.n - 1] = r->opt->at;
    if (months.n == 0 && (rc = dj_dates_push(&months, r->opt->at))) {
        dj_dates_dispose(&months);
        return dj_error_set(err, rc, "out of memory");
    }
    if ((rc = months_csv(r, &months, err)) || (rc = map_months(r, &months, err)) ||
        (rc = map_gif_gp(r, months.n, err)) || (rc = cumulative_gif_gp(r, months.n, err))) {
        dj_dates_dispose(&months);
        return rc;
    }
    dj_dates_dispose(&months);
    return 0;
}
