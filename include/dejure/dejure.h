/*
 * dejure/dejure.h - the whole public API of libdejure.
 *
 * Flow: load (load.h) -> dataset (dataset.h) -> analyse (analysis.h) ->
 * write (tables.h, output.h, report.h). See README.md for an example.
 *
 * Threads. Every function may be called from several threads at once on
 * different objects. A loaded dj_dataset and a built dj_status are never
 * changed by the library after they are made, so any number of threads
 * may read them (tables, statistics, reports) at the same time; freeing
 * one while another thread uses it is the caller's error. A dj_out, a
 * dj_diagnostics or a dj_error belongs to one thread at a time. The
 * library keeps no mutable global state, with two exceptions that are
 * safe by construction: what a signal handler must clean up (the
 * registry of temporary files and folders, and the running gnuplot
 * child: dj_out_cleanup_on_signal), updated atomically; and
 * GSL's error handler, which is process-wide: the library turns it off
 * once, on first use of a statistic, and never back, so that GSL reports
 * errors by status instead of aborting. Do not install an aborting GSL
 * handler while dejure runs. dj_report_write runs threads of its own (the
 * fits) and joins them before it returns; its `written` callback runs on
 * the caller's thread. tests/unit/test_threads.c holds the library to this.
 *
 * Ownership. An object made by dj_x_new(&out, ...) or returned through an
 * out pointer is the caller's, freed by its dj_x_free(); arrays returned
 * through an out pointer (holdouts, milestones, statistics) are freed
 * with free(); caller-owned structs are filled by dj_x_init() and emptied
 * by dj_x_dispose(). Getters return pointers borrowed from their parent.
 */
#ifndef DEJURE_DEJURE_H
#define DEJURE_DEJURE_H

#include "error.h"
#include "date.h"
#include "dataset.h"
#include "load.h"
#include "analysis.h"
#include "output.h"
#include "tables.h"
#include "report.h"
#include "sha256.h"
#include "batch.h"
#include "stats.h"
#include <dejure/version.h>

#endif
