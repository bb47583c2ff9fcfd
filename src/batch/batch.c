/*
 * batch.c - batch files: the INI-style syntax (dj_batch_parse) and the
 * meaning of each section as one analysis (dj_batch_new).
 *
 * The parser copies the input once into doc->text and cuts it in place:
 * every key, value and section name is a NUL-terminated string inside that
 * copy. It never reads past `size` bytes, checks every byte (UTF-8, no
 * control characters) and bounds every count, so any input ends in either
 * a document or an error with its line and column.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "batch/batch_impl.h"
#include "util/readfile.h"
#include "util/suggest.h"
#include "dejure/batch.h"
#include "dejure/report.h"
#include "dejure/stats.h"

/* ---- 1. syntax ---- */

static int is_space(char c) { return c == ' ' || c == '\t'; }

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

/* "'x'" for a printable ASCII byte, "byte 0xNN" otherwise, "end of line". */
static const char *found(char *buf, size_t size, const char *p)
{
    unsigned char c = (unsigned char)*p;
    if (c == '\0')
        snprintf(buf, size, "end of line");
    else if (c >= 0x20 && c < 0x7f)
        snprintf(buf, size, "'%c'", c);
    else
        snprintf(buf, size, "byte 0x%02x", c);
    return buf;
}

/* Length of the valid UTF-8 sequence at s (of n bytes), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c == 0xe0) { len = 3; lo = 0xa0; }
    else if (c >= 0xe1 && c <= 0xec) len = 3;
    else if (c == 0xed) { len = 3; hi = 0x9f; }       /* no surrogates */
    else if (c >= 0xee && c <= 0xef) len = 3;
    else if (c == 0xf0) { len = 4; lo = 0x90; }
    else if (c >= 0xf1 && c <= 0xf3) len = 4;
    else if (c == 0xf4) { len = 4; hi = 0x8f; }       /* <= U+10FFFF */
    else return 0;
    if (n < len)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return len;
}

void dj_batch_doc_free(dj_batch_doc *doc)
{
    if (!doc)
        return;
    dj_free(doc->name);
    dj_free(doc->sections);
    dj_free(doc->entries);
    dj_free(doc->text);
    dj_free(doc);
}

typedef struct parser {
    dj_batch_doc *doc;
    size_t cap_sections, cap_entries;
    const char *name;
    dj_error *err;
} parser;

static int add_section(parser *P, const char *name, long line, long column)
{
    dj_batch_doc *d = P->doc;
    if (d->nsections > DJ_BATCH_MAX_SECTIONS)
        return dj_error_at(P->err, DJ_ELIMIT, P->name, line, column,
                           "more than %u sections, the limit", DJ_BATCH_MAX_SECTIONS);
    if (dj_grow(&d->sections, &P->cap_sections, d->nsections + 1, sizeof *d->sections))
        return dj_error_set(P->err, DJ_ENOMEM, "out of memory");
    dj_batch_section *s = &d->sections[d->nsections++];
    s->name = name;
    s->line = line;
    s->column = column;
    s->first = d->nentries;
    s->count = 0;
    return 0;
}

static int parse_line(parser *P, char *s, long line)
{
    dj_batch_doc *d = P->doc;
    char fb[32];
    char *p = s;
    while (is_space(*p))
        p++;
    if (*p == '\0' || *p == ';' || *p == '#')
        return 0;
    if (*p == '[') {
        long col = (long)(p - s) + 1;
        char *name = p + 1;
        while (is_space(*name))
            name++;
        char *q = name;
        while (is_name_char(*q))
            q++;
        char *end = q;
        while (is_space(*q))
            q++;
        if (*q != ']')
            return dj_error_at(P->err, DJ_EPARSE, P->name, line, (long)(q - s) + 1,
                               "expected a section name of letters, digits, '.', '_' or '-' "
                               "and then ']', found %s", found(fb, sizeof fb, q));
        if (end == name)
            return dj_error_at(P->err, DJ_EPARSE, P->name, line, (long)(name - s) + 1,
                               "expected a section name, found ']'");
        if (*name == '.')
            return dj_error_at(P->err, DJ_EPARSE, P->name, line, (long)(name - s) + 1,
                               "a section name may not start with '.'");
        if ((size_t)(end - name) > DJ_BATCH_MAX_NAME)
            return dj_error_at(P->err, DJ_ELIMIT, P->name, line, (long)(name - s) + 1,
                               "section name longer than %u bytes", DJ_BATCH_MAX_NAME);
        char *r = q + 1;
        while (is_space(*r))
            r++;
        if (*r != '\0' && *r != ';' && *r != '#')
            return dj_error_at(P->err, DJ_EPARSE, P->name, line, (long)(r - s) + 1,
                               "expected the end of the line after ']', found %s",
                               found(fb, sizeof fb, r));
        *end = '\0';
        for (size_t i = 1; i < d->nsections; i++)
            if (strcmp(d->sections[i].name, name) == 0)
                return dj_error_at(P->err, DJ_EPARSE, P->name, line, (long)(name - s) + 1,
                                   "section [%s] repeats the one at line %ld", name,
                                   d->sections[i].line);
        return add_section(P, name, line, col);
    }
    /* key = value */
    char *key = p;
    while (is_name_char(*p))
        p++;
    if (p == key)
        return dj_error_at(P->err, DJ_EPARSE, P->name, line, (long)(p - s) + 1,
                           "expected 'key = value', '[section]' or a comment, found %s",
                           found(fb, sizeof fb, p));
    char *key_end = p;
    while (is_space(*p))
        p++;
    if (*p != '=')
        return dj_error_at(P->err, DJ_EPARSE, P->name, line, (long)(p - s) + 1,
                           "expected '=' after the key, found %s", found(fb, sizeof fb, p));
    *key_end = '\0';
    p++;
    while (is_space(*p))
        p++;
    char *value = p;
    /* an inline comment starts at ';' or '#' that begins the value or
       follows a space or tab */
    char *end = p;
    for (char *q = p; *q; q++) {
        if ((*q == ';' || *q == '#') && (q == value || is_space(q[-1])))
            break;
        end = q + 1;
    }
    while (end > value && is_space(end[-1]))
        end--;
    *end = '\0';
    if (d->nentries >= DJ_BATCH_MAX_ENTRIES)
        return dj_error_at(P->err, DJ_ELIMIT, P->name, line, (long)(key - s) + 1,
                           "more than %u 'key = value' lines, the limit", DJ_BATCH_MAX_ENTRIES);
    if (dj_grow(&d->entries, &P->cap_entries, d->nentries + 1, sizeof *d->entries))
        return dj_error_set(P->err, DJ_ENOMEM, "out of memory");
    dj_batch_entry *e = &d->entries[d->nentries++];
    e->key = key;
    e->value = value;
    e->line = line;
    e->key_column = (long)(key - s) + 1;
    e->value_column = (long)(value - s) + 1;
    d->sections[d->nsections - 1].count++;
    return 0;
}

int dj_batch_parse(dj_batch_doc **out, const char *name, const char *data,
                   size_t size, dj_error *err)
{
    parser P;
    int rc = 0;
    *out = NULL;
    dj_error_clear(err);
    if (!name)
        name = "";
    if (size > DJ_BATCH_MAX_BYTES)
        return dj_error_at(err, DJ_ELIMIT, name, 0, 0, "larger than %u bytes, the limit",
                           DJ_BATCH_MAX_BYTES);
    memset(&P, 0, sizeof P);
    P.name = name;
    P.err = err;
    dj_batch_doc *d = dj_calloc(1, sizeof *d);
    if (!d)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    P.doc = d;
    size_t nlen = strlen(name);
    d->name = dj_malloc(nlen + 1);
    d->text = dj_malloc(size + 1);
    if (!d->name || !d->text) {
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(d->name, name, nlen + 1);
    if (size)
        memcpy(d->text, data, size);
    d->text[size] = '\0';
    P.name = d->name;
    if ((rc = add_section(&P, "", 0, 0)))
        goto done;

    size_t pos = 0;
    if (size >= 3 && memcmp(d->text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    for (long line = 1; pos < size; line++) {
        const char *nl = memchr(d->text + pos, '\n', size - pos);
        size_t eol = nl ? (size_t)(nl - d->text) : size;
        size_t len = eol - pos;
        if (len > 0 && d->text[eol - 1] == '\r')
            len--;
        if (len > DJ_BATCH_MAX_LINE) {
            rc = dj_error_at(err, DJ_ELIMIT, P.name, line, DJ_BATCH_MAX_LINE + 1,
                             "line longer than %u bytes, the limit", DJ_BATCH_MAX_LINE);
            goto done;
        }
        const unsigned char *u = (const unsigned char *)d->text + pos;
        for (size_t i = 0; i < len;) {
            if (u[i] == 0) {
                rc = dj_error_at(err, DJ_EPARSE, P.name, line, (long)i + 1,
                                 "expected text, found a NUL byte");
                goto done;
            }
            if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7f) {
                rc = dj_error_at(err, DJ_EPARSE, P.name, line, (long)i + 1,
                                 "expected text, found control character 0x%02x", u[i]);
                goto done;
            }
            size_t k = utf8_len(u + i, len - i);
            if (k == 0) {
                rc = dj_error_at(err, DJ_EPARSE, P.name, line, (long)i + 1,
                                 "expected UTF-8 text, found byte 0x%02x", u[i]);
                goto done;
            }
            i += k;
        }
        d->text[pos + len] = '\0';
        if ((rc = parse_line(&P, d->text + pos, line)))
            goto done;
        pos = eol + 1;
    }
done:
    if (rc) {
        dj_batch_doc_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

/* ---- 2. analyses ---- */

static const char *const key_names[DJ_BK_COUNT] = {
    "data", "subject", "view", "blocs", "among", "thresholds", "at", "from", "to", "by",
    "tables", "wide", "charts", "formats", "size", "models", "until", "output", "exclude"};

const char *dj_batch_key_name(dj_batch_key k)
{
    return (unsigned)k < DJ_BK_COUNT ? key_names[k] : "";
}

const char *const dj_batch_tables[DJ_BATCH_NTABLES] = {
    "timeline", "coverage", "holdouts", "milestones", "thresholds", "per-year", "per-month",
    "delays", "survival", "medians", "population", "fit", "curve"};
const char *const dj_batch_charts[DJ_BATCH_NCHARTS] = {"cumulative", "coverage", "per-year",
                                                       "fit", "survival", "standing", "map",
                                                       "compare"};
static const char *const format_names[] = {"png", "svg"};

int dj_batch_path_is_safe(const char *path)
{
    size_t n = strlen(path);
    if (n == 0 || n > 255)
        return 0;
    const char *p = path;
    for (;;) {
        const char *c = p;
        while (*p && *p != '/') {
            if (!is_name_char(*p))
                return 0;
            p++;
        }
        if (p == c || *c == '.' || *c == '-')
            return 0;      /* empty, ".", "..", hidden, or read as an option */
        if (!*p)
            return 1;
        p++;
    }
}

typedef struct checker {
    dj_batch *b;
    const char *file;
    unsigned flags;
    dj_error *err;
} checker;

/* A comma-separated list item: [*s, *e) trimmed; returns the next start. */
static const char *list_item(const char *p, const char **s, const char **e)
{
    while (is_space(*p))
        p++;
    *s = p;
    while (*p && *p != ',')
        p++;
    const char *end = p;
    while (end > *s && is_space(end[-1]))
        end--;
    *e = end;
    return *p == ',' ? p + 1 : NULL;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int bad(checker *C, const dj_batch_entry *e, const char *at, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long col = e->value_column + (at ? (long)(at - e->value) : 0);
    return dj_error_at(C->err, DJ_EPARSE, C->file, e->line, col, "%s", msg);
}

/* A list of names from `names` (or `none`, or for charts `all`) into bits. */
static int name_list(checker *C, const dj_batch_entry *e, const char *const *names,
                     size_t n, int allow_all, const char *what, unsigned *out)
{
    *out = 0;
    if (strcmp(e->value, "none") == 0 || e->value[0] == '\0')
        return 0;
    if (allow_all && strcmp(e->value, "all") == 0) {
        *out = (1u << n) - 1;
        return 0;
    }
    const char *p = e->value;
    while (p) {
        const char *s, *t;
        p = list_item(p, &s, &t);
        size_t i;
        for (i = 0; i < n; i++)
            if (strlen(names[i]) == (size_t)(t - s) && memcmp(names[i], s, (size_t)(t - s)) == 0)
                break;
        if (i == n) {
            char item[80], msg[400];
            snprintf(item, sizeof item, "%.*s", (int)(t - s < 60 ? t - s : 60), s);
            size_t off = (size_t)snprintf(msg, sizeof msg, "expected %s (", what);
            for (size_t k = 0; k < n && off < sizeof msg; k++)
                off += (size_t)snprintf(msg + off, sizeof msg - off, "%s%s", k ? ", " : "", names[k]);
            if (off < sizeof msg)
                snprintf(msg + off, sizeof msg - off, "%s or none), found '%s'",
                         allow_all ? ", all" : "", item);
            return bad(C, e, s, "%s", msg);
        }
        if (*out & (1u << i)) {
            char item[80];
            snprintf(item, sizeof item, "%s", names[i]);
            return bad(C, e, s, "'%s' is listed twice", item);
        }
        *out |= 1u << i;
    }
    return 0;
}

static int check_code_list(checker *C, const dj_batch_entry *e, int single)
{
    const char *p = e->value;
    size_t count = 0;
    if (!*p)
        return 0;
    while (p) {
        const char *s, *t;
        p = list_item(p, &s, &t);
        if (s == t)
            return bad(C, e, s, "%s", single ? "expected a code" : "expected a code between commas");
        for (const char *q = s; q < t; q++)
            if (!is_name_char(*q))
                return bad(C, e, q, "%s", "expected a code of letters, digits, '.', '_' or '-'");
        if (t - s > 63)
            return bad(C, e, s, "%s", "code longer than 63 bytes");
        if (++count > (single ? 1 : DJ_BATCH_MAX_LIST))
            return bad(C, e, s, "%s", single ? "expected one code, found a list" : "more than 64 codes");
    }
    return 0;
}

static int check_date(checker *C, const dj_batch_entry *e, dj_date *out)
{
    dj_precision prec;
    *out = DJ_DATE_NONE;
    if (!e->value[0])
        return 0;
    dj_date_problem pr = dj_date_parse(out, &prec, e->value, strlen(e->value));
    if (pr != DJ_DATE_OK || prec != DJ_PREC_DAY) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s, found '%.40s'",
                 pr == DJ_DATE_OK ? "expected a day as YYYY-MM-DD" : dj_date_problem_str(pr), e->value);
        *out = DJ_DATE_NONE;
        return bad(C, e, NULL, "%s", msg);
    }
    return 0;
}

/* A percentage such as 50 or 66.67, read without the C library's locale. */
static int check_thresholds(checker *C, const dj_batch_entry *e, dj_batch_analysis *a)
{
    a->nthresholds = 0;
    const char *p = e->value;
    if (!*p)
        return 0;
    while (p) {
        const char *s, *t;
        p = list_item(p, &s, &t);
        double v = 0, scale = 1;
        int digits = 0, dot = 0;
        const char *q;
        for (q = s; q < t; q++) {
            if (*q >= '0' && *q <= '9' && digits < 12) {
                if (dot)
                    v += (scale /= 10) * (*q - '0');
                else
                    v = v * 10 + (*q - '0');
                digits++;
            } else if (*q == '.' && !dot && digits) {
                dot = 1;
            } else {
                break;
            }
        }
        if (q != t || !digits || q[-1] == '.' || !(v > 0 && v <= 100))
            return bad(C, e, s, "%s", "expected percentages in (0, 100] such as 50 or 66.67, between commas");
        if (a->nthresholds == DJ_BATCH_MAX_LIST)
            return bad(C, e, s, "%s", "more than 64 thresholds");
        a->thresholds[a->nthresholds++] = v;
    }
    return 0;
}

static int check_size(checker *C, const dj_batch_entry *e, dj_batch_analysis *a)
{
    long v[2] = {0, 0};
    const char *p = e->value;
    for (int i = 0; i < 2; i++) {
        const char *s = p;
        while (*p >= '0' && *p <= '9' && p - s < 6)
            v[i] = v[i] * 10 + (*p++ - '0');
        if (p == s || v[i] < 100 || v[i] > 10000 || (i == 0 && *p != 'x' && *p != ',') ||
            (i == 1 && *p))
            return bad(C, e, NULL, "%s", "expected WIDTHxHEIGHT in pixels, each 100..10000, such as 1600x900");
        p++;
    }
    a->width = (int)v[0];
    a->height = (int)v[1];
    return 0;
}

static int check_record(checker *C, const dj_batch_entry *e, dj_batch_record *r)
{
    const char *v = e->value;
    for (int i = 0; i < 64; i++)
        if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
            return bad(C, e, v + i, "%s", "expected 64 lower-case hex digits of SHA-256, a space and a path");
    if (!is_space(v[64]))
        return bad(C, e, v + 64, "%s", "expected a space and a path after the SHA-256");
    const char *path = v + 65;
    while (is_space(*path))
        path++;
    if (!*path)
        return bad(C, e, path, "%s", "expected a path after the SHA-256");
    /* cut the digest off in place: the doc's text is ours */
    ((char *)v)[64] = '\0';
    r->sha256 = v;
    r->path = path;
    r->line = e->line;
    r->column = e->value_column + (long)(path - v);
    return 0;
}

/* A manifest's `batch =` and `input =` (and `data =`) name what verify
   reads: relative to the manifest's folder, as batch writes them, so that
   an edited manifest cannot point verify at any file of the machine (the
   file itself must then be a regular one: dj_open_regular). */
static int relative_path(checker *C, const char *path, long line, long column)
{
    if (path[0] != '/')
        return 0;
    return dj_error_at(C->err, DJ_EPARSE, C->file, line, column,
                       "expected a path relative to the manifest's folder, found the absolute path '%.200s'",
                       path);
}

static int push_record(checker *C, dj_batch_record **v, size_t *n, size_t *cap,
                       const dj_batch_entry *e)
{
    if (dj_grow(v, cap, *n + 1, sizeof **v))
        return dj_error_set(C->err, DJ_ENOMEM, "out of memory");
    return check_record(C, e, &(*v)[(*n)++]);
}

static int find_key(const char *key)
{
    for (int k = 0; k < DJ_BK_COUNT; k++)
        if (strcmp(key_names[k], key) == 0)
            return k;
    return -1;
}

static int unknown_key(checker *C, const dj_batch_entry *e, int leading)
{
    const char *best = NULL;
    int bd = 3;
    for (int k = 0; k < DJ_BK_COUNT; k++) {
        int dd = dj_edit_distance(e->key, key_names[k]);
        if (dd < bd) {
            bd = dd;
            best = key_names[k];
        }
    }
    char key[80];
    snprintf(key, sizeof key, "%.60s", e->key);
    if (best)
        return dj_error_at(C->err, DJ_EPARSE, C->file, e->line, e->key_column,
                           "unknown key '%s' (did you mean '%s'?)", key, best);
    return dj_error_at(C->err, DJ_EPARSE, C->file, e->line, e->key_column,
                       "unknown key '%s'%s; the keys are data, subject, view, blocs, among, "
                       "thresholds, at, from, to, by, tables, wide, charts, formats, size, "
                       "models, until, output, exclude",
                       key, leading ? " before the first section" : "");
}

/* Applies one section's keys (or the leading defaults) to `a`. */
static int apply(checker *C, const dj_batch_section *sec, dj_batch_analysis *a, int leading)
{
    const dj_batch_doc *d = C->b->doc;
    int manifest = (C->flags & DJ_BATCH_MANIFEST) != 0;
    long seen[DJ_BK_COUNT] = {0};
    for (size_t i = sec->first; i < sec->first + sec->count; i++) {
        const dj_batch_entry *e = &d->entries[i];
        int k = find_key(e->key);
        if (k < 0) {
            int rc;
            if (manifest && leading && strcmp(e->key, "dejure") == 0) {
                C->b->version = e->value;
                continue;
            }
            if (manifest && leading && strcmp(e->key, "gnuplot") == 0) {
                C->b->gnuplot = e->value;
                continue;
            }
            if (manifest && leading && strcmp(e->key, "batch") == 0) {
                if ((rc = check_record(C, e, &C->b->source)) ||
                    (rc = relative_path(C, C->b->source.path, C->b->source.line, C->b->source.column)))
                    return rc;
                continue;
            }
            if (manifest && !leading && strcmp(e->key, "input") == 0) {
                if ((rc = push_record(C, &a->inputs, &a->ninputs, &a->cap_inputs, e)))
                    return rc;
                const dj_batch_record *r = &a->inputs[a->ninputs - 1];
                if ((rc = relative_path(C, r->path, r->line, r->column)))
                    return rc;
                continue;
            }
            if (manifest && !leading && strcmp(e->key, "file") == 0) {
                if ((rc = push_record(C, &a->files, &a->nfiles, &a->cap_files, e)))
                    return rc;
                continue;
            }
            return unknown_key(C, e, leading);
        }
        if (seen[k])
            return dj_error_at(C->err, DJ_EPARSE, C->file, e->line, e->key_column,
                               "key '%s' repeats the one at line %ld", key_names[k], seen[k]);
        seen[k] = e->line;
        if (leading && k == DJ_BK_OUTPUT)
            return dj_error_at(C->err, DJ_EPARSE, C->file, e->line, e->key_column,
                               "'output' names one analysis's folder; it cannot be a default "
                               "(give it in a section, or leave it out: the section's name)");
        a->text[k] = e->value;
        a->key_line[k] = e->line;
        a->key_column[k] = e->value_column;
    }
    return 0;
}

/* The entry that set key k of `a` (to point messages at it). */
static dj_batch_entry entry_of(const dj_batch_analysis *a, int k)
{
    dj_batch_entry e;
    e.key = key_names[k];
    e.value = a->text[k];
    e.line = a->key_line[k] ? a->key_line[k] : a->line;
    e.key_column = e.value_column = a->key_line[k] ? a->key_column[k] : 1;
    return e;
}

static int check_analysis(checker *C, dj_batch_analysis *a)
{
    int rc;
    dj_batch_entry e;
#define ENTRY(k) (e = entry_of(a, (k)), &e)
    /* a date written in the section beats a conflicting default: `at`
       against `to` or `by`; both written in one place is an error below */
    static const int rivals[2] = {DJ_BK_TO, DJ_BK_BY};
    for (int r = 0; r < 2; r++) {
        int k = rivals[r];
        if (!a->text[DJ_BK_AT][0] || !a->text[k][0])
            continue;
        int at_here = a->key_line[DJ_BK_AT] > a->line, k_here = a->key_line[k] > a->line;
        int drop = at_here && !k_here ? k : !at_here && k_here ? DJ_BK_AT : -1;
        if (drop >= 0) {
            a->text[drop] = "";
            a->key_line[drop] = a->key_column[drop] = 0;
        }
    }
    if ((rc = check_code_list(C, ENTRY(DJ_BK_SUBJECT), 1)) ||
        (rc = check_code_list(C, ENTRY(DJ_BK_VIEW), 1)) ||
        (rc = check_code_list(C, ENTRY(DJ_BK_AMONG), 1)) ||
        (rc = check_code_list(C, ENTRY(DJ_BK_BLOCS), 0)) ||
        (rc = check_thresholds(C, ENTRY(DJ_BK_THRESHOLDS), a)) ||
        (rc = check_date(C, ENTRY(DJ_BK_AT), &a->at)) ||
        (rc = check_date(C, ENTRY(DJ_BK_FROM), &a->from)) ||
        (rc = check_date(C, ENTRY(DJ_BK_TO), &a->to)))
        return rc;
    if (strlen(a->text[DJ_BK_DATA]) > 1023)
        return bad(C, ENTRY(DJ_BK_DATA), NULL, "%s", "dataset folder name longer than 1023 bytes");
    if ((C->flags & DJ_BATCH_MANIFEST) && a->text[DJ_BK_DATA][0] == '/') {
        const dj_batch_entry *d = ENTRY(DJ_BK_DATA);
        return relative_path(C, a->text[DJ_BK_DATA], d->line, d->value_column);
    }
    const char *by = a->text[DJ_BK_BY];
    if (!*by) a->grid = DJ_GRID_NONE;
    else if (strcmp(by, "day") == 0) a->grid = DJ_GRID_DAY;
    else if (strcmp(by, "month") == 0) a->grid = DJ_GRID_MONTH;
    else if (strcmp(by, "year") == 0) a->grid = DJ_GRID_YEAR;
    else
        return bad(C, ENTRY(DJ_BK_BY), NULL, "expected day, month or year, found '%.40s'", by);
    if (a->at != DJ_DATE_NONE && a->grid != DJ_GRID_NONE)
        return bad(C, ENTRY(DJ_BK_BY), NULL, "%s", "'by' and 'at' exclude each other (clear one with 'at =' or 'by =')");
    if (a->from != DJ_DATE_NONE && a->to != DJ_DATE_NONE && a->from > a->to)
        return bad(C, ENTRY(DJ_BK_FROM), NULL, "%s", "'from' is after 'to'");
    if (a->at != DJ_DATE_NONE && a->to != DJ_DATE_NONE && a->at != a->to)
        return bad(C, ENTRY(DJ_BK_TO), NULL, "%s", "'to' differs from 'at'; give one of them");
    if (a->to == DJ_DATE_NONE)
        a->to = a->at;
    if (a->to == DJ_DATE_NONE)
        return dj_error_at(C->err, DJ_EPARSE, C->file, a->line, 1,
                           "analysis [%s] needs a fixed date: give 'at' or 'to' (YYYY-MM-DD) "
                           "here or before the first section; an analysis that ends today "
                           "gives other bytes tomorrow", a->name);
    if (a->from != DJ_DATE_NONE && a->from > a->to)
        return bad(C, ENTRY(DJ_BK_FROM), NULL, "%s", "'from' is after the analysis's date");
    if ((rc = name_list(C, ENTRY(DJ_BK_TABLES), dj_batch_tables, DJ_BATCH_NTABLES, 0, "tables",
                        &a->tables)) ||
        (rc = name_list(C, ENTRY(DJ_BK_CHARTS), dj_batch_charts, DJ_BATCH_NCHARTS, 1, "charts",
                        &a->charts)))
        return rc;
    {
        /* the marks, in the order of their DJ_MARK_* bits */
        const char *marks[DJ_MARK_COUNT];
        for (unsigned i = 0; i < DJ_MARK_COUNT; i++)
            marks[i] = dj_mark_name(i);
        if ((rc = name_list(C, ENTRY(DJ_BK_EXCLUDE), marks, DJ_MARK_COUNT, 0, "marks", &a->exclude)))
            return rc;
    }
    {
        const char *models[DJ_MODEL_COUNT];
        for (int m = 0; m < DJ_MODEL_COUNT; m++)
            models[m] = dj_model_name((dj_model)m);
        if ((rc = name_list(C, ENTRY(DJ_BK_MODELS), models, DJ_MODEL_COUNT, 0, "models", &a->models)))
            return rc;
        if (!a->models && (a->tables & (DJ_TABLE_FIT | DJ_TABLE_CURVE)))
            a->models = 1u << DJ_MODEL_LOGISTIC;
    }
    if ((rc = check_date(C, ENTRY(DJ_BK_UNTIL), &a->until)))
        return rc;
    if (a->until != DJ_DATE_NONE && a->until < a->to)
        return bad(C, ENTRY(DJ_BK_UNTIL), NULL, "%s", "'until' is before the analysis's date");
    {
        unsigned f;
        if ((rc = name_list(C, ENTRY(DJ_BK_FORMATS), format_names, 2, 0, "formats", &f)))
            return rc;
        a->formats = (f & 1 ? DJ_FORMAT_PNG : 0) | (f & 2 ? DJ_FORMAT_SVG : 0);
        if (!a->key_line[DJ_BK_FORMATS] && !a->text[DJ_BK_FORMATS][0])
            a->formats = DJ_FORMAT_SVG;
    }
    if (a->tables && a->charts)
        return bad(C, ENTRY(DJ_BK_CHARTS), NULL, "%s",
                   "'tables' and 'charts' in one analysis: the charts come with a report that "
                   "writes its own timeline.csv, coverage.csv, ...; put the tables in a section "
                   "of their own");
    if (!a->tables && !a->charts)
        return dj_error_at(C->err, DJ_EPARSE, C->file, a->line, 1,
                           "analysis [%s] writes nothing: give 'tables' or 'charts'", a->name);
    const char *wide = a->text[DJ_BK_WIDE];
    if (!*wide || strcmp(wide, "no") == 0) a->wide = 0;
    else if (strcmp(wide, "yes") == 0) a->wide = 1;
    else
        return bad(C, ENTRY(DJ_BK_WIDE), NULL, "expected yes or no, found '%.40s'", wide);
    a->width = 1600;
    a->height = 900;
    if (a->text[DJ_BK_SIZE][0] && (rc = check_size(C, ENTRY(DJ_BK_SIZE), a)))
        return rc;
    a->output = a->text[DJ_BK_OUTPUT][0] ? a->text[DJ_BK_OUTPUT] : a->name;
    if (!dj_batch_path_is_safe(a->output))
        return bad(C, ENTRY(DJ_BK_OUTPUT), NULL, "%s",
                   "expected a relative folder name inside the output root: names of letters, "
                   "digits, '.', '_' or '-' between '/', none empty or starting with '.' or '-' "
                   "(so no '..' and no absolute path)");
    if (strcmp(a->output, DJ_BATCH_MANIFEST_NAME) == 0)
        return bad(C, ENTRY(DJ_BK_OUTPUT), NULL, "%s", "'" DJ_BATCH_MANIFEST_NAME "' is the manifest's name");
#undef ENTRY
    return 0;
}

/* 1 when folder a is b or holds it. */
static int contains(const char *a, const char *b)
{
    size_t n = strlen(a);
    return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/');
}

void dj_batch_free(dj_batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->count; i++) {
        dj_free(b->analyses[i].inputs);
        dj_free(b->analyses[i].files);
    }
    dj_free(b->analyses);
    dj_batch_doc_free(b->doc);
    dj_free(b);
}

int dj_batch_new(dj_batch **out, const char *name, const char *data,
                 size_t size, unsigned flags, dj_error *err)
{
    checker C;
    int rc;
    *out = NULL;
    dj_batch *b = dj_calloc(1, sizeof *b);
    if (!b)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    if ((rc = dj_batch_parse(&b->doc, name, data, size, err))) {
        dj_free(b);
        return rc;
    }
    b->file = b->doc->name;
    C.b = b;
    C.file = b->file;
    C.flags = flags;
    C.err = err;
    const dj_batch_doc *d = b->doc;
    if (d->nsections < 2) {
        rc = dj_error_at(err, DJ_EPARSE, b->file, d->nentries ? d->entries[d->nentries - 1].line + 1 : 1, 1,
                         "expected at least one analysis, a '[name]' section, found none");
        goto done;
    }
    b->analyses = dj_calloc(d->nsections - 1, sizeof *b->analyses);
    if (!b->analyses) {
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
        goto done;
    }
    dj_batch_analysis defaults;
    memset(&defaults, 0, sizeof defaults);
    for (int k = 0; k < DJ_BK_COUNT; k++)
        defaults.text[k] = "";
    if ((rc = apply(&C, &d->sections[0], &defaults, 1)))
        goto done;
    for (size_t s = 1; s < d->nsections; s++) {
        dj_batch_analysis *a = &b->analyses[b->count++];
        *a = defaults;
        a->name = d->sections[s].name;
        a->line = d->sections[s].line;
        if ((rc = apply(&C, &d->sections[s], a, 0)) || (rc = check_analysis(&C, a)))
            goto done;
        for (size_t j = 0; j + 1 < b->count; j++) {
            const dj_batch_analysis *o = &b->analyses[j];
            if (contains(o->output, a->output) || contains(a->output, o->output)) {
                dj_batch_entry e = entry_of(a, DJ_BK_OUTPUT);
                rc = dj_error_at(err, DJ_EPARSE, b->file, e.line, e.value_column,
                                 "output folder '%s' %s '%s' of [%s] at line %ld", a->output,
                                 strcmp(a->output, o->output) == 0 ? "is also the folder" :
                                 contains(o->output, a->output) ? "is inside folder" : "holds folder",
                                 o->output, o->name, o->line);
                goto done;
            }
        }
        if (flags & DJ_BATCH_MANIFEST) {
            for (size_t f = 0; f < a->nfiles; f++)
                if (!contains(a->output, a->files[f].path) || !dj_batch_path_is_safe(a->files[f].path)) {
                    rc = dj_error_at(err, DJ_EPARSE, b->file, a->files[f].line, a->files[f].column,
                                     "expected a file inside the analysis's folder '%s'", a->output);
                    goto done;
                }
        }
    }
    if ((flags & DJ_BATCH_MANIFEST) && !b->version) {
        rc = dj_error_at(err, DJ_EPARSE, b->file, 1, 1,
                         "expected 'dejure = VERSION' before the first section of a manifest");
        goto done;
    }
done:
    if (rc) {
        dj_batch_free(b);
        return rc;
    }
    *out = b;
    return 0;
}

int dj_batch_read(dj_batch **out, const char *path, unsigned flags, dj_error *err)
{
    char *buf;
    size_t n;
    *out = NULL;
    /* a file over the limit is cut one byte past it: dj_batch_new says so */
    int rc = dj_read_file(&buf, &n, path, DJ_BATCH_MAX_BYTES, DJ_READ_OVER_TRUNCATE, err);
    if (rc)
        return rc;
    rc = dj_batch_new(out, path, buf, n, flags, err);
    dj_free(buf);
    return rc;
}
