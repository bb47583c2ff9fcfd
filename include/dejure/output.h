/*
 * dejure/output.h - writing tables and gnuplot scripts.
 *
 * Every file is written through a dj_out: a buffered writer that fills a
 * temporary file in the destination folder and renames it into place on
 * dj_out_commit(), so that a failure never leaves a half-written file and
 * never touches the previous version. Numbers are formatted by hand, never
 * through the C library's locale.
 */
#ifndef DEJURE_OUTPUT_H
#define DEJURE_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include "date.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The public API keeps default visibility; the library is built with
   -fvisibility=hidden, so that nothing else is exported. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

typedef struct dj_out dj_out;

/*
 * Opens `path` for writing; NULL or "-" writes to standard output (which
 * then is flushed, not renamed, on commit).
 */
int dj_out_open(dj_out **out, const char *path, dj_error *err);
/* Flushes, checks every write, closes and renames into place; frees o. */
int dj_out_commit(dj_out *o, dj_error *err);
/* Discards everything written and frees o (NULL allowed). */
void dj_out_abort(dj_out *o);

/* Appending. Errors are remembered and reported by dj_out_commit(). */
void dj_out_write(dj_out *o, const char *s, size_t n);
void dj_out_str(dj_out *o, const char *s);
void dj_out_char(dj_out *o, char c);
void dj_out_u64(dj_out *o, uint64_t v);
void dj_out_i64(dj_out *o, int64_t v);
void dj_out_date(dj_out *o, dj_date d);
/* A value with `decimals` digits after the point (0..9), rounded half to
   even like printf("%.*f") in the C locale; NaN and infinities as "". */
void dj_out_fixed(dj_out *o, double v, int decimals);
/* 100 * num / den as printf("%.2f") writes that double in the C locale;
   "" when den is 0. */
void dj_out_percent(dj_out *o, uint64_t num, uint64_t den);
/* One CSV field, quoted per RFC 4180 when it holds , " CR or LF. */
void dj_out_csv(dj_out *o, const char *s);
/* A gnuplot string literal that shows s literally and can run nothing:
   double-quoted, with backquote and '@' as octal escapes, quote and
   backslash escaped, control characters (newlines) as spaces. In a label,
   title or key entry, follow it with `noenhanced`: enhanced text would
   read _ ^ @ & ~ { } and backslash in a name as markup. */
void dj_out_gp_string(dj_out *o, const char *s);
/* printf into the output; only for text with no numbers from data. */
void dj_out_printf(dj_out *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
 * Output names that come from data or batch files. Nothing written may land
 * outside the output folder, so such a name is either checked and refused
 * or made safe before it is joined to the folder.
 */

/* Longest single name accepted (bytes), as on common file systems. */
#define DJ_OUT_NAME_MAX 255

/*
 * 0 when `name` is a safe single file or folder name: not empty, not "."
 * or "..", at most DJ_OUT_NAME_MAX bytes, no '/', backslash or control byte,
 * and no leading '.' (hidden names are the writer's temporaries) or '-'.
 * Otherwise DJ_EINVALID with err saying what was found.
 */
int dj_out_name_check(const char *name, dj_error *err);

/*
 * Writes into buf (of `size` bytes, at least 2) a safe name made from
 * `name`: every byte other than an ASCII letter, digit, '-', '_' or '.'
 * becomes '_', a leading '.' or '-' becomes '_', an empty name becomes
 * "_", and the result is cut to DJ_OUT_NAME_MAX and to fit. Returns its
 * length. dj_out_name_check() accepts every result.
 */
size_t dj_out_name_sanitize(char *buf, size_t size, const char *name);

/*
 * Joins folder `dir` and a relative path `rel` (from a batch file, say)
 * into buf: rel may name subfolders ("kosovo/eu") but each part must pass
 * dj_out_name_check(), so an absolute path, "..", "." or an empty part is
 * refused with DJ_EINVALID. DJ_EINVALID too when buf is too small.
 */
int dj_out_path_join(char *buf, size_t size, const char *dir, const char *rel,
                     dj_error *err);

/*
 * For a SIGINT/SIGTERM/SIGHUP/SIGPIPE handler: stops a gnuplot started by
 * dj_gnuplot_run() and unlinks the temporary file of every output not yet
 * committed, so an interrupted run leaves the previous outputs and nothing
 * else. Async-signal-safe; the handler should then re-raise the signal.
 * SIGKILL cannot be caught: it may leave a hidden ".NAME.XXXXXX" temporary
 * or ".render-XXXXXX/" folder beside the outputs, but never a
 * half-written output.
 */
void dj_out_cleanup_on_signal(void);

/* Creates folder `dir` and any missing parents (like mkdir -p); 0 when
   it exists as a folder afterwards, DJ_EIO (err names the folder) else. */
int dj_mkdir_p(const char *dir, dj_error *err);

/* Writes the bytes of a buffer to `path` atomically. */
int dj_write_file(const char *path, const void *data, size_t size,
                  dj_error *err);

/*
 * Runs `gnuplot SCRIPT` in folder `dir` (no shell involved). When
 * `outprefix` is not NULL, the script's variable `outprefix` is set to it
 * first, so that it writes its images under temporary names (letters,
 * digits, '.', '-', '_' and '/': it may name a folder inside `dir`, never
 * an absolute path or ".."). Returns 0 on
 * exit status 0 with nothing on standard error, DJ_ENOTFOUND when gnuplot
 * is not installed, DJ_EIO otherwise (err->msg holds gnuplot's first line
 * of complaint).
 */
int dj_gnuplot_run(const char *dir, const char *script, const char *outprefix,
                   dj_error *err);
/* 1 when a gnuplot executable is on PATH. */
int dj_gnuplot_available(void);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
