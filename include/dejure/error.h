/*
 * dejure/error.h - return codes and the error report every call can fill.
 *
 * Library functions return 0 or one of the negative DJ_E* codes below.
 * Details go into a caller-owned dj_error (NULL allowed) whose buffers are
 * fixed, so that reporting an error never allocates - it must work when
 * memory has run out.
 */
#ifndef DEJURE_ERROR_H
#define DEJURE_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The public API keeps default visibility; the library is built with
   -fvisibility=hidden, so that nothing else is exported. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

enum {
    DJ_OK       = 0,
    DJ_EPARSE   = -1, /* bad data in an input file (file:line:column set) */
    DJ_EIO      = -2, /* a file could not be read or written */
    DJ_ENOMEM   = -3, /* out of memory */
    DJ_EINVALID = -4, /* a caller passed a bad argument (unknown bloc...) */
    DJ_ELIMIT   = -5, /* an input exceeds a documented limit */
    DJ_ENOTFOUND = -6 /* a named file, subject or bloc does not exist */
};

typedef struct dj_error {
    int  code;        /* one of DJ_E*, 0 when nothing was reported */
    char path[256];   /* file the problem is in, "" when none */
    long line;        /* 1-based physical line, 0 = unknown */
    long column;      /* 1-based byte column, 0 = unknown */
    char msg[512];    /* one line, no trailing newline or period */
} dj_error;

/* Empties an error report. */
void dj_error_clear(dj_error *err);

/*
 * Fills err (when not NULL) and returns code, so that callers can write
 * `return dj_error_set(err, DJ_EINVALID, "unknown bloc '%s'", b);`.
 */
int dj_error_set(dj_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* As dj_error_set, with a position in a file. */
int dj_error_at(dj_error *err, int code, const char *path, long line,
                long column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* A short English name for a DJ_E* code ("out of memory"). */
const char *dj_strerror(int code);

/*
 * The word of words[0..n-1] closest to `word` by edit distance (ASCII
 * letters compared ignoring case), for "did you mean" hints; NULL when
 * nothing is close (more than a third of the letters differ). The
 * dataset's dj_dataset_suggest_* use the same measure.
 */
const char *dj_suggest(const char *word, const char *const *words, size_t n);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
