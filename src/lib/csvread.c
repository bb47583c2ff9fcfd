/*
 * csvread.c - schema-checked CSV tables over libcsv, with positions.
 *
 * Invariant: the reader feeds libcsv exactly one physical line (up to and
 * including its '\n') per csv_parse() call, so `line` is the line being
 * parsed whenever a callback runs, and a record that starts while the
 * parser is between records starts at the beginning of that line.
 */
#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "csvread.h"
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

    long line;                     /* physical line being fed */
    long rec_line;                 /* line the record began on */
    const char *rec_start;         /* start of that line */
    unsigned long rows;
    int fatal;                     /* DJ_E* that stops the read */
};

/* DJ_MAX_ROWS, lowered by tests (testing.h) to prove it is enforced. */
static unsigned long row_limit = DJ_MAX_ROWS;

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
    if (d->count >= max)
        return;
    if (dj_grow(&d->items, &d->capacity, d->count + 1, sizeof *d->items))
        return; /* out of memory: the totals still count it */
    dj_diag *g = &d->items[d->count++];
    g->severity = sev;
    snprintf(g->path, sizeof g->path, "%s", path ? path : "");
    g->line = line;
    g->column = column;
    vsnprintf(g->msg, sizeof g->msg, fmt, ap);
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

long dj_csv_column(const dj_csv_row *row, size_t col)
{
    struct dj_csv_reader *r = row->reader;
    for (size_t i = 0; i < r->nhdr; i++)
        if (r->hdr_map[i] == (int)col)
            return field_column(r->rec_start, r->end, i);
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
    if (r->fatal || k >= DJ_MAX_COLUMNS)
        return;
    if (len > DJ_MAX_FIELD_BYTES) {
        if (!r->field_too_long)
            r->field_too_long = k + 1;
        len = 0;
    }
    if (dj_grow(&r->buf, &r->bufcap, r->buflen + len + 1, 1)) {
        fail(r, DJ_ENOMEM, r->line, 0, "out of memory");
        return;
    }
    if (len)
        memcpy(r->buf + r->buflen, s, len);
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
                 "unknown column '%.64s', expected one of: %s", name, list);
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
        long col = field_column(r->rec_start, r->end,
                                r->nfields > r->nhdr ? r->nhdr : r->nfields);
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
        const char *s = r->buf + r->off[i];
        size_t n = r->flen[i], bad;
        if (!dj_text_ok(s, n, r->cols[r->hdr_map[i]].multiline, &bad)) {
            long col = field_column(r->rec_start, r->end, i);
            unsigned char b = (unsigned char)s[bad];
            const char *what = b == '\n' || b == '\r' ? "a line break inside a field"
                               : b == '\0'             ? "a NUL byte"
                               : b < 0x80               ? "a control character"
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
                 field_column(r->rec_start, r->end, DJ_MAX_COLUMNS),
                 "expected at most %u columns (the limit), found more", DJ_MAX_COLUMNS);
        else if (r->field_too_long)
            fail(r, DJ_ELIMIT, r->rec_line,
                 field_column(r->rec_start, r->end, r->field_too_long - 1),
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
}

/* libcsv grows its field buffer through this: refusing past the field
   limit turns a 10 MB field into an error, not a 10 MB allocation. */
static void *csv_realloc(void *p, size_t n)
{
    if (n > DJ_MAX_FIELD_BYTES + 4096)
        return NULL;
    return dj_realloc(p, n);
}

int dj_csv_read(const char *path, const char *data, size_t size,
                const dj_csv_col *cols, size_t ncols, size_t min_rows,
                dj_csv_row_fn fn, void *ctx, dj_diagnostics *diags,
                dj_error *err)
{
    struct dj_csv_reader r;
    struct csv_parser p;

    memset(&r, 0, sizeof r);
    r.path = path;
    r.data = data;
    r.end = data + size;
    r.cols = cols;
    r.ncols = ncols;
    r.fn = fn;
    r.ctx = ctx;
    r.diags = diags;
    r.err = err;

    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    csv_set_realloc_func(&p, csv_realloc);
    csv_set_free_func(&p, dj_free);

    const char *q = data;
    /* A UTF-8 byte-order mark, as spreadsheets write, is not data. */
    if (size >= 3 && memcmp(q, "\xef\xbb\xbf", 3) == 0)
        q += 3;
    r.rec_start = q;
    while (q < r.end && !r.fatal) {
        const char *nl = memchr(q, '\n', (size_t)(r.end - q));
        size_t n = nl ? (size_t)(nl - q) + 1 : (size_t)(r.end - q);
        r.line++;
        if (p.pstate == CSV_BETWEEN_RECORDS) {
            r.rec_line = r.line;
            r.rec_start = q;
        }
        size_t done = csv_parse(&p, q, n, on_field, on_record, &r);
        if (done != n && !r.fatal) {
            if (csv_error(&p) == CSV_EPARSE && q[done] == '"')
                fail(&r, DJ_EPARSE, r.line, (long)done + 1,
                     "expected a quote only around a whole field (written twice inside "
                     "it), found one inside an unquoted field");
            else if (csv_error(&p) == CSV_EPARSE)
                fail(&r, DJ_EPARSE, r.line, (long)done + 1,
                     "expected a delimiter or the end of the field after a "
                     "quote, found '%c'", q[done] > 32 && q[done] < 127 ? q[done] : '?');
            else if (csv_get_buffer_size(&p) + 8192 > DJ_MAX_FIELD_BYTES)
                fail(&r, DJ_ELIMIT, r.rec_line, field_column(r.rec_start, r.end, r.nfields),
                     "expected a field of at most %u bytes (the limit), found a longer one",
                 DJ_MAX_FIELD_BYTES);
            else
                fail(&r, DJ_ENOMEM, r.line, 0, "out of memory");
        }
        q += n;
    }
    if (!r.fatal && csv_fini(&p, on_field, on_record, &r) != 0)
        fail(&r, DJ_EPARSE, r.rec_line,
             field_column(r.rec_start, r.end, r.nfields),
             "expected a closing quote, found the end of the file");
    csv_free(&p);
    dj_free(r.buf);

    if (!r.fatal && !r.header_done) {
        char list[256] = "";
        for (size_t c = 0; c < ncols; c++) {
            if (!cols[c].required)
                continue;
            if (list[0])
                strncat(list, ",", sizeof list - strlen(list) - 1);
            strncat(list, cols[c].name, sizeof list - strlen(list) - 1);
        }
        fail(&r, DJ_EPARSE, 1, 1, "expected a header row '%s', found an empty file",
             list);
    }
    if (!r.fatal && r.rows < min_rows)
        fail(&r, DJ_EPARSE, r.line + 1, 1,
             "expected at least one data row, found only the header");
    return r.fatal;
}
