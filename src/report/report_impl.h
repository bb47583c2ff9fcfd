/*
 * report_impl.h - what the parts of a report share: the report being
 * written, file helpers, and the pieces every chart script starts and
 * ends with. report.c writes the tables and drives the rest;
 * report_charts.c writes the chart scripts; report_html.c the page.
 *
 * Invariant: every file goes through open_file/close_file (dj_out: a
 * temporary file renamed into place), and every string from data that a
 * chart script holds goes through dj_out_gp_string().
 */
#ifndef DJ_REPORT_IMPL_H
#define DJ_REPORT_IMPL_H

#include "util/alloc.h"
#include "output/output_impl.h"
#include "dejure/output.h"
#include "dejure/report.h"

/* Pixel geometry of the charts, shared by the scripts and the label
   layout: font sizes in points of the 1600x900 default (gnuplot's cairo
   terminals draw about 0.70 of the size per character of DejaVu Sans). */
#define RPT_FONT 14
#define RPT_FONT_SMALL 12
#define RPT_CHAR_EM 0.72
#define RPT_LINE_EM 1.7

typedef struct report {
    const dj_dataset *ds;
    const dj_report_options *opt;
    const char *dir;
    dj_report_written_fn written;
    void *ctx;
    dj_status *st, *st_undisputed;
    dj_date start;
    double k;          /* scale of the charts against 1600x900: fonts, margins */
    char view[64];     /* the view's name, "all", for CSV headers */
    char view_title[600]; /* in words, "every claim counted", for charts */
    size_t nevents;    /* the subject's events */
    size_t sourced;    /* those that have a source */
    char at[DJ_DATE_BUFSIZE];
    char path[4096];
    /* the statistics' charts this run rendered (fit, survival; SVG, PNG):
       the page inlines only those, never one an earlier run left */
    unsigned stats_drawn;
} report;

#define RPT_DRAWN_FIT_SVG 1u
#define RPT_DRAWN_FIT_PNG 2u
#define RPT_DRAWN_SURVIVAL_SVG 4u
#define RPT_DRAWN_SURVIVAL_PNG 8u

DJ_HIDDEN const char *rpt_path(report *r, const char *name);
DJ_HIDDEN int rpt_open(report *r, dj_out **o, const char *name, dj_error *err);
DJ_HIDDEN int rpt_close(report *r, dj_out *o, const char *name, dj_error *err);
/* NAME in the report's folder with the bytes data[0..size), as
   rpt_open, dj_out_write and rpt_close. */
DJ_HIDDEN int rpt_write_file(report *r, const char *name, const void *data, size_t size,
                             dj_error *err);

/* The charts, in the order they are written and rendered. */
DJ_HIDDEN extern const char *const rpt_charts[];
DJ_HIDDEN extern const size_t rpt_nchart;
/* A caption per chart, for the page (same order). */
DJ_HIDDEN extern const char *const rpt_chart_captions[];

/* Writes every chart script and the data files only charts read. */
DJ_HIDDEN int rpt_charts_write(report *r, dj_error *err);

/* Writes the data and scripts of the animated GIFs (report_anim.c). */
DJ_HIDDEN int rpt_anim_write(report *r, dj_error *err);

/* Writes report.html from the tables and rendered charts in r->dir. */
DJ_HIDDEN int rpt_html_write(report *r, dj_error *err);

/* Sorts entity indices by name (byte order), as a reader looks for them. */
DJ_HIDDEN void rpt_sort_by_name(const report *r, uint32_t *e, size_t n);

/* Events of the dataset that have a source. */
DJ_HIDDEN size_t rpt_sourced_events(const dj_dataset *ds, uint32_t subject, size_t *nevents);
/* "152 events, each with its source", or "148 of 151 events with a
   source": the dataset's events and how many have a source. */
DJ_HIDDEN void rpt_events_text(char *buf, size_t size, size_t nevents, size_t sourced);
/* A chart's source line: the dataset by its short name, how many of its
   events have a source, the view in words, and the as-of date `at`. */
DJ_HIDDEN void rpt_source_text(char *buf, size_t size, const dj_dataset *ds, size_t nevents, size_t sourced,
                               const char *view_title, const char *at);

/* Text width in pixels of s at font size `pt` (UTF-8 aware estimate). */
DJ_HIDDEN double rpt_text_width(const char *s, double pt);

#endif
