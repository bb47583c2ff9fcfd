/*
 * output_impl.h - the registry of temporary files that a signal handler
 * may have to unlink (dj_out_cleanup_on_signal), shared by output.c and
 * report.c (gnuplot's images are written under temporary names too).
 *
 * Invariant: a slot holds a path while its file may exist under that
 * temporary name; the path's storage outlives the registration.
 */
#ifndef DJ_OUTPUT_IMPL_H
#define DJ_OUTPUT_IMPL_H

#include "alloc.h"
#include "dejure/report.h"

/* Registers a temporary path; returns its slot, or -1 when all are taken
   (the file is then only cleaned up by the normal paths). */
DJ_HIDDEN int dj_temp_register(const char *path);
/* Forgets a slot (-1 allowed). */
DJ_HIDDEN void dj_temp_unregister(int slot);

/* Runs gnuplot on DIR/NAME.gp, which writes its images as
   DIR/.render-NAME.{png,svg} (registered temporaries), and renames those
   asked for in `formats` into place; on failure removes them. */
DJ_HIDDEN int dj_render_chart(const char *dir, const char *name, unsigned formats,
                              dj_report_written_fn written, void *ctx,
                              dj_error *err);

#endif
