/*
 * batchrun.c - running one analysis of a batch file, hashing what went in
 * and came out, and writing the manifest.
 *
 * Invariant: an analysis's output folder is either its previous version
 * or its complete new version, never a mixture. Everything is written into
 * ROOT/PARENT/.NAME.tmp-XXXXXX (same file system, so the final rename is
 * atomic); only when every file is written is the old folder moved aside,
 * the new one renamed into place and the old one removed.
 *
 * The dataset is loaded from memory under the folder's last name (the same
 * name the built-in dataset carries), so that no path of the machine ends
 * up inside an output file; messages are then given back the real path.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/alloc.h"
#include "load/load_impl.h"
#include "batch/batch_impl.h"
#include "output/output_impl.h"
#include "util/readfile.h"
#include "dejure/batch.h"
#include "dejure/dejure.h"

#define PATH_BYTES 4096

void dj_batch_files_init(dj_batch_files *f)
{
    f->v = NULL;
    f->n = f->cap = 0;
}

void dj_batch_files_dispose(dj_batch_files *f)
{
    for (size_t i = 0; i < f->n; i++)
        dj_free(f->v[i].path);
    dj_free(f->v);
    dj_batch_files_init(f);
}

static int files_push(dj_batch_files *f, const char *path, const char *sha, dj_error *err)
{
    if (dj_grow(&f->v, &f->cap, f->n + 1, sizeof *f->v))
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    size_t n = strlen(path);
    char *p = dj_malloc(n + 1);
    if (!p)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    memcpy(p, path, n + 1);
    f->v[f->n].path = p;
    memcpy(f->v[f->n].sha256, sha, DJ_SHA256_HEX);
    f->n++;
    return 0;
}

/* a/b joined; "b" alone when b is absolute or a is empty. */
static int join(char *out, const char *a, const char *b, dj_error *err)
{
    int n;
    if (b[0] == '/' || !a || !a[0])
        n = snprintf(out, PATH_BYTES, "%s", b);
    else
        n = snprintf(out, PATH_BYTES, "%s/%s", a, b);
    if (n < 0 || n >= PATH_BYTES)
        return dj_error_set(err, DJ_ELIMIT, "path longer than %d bytes", PATH_BYTES - 1);
    return 0;
}

static const char *last_name(const char *path, char *buf, size_t size)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t s = n;
    while (s > 0 && path[s - 1] != '/')
        s--;
    snprintf(buf, size, "%.*s", (int)(n - s), path + s);
    return buf;
}

/* ---- reading a dataset folder ---- */

/* "kosovo/events.csv" -> "DIR/events.csv" in a message's path. */
static void repath(char *path, size_t size, const char *prefix, const char *dir)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0 || path[n] != '/')
        return;
    char tmp[PATH_BYTES];
    int len = snprintf(tmp, sizeof tmp, "%s%s", dir, path + n);
    if (len < 0 || (size_t)len >= size)
        return; /* too long for the message: keep the short name */
    memcpy(path, tmp, (size_t)len + 1);
}

static int load_data(dj_dataset **ds, const char *dir, dj_diagnostics *diags, dj_error *err)
{
    char **names = NULL;
    size_t nnames = 0, nfiles = 0;
    dj_memfile *files = NULL;
    char **bufs = NULL;
    int rc;
    char path[PATH_BYTES], name[256];

    *ds = NULL;
    if ((rc = dj_dataset_dir_list(&names, &nnames, dir, err)))
        return rc;
    files = dj_calloc(nnames + 1, sizeof *files);
    bufs = dj_calloc(nnames + 1, sizeof *bufs);
    if (!files || !bufs) {
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nnames; i++) {
        size_t size;
        if ((rc = join(path, dir, names[i], err)))
            goto done;
        rc = dj_read_file(&bufs[i], &size, path, (size_t)DJ_MAX_FILE_BYTES, DJ_READ_OVER_FAIL, err);
        if (rc == DJ_ENOTFOUND) { /* gone since it was listed */
            dj_error_clear(err);
            rc = 0;
        }
        if (rc)
            goto done;
        if (bufs[i]) {
            files[nfiles].name = names[i];
            files[nfiles].data = bufs[i];
            files[nfiles].size = size;
            nfiles++;
        }
    }
    last_name(dir, name, sizeof name);
    size_t before = diags ? diags->count : 0;
    rc = dj_dataset_load_mem(ds, name, files, nfiles, NULL, diags, err);
    char shown[PATH_BYTES];
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    snprintf(shown, sizeof shown, "%.*s", (int)dl, dir);
    if (rc)
        repath(err->path, sizeof err->path, name, shown);
    for (size_t i = before; diags && i < diags->count; i++)
        repath(diags->items[i].path, sizeof diags->items[i].path, name, shown);
done:
    for (size_t i = 0; bufs && i < nnames; i++)
        dj_free(bufs[i]);
    dj_free(bufs);
    dj_free(files);
    dj_dataset_dir_free(names, nnames);
    return rc;
}

int dj_batch_hash_inputs(dj_batch_files *out, const dj_batch_analysis *a,
                         const char *base, dj_error *err)
{
    char path[PATH_BYTES], hex[DJ_SHA256_HEX];
    int rc;
    const char *data = a->text[DJ_BK_DATA];
    if (!data[0]) {
        size_t n;
        const dj_memfile *f = dj_default_files(&n);
        for (size_t i = 0; i < n; i++) {
            snprintf(path, sizeof path, DJ_BATCH_BUILTIN "%s/%s", dj_default_name(), f[i].name);
            dj_sha256_hex(hex, f[i].data, f[i].size);
            if ((rc = files_push(out, path, hex, err)))
                return rc;
        }
        return 0;
    }
    char dir[PATH_BYTES];
    char **names;
    size_t n;
    if ((rc = join(dir, base, data, err)) || (rc = dj_dataset_dir_list(&names, &n, dir, err)))
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        if ((rc = join(path, dir, names[i], err)))
            break;
        rc = dj_sha256_file(hex, path, err);
        if (rc == DJ_ENOTFOUND) {
            dj_error_clear(err);
            rc = 0;
            continue;
        }
        if (!rc)
            rc = files_push(out, path, hex, err);
    }
    dj_dataset_dir_free(names, n);
    return rc;
}

/* ---- folders ---- */

int dj_remove_tree(const char *path, dj_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : dj_error_at(err, DJ_EIO, path, 0, 0, "cannot remove: %s", strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return dj_error_at(err, DJ_EIO, path, 0, 0, "cannot open folder: %s", strerror(errno));
        struct dirent *e;
        int rc = 0;
        while (!rc && (e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[PATH_BYTES];
            if ((rc = join(sub, path, e->d_name, err)) == 0)
                rc = dj_remove_tree(sub, err);
        }
        closedir(d);
        if (rc)
            return rc;
        if (rmdir(path) != 0)
            return dj_error_at(err, DJ_EIO, path, 0, 0, "cannot remove folder: %s", strerror(errno));
        return 0;
    }
    if (unlink(path) != 0)
        return dj_error_at(err, DJ_EIO, path, 0, 0, "cannot remove: %s", strerror(errno));
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the files under ROOT/REL, depth first, names sorted bytewise. */
static int walk(dj_batch_files *out, const char *root, const char *rel, int depth, dj_error *err)
{
    char dir[PATH_BYTES];
    int rc = join(dir, root, rel, err);
    if (rc)
        return rc;
    if (depth > 32)
        return dj_error_at(err, DJ_ELIMIT, dir, 0, 0, "folders nested too deep");
    DIR *d = opendir(dir);
    if (!d)
        return dj_error_at(err, DJ_EIO, dir, 0, 0, "cannot open folder: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        size_t len = strlen(e->d_name);
        char *s = NULL;
        if (dj_grow(&names, &cap, n + 1, sizeof *names) || !(s = dj_malloc(len + 1))) {
            rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
            break;
        }
        memcpy(s, e->d_name, len + 1);
        names[n++] = s;
    }
    closedir(d);
    if (!rc && n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && !rc; i++) {
        char sub[PATH_BYTES], full[PATH_BYTES];
        struct stat st;
        if ((rc = join(sub, rel, names[i], err)) || (rc = join(full, root, sub, err)))
            break;
        if (lstat(full, &st) != 0) {
            rc = dj_error_at(err, DJ_EIO, full, 0, 0, "cannot read: %s", strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk(out, root, sub, depth + 1, err);
        } else {
            char hex[DJ_SHA256_HEX];
            if (!(rc = dj_sha256_file(hex, full, err)))
                rc = files_push(out, sub, hex, err);
        }
    }
    for (size_t i = 0; i < n; i++)
        dj_free(names[i]);
    dj_free(names);
    return rc;
}

int dj_batch_hash_tree(dj_batch_files *out, const char *root, const char *dir, dj_error *err)
{
    return walk(out, root, dir, 0, err);
}

int dj_path_relative(char *out, size_t size, const char *from, const char *target, dj_error *err)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (!realpath(from, a))
        return dj_error_at(err, DJ_EIO, from, 0, 0, "cannot resolve: %s", strerror(errno));
    if (!realpath(target, b))
        return dj_error_at(err, DJ_EIO, target, 0, 0, "cannot resolve: %s", strerror(errno));
    /* the longest common run of whole components */
    size_t i = 0, common = 0;
    while (a[i] && a[i] == b[i]) {
        i++;
        if (a[i - 1] == '/')
            common = i;
    }
    if ((a[i] == '\0' && (b[i] == '/' || b[i] == '\0')) || (b[i] == '\0' && a[i] == '/'))
        common = i;
    size_t n = 0;
    out[0] = '\0';
    const char *rest_a = a + common, *rest_b = b + common;
    while (*rest_a == '/')
        rest_a++;
    while (*rest_b == '/')
        rest_b++;
    /* one ".." per component left in `from` */
    for (const char *p = rest_a; *p;) {
        n += (size_t)snprintf(out + n, n < size ? size - n : 0, "..%s", "/");
        while (*p && *p != '/')
            p++;
        while (*p == '/')
            p++;
    }
    n += (size_t)snprintf(out + (n < size ? n : size), n < size ? size - n : 0, "%s", rest_b);
    if (n >= size)
        return dj_error_set(err, DJ_ELIMIT, "relative path too long");
    if (n == 0)
        snprintf(out, size, ".");
    else if (out[n - 1] == '/')
        out[n - 1] = '\0';
    return 0;
}

/* ---- one analysis ---- */

static int resolve_code(uint32_t *out, const dj_batch_analysis *a, const char *file,
                        dj_batch_key k, const char *s, size_t len, int bloc,
                        const dj_dataset *ds, dj_error *err)
{
    char code[64];
    snprintf(code, sizeof code, "%.*s", (int)len, s);
    long line = a->key_line[k] ? a->key_line[k] : a->line;
    long col = a->key_line[k] ? a->key_column[k] + (long)(s - a->text[k]) : 1;
    if (bloc) {
        *out = dj_dataset_bloc_find(ds, code);
        if (*out != DJ_NONE)
            return 0;
        const char *near = dj_dataset_suggest_bloc(ds, code);
        return dj_error_at(err, DJ_EPARSE, file, line, col, "unknown bloc '%s' in dataset '%s'%s%s%s",
                           code, dj_dataset_name(ds), near ? " (did you mean '" : "",
                           near ? near : "", near ? "'?)" : "");
    }
    uint32_t e = dj_dataset_entity_lookup(ds, code);
    if (e == DJ_NONE || dj_dataset_subject_find(ds, e) == DJ_NONE)
        return dj_error_at(err, DJ_EPARSE, file, line, col, "unknown subject '%s' in dataset '%s'",
                           code, dj_dataset_name(ds));
    *out = e;
    return 0;
}

typedef int (*table_fn)(dj_out *, const dj_dataset *, const dj_status *, const dj_query *,
                        dj_error *);

/* One stats table into dir/name: kind is its DJ_TABLE_* bit. */
static int stats_table(unsigned kind, const dj_batch_analysis *a, const dj_dataset *ds,
                       const dj_status *st, dj_stats_query *q, const char *file,
                       const char *dir, const char *name, dj_error *err)
{
    char path[PATH_BYTES];
    dj_out *o;
    dj_fit fit;
    int rc;
    if ((rc = join(path, dir, name, err)) || (rc = dj_out_open(&o, path, err)))
        return rc;
    switch (kind) {
    case DJ_TABLE_PER_YEAR: rc = dj_stats_table_counts(o, ds, st, q, DJ_GRID_YEAR, err); break;
    case DJ_TABLE_PER_MONTH: rc = dj_stats_table_counts(o, ds, st, q, DJ_GRID_MONTH, err); break;
    case DJ_TABLE_DELAYS: rc = dj_stats_table_delays(o, ds, st, q, err); break;
    case DJ_TABLE_SURVIVAL: rc = dj_stats_table_survival(o, ds, st, q, err); break;
    case DJ_TABLE_MEDIANS: rc = dj_stats_table_medians(o, ds, st, q, err); break;
    case DJ_TABLE_POPULATION: rc = dj_stats_table_population(o, ds, st, q, err); break;
    case DJ_TABLE_FIT: rc = dj_stats_table_fit(o, ds, st, q, &fit, err); break;
    default:
        rc = dj_stats_table_curve(o, ds, st, q, &fit, err);
        /* as `dejure stats --curve`: no curve from a failed fit */
        if (rc == 0 && !fit.converged)
            rc = dj_error_at(err, DJ_EPARSE, file,
                             a->key_line[DJ_BK_MODELS] ? a->key_line[DJ_BK_MODELS] : a->line,
                             a->key_line[DJ_BK_MODELS] ? a->key_column[DJ_BK_MODELS] : 1,
                             "the %s fit failed: %s; no curve written",
                             dj_model_name(q->model), fit.problem);
        break;
    }
    if (rc) {
        dj_out_abort(o);
        return rc;
    }
    return dj_out_commit(o, err);
}

/* The tables of `dejure stats` asked for, in the order of their bits;
   fit and curve once per model, as fit-MODEL.csv and curve-MODEL.csv. */
static int write_stats(const dj_batch_analysis *a, const dj_dataset *ds, const dj_status *st,
                       const dj_query *base_q, const char *file, const char *dir,
                       dj_error *err)
{
    dj_stats_query q;
    dj_stats_query_init(&q);
    q.subject = base_q->subject;
    q.blocs = base_q->blocs;
    q.nblocs = base_q->nblocs;
    q.at = a->to;
    q.until = a->until;
    q.grid = a->grid;
    int rc = 0;
    for (unsigned t = 5; !rc && t < DJ_BATCH_NTABLES; t++) {
        unsigned bit = 1u << t;
        if (!(a->tables & bit))
            continue;
        char name[64];
        if (bit != DJ_TABLE_FIT && bit != DJ_TABLE_CURVE) {
            snprintf(name, sizeof name, "%s.csv", dj_batch_tables[t]);
            rc = stats_table(bit, a, ds, st, &q, file, dir, name, err);
            continue;
        }
        for (int m = 0; !rc && m < DJ_MODEL_COUNT; m++) {
            if (!(a->models & (1u << m)))
                continue;
            q.model = (dj_model)m;
            snprintf(name, sizeof name, "%s-%s.csv", dj_batch_tables[t], dj_model_name(q.model));
            rc = stats_table(bit, a, ds, st, &q, file, dir, name, err);
        }
    }
    return rc;
}

static int write_tables(const dj_batch_analysis *a, const dj_dataset *ds, const dj_view *view,
                        const dj_query *base_q, const char *file, const char *dir,
                        dj_error *err)
{
    static const struct {
        unsigned bit;
        const char *file;
        table_fn fn;
    } tables[] = {{DJ_TABLE_TIMELINE, "timeline.csv", dj_table_timeline},
                  {DJ_TABLE_COVERAGE, "coverage.csv", dj_table_coverage},
                  {DJ_TABLE_HOLDOUTS, "holdouts.csv", dj_table_holdouts},
                  {DJ_TABLE_MILESTONES, "milestones.csv", dj_table_milestones},
                  {DJ_TABLE_THRESHOLDS, "thresholds.csv", dj_table_milestones}};
    static const double half[] = {50.0};
    dj_status *st = NULL;
    int rc = dj_status_new(&st, ds, view, err);
    for (size_t t = 0; !rc && t < sizeof tables / sizeof *tables; t++) {
        if (!(a->tables & tables[t].bit))
            continue;
        dj_query q = *base_q;
        if (tables[t].bit == DJ_TABLE_HOLDOUTS && q.at == DJ_DATE_NONE)
            q.at = a->to;
        /* one function writes both: thresholds decide which table it is */
        q.thresholds = NULL;
        q.nthresholds = 0;
        if (tables[t].bit == DJ_TABLE_THRESHOLDS) {
            q.thresholds = a->nthresholds ? a->thresholds : half;
            q.nthresholds = a->nthresholds ? a->nthresholds : 1;
        }
        char path[PATH_BYTES];
        dj_out *o;
        if ((rc = join(path, dir, tables[t].file, err)) || (rc = dj_out_open(&o, path, err)))
            break;
        if ((rc = tables[t].fn(o, ds, st, &q, err))) {
            dj_out_abort(o);
            break;
        }
        rc = dj_out_commit(o, err);
    }
    if (!rc && (a->tables >> 5))
        rc = write_stats(a, ds, st, base_q, file, dir, err);
    dj_status_free(st);
    return rc;
}

/* Writes the analysis into `dir`, which exists and is empty. */
static int write_analysis(const dj_batch_analysis *a, const char *file, const char *base,
                          const char *dir, dj_diagnostics *diags, dj_error *err)
{
    dj_dataset *ds = NULL;
    uint32_t blocs[DJ_BATCH_MAX_LIST];
    size_t nblocs = 0;
    int rc;
    const char *data = a->text[DJ_BK_DATA];

    if (!data[0]) {
        rc = dj_dataset_load_default(&ds, NULL, diags, err);
    } else {
        char path[PATH_BYTES];
        if ((rc = join(path, base, data, err)))
            return rc;
        rc = load_data(&ds, path, diags, err);
    }
    if (rc)
        return rc;

    uint32_t subject = DJ_NONE; /* set below, or the analysis fails */
    const char *s = a->text[DJ_BK_SUBJECT];
    if (s[0]) {
        if ((rc = resolve_code(&subject, a, file, DJ_BK_SUBJECT, s, strlen(s), 0, ds, err)))
            goto done;
    } else if (dj_dataset_subject_count(ds) == 0) {
        rc = dj_error_at(err, DJ_EPARSE, file, a->line, 1, "dataset '%s' has no subject",
                         dj_dataset_name(ds));
        goto done;
    } else {
        subject = dj_dataset_subject_entity(ds, 0);
    }
    dj_view view;
    const char *v = a->text[DJ_BK_VIEW];
    if ((rc = dj_view_parse(&view, ds, v[0] ? v : "all", err))) {
        long line = a->key_line[DJ_BK_VIEW] ? a->key_line[DJ_BK_VIEW] : a->line;
        long col = a->key_line[DJ_BK_VIEW] ? a->key_column[DJ_BK_VIEW] : 1;
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        rc = dj_error_at(err, DJ_EPARSE, file, line, col, "%s", msg);
        goto done;
    }
    view.exclude = a->exclude;
    const char *bl = a->text[DJ_BK_BLOCS];
    if (bl[0]) {
        const char *p = bl;
        while (p && nblocs < DJ_BATCH_MAX_LIST) {
            const char *b0, *b1;
            while (*p == ' ' || *p == '\t')
                p++;
            b0 = p;
            while (*p && *p != ',')
                p++;
            b1 = p;
            while (b1 > b0 && (b1[-1] == ' ' || b1[-1] == '\t'))
                b1--;
            p = *p == ',' ? p + 1 : NULL;
            if ((rc = resolve_code(&blocs[nblocs], a, file, DJ_BK_BLOCS, b0, (size_t)(b1 - b0), 1, ds, err)))
                goto done;
            nblocs++;
        }
    } else {
        /* every bloc for tables; the first four for charts, as `report` does */
        size_t limit = a->charts ? 4 : DJ_BATCH_MAX_LIST;
        for (size_t b = 0; b < dj_dataset_bloc_count(ds) && nblocs < limit; b++)
            blocs[nblocs++] = (uint32_t)b;
    }
    uint32_t among = DJ_NONE;
    const char *am = a->text[DJ_BK_AMONG];
    if (am[0] && (rc = resolve_code(&among, a, file, DJ_BK_AMONG, am, strlen(am), 1, ds, err)))
        goto done;

    if (a->tables) {
        dj_query q;
        dj_query_init(&q);
        q.subject = subject;
        q.blocs = blocs;
        q.nblocs = nblocs;
        q.grid = a->grid;
        q.at = a->at;
        q.from = a->from;
        q.to = a->to;
        q.header = 1;
        q.among = among;
        q.thresholds = a->thresholds;
        q.nthresholds = a->nthresholds;
        q.wide = a->wide;
        rc = write_tables(a, ds, &view, &q, file, dir, err);
    } else {
        dj_report_options ro;
        memset(&ro, 0, sizeof ro);
        ro.subject = subject;
        ro.view = view;
        ro.blocs = blocs;
        ro.nblocs = nblocs;
        ro.at = a->to;
        ro.formats = a->formats;
        ro.render = a->formats != 0;
        ro.width = a->width;
        ro.height = a->height;
        ro.until = a->until;
        ro.among = among != DJ_NONE ? &among : NULL;
        if (ro.render && !dj_gnuplot_available()) {
            rc = dj_error_at(err, DJ_EIO, file, a->line, 1,
                             "gnuplot failed: it is not installed (Debian package gnuplot-nox); "
                             "give 'formats = none' for the chart scripts alone");
            goto done;
        }
        if ((rc = dj_report_write(ds, &ro, dir, NULL, NULL, err)))
            goto done;
        /* the report renders every chart; keep the images asked for */
        for (int c = 0; c < DJ_BATCH_NCHARTS; c++) {
            if (a->charts & (1u << c))
                continue;
            for (int f = 0; f < 2; f++) {
                char name[64], path[PATH_BYTES];
                snprintf(name, sizeof name, "%s.%s", dj_batch_charts[c], f ? "svg" : "png");
                if ((rc = join(path, dir, name, err)))
                    goto done;
                if (unlink(path) != 0 && errno != ENOENT) {
                    rc = dj_error_at(err, DJ_EIO, path, 0, 0, "cannot remove: %s", strerror(errno));
                    goto done;
                }
            }
        }
    }
done:
    dj_dataset_free(ds);
    return rc;
}

/* Removes what an interrupted run of this same output left beside it:
   ".NAME.tmp-XXXXXX" and ".NAME.old-XXXXXX", exactly. */
static void remove_leftovers(const char *parent, const char *name)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    size_t n = strlen(name);
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *s = e->d_name;
        if (s[0] != '.' || strncmp(s + 1, name, n) != 0 || strlen(s) != n + 1 + 5 + 6 ||
            (strncmp(s + 1 + n, ".tmp-", 5) != 0 && strncmp(s + 1 + n, ".old-", 5) != 0))
            continue;
        char path[PATH_BYTES];
        dj_error e2;
        if (join(path, parent, s, &e2) == 0)
            dj_remove_tree(path, &e2);
    }
    closedir(d);
}

int dj_batch_run(const dj_batch_analysis *a, const char *file, const char *base,
                 const char *root, dj_diagnostics *diags, dj_error *err)
{
    char final[PATH_BYTES], parent[PATH_BYTES], tmp[PATH_BYTES], old[PATH_BYTES];
    char name[256];
    int rc;

    dj_error_clear(err);
    if (!dj_batch_path_is_safe(a->output))
        return dj_error_set(err, DJ_EINVALID, "unsafe output folder name");
    if ((rc = join(final, root, a->output, err)))
        return rc;
    snprintf(parent, sizeof parent, "%s", final);
    char *slash = strrchr(parent, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(parent, sizeof parent, ".");
    last_name(final, name, sizeof name);
    if ((rc = dj_mkdir_p(parent, err)))
        return rc;
    if (snprintf(tmp, sizeof tmp, "%s/.%s.tmp-XXXXXX", parent, name) >= (int)sizeof tmp ||
        snprintf(old, sizeof old, "%s/.%s.old-XXXXXX", parent, name) >= (int)sizeof old)
        return dj_error_set(err, DJ_ELIMIT, "output path too long");
    remove_leftovers(parent, name);
    /* not mkdtemp: its 0700 would stay on the folder once renamed into
       place, unlike every other folder dejure makes (0777 less the umask) */
    if (dj_temp_dir_create(tmp) != 0)
        return dj_error_at(err, DJ_EIO, parent, 0, 0, "cannot create a temporary folder: %s",
                           strerror(errno));
    if ((rc = write_analysis(a, file, base, tmp, diags, err)))
        goto fail;

    struct stat st;
    int had_old = lstat(final, &st) == 0;
    if (had_old) {
        if (!mkdtemp(old) || rename(final, old) != 0) {
            rc = dj_error_at(err, DJ_EIO, final, 0, 0, "cannot move the previous output aside: %s",
                             strerror(errno));
            rmdir(old);
            goto fail;
        }
    }
    if (rename(tmp, final) != 0) {
        rc = dj_error_at(err, DJ_EIO, final, 0, 0, "cannot rename into place: %s", strerror(errno));
        if (had_old)
            rename(old, final);
        goto fail;
    }
    if (had_old) {
        dj_error e2;
        dj_remove_tree(old, &e2); /* the new output is in place; a leftover is harmless */
    }
    return 0;
fail:
    {
        dj_error e2;
        dj_remove_tree(tmp, &e2);
    }
    return rc;
}

/* ---- the manifest ---- */

static int is_space_char(char c) { return c == ' ' || c == '\t'; }

/* A path must read back the same through the batch syntax. */
static int recordable(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 2048 || is_space_char(s[0]) || is_space_char(s[n - 1]))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return 0;
        if ((c == ';' || c == '#') && i > 0 && is_space_char(s[i - 1]))
            return 0;
    }
    return 1;
}

static void put_key(dj_out *o, const char *key, const char *value)
{
    dj_out_str(o, key);
    dj_out_str(o, value[0] ? " = " : " =");
    dj_out_str(o, value);
    dj_out_char(o, '\n');
}

static void put_list(dj_out *o, const char *key, unsigned bits, const char *const *names, size_t n)
{
    dj_out_str(o, key);
    dj_out_str(o, " = ");
    int any = 0;
    for (size_t i = 0; i < n; i++)
        if (bits & (1u << i)) {
            if (any)
                dj_out_str(o, ", ");
            dj_out_str(o, names[i]);
            any = 1;
        }
    if (!any)
        dj_out_str(o, "none");
    dj_out_char(o, '\n');
}

static int put_record(dj_out *o, const char *key, const char *sha, const char *path,
                      const char *root, int relative, dj_error *err)
{
    char rel[PATH_BYTES];
    if (relative && strncmp(path, DJ_BATCH_BUILTIN, strlen(DJ_BATCH_BUILTIN)) != 0) {
        int rc = dj_path_relative(rel, sizeof rel, root, path, err);
        if (rc)
            return rc;
        path = rel;
    }
    if (!recordable(path))
        return dj_error_at(err, DJ_EINVALID, path, 0, 0,
                           "this path cannot be recorded in a manifest (control characters, "
                           "spaces at its ends, or ' ;' / ' #' inside)");
    dj_out_str(o, key);
    dj_out_str(o, " = ");
    dj_out_str(o, sha);
    dj_out_char(o, ' ');
    dj_out_str(o, path);
    dj_out_char(o, '\n');
    return 0;
}

int dj_batch_manifest_write(const char *root, const dj_batch *b, const char *base,
                            const dj_batch_file *source, const char *gnuplot, const int *ok,
                            const dj_batch_files *inputs, const dj_batch_files *outputs,
                            dj_error *err)
{
    static const char *const formats[] = {"png", "svg"};
    char path[PATH_BYTES];
    dj_out *o;
    int rc;
    if ((rc = join(path, root, DJ_BATCH_MANIFEST_NAME, err)) || (rc = dj_out_open(&o, path, err)))
        return rc;
    dj_out_str(o, "; dejure manifest: the analyses of one batch run, what each read and wrote.\n"
                  "; `dejure verify FOLDER` reruns them and compares every file with the\n"
                  "; SHA-256 recorded here. Paths are relative to this file's folder.\n");
    put_key(o, "dejure", DEJURE_VERSION);
    if (gnuplot && gnuplot[0]) {
        if (!recordable(gnuplot)) {
            rc = dj_error_set(err, DJ_EINVALID, "gnuplot's version line cannot be recorded");
            goto fail;
        }
        put_key(o, "gnuplot", gnuplot);
    }
    if (source && (rc = put_record(o, "batch", source->sha256, source->path, root, 1, err)))
        goto fail;
    for (size_t i = 0; i < b->count; i++) {
        const dj_batch_analysis *a = &b->analyses[i];
        if (!ok[i])
            continue;
        dj_out_str(o, "\n[");
        dj_out_str(o, a->name);
        dj_out_str(o, "]\n");
        const char *data = a->text[DJ_BK_DATA];
        char rel[PATH_BYTES] = "";
        if (data[0]) {
            char dir[PATH_BYTES];
            if ((rc = join(dir, base, data, err)) ||
                (rc = dj_path_relative(rel, sizeof rel, root, dir, err)))
                goto fail;
            if (!recordable(rel)) {
                rc = dj_error_at(err, DJ_EINVALID, dir, 0, 0, "this path cannot be recorded in a manifest");
                goto fail;
            }
        }
        put_key(o, "data", rel);
        for (int k = DJ_BK_SUBJECT; k <= DJ_BK_FROM; k++)
            put_key(o, dj_batch_key_name((dj_batch_key)k), a->text[k]);
        char d[DJ_DATE_BUFSIZE];
        dj_date_format(d, a->to, DJ_PREC_DAY);
        put_key(o, "to", d);
        put_key(o, "by", a->text[DJ_BK_BY]);
        if (a->exclude) { /* recorded only when used: older manifests stay valid */
            const char *marks[DJ_MARK_COUNT];
            for (unsigned m = 0; m < DJ_MARK_COUNT; m++)
                marks[m] = dj_mark_name(m);
            put_list(o, "exclude", a->exclude, marks, DJ_MARK_COUNT);
        }
        put_list(o, "tables", a->tables, dj_batch_tables, DJ_BATCH_NTABLES);
        put_key(o, "wide", a->wide ? "yes" : "no");
        put_list(o, "charts", a->charts, dj_batch_charts, DJ_BATCH_NCHARTS);
        put_list(o, "formats", (a->formats & DJ_FORMAT_PNG ? 1u : 0) | (a->formats & DJ_FORMAT_SVG ? 2u : 0),
                 formats, 2);
        dj_out_str(o, "size = ");
        dj_out_u64(o, (uint64_t)a->width);
        dj_out_char(o, 'x');
        dj_out_u64(o, (uint64_t)a->height);
        dj_out_char(o, '\n');
        {
            const char *models[DJ_MODEL_COUNT];
            for (int m = 0; m < DJ_MODEL_COUNT; m++)
                models[m] = dj_model_name((dj_model)m);
            put_list(o, "models", a->models, models, DJ_MODEL_COUNT);
        }
        put_key(o, "until", a->text[DJ_BK_UNTIL]);
        put_key(o, "output", a->output);
        for (size_t f = 0; f < inputs[i].n; f++)
            if ((rc = put_record(o, "input", inputs[i].v[f].sha256, inputs[i].v[f].path, root, 1, err)))
                goto fail;
        for (size_t f = 0; f < outputs[i].n; f++)
            if ((rc = put_record(o, "file", outputs[i].v[f].sha256, outputs[i].v[f].path, root, 0, err)))
                goto fail;
    }
    int header = 0;
    for (size_t i = 0; i < b->count; i++) {
        if (ok[i])
            continue;
        if (!header)
            dj_out_str(o, "\n; analyses that failed, so that nothing of them is recorded:\n");
        header = 1;
        dj_out_str(o, "; [");
        dj_out_str(o, b->analyses[i].name);
        dj_out_str(o, "]\n");
    }
    return dj_out_commit(o, err);
fail:
    dj_out_abort(o);
    return rc;
}

int dj_gnuplot_version(char *buf, size_t size, dj_error *err)
{
    int fd[2];
    if (size == 0)
        return dj_error_set(err, DJ_EINVALID, "no room for the version");
    buf[0] = '\0';
    if (!dj_gnuplot_available())
        return dj_error_set(err, DJ_ENOTFOUND, "gnuplot is not installed");
    if (pipe(fd) != 0)
        return dj_error_set(err, DJ_EIO, "cannot run gnuplot: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return dj_error_set(err, DJ_EIO, "cannot run gnuplot: %s", strerror(errno));
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, STDIN_FILENO);
            dup2(null, STDERR_FILENO);
        }
        dup2(fd[1], STDOUT_FILENO);
        close(fd[0]);
        close(fd[1]);
        execlp("gnuplot", "gnuplot", "--version", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    size_t got = 0;
    for (;;) {
        char tmp[256];
        ssize_t r = read(fd[0], tmp, sizeof tmp);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        for (ssize_t i = 0; i < r; i++)
            if (got + 1 < size)
                buf[got++] = tmp[i];
    }
    close(fd[0]);
    buf[got] = '\0';
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            break;
    /* the first line, printable characters only */
    size_t n = 0;
    while (buf[n] && buf[n] != '\n' && buf[n] != '\r')
        n++;
    while (n > 0 && buf[n - 1] == ' ')
        n--;
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] == 0x7f)
            buf[i] = ' ';
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || n == 0)
        return dj_error_set(err, DJ_EIO, "gnuplot --version failed");
    return 0;
}
