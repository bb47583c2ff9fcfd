/*
 * csvread.c - schema-checked CSV tables over libcsv, with positions.
 *
 * Invariant: the reader feeds libcsv exactly one physical line (up to and
 * including its '\n') per csv_parse() call, so `line` is the line being
 * parsed whenever a callback runs, and a record that starts while the
 * parser is between records starts at the beginning of that line.
 */
#include <csv.h>
#include <errno.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "load/csvread.h"
#include "dejure/testing.h"

/* libcsv's state between records (ROW_NOT_BEGUN in libcsv.c). */
#define CSV_BETWEEN_RECORDS 0

struct dj_csv_reader {
    const char *path;
    const char *data, *end;
    const dj_csv_col *cols;
    size_t ncols;
    dj_csv_row_fn fn;
    void *ctx;
    dj_diagnostics *diags;
    dj_error *err;

    int header_done;
    size_t nhdr;
    int hdr_map[DJ_MAX_COLUMNS];   /* header position -> schema column, -1 */

    char *buf;                     /* fields of the record, NUL-separated */
    size_t buflen, bufcap;
    size_t off[DJ_MAX_COLUMNS], flen[DJ_MAX_COLUMNS];
    size_t nfields;                /* fields seen in this record */
    size_t field_too_long;         /* 1-based field that broke the limit */

    /* A plain block (no quote, CR, tab or space in it) is fed to libcsv
       whole: each record there is one line of raw bytes, so the next
       record's line and start follow from this one's field lengths. */
    int plain;
    int ascii;                     /* the plain block is printable ASCII:
                                      no field needs dj_text_ok() */
    int inplace;                   /* ascii, and the window is ours to
                                      write: fields are read where they
                                      are, NUL-terminated in place */
    const char *fstart[DJ_MAX_COLUMNS + 1]; /* in place: where each starts */
    int writable;                  /* the window is a buffer of ours */
    const char *block_end;
    size_t rec_bytes;              /* raw bytes of this record's fields
                                      and separators, so far */
    dj_csv_part *part;

    long line;                     /* physical line being fed */
    long rec_line;                 /* line the record began on */
    const char *rec_start;         /* start of that line */
    unsigned long rows;
    int fatal;                     /* DJ_E* that stops the read */
};

/* DJ_MAX_ROWS, lowered by tests (testing.h) to prove it is enforced. */
static unsigned long row_limit = DJ_MAX_ROWS;

unsigned long dj_csv_row_limit(void)
{
    return row_limit;
}

void dj_testing_row_limit(unsigned long max)
{
    row_limit = max ? max : DJ_MAX_ROWS;
}

/* ---- diagnostics ---- */

static void diag_vadd(dj_diagnostics *d, dj_severity sev, const char *path,
                      long line, long column, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 0)))
#endif
    ;

static void diag_vadd(dj_diagnostics *d, dj_severity sev, const char *path,
                      long line, long column, const char *fmt, va_list ap)
{
    if (!d)
        return;
    if (sev == DJ_ERROR)
        d->errors++;
    else
        d->warnings++;
    size_t max = d->max_kept ? d->max_kept : 1000;
    dj_diag *g;
    if (d->count >= max) {
        /* The list is full. The first error is still kept, over the last
           warning, so that a failed load can always say where it failed. */
        if (sev != DJ_ERROR || d->errors != 1 || d->count == 0)
            return;
        g = &d->items[d->count - 1];
    } else {
        if (dj_grow(&d->items, &d->capacity, d->count + 1, sizeof *d->items))
            return; /* out of memory: the totals still count it */
        g = &d->items[d->count++];
    }
    g->severity = sev;
    snprintf(g->path, sizeof g->path, "%s", path ? path : "");
    g->line = line;
    g->column = column;
    vsnprintf(g->msg, sizeof g->msg, fmt, ap);
}

int dj_diag_wanted(const dj_diagnostics *d, dj_severity sev)
{
    return d && (d->count < (d->max_kept ? d->max_kept : 1000) ||
                 (sev == DJ_ERROR && d->errors == 0));
}

void dj_diag_count(dj_diagnostics *d, dj_severity sev)
{
    if (!d)
        return;
    if (sev == DJ_ERROR)
        d->errors++;
    else
        d->warnings++;
}

void dj_diag_add(dj_diagnostics *d, dj_severity sev, const char *path,
                 long line, long column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, sev, path, line, column, fmt, ap);
    va_end(ap);
}

void dj_diagnostics_init(dj_diagnostics *d)
{
    memset(d, 0, sizeof *d);
}

void dj_diagnostics_dispose(dj_diagnostics *d)
{
    if (!d)
        return;
    dj_free(d->items);
    dj_diagnostics_init(d);
}

/* A fatal problem: recorded as a diagnostic and in err. */
static void fail(struct dj_csv_reader *r, int code, long line, long col,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void fail(struct dj_csv_reader *r, int code, long line, long col,
                 const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    if (r->fatal)
        return;
    r->fatal = code;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dj_diag_add(r->diags, DJ_ERROR, r->path, line, col, "%s", msg);
    dj_error_at(r->err, code, r->path, line, col, "%s", msg);
}

/* ---- text checks ---- */

int dj_text_ok(const char *s, size_t n, int lines, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    /* printable ASCII, 8 bytes at a time: every byte in 0x20..0x7e */
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, u + i, 8);
        const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones * 0x80;
        if (((w - ones * 0x20) | (w + ones * 0x01)) & highs)
            break;
        i += 8;
    }
    while (i < n) {
        unsigned c = u[i];
        size_t need;
        unsigned min;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && !(lines && (c == '\n' || c == '\r'))) ||
                c == 0x7f)
                goto fault;
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) { need = 1; min = 0x80; }
        else if (c >= 0xe0 && c <= 0xef) { need = 2; min = 0x800; }
        else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = 0x10000; }
        else goto fault;
        if (i + need >= n)
            goto fault;
        unsigned cp = c & (0x3f >> need);
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n || (u[i + k] & 0xc0) != 0x80)
                goto fault;
            cp = (cp << 6) | (u[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            goto fault;
        /* C1 controls and the bidirectional embeddings, overrides and
           isolates reach a terminal as escapes or reorder what it shows,
           as C0 controls would */
        if ((cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
            (cp >= 0x2066 && cp <= 0x2069))
            goto fault;
        i += need + 1;
    }
    return 1;
fault:
    if (bad)
        *bad = i;
    return 0;
}

/* ---- positions ---- */

/* Byte column (1-based) of field k (0-based) of the record starting at p. */
int dj_text_cut(const char *s, int max)
{
    int n = 0;
    while (n < max && s[n])
        n++;
    if (s[n]) /* cut: step back over the continuation bytes of the last character */
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
    return n;
}

static long field_column(const char *p, const char *end, size_t k)
{
    const char *q = p;
    for (size_t i = 0; i < k && q < end; i++) {
        if (*q == '"') {
            q++;
            while (q < end) {
                if (*q == '"') {
                    if (q + 1 < end && q[1] == '"') {
                        q += 2;
                        continue;
                    }
                    q++;
                    break;
                }
                q++;
            }
        }
        while (q < end && *q != ',' && *q != '\n' && *q != '\r')
            q++;
        if (q < end && *q == ',')
            q++;
        else
            break;
    }
    return (long)(q - p) + 1;
}

/* Byte column of field k of the current record. In place, the
   separators may already be NULs: the fields' starts are known instead. */
static long rec_column(const struct dj_csv_reader *r, size_t k)
{
    if (r->inplace) {
        if (k < r->nfields && k <= DJ_MAX_COLUMNS)
            return (long)(r->fstart[k] - r->rec_start) + 1;
        return (long)r->rec_bytes; /* the line end */
    }
    return field_column(r->rec_start, r->end, k);
}

long dj_csv_column(const dj_csv_row *row, size_t col)
{
    struct dj_csv_reader *r = row->reader;
    for (size_t i = 0; i < r->nhdr; i++)
        if (r->hdr_map[i] == (int)col)
            return rec_column(r, i);
    return 1;
}

void dj_csv_report(const dj_csv_row *row, size_t col, dj_severity sev,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(row->reader->diags, sev, row->reader->path, row->line,
              dj_csv_column(row, col), fmt, ap);
    va_end(ap);
}

/* ---- libcsv callbacks ---- */

static void on_field(void *s, size_t len, void *data)
{
    struct dj_csv_reader *r = data;
    size_t k = r->nfields++;
    if (r->inplace) { /* the field is in the window as it stands */
        if (k <= DJ_MAX_COLUMNS) {
            r->fstart[k] = r->rec_start + r->rec_bytes;
            if (k < DJ_MAX_COLUMNS)
                r->flen[k] = len;
        }
        r->rec_bytes += len + 1;
        return;
    }
    r->rec_bytes += len + 1;
    if (r->fatal || k >= DJ_MAX_COLUMNS)
        return;
    if (len > DJ_MAX_FIELD_BYTES) {
        if (!r->field_too_long)
            r->field_too_long = k + 1;
        len = 0;
    }
    if (r->buflen + len + 1 > r->bufcap &&
        dj_grow(&r->buf, &r->bufcap, r->buflen + len + 1, 1)) {
        fail(r, DJ_ENOMEM, r->line, 0, "out of memory");
        return;
    }
    if (len <= 16) { /* most fields: short codes and dates */
        const char *f = s;
        char *d = r->buf + r->buflen;
        for (size_t i = 0; i < len; i++)
            d[i] = f[i];
    } else {
        memcpy(r->buf + r->buflen, s, len);
    }
    r->off[k] = r->buflen;
    r->flen[k] = len;
    r->buflen += len;
    r->buf[r->buflen++] = '\0';
}

static void header_row(struct dj_csv_reader *r)
{
    unsigned char seen[DJ_MAX_COLUMNS] = {0};
    r->nhdr = r->nfields;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *name = r->buf + r->off[i];
        long col = field_column(r->rec_start, r->end, i);
        int found = -1;
        size_t bad;
        if (!dj_text_ok(name, r->flen[i], 0, &bad)) {
            /* never echo control bytes (a terminal escape) in a message */
            fail(r, DJ_EPARSE, r->rec_line, col,
                 "expected a column name, found %s",
                 (unsigned char)name[bad] >= 0x80 ? "invalid UTF-8" : "a control character or NUL");
            return;
        }
        for (size_t c = 0; c < r->ncols; c++)
            if (strcmp(name, r->cols[c].name) == 0)
                found = (int)c;
        if (found < 0) {
            char list[256] = "";
            for (size_t c = 0; c < r->ncols; c++) {
                strncat(list, r->cols[c].name, sizeof list - strlen(list) - 1);
                if (c + 1 < r->ncols)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
            }
            fail(r, DJ_EPARSE, r->rec_line, col,
                 "unknown column '%.*s', expected one of: %s", dj_text_cut(name, 64), name, list);
            return;
        }
        if (seen[found]) {
            fail(r, DJ_EPARSE, r->rec_line, col, "column '%s' appears twice",
                 name);
            return;
        }
        seen[found] = 1;
        r->hdr_map[i] = found;
    }
    for (size_t c = 0; c < r->ncols; c++)
        if (r->cols[c].required && !seen[c]) {
            fail(r, DJ_EPARSE, r->rec_line, 1,
                 "missing column '%s' in the header", r->cols[c].name);
            return;
        }
    r->header_done = 1;
    if (r->part && r->part->on_header)
        r->part->on_header(r->part->ctx, r->hdr_map, r->nhdr);
}

static void data_row(struct dj_csv_reader *r)
{
    const char *field[DJ_MAX_COLUMNS];
    size_t len[DJ_MAX_COLUMNS];
    unsigned char present[DJ_MAX_COLUMNS] = {0};

    if (++r->rows > row_limit) {
        fail(r, DJ_ELIMIT, r->rec_line, 1,
             "expected at most %lu data rows (the limit), found more", row_limit);
        return;
    }
    if (r->nfields != r->nhdr) {
        long col = rec_column(r, r->nfields > r->nhdr ? r->nhdr : r->nfields);
        if (r->nfields < r->nhdr && col > 1)
            col--; /* point at the end of the short row */
        dj_diag_add(r->diags, DJ_ERROR, r->path, r->rec_line, col,
                    "expected %zu fields as in the header, found %zu",
                    r->nhdr, r->nfields);
        return;
    }
    for (size_t c = 0; c < r->ncols; c++) {
        field[c] = "";
        len[c] = 0;
    }
    for (size_t i = 0; i < r->nfields; i++) {
        const char *s;
        size_t n = r->flen[i], bad;
        if (r->inplace) {
            /* the separator after the field is consumed: a NUL there */
            ((char *)r->fstart[i])[n] = '\0';
            s = r->fstart[i];
        } else {
            s = r->buf + r->off[i];
        }
        if (!r->ascii && !dj_text_ok(s, n, r->cols[r->hdr_map[i]].multiline, &bad)) {
            long col = rec_column(r, i);
            unsigned char b = (unsigned char)s[bad];
            const unsigned char *u = (const unsigned char *)s + bad;
            const char *what = b == '\n' || b == '\r' ? "a line break inside a field"
                               : b == '\0'             ? "a NUL byte"
                               : b < 0x80               ? "a control character"
                               : b == 0xc2 && bad + 1 < n && u[1] >= 0x80 && u[1] <= 0x9f
                                   ? "a control character (U+0080 to U+009F)"
                               : b == 0xe2 && bad + 2 < n &&
                                 ((u[1] == 0x80 && u[2] >= 0xaa && u[2] <= 0xae) ||
                                  (u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9))
                                   ? "a bidirectional control character"
                                   : "invalid UTF-8";
            dj_diag_add(r->diags, DJ_ERROR, r->path, r->rec_line, col,
                        "expected text, found %s in column '%s'", what,
                        r->cols[r->hdr_map[i]].name);
            return;
        }
        int c = r->hdr_map[i];
        field[c] = s;
        len[c] = n;
        present[c] = 1;
    }
    dj_csv_row row = {field, len, present, r->rec_line, r};
    int rc = r->fn(r->ctx, &row);
    if (rc < 0 && !r->fatal)
        fail(r, rc, r->rec_line, 0, "%s", dj_strerror(rc));
}

static void on_record(int c, void *data)
{
    struct dj_csv_reader *r = data;
    (void)c;
    if (!r->fatal) {
        if (r->nfields > DJ_MAX_COLUMNS)
            fail(r, DJ_ELIMIT, r->rec_line,
                 rec_column(r, DJ_MAX_COLUMNS),
                 "expected at most %u columns (the limit), found more", DJ_MAX_COLUMNS);
        else if (r->field_too_long)
            fail(r, DJ_ELIMIT, r->rec_line,
                 rec_column(r, r->field_too_long - 1),
                 "expected a field of at most %u bytes (the limit), found a longer one",
                 DJ_MAX_FIELD_BYTES);
        else if (!r->header_done)
            header_row(r);
        else
            data_row(r);
    }
    r->nfields = 0;
    r->buflen = 0;
    r->field_too_long = 0;
    if (r->plain) {
        /* the next record starts after this one's '\n' and any empty
           lines (which libcsv skips) */
        const char *next = r->rec_start + r->rec_bytes;
        r->rec_line++;
        while (next < r->block_end && *next == '\n') {
            next++;
            r->rec_line++;
        }
        r->rec_start = next;
        r->line = r->rec_line;
    }
    r->rec_bytes = 0;
}

/* libcsv grows its field buffer through this: refusing past the field
   limit turns a 10 MB field into an error, not a 10 MB allocation. */
static void *csv_realloc(void *p, size_t n)
{
    if (n > DJ_MAX_FIELD_BYTES + 4096)
        return NULL;
    return dj_realloc(p, n);
}

/* ---- the input: all in memory, or a byte range of a file ---- */

#define WINDOW_BYTES (4u << 20)
#define BLOCK_BYTES (64u << 10)

typedef struct window {
    int fd;                 /* -1: everything is in memory already */
    uint64_t off, stop;     /* next file offset to read, end of the range */
    uint64_t hard_stop;     /* where to go on when `stop` falls in a record;
                               UINT64_MAX: to the end of the file, however
                               long it turns out (a file may grow, or say
                               size 0 as /proc files do) */
    int err_no;             /* errno of a failed read */
    char *buf;
    size_t cap;
    const char *begin, *end;/* valid bytes */
    int eof;
} window;

/* Reads more of the file, keeping [keep, end) and moving it to the front
   (the record being read must stay whole, for columns). *dropped gets
   the offset of `keep` in the window before: a pointer at offset o is at
   offset o - *dropped after (the window may have moved: callers keep
   offsets, not pointers, across a refill). 0, or DJ_EIO / DJ_ELIMIT /
   DJ_ENOMEM. */
static int refill(window *w, const char *keep, size_t *dropped)
{
    size_t kept = (size_t)(w->end - keep), from = (size_t)(keep - w->buf);
    *dropped = 0;
    if (w->eof)
        return 0;
    if (kept > w->cap / 2) { /* a long record: make room */
        size_t cap = w->cap;
        if (dj_grow(&w->buf, &cap, w->cap * 2, 1))
            return DJ_ENOMEM;
        w->cap = cap;
    }
    memmove(w->buf, w->buf + from, kept);
    *dropped = from;
    w->begin = w->buf;
    w->end = w->buf + kept;
    size_t room = w->cap - kept;
    if (w->stop - w->off < room)
        room = (size_t)(w->stop - w->off);
    while (room) {
        ssize_t n = pread(w->fd, w->buf + kept, room, (off_t)w->off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            w->err_no = errno;
            return DJ_EIO;
        }
        if (n == 0) { /* the file shrank while we read it */
            w->stop = w->hard_stop = w->off;
            break;
        }
        kept += (size_t)n;
        room -= (size_t)n;
        w->off += (uint64_t)n;
        if (w->off > DJ_MAX_FILE_BYTES)
            return DJ_ELIMIT;
    }
    w->end = w->buf + kept;
    if (w->off >= w->stop)
        w->eof = 1;
    return 0;
}

/* Scans [s, e) up to the first byte special to libcsv other than ',' and
   '\n' (a quote, CR, space or tab: it may quote, end or trim a field) and
   returns where it is, or e. *ascii tells whether every byte before it is
   '\n' or printable ASCII (nothing dj_text_ok() would refuse). Eight bytes
   at a time, line ends included (a short line has one in most words); the
   cost is the distance scanned, so that a file with a special byte on
   every line is scanned about once in all. */
static const char *plain_prefix(const char *s, const char *e, int *ascii)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones * 0x80,
                   lows = ones * 0x7f;
    const unsigned char *u = (const unsigned char *)s, *end = (const unsigned char *)e;
    int asc = 1;
    while (u < end) {
        if (end - u >= 8) {
            uint64_t w, q, t, nl;
            memcpy(&w, u, 8);
            /* 0x80 in exactly the bytes that are '\n' (no carry crosses a
               byte: the sum of two 7-bit values fits in 8), which become
               '*' (0x0a + 0x20) for the test below */
            t = w ^ (ones * '\n');
            nl = ~(((t & lows) + lows) | t | lows);
            w += nl >> 2;
            q = w ^ (ones * '"');
            /* all eight in 0x21..0x7e and none a quote: plain ASCII */
            if (!((((w - ones * 0x21) | (w + ones)) & highs) | ((q - ones) & ~q & highs))) {
                u += 8;
                continue;
            }
        }
        unsigned c = *u;
        if (c == '"' || c == '\r' || c == ' ' || c == '\t')
            break;
        if (c != '\n' && (c < 0x21 || c > 0x7e))
            asc = 0;
        u++;
    }
    *ascii = asc;
    return (const char *)u;
}

/* A failed read, in the words a whole-file read would use. */
static void read_failed(struct dj_csv_reader *r, const window *w, int rc)
{
    if (rc == DJ_EIO)
        fail(r, rc, 0, 0, "cannot read: %s", strerror(w->err_no));
    else if (rc == DJ_ELIMIT)
        fail(r, rc, 0, 0, "file larger than %llu bytes, the limit",
             (unsigned long long)DJ_MAX_FILE_BYTES);
    else
        fail(r, rc, 0, 0, "out of memory");
}

static int csv_run(struct dj_csv_reader *r, struct csv_parser *p, window *w,
                   size_t min_rows)
{
    const char *q = w->begin;
    size_t dropped;
    int rc;

    if (w->fd >= 0 && (rc = refill(w, q, &dropped))) {
        read_failed(r, w, rc);
        return r->fatal;
    }
    q = w->begin;
    r->data = q;
    r->end = w->end;
    /* A UTF-8 byte-order mark, as spreadsheets write, is not data. */
    if (!r->header_done && w->end - q >= 3 && memcmp(q, "\xef\xbb\xbf", 3) == 0)
        q += 3;
    r->rec_start = q;
    if (!r->header_done) {
        /* Line ends of CR alone (old Mac files): libcsv ends records at
           them, but the lines counted here are LF's, so every message
           would say line 1. A header line holding a CR that no LF follows
           means such a file: refused, once, with what to do. */
        for (const char *c = q; c < w->end && *c != '\n'; c++)
            if (*c == '\r' && (c + 1 == w->end ? w->eof : c[1] != '\n')) {
                fail(r, DJ_EPARSE, 1, (long)(c - q) + 1,
                     "expected lines ending in LF or CR LF, found a CR alone (an old Mac file): "
                     "convert its line ends");
                break;
            }
    }
    for (;;) {
        if (r->fatal)
            break;
        const char *nl = q < w->end ? memchr(q, '\n', (size_t)(w->end - q)) : NULL;
        if (!nl && !w->eof) {
            const char *keep = p->pstate == CSV_BETWEEN_RECORDS ? q : r->rec_start;
            size_t q_off = (size_t)(q - w->buf), rs_off = (size_t)(r->rec_start - w->buf);
            if ((rc = refill(w, keep, &dropped))) {
                read_failed(r, w, rc);
                break;
            }
            q = w->buf + (q_off - dropped);
            /* between records the start of the last one may be gone: the
               next line sets it again */
            r->rec_start = rs_off >= dropped ? w->buf + (rs_off - dropped) : w->buf;
            r->data = w->buf;
            r->end = w->end;
            continue;
        }
        if (q >= w->end) {
            /* the end of this part: when it falls inside a record, the
               part was not cut at a record's end; read on to the file's */
            if (p->pstate != CSV_BETWEEN_RECORDS && w->stop < w->hard_stop) {
                w->stop = w->hard_stop;
                w->eof = 0;
                continue;
            }
            break;
        }
        if (r->header_done && p->pstate == CSV_BETWEEN_RECORDS && nl) {
            /* a plain block: whole lines up to BLOCK_BYTES, up to the line
               of the first byte that needs libcsv line by line */
            const char *lim = w->end - q > BLOCK_BYTES ? q + BLOCK_BYTES : w->end;
            int ascii;
            const char *bad = plain_prefix(q, lim, &ascii);
            const char *last = bad;
            while (last > q && last[-1] != '\n')
                last--;
            if (last > q) {
                r->plain = 1;
                r->ascii = ascii;
                r->inplace = ascii && r->writable;
                r->block_end = last;
                r->rec_line = r->line + 1;
                r->rec_start = q;
                while (r->rec_start < last && *r->rec_start == '\n') {
                    r->rec_start++;
                    r->rec_line++;
                }
                r->line = r->rec_line;
                size_t n = (size_t)(last - q);
                size_t done = csv_parse(p, q, n, on_field, on_record, r);
                r->plain = 0;
                r->ascii = 0;
                r->inplace = 0;
                if (done != n && !r->fatal) {
                    if (csv_get_buffer_size(p) + 8192 > DJ_MAX_FIELD_BYTES)
                        fail(r, DJ_ELIMIT, r->rec_line, rec_column(r, r->nfields),
                             "expected a field of at most %u bytes (the limit), found a longer one",
                             DJ_MAX_FIELD_BYTES);
                    else
                        fail(r, DJ_ENOMEM, r->line, 0, "out of memory");
                }
                /* every line of the block was fed */
                r->line = r->rec_line - 1;
                q = last;
                continue;
            }
        }
        size_t n = nl ? (size_t)(nl - q) + 1 : (size_t)(w->end - q);
        r->line++;
        if (p->pstate == CSV_BETWEEN_RECORDS) {
            r->rec_line = r->line;
            r->rec_start = q;
        }
        size_t done = csv_parse(p, q, n, on_field, on_record, r);
        if (done != n && !r->fatal) {
            if (csv_error(p) == CSV_EPARSE && q[done] == '"')
                fail(r, DJ_EPARSE, r->line, (long)done + 1,
                     "expected a quote only around a whole field (written twice inside "
                     "it), found one inside an unquoted field");
            else if (csv_error(p) == CSV_EPARSE)
                fail(r, DJ_EPARSE, r->line, (long)done + 1,
                     "expected a delimiter or the end of the field after a "
                     "quote, found '%c'", q[done] > 32 && q[done] < 127 ? q[done] : '?');
            else if (csv_get_buffer_size(p) + 8192 > DJ_MAX_FIELD_BYTES)
                fail(r, DJ_ELIMIT, r->rec_line, field_column(r->rec_start, r->end, r->nfields),
                     "expected a field of at most %u bytes (the limit), found a longer one",
                     DJ_MAX_FIELD_BYTES);
            else
                fail(r, DJ_ENOMEM, r->line, 0, "out of memory");
        }
        q += n;
    }
    if (r->part) {
        r->part->between = p->pstate == CSV_BETWEEN_RECORDS;
        r->part->lines = r->line;
        r->part->rows = r->rows;
        r->part->whole = w->stop == w->hard_stop;
    }
    /* a part that ends at a record's end leaves the rest to another */
    int whole = !r->part || w->stop == w->hard_stop;
    if (!r->fatal && whole && csv_fini(p, on_field, on_record, r) != 0)
        fail(r, DJ_EPARSE, r->rec_line,
             field_column(r->rec_start, r->end, r->nfields),
             "expected a closing quote, found the end of the file");

    if (!r->fatal && !r->header_done) {
        char list[256] = "";
        for (size_t c = 0; c < r->ncols; c++) {
            if (!r->cols[c].required)
                continue;
            if (list[0])
                strncat(list, ",", sizeof list - strlen(list) - 1);
            strncat(list, r->cols[c].name, sizeof list - strlen(list) - 1);
        }
        fail(r, DJ_EPARSE, 1, 1, "expected a header row '%s', found an empty file",
             list);
    }
    if (!r->fatal && whole && r->rows < min_rows)
        fail(r, DJ_EPARSE, r->line + 1, 1,
             "expected at least one data row, found only the header");
    return r->fatal;
}

static int csv_read(const char *path, window *w, const dj_csv_col *cols,
                    size_t ncols, size_t min_rows, dj_csv_row_fn fn, void *ctx,
                    dj_csv_part *part, dj_diagnostics *diags, dj_error *err)
{
    struct dj_csv_reader r;
    struct csv_parser p;

    memset(&r, 0, sizeof r);
    r.path = path;
    r.cols = cols;
    r.ncols = ncols;
    r.fn = fn;
    r.ctx = ctx;
    r.diags = diags;
    r.err = err;
    r.part = part;
    r.writable = w->fd >= 0;
    if (part && part->hdr_map) { /* the header was read by another part */
        r.header_done = 1;
        r.nhdr = part->nhdr;
        memcpy(r.hdr_map, part->hdr_map, part->nhdr * sizeof *r.hdr_map);
    }
    if (part) {
        r.line = part->first_line;
        r.rows = part->first_rows;
    }

    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    csv_set_realloc_func(&p, csv_realloc);
    csv_set_free_func(&p, dj_free);
    int rc = csv_run(&r, &p, w, min_rows);
    csv_free(&p);
    dj_free(r.buf);
    return rc;
}

int dj_csv_read(const char *path, const char *data, size_t size,
                const dj_csv_col *cols, size_t ncols, size_t min_rows,
                dj_csv_row_fn fn, void *ctx, dj_diagnostics *diags,
                dj_error *err)
{
    window w = {-1, 0, 0, 0, 0, NULL, 0, data, data + size, 1};
    return csv_read(path, &w, cols, ncols, min_rows, fn, ctx, NULL, diags, err);
}

int dj_csv_read_fd(const char *path, int fd, uint64_t from, uint64_t to,
                   uint64_t size, const dj_csv_col *cols, size_t ncols,
                   size_t min_rows, dj_csv_row_fn fn, void *ctx,
                   dj_csv_part *part, dj_diagnostics *diags, dj_error *err)
{
    window w = {fd, from, to, size, 0, NULL, 0, NULL, NULL, 0};
    int kept = part && part->window && *part->window;
    w.buf = kept ? *part->window : dj_malloc(WINDOW_BYTES);
    if (!w.buf)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    w.cap = kept ? *part->window_cap : WINDOW_BYTES;
    w.begin = w.end = w.buf;
    int rc = csv_read(path, &w, cols, ncols, min_rows, fn, ctx, part, diags, err);
    if (part && part->window) {
        *part->window = w.buf; /* grown, perhaps */
        *part->window_cap = w.cap;
    } else {
        dj_free(w.buf);
    }
    return rc;
}
