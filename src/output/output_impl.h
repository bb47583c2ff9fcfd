/*
 * output_impl.h - the registry of temporary files that a signal handler
 * may have to unlink (dj_out_cleanup_on_signal), shared by output.c and
 * report.c (gnuplot's images are written under temporary names too).
 *
 * Invariant: a slot holds a path while its file (or folder) may exist
 * under that temporary name; the path's storage outlives the
 * registration.
 */
#ifndef DJ_OUTPUT_IMPL_H
#define DJ_OUTPUT_IMPL_H

#include "util/alloc.h"
#include "dejure/output.h"
#include "dejure/stats.h"
#include "dejure/report.h"

/* Registers a temporary path; returns its slot, or -1 when all are taken
   (the file is then only cleaned up by the normal paths). */
DJ_HIDDEN int dj_temp_register(const char *path);
/* Forgets a slot (-1 allowed). */
DJ_HIDDEN void dj_temp_unregister(int slot);

/* Registers a folder of temporaries, which a signal handler removes
   (rmdir) after the registered files; -1 when all slots are taken. */
DJ_HIDDEN int dj_temp_register_dir(const char *path);
DJ_HIDDEN void dj_temp_unregister_dir(int slot);

/* Like mkdtemp (the last six characters of tmpl, XXXXXX, replaced), but
   with the mode of any new folder, 0777 less the umask, not 0700: for a
   folder that is renamed into place as an output. 0, or -1 with errno. */
DJ_HIDDEN int dj_temp_dir_create(char *tmpl);

/* Runs gnuplot on DIR/NAME.gp, which writes its images into a private
   folder DIR/.render-XXXXXX/ (mkdtemp; its files and itself registered
   temporaries), renames those asked for in `formats` into place as
   DIR/NAME.{png,svg} - regular files only, never a link - and removes the
   folder, whatever the outcome. */
DJ_HIDDEN int dj_render_chart(const char *dir, const char *name, unsigned formats,
                              dj_report_written_fn written, void *ctx,
                              dj_error *err);

/* Numbers written straight into an output's buffer, for tables of many
   rows (a report's fitted curves): dj_out_room gives room for n bytes
   (n at most the buffer's 64 KiB) at the end of the buffer, flushing first when needed,
   or NULL once a write failed (nothing more is written; the commit
   reports the failure); the caller writes there and hands the end to
   dj_out_advance. dj_fmt_* write at p and return the end: the digits of
   v (at most 20 bytes), and v with `decimals` places exactly as
   dj_out_fixed writes it (at most 27 bytes; nothing for a value that is
   not finite or beyond 1e15). */
DJ_HIDDEN char *dj_out_room(dj_out *o, size_t n);
DJ_HIDDEN void dj_out_advance(dj_out *o, const char *end);
DJ_HIDDEN char *dj_fmt_u64(char *p, uint64_t v);
DJ_HIDDEN char *dj_fmt_fixed(char *p, double v, int decimals);

/* The rows of dj_stats_table_curve_of() from daily totals y[0..n) the
   caller already has (from origin; rows up to until), header included:
   the report's fits have them, and need not sweep the status again. */
DJ_HIDDEN void dj_stats_curve_rows(dj_out *o, const dj_fit *fit, const double *y, size_t n,
                                   dj_date origin, dj_date until);

#endif
