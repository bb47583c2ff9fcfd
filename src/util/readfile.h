/*
 * readfile.h - a small regular file read whole (batch files, the inputs a
 * batch verifies, rendered charts). Datasets are not read this way: the
 * loader reads them through a window (csvread.c), whatever their size.
 */
#ifndef DJ_READFILE_H
#define DJ_READFILE_H

#include <stddef.h>

#include "util/alloc.h"
#include "dejure/error.h"

struct stat;

/* Opens `path` for reading when it is a regular file (after following
   links), into *fd (the caller closes it) with its *st; never blocks on a
   FIFO or device. Returns 0, DJ_ENOTFOUND (no such file) or DJ_EIO ("expected
   a file, found a directory", "expected a regular file, found a device,
   FIFO or socket", or the system's reason), err naming the path; *fd is
   then -1. */
DJ_HIDDEN int dj_open_regular(int *fd, struct stat *st, const char *path, dj_error *err);

/* What to do with a file longer than `max` bytes. */
typedef enum dj_read_over {
    DJ_READ_OVER_FAIL,     /* DJ_ELIMIT, "file larger than the limit" */
    DJ_READ_OVER_TRUNCATE  /* keep its first max + 1 bytes, for a caller
                              that names the limit in its own words */
} dj_read_over;

/* Reads the regular file at `path` into a dj_malloc'ed buffer (*data,
   owned by the caller, with a NUL after its *size bytes). Returns 0,
   DJ_ENOTFOUND (no such file), DJ_EIO (not a regular file, or it cannot
   be opened or read), DJ_ELIMIT or DJ_ENOMEM, with err naming the path
   and the system's reason; *data is then NULL. */
DJ_HIDDEN int dj_read_file(char **data, size_t *size, const char *path, size_t max,
                           dj_read_over over, dj_error *err);

#endif
