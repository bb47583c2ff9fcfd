/*
 * report_html.c - report.html: the whole report as one page that opens
 * from disk with no network request (charts inline as SVG, or PNG as
 * data: URIs, styles inline, a Content-Security-Policy that forbids
 * fetching anything).
 *
 * Invariant: every string from data is written through html_text() or
 * html_attr() (escaped), and only http(s) addresses become links.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dejure/load.h"
#include "dejure/tables.h"
#include "util/readfile.h"
#include "report/report_impl.h"

static void html_text(dj_out *o, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': dj_out_str(o, "&amp;"); break;
        case '<': dj_out_str(o, "&lt;"); break;
        case '>': dj_out_str(o, "&gt;"); break;
        case '"': dj_out_str(o, "&quot;"); break;
        case '\'': dj_out_str(o, "&#39;"); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
                dj_out_char(o, ' ');
            else
                dj_out_char(o, *s);
        }
    }
}

/* A source as a link when it is a web address, as text otherwise. */
static void html_source(dj_out *o, const char *url)
{
    if (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0) {
        dj_out_str(o, "<a href=\"");
        html_text(o, url);
        dj_out_str(o, "\" rel=\"noreferrer\">");
        html_text(o, url);
        dj_out_str(o, "</a>");
    } else {
        html_text(o, url);
    }
}

/* A rendered chart, whole, or NULL when it cannot be had (the page then
   shows none, as when it was not rendered). */
static char *slurp(const char *path, size_t *size)
{
    char *data;
    dj_error e;
    return dj_read_file(&data, size, path, (size_t)DJ_MAX_FILE_BYTES, DJ_READ_OVER_FAIL, &e) ? NULL : data;
}

/* Copies gnuplot's SVG from its <svg> element on, with every id and
   reference to one prefixed, so that several charts on one page do not
   take each other's clip paths and symbols. */
static void inline_svg(dj_out *o, const char *svg, size_t n, const char *prefix)
{
    static const char *const refs[] = {"id=\"", "id='", "url(#", "href=\"#", "href='#"};
    const char *p = strstr(svg, "<svg"), *end = svg + n;
    if (!p)
        return;
    /* only inside markup: a label's text that reads like `id="x"` or
       `url(#x)` is text, and stays as written (an SVG's text holds '<'
       and '>' only as &lt; and &gt;) */
    int in_tag = 0;
    while (p < end) {
        size_t k, hit = 0;
        if (*p == '<')
            in_tag = 1;
        else if (*p == '>')
            in_tag = 0;
        for (k = 0; in_tag && k < sizeof refs / sizeof *refs; k++) {
            size_t l = strlen(refs[k]);
            if ((size_t)(end - p) >= l && memcmp(p, refs[k], l) == 0) {
                /* only whole attribute names: "id" not inside "grid" */
                if (k < 2 && p > svg && (p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n'))
                    continue;
                dj_out_write(o, p, l);
                dj_out_str(o, prefix);
                p += l;
                hit = 1;
                break;
            }
        }
        if (!hit)
            dj_out_char(o, *p++);
    }
}

static void base64(dj_out *o, const unsigned char *s, size_t n)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
                     (i + 2 < n ? s[i + 2] : 0);
        dj_out_char(o, t[v >> 18 & 63]);
        dj_out_char(o, t[v >> 12 & 63]);
        dj_out_char(o, i + 1 < n ? t[v >> 6 & 63] : '=');
        dj_out_char(o, i + 2 < n ? t[v & 63] : '=');
    }
}

/* One chart as a figure; `optional` charts (the statistics part's) are
   left out when they were not written, the others say so. */
static void chart(report *r, dj_out *o, size_t i, const char *name, const char *caption, int optional)
{
    char file[64], prefix[32];
    size_t n = 0;
    char *data = NULL;
    int svg = 1;
    snprintf(prefix, sizeof prefix, "c%zu-", i);
    /* the statistics' charts only when this run drew them */
    unsigned svg_bit = strcmp(name, "fit") == 0        ? RPT_DRAWN_FIT_SVG
                       : strcmp(name, "survival") == 0 ? RPT_DRAWN_SURVIVAL_SVG : 0;
    int mine_svg = !optional || (r->stats_drawn & svg_bit);
    int mine_png = !optional || (r->stats_drawn & (svg_bit << 1));
    if (r->opt->render) {
        snprintf(file, sizeof file, "%s.svg", name);
        if ((r->opt->formats & DJ_FORMAT_SVG) && mine_svg)
            data = slurp(rpt_path(r, file), &n);
        if (!data && (r->opt->formats & DJ_FORMAT_PNG) && mine_png) {
            snprintf(file, sizeof file, "%s.png", name);
            data = slurp(rpt_path(r, file), &n);
            svg = 0;
        }
    }
    if (!data && optional)
        return;
    dj_out_printf(o, "<figure id=\"chart-%s\">\n", name);
    if (data && svg) {
        inline_svg(o, data, n, prefix);
    } else if (data) {
        dj_out_printf(o, "<img alt=\"%s\" src=\"data:image/png;base64,", caption);
        base64(o, (const unsigned char *)data, n);
        dj_out_str(o, "\">");
    } else {
        dj_out_printf(o, "<p class=\"missing\">Chart not rendered (gnuplot was not run); "
                         "run <code>gnuplot %s.gp</code> in this folder.</p>", name);
    }
    dj_free(data);
    dj_out_printf(o, "\n<figcaption>%s. Script: <code>%s.gp</code>.</figcaption>\n</figure>\n",
                  caption, name);
}

static const char style[] =
    "body{font-family:'DejaVu Sans',system-ui,sans-serif;color:#222;max-width:1200px;margin:0 auto;padding:24px;line-height:1.45}"
    "h1{font-size:1.9em;margin:.2em 0}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}"
    ".sub{color:#666}.cards{display:flex;flex-wrap:wrap;gap:14px;margin:1.2em 0}"
    ".card{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:150px}"
    ".card b{display:block;font-size:1.8em;color:#0072B2}.card span{color:#555;font-size:.9em}"
    "figure{margin:1.5em 0}figure svg,figure img{width:100%;height:auto;border:1px solid #eee}"
    "figcaption{color:#555;font-size:.9em}table{border-collapse:collapse;margin:.6em 0}"
    "td,th{padding:4px 10px;border-bottom:1px solid #e4e4e4;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".bar{display:inline-block;height:10px;background:#0072B2;vertical-align:middle}"
    ".bar0{display:inline-block;height:10px;background:#C8C8C8;vertical-align:middle}"
    "ul.sources{font-size:.9em;word-break:break-all}.missing{color:#D55E00}";

static void headline(report *r, dj_out *o, const dj_series *s, const dj_series *u)
{
    dj_out_str(o, "<div class=\"cards\">\n<div class=\"card\"><b>");
    dj_out_u64(o, s->total[0]);
    dj_out_str(o, "</b><span>recognising (");
    html_text(o, r->view_title);
    dj_out_str(o, ")</span></div>\n");
    if (u->total[0] != s->total[0]) {
        dj_out_str(o, "<div class=\"card\"><b>");
        dj_out_u64(o, u->total[0]);
        dj_out_str(o, "</b><span>counting undisputed events only</span></div>\n");
    }
    for (size_t b = 0; b < s->nblocs && b < 4; b++) {
        uint32_t m = s->members[b], k = s->recognizing[b];
        if (m == 0)
            continue;
        dj_out_str(o, "<div class=\"card\"><b>");
        dj_out_percent(o, k, m);
        dj_out_str(o, " %</b><span>of ");
        html_text(o, dj_dataset_bloc_name(r->ds, r->opt->blocs[b]));
        dj_out_str(o, " (");
        dj_out_u64(o, k);
        dj_out_str(o, " / ");
        dj_out_u64(o, m);
        dj_out_str(o, ")</span></div>\n");
    }
    dj_out_str(o, "</div>\n");
}

static int coverage_and_holdouts(report *r, dj_out *o, const dj_series *s, dj_error *err)
{
    dj_out_str(o, "<h2>Coverage on ");
    dj_out_str(o, r->at);
    dj_out_str(o, "</h2>\n<table><tr><th>bloc</th><th>members</th><th>recognising</th><th>percent</th><th></th></tr>\n");
    for (size_t b = 0; b < s->nblocs; b++) {
        uint32_t m = s->members[b], k = s->recognizing[b];
        dj_out_str(o, "<tr><td>");
        html_text(o, dj_dataset_bloc_name(r->ds, r->opt->blocs[b]));
        dj_out_str(o, "</td><td class=\"n\">");
        dj_out_u64(o, m);
        dj_out_str(o, "</td><td class=\"n\">");
        dj_out_u64(o, k);
        dj_out_str(o, "</td><td class=\"n\">");
        dj_out_percent(o, k, m);
        dj_out_str(o, "</td><td>");
        if (m) {
            dj_out_printf(o, "<span class=\"bar\" style=\"width:%upx\"></span><span class=\"bar0\" style=\"width:%upx\"></span>",
                          (unsigned)(200ull * k / m), 200u - (unsigned)(200ull * k / m));
        }
        dj_out_str(o, "</td></tr>\n");
    }
    dj_out_str(o, "</table>\n<h2>Holdouts on ");
    dj_out_str(o, r->at);
    dj_out_str(o, "</h2>\n<p class=\"sub\">Members of each bloc that do not recognise ");
    html_text(o, dj_dataset_entity_name(r->ds, r->opt->subject));
    dj_out_str(o, " on that day.</p>\n<dl>\n");
    for (size_t b = 0; b < s->nblocs; b++) {
        uint32_t *h;
        size_t nh;
        int rc = dj_holdouts(&h, &nh, r->ds, r->st, r->opt->subject, r->opt->blocs[b], r->opt->at, err);
        if (rc)
            return rc;
        rpt_sort_by_name(r, h, nh);
        dj_out_str(o, "<dt><b>");
        html_text(o, dj_dataset_bloc_name(r->ds, r->opt->blocs[b]));
        dj_out_str(o, "</b> (");
        dj_out_u64(o, nh);
        dj_out_str(o, ")</dt><dd>");
        for (size_t i = 0; i < nh; i++) {
            if (i)
                dj_out_str(o, ", ");
            html_text(o, dj_dataset_entity_name(r->ds, h[i]));
        }
        if (nh == 0)
            dj_out_str(o, "none");
        dj_out_str(o, "</dd>\n");
        dj_free(h);
    }
    dj_out_str(o, "</dl>\n");
    return 0;
}

static int milestones(report *r, dj_out *o, dj_error *err)
{
    dj_milestone *m;
    size_t n;
    int rc = dj_milestones(&m, &n, r->ds, r->st, r->opt->subject, r->opt->among ? *r->opt->among : DJ_NONE, r->opt->at, err);
    if (rc)
        return rc;
    dj_out_str(o, "<h2>Milestones</h2>\n<table><tr><th>n</th><th>date</th><th>state</th></tr>\n");
    for (size_t i = 0; i < n; i++) {
        size_t k = i + 1;
        if (!(k == 1 || k == n || k % 25 == 0 || k == 10))
            continue;
        char d[DJ_DATE_TEXT_BUFSIZE];
        dj_date_period_text(d, sizeof d, m[i].date, m[i].precision);
        dj_out_str(o, "<tr><td class=\"n\">");
        dj_out_u64(o, k);
        dj_out_str(o, "</td><td>");
        dj_out_str(o, d);
        dj_out_str(o, "</td><td>");
        html_text(o, dj_dataset_entity_name(r->ds, m[i].actor));
        dj_out_str(o, "</td></tr>\n");
    }
    dj_out_str(o, "</table>\n<p class=\"sub\">The n-th state to recognise (date order, same-day ties in file order); "
                  "every one is in <code>milestones.csv</code>.</p>\n");
    /* where each bloc stands against half: the last crossing, up or
       down, never a first crossing alone when the bloc has fallen back */
    for (size_t b = 0; b < r->opt->nblocs; b++) {
        dj_crossing *c;
        size_t nc;
        if ((rc = dj_threshold_crossings(&c, &nc, r->ds, r->st, r->opt->subject, r->opt->blocs[b], 50.0,
                                         r->start, r->opt->at, err))) {
            dj_free(m);
            return rc;
        }
        dj_out_str(o, b == 0 ? "<p>Half of each bloc recognising: " : "; ");
        html_text(o, dj_dataset_bloc_name(r->ds, r->opt->blocs[b]));
        if (nc == 0) {
            dj_out_str(o, " not yet at half");
        } else {
            char t[DJ_DATE_TEXT_BUFSIZE];
            const dj_crossing *last = &c[nc - 1];
            dj_date_period_text(t, sizeof t, last->date, last->precision);
            dj_out_str(o, !last->up ? " below half again since " : nc > 1 ? " at least half again since "
                                                                            : " at least half since ");
            dj_out_str(o, t);
        }
        dj_free(c);
        if (b + 1 == r->opt->nblocs)
            dj_out_str(o, ". Every crossing, up and down, is in <code>thresholds.csv</code>.</p>\n");
    }
    dj_free(m);
    return 0;
}

/* Who recognises it on the as-of date, as `dejure status` gives it: each
   state with its status, since when (at its precision) and its source as
   a link, as the encyclopaedia's list of recognitions shows them. */
static int standings(report *r, dj_out *o, dj_error *err)
{
    dj_standing *v;
    size_t n;
    int rc = dj_standings(&v, &n, r->ds, r->st, r->opt->subject, r->opt->at, DJ_NONE, 0, err);
    if (rc)
        return rc;
    dj_out_str(o, "<h2>Status on ");
    dj_out_str(o, r->at);
    dj_out_str(o, "</h2>\n<table><tr><th>state</th><th>status</th><th>since</th><th>disputed by</th>"
                  "<th>source</th></tr>\n");
    for (size_t i = 0; i < n; i++) {
        dj_event_info e;
        char d[DJ_DATE_TEXT_BUFSIZE];
        dj_dataset_event(r->ds, v[i].event, &e);
        dj_date_period_text(d, sizeof d, v[i].since, v[i].precision);
        dj_out_str(o, "<tr><td>");
        html_text(o, dj_dataset_entity_name(r->ds, v[i].actor));
        if (v[i].via != DJ_NONE) {
            dj_out_str(o, " (continuing ");
            html_text(o, dj_dataset_entity_name(r->ds, v[i].via));
            dj_out_char(o, ')');
        }
        dj_out_str(o, "</td><td>");
        dj_out_str(o, dj_standing_status_name(v[i].status));
        dj_out_str(o, "</td><td>");
        dj_out_str(o, d);
        dj_out_str(o, "</td><td>");
        for (size_t k = 0; k < e.ndisputed; k++) {
            if (k)
                dj_out_str(o, ", ");
            html_text(o, dj_dataset_entity_name(r->ds, e.disputed[k]));
        }
        dj_out_str(o, "</td><td>");
        html_source(o, e.source);
        dj_out_str(o, "</td></tr>\n");
    }
    dj_out_str(o, "</table>\n<p class=\"sub\">Every state with an event for the subject by that day, "
                  "in the order of <code>dejure status</code>.</p>\n");
    dj_free(v);
    return 0;
}

/* Sources: every distinct source of the subject's events, most cited
   first, with the number of events citing it. */
typedef struct cited {
    const char *url;
    size_t n;
} cited;

static int cited_cmp(const void *a, const void *b)
{
    const cited *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->url, y->url);
}

static int url_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int sources(report *r, dj_out *o, dj_error *err)
{
    size_t ne = dj_dataset_event_count(r->ds), n = 0, nc = 0, none = 0;
    const char **urls = dj_malloc((ne ? ne : 1) * sizeof *urls);
    cited *c = dj_malloc((ne ? ne : 1) * sizeof *c);
    if (!urls || !c) {
        dj_free(urls);
        dj_free(c);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < ne; i++) {
        dj_event_info e;
        dj_dataset_event(r->ds, i, &e);
        if (e.subject != r->opt->subject)
            continue;
        if (e.source[0])
            urls[n++] = e.source;
        else
            none++;
    }
    qsort(urls, n, sizeof *urls, url_cmp);
    for (size_t i = 0; i < n; i++) {
        if (nc && strcmp(c[nc - 1].url, urls[i]) == 0)
            c[nc - 1].n++;
        else
            c[nc].url = urls[i], c[nc++].n = 1;
    }
    qsort(c, nc, sizeof *c, cited_cmp);
    dj_out_str(o, "<h2>Sources</h2>\n<p>Dataset <code>");
    html_text(o, dj_dataset_name(r->ds));
    dj_out_str(o, "</code>: ");
    dj_out_u64(o, n + none);
    dj_out_str(o, " events about ");
    html_text(o, dj_dataset_entity_name(r->ds, r->opt->subject));
    dj_out_str(o, ", citing ");
    dj_out_u64(o, nc);
    dj_out_str(o, " distinct sources");
    if (none) {
        dj_out_str(o, " (");
        dj_out_u64(o, none);
        dj_out_str(o, " without a source)");
    }
    dj_out_str(o, ". Every event's own source is in the dataset's <code>events.csv</code>.</p>\n<ul class=\"sources\">\n");
    for (size_t i = 0; i < nc; i++) {
        dj_out_str(o, "<li>");
        html_source(o, c[i].url);
        dj_out_str(o, " <span class=\"sub\">(");
        dj_out_u64(o, c[i].n);
        dj_out_str(o, c[i].n == 1 ? " event)" : " events)");
        dj_out_str(o, "</span></li>\n");
    }
    dj_out_str(o, "</ul>\n<p class=\"sub\">Country outlines: Natural Earth 1:110m (public domain), "
                  "https://www.naturalearthdata.com/</p>\n");
    dj_free(urls);
    dj_free(c);
    return 0;
}

int rpt_html_write(report *r, dj_error *err)
{
    dj_series s, u;
    dj_out *o = NULL;
    int rc;
    dj_date at = r->opt->at;
    if ((rc = dj_series_eval(&s, r->ds, r->st, r->opt->subject, r->opt->blocs, r->opt->nblocs, &at, 1, err)))
        return rc;
    if ((rc = dj_series_eval(&u, r->ds, r->st_undisputed, r->opt->subject, NULL, 0, &at, 1, err))) {
        dj_series_dispose(&s);
        return rc;
    }
    if ((rc = rpt_open(r, &o, "report.html", err)))
        goto done;
    const char *subject = dj_dataset_entity_name(r->ds, r->opt->subject);
    dj_out_str(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "style-src 'unsafe-inline'; img-src data:\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_text(o, subject);
    dj_out_str(o, ": recognition as of ");
    dj_out_str(o, r->at);
    dj_out_str(o, "</title>\n<style>");
    dj_out_str(o, style);
    dj_out_str(o, "</style>\n</head>\n<body>\n<h1>");
    html_text(o, subject);
    dj_out_str(o, ": who recognises it, as of ");
    dj_out_str(o, r->at);
    char text[1600];
    dj_out_str(o, "</h1>\n<p class=\"sub\">Dataset <code>");
    html_text(o, dj_dataset_name(r->ds));
    dj_out_str(o, "</code> (");
    rpt_events_text(text, sizeof text, r->nevents, r->sourced);
    html_text(o, text);
    dj_out_str(o, "). Written by dejure; the charts are gnuplot scripts over the CSV tables beside this page.</p>\n"
                  "<p id=\"view\">");
    dj_view_description(text, sizeof text, r->ds, &r->opt->view);
    html_text(o, text);
    dj_out_str(o, " (<code>--view ");
    html_text(o, r->view);
    dj_out_str(o, "</code>)</p>\n");
    headline(r, o, &s, &u);
    for (size_t i = 0; i < rpt_nchart; i++)
        chart(r, o, i, rpt_charts[i], rpt_chart_captions[i], 0);
    /* the statistics part's charts (report_stats.c), when it drew them */
    chart(r, o, rpt_nchart, "fit", "Diffusion models fitted to the cumulative count", 1);
    chart(r, o, rpt_nchart + 1, "survival", "Kaplan-Meier: share of each bloc's members not yet recognising, by years since the declaration (time to first recognition; later withdrawals are ignored)", 1);
    if ((rc = coverage_and_holdouts(r, o, &s, err)) || (rc = milestones(r, o, err)) ||
        (rc = standings(r, o, err)) || (rc = sources(r, o, err)))
        goto done;
    dj_out_str(o, "</body>\n</html>\n");
    rc = rpt_close(r, o, "report.html", err);
    o = NULL;
done:
    if (rc && o)
        dj_out_abort(o);
    dj_series_dispose(&s);
    dj_series_dispose(&u);
    return rc;
}
