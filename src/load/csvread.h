/*
 * csvread.h - a table reader over libcsv that knows where it is.
 *
 * libcsv reports fields and record ends but no positions, so the reader
 * feeds it one physical line at a time: the line number of every record is
 * then exact, and the byte column of a field is found on demand by
 * re-scanning the record's first line. Columns are matched by header
 * name against a schema, so files may order them freely; unknown, missing
 * and repeated names are errors.
 */
#ifndef DJ_CSVREAD_H
#define DJ_CSVREAD_H

#include <stddef.h>
#include <stdint.h>
#include "util/alloc.h"
#include "dejure/load.h"

typedef struct dj_csv_col {
    const char *name;
    int required;
    int multiline;   /* a quoted field may hold line breaks (names only) */
} dj_csv_col;

struct dj_csv_reader;

/* One data row, fields in schema order; an absent optional column reads
   as "". Pointers are valid during the row callback only. */
typedef struct dj_csv_row {
    const char *const *field;
    const size_t *len;
    const unsigned char *present; /* column exists in this file */
    long line;
    struct dj_csv_reader *reader;
} dj_csv_row;

/* Returns 0 to go on, or a negative DJ_E* code to stop reading. */
typedef int (*dj_csv_row_fn)(void *ctx, const dj_csv_row *row);

/*
 * Reads `data` (the whole file) as a table of the given schema. Problems
 * go to `diags`; a problem that makes the rest unreadable (bad quoting,
 * a limit) stops the read with its code. Returns 0 when the file could be
 * read to its end, else DJ_EPARSE, DJ_ELIMIT or DJ_ENOMEM (err set).
 * `min_rows` is 1 where a header alone is an error.
 */
DJ_HIDDEN int dj_csv_read(const char *path, const char *data, size_t size,
                          const dj_csv_col *cols, size_t ncols,
                          size_t min_rows, dj_csv_row_fn fn, void *ctx,
                          dj_diagnostics *diags, dj_error *err);

/*
 * Reading a file in parts, possibly on several threads. A part reads the
 * byte range [from, to) of the file (from 0: the header; from elsewhere:
 * the header map given here, read by the first part). A part that ends
 * inside a record reads on to the file's end (`whole` then says so). Line
 * numbers of a part that starts elsewhere than 0 count from its start.
 */
typedef struct dj_csv_part {
    const int *hdr_map;            /* in: header already read, or NULL */
    size_t nhdr;
    void (*on_header)(void *ctx, const int *hdr_map, size_t nhdr);
    void *ctx;
    long first_line;               /* in: lines before the part */
    unsigned long first_rows;      /* in: data rows before the part */
    int between;                   /* out: ended between two records */
    int whole;                     /* out: read on to the file's end */
    long lines;                    /* out: physical lines read */
    unsigned long rows;            /* out: data rows read */
    /* in/out: a reader's window kept for the next part read on the same
       thread (NULL: one is allocated, and left here); the caller frees
       it. A fresh window is 4 MiB of fresh pages, each a page fault. */
    char **window;
    size_t *window_cap;
} dj_csv_part;

/* As dj_csv_read, from bytes [from, to) of file fd of `size` bytes, read
   in pieces through a window of a few MiB. */
DJ_HIDDEN int dj_csv_read_fd(const char *path, int fd, uint64_t from,
                             uint64_t to, uint64_t size,
                             const dj_csv_col *cols, size_t ncols,
                             size_t min_rows, dj_csv_row_fn fn, void *ctx,
                             dj_csv_part *part, dj_diagnostics *diags,
                             dj_error *err);

/* The most data rows a file may have (DJ_MAX_ROWS unless a test set less). */
DJ_HIDDEN unsigned long dj_csv_row_limit(void);

/* Byte column (1-based) at which schema column `col` starts in its row. */
DJ_HIDDEN long dj_csv_column(const dj_csv_row *row, size_t col);

/* Adds a diagnostic at a field of a row. */
DJ_HIDDEN void dj_csv_report(const dj_csv_row *row, size_t col,
                             dj_severity sev, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Adds a diagnostic (path, line, column) to a list. */
DJ_HIDDEN void dj_diag_add(dj_diagnostics *d, dj_severity sev,
                           const char *path, long line, long column,
                           const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* 1 when a new diagnostic of severity sev would be kept (not only
   counted): while the list has room, and always for the first error. */
DJ_HIDDEN int dj_diag_wanted(const dj_diagnostics *d, dj_severity sev);
/* Counts a diagnostic that is not kept. */
DJ_HIDDEN void dj_diag_count(dj_diagnostics *d, dj_severity sev);

/* 1 when s[0..n) is valid UTF-8 with no NUL or other C0 control bytes
   except tab (and CR and LF when `lines`); *bad gets the offset of the
   first fault. */
DJ_HIDDEN int dj_text_ok(const char *s, size_t n, int lines, size_t *bad);
/* How many bytes of the string s to show in a message of at most `max`:
   up to its NUL, and never half of a UTF-8 character. For "%.*s". */
DJ_HIDDEN int dj_text_cut(const char *s, int max);

#endif
