/*
 * dejure/batch.h - batch files: many analyses described in one plain-text
 * file, run into folders, recorded in a manifest that can be verified.
 *
 * Three layers:
 *   1. dj_batch_parse(): the INI-style syntax only ([section], key = value,
 *      comments), from a memory buffer, with file:line:column errors. It
 *      accepts any bytes without crashing (it is fuzzed) and allocates
 *      through the library's allocator.
 *   2. dj_batch_new(): the meaning - each section is one analysis; keys
 *      before the first section are defaults for every analysis. Every
 *      value is checked here, before anything runs.
 *   3. dj_batch_run(): one analysis into its output folder (written in a
 *      temporary folder, renamed into place only when complete), and the
 *      helpers that hash inputs and outputs for the manifest.
 * See README.md ("Batch runs") for the format with a complete example.
 */
#ifndef DEJURE_BATCH_H
#define DEJURE_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include "date.h"
#include "error.h"
#include "load.h"
#include "sha256.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The public API keeps default visibility; the library is built with
   -fvisibility=hidden, so that nothing else is exported. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* ---- 1. syntax ------------------------------------------------------ */

/* Limits, enforced with DJ_ELIMIT and a position rather than a crash. */
#define DJ_BATCH_MAX_BYTES    (1u << 20) /* largest batch file or manifest */
#define DJ_BATCH_MAX_LINE     4096u      /* longest line, in bytes */
#define DJ_BATCH_MAX_SECTIONS 1000u      /* most sections (analyses) */
#define DJ_BATCH_MAX_ENTRIES  100000u    /* most key = value lines */
#define DJ_BATCH_MAX_NAME     64u        /* longest section name */

/* One `key = value` line. Strings are NUL-terminated, owned by the doc. */
typedef struct dj_batch_entry {
    const char *key;
    const char *value;       /* trimmed, inline comment removed; may be "" */
    long line;               /* 1-based */
    long key_column;         /* 1-based byte columns */
    long value_column;
} dj_batch_entry;

/* A [section]: its entries are entries[first .. first + count). */
typedef struct dj_batch_section {
    const char *name;        /* "" for the keys before the first header */
    long line, column;       /* of the '[' (0 for the leading part) */
    size_t first, count;
} dj_batch_section;

/* A parsed file. sections[0] is always the part before the first header. */
typedef struct dj_batch_doc {
    char *name;              /* the name given to dj_batch_parse */
    dj_batch_section *sections;
    size_t nsections;
    dj_batch_entry *entries;
    size_t nentries;
    char *text;              /* storage of every string above */
} dj_batch_doc;

/*
 * Parses `size` bytes of `data` (no NUL needed). Syntax: UTF-8 text, LF or
 * CRLF line ends, an optional byte-order mark; blank lines; comments from
 * ';' or '#' at the start of a line or of a value, or after a space or tab; section
 * headers `[name]` (letters, digits, '.', '_', '-'; not starting with '.';
 * each name once); `key = value` lines (key: letters, digits, '_', '-',
 * '.'). NUL bytes, control characters other than tab and invalid UTF-8 are
 * errors. `name` is the file named in messages. On success *out owns the
 * document (dj_batch_doc_free) and 0 is returned; otherwise *out is NULL,
 * DJ_EPARSE / DJ_ELIMIT / DJ_ENOMEM is returned and err says where.
 */
int dj_batch_parse(dj_batch_doc **out, const char *name, const char *data,
                   size_t size, dj_error *err);
void dj_batch_doc_free(dj_batch_doc *doc);

/* ---- 2. analyses ---------------------------------------------------- */

/* The keys of an analysis, in the order a manifest records them. */
typedef enum dj_batch_key {
    DJ_BK_DATA, DJ_BK_SUBJECT, DJ_BK_VIEW, DJ_BK_BLOCS, DJ_BK_AMONG,
    DJ_BK_THRESHOLDS, DJ_BK_AT, DJ_BK_FROM, DJ_BK_TO, DJ_BK_BY,
    DJ_BK_TABLES, DJ_BK_WIDE, DJ_BK_CHARTS, DJ_BK_FORMATS, DJ_BK_SIZE,
    DJ_BK_MODELS, DJ_BK_UNTIL, DJ_BK_OUTPUT, DJ_BK_EXCLUDE, DJ_BK_COUNT
} dj_batch_key;

/* The name of a key as written in files ("data", "subject", ...). */
const char *dj_batch_key_name(dj_batch_key k);

/* Tables an analysis can write, each as NAME.csv. */
enum {
    DJ_TABLE_TIMELINE = 1u << 0,
    DJ_TABLE_COVERAGE = 1u << 1,
    DJ_TABLE_HOLDOUTS = 1u << 2,
    DJ_TABLE_MILESTONES = 1u << 3,
    DJ_TABLE_THRESHOLDS = 1u << 4,
    /* the tables of `dejure stats` (stats.h) */
    DJ_TABLE_PER_YEAR = 1u << 5,
    DJ_TABLE_PER_MONTH = 1u << 6,
    DJ_TABLE_DELAYS = 1u << 7,
    DJ_TABLE_SURVIVAL = 1u << 8,
    DJ_TABLE_MEDIANS = 1u << 9,
    DJ_TABLE_POPULATION = 1u << 10,
    DJ_TABLE_FIT = 1u << 11,         /* fit-MODEL.csv per model */
    DJ_TABLE_CURVE = 1u << 12        /* curve-MODEL.csv per model */
};
/* Charts (of the report, see report.h). */
enum {
    DJ_CHART_CUMULATIVE = 1u << 0,
    DJ_CHART_COVERAGE = 1u << 1,
    DJ_CHART_PER_YEAR = 1u << 2,
    DJ_CHART_FIT = 1u << 3,
    DJ_CHART_SURVIVAL = 1u << 4,
    DJ_CHART_STANDING = 1u << 5,
    DJ_CHART_MAP = 1u << 6
};

#define DJ_BATCH_MAX_LIST 64     /* most blocs, thresholds */

/* One recorded file of a manifest: `input = SHA PATH` or `file = SHA PATH`. */
typedef struct dj_batch_record {
    const char *sha256;      /* 64 lower-case hex digits */
    const char *path;        /* relative to the manifest's folder */
    long line, column;       /* where the path is written */
} dj_batch_record;

/* One analysis, with every default applied and every value checked. */
typedef struct dj_batch_analysis {
    const char *name;        /* the section name */
    long line;               /* of its header */
    /* each key's text as it applies (borrowed from the doc; "" when
       absent) and where it was written (line 0: not written) */
    const char *text[DJ_BK_COUNT];
    long key_line[DJ_BK_COUNT], key_column[DJ_BK_COUNT];
    /* the checked values */
    dj_date at, from, to;    /* DJ_DATE_NONE when not given; `to` is `at`
                                when `at` is given. A date key written in
                                the section beats a conflicting default
                                (`at` against `to` or `by`). */
    dj_grid grid;
    unsigned tables;         /* DJ_TABLE_* */
    unsigned exclude;        /* DJ_MARK_*: events so marked are left out */
    unsigned charts;         /* DJ_CHART_* */
    unsigned formats;        /* DJ_FORMAT_* (report.h); 0 = scripts only */
    int wide;
    int width, height;
    unsigned models;         /* 1 << DJ_MODEL_* (stats.h), for fit, curve */
    dj_date until;           /* last day of fitted curves; DJ_DATE_NONE */
    double thresholds[DJ_BATCH_MAX_LIST];
    size_t nthresholds;
    const char *output;      /* safe relative folder name */
    /* manifest only: what the run recorded */
    dj_batch_record *inputs, *files;
    size_t ninputs, nfiles;
    size_t cap_inputs, cap_files;
} dj_batch_analysis;

/* A whole batch file (or manifest). */
typedef struct dj_batch {
    dj_batch_doc *doc;
    const char *file;        /* the name messages use */
    dj_batch_analysis *analyses;
    size_t count;
    /* manifest only */
    const char *version;     /* `dejure = VERSION` */
    const char *gnuplot;     /* `gnuplot = VERSION`, NULL when no chart */
    dj_batch_record source;  /* `batch = SHA PATH` (path NULL: none) */
} dj_batch;

enum { DJ_BATCH_MANIFEST = 1u << 0 }; /* accept the keys of a manifest */

/*
 * Parses and checks a batch file held in memory. Any problem - syntax, an
 * unknown key, a bad date, an output folder that would leave the output
 * root or clash with another - is DJ_EPARSE (or DJ_ELIMIT) with file:line:
 * column in err, and nothing is returned. Names of blocs, subjects and
 * views are checked against the data only when an analysis runs.
 */
int dj_batch_new(dj_batch **out, const char *name, const char *data,
                 size_t size, unsigned flags, dj_error *err);
/* As dj_batch_new, reading the file `path` (its own name in messages). */
int dj_batch_read(dj_batch **out, const char *path, unsigned flags,
                  dj_error *err);
void dj_batch_free(dj_batch *b);

/* 1 when `path` is a safe relative folder name for outputs: components of
   letters, digits, '.', '_', '-', none empty, none starting with '.' or
   '-', so never "..", never absolute, never hidden, never an option. */
int dj_batch_path_is_safe(const char *path);

/* ---- 3. running ----------------------------------------------------- */

/* A file and its SHA-256. */
typedef struct dj_batch_file {
    char *path;
    char sha256[DJ_SHA256_HEX];
} dj_batch_file;

typedef struct dj_batch_files {
    dj_batch_file *v;
    size_t n, cap;
} dj_batch_files;

void dj_batch_files_init(dj_batch_files *f);
void dj_batch_files_dispose(dj_batch_files *f);

/* The marker that names the built-in dataset's files in manifests. */
#define DJ_BATCH_BUILTIN "built-in:"

/*
 * Runs analysis `a`: loads its dataset (`data` resolved against the folder
 * `base`; empty: the built-in one), resolves subject, view and blocs, and
 * writes its tables or report into ROOT/OUTPUT. Everything is written into
 * a temporary folder beside it, renamed into place only once complete; a
 * previous folder of that name is replaced only then. On failure nothing
 * of it remains and err says where (the dataset's file:line:column, or the
 * batch file's for a name the dataset does not know). Data warnings go
 * into `diags` (may be NULL). `file` is the batch file named in messages.
 */
int dj_batch_run(const dj_batch_analysis *a, const char *file,
                 const char *base, const char *root, dj_diagnostics *diags,
                 dj_error *err);

/*
 * The SHA-256 of every file of the analysis's dataset, appended to *out
 * in load order, each path as `base`/DATA/NAME (or built-in:NAME/FILE).
 */
int dj_batch_hash_inputs(dj_batch_files *out, const dj_batch_analysis *a,
                         const char *base, dj_error *err);

/*
 * The SHA-256 of every file under ROOT/DIR, appended to *out sorted by
 * path (bytewise), each path relative to ROOT ("DIR/name.csv").
 */
int dj_batch_hash_tree(dj_batch_files *out, const char *root, const char *dir,
                       dj_error *err);

/*
 * Writes into out[size] the path of `target` relative to the folder
 * `from` (both must exist), e.g. "../datasets/world/kosovo/events.csv".
 */
int dj_path_relative(char *out, size_t size, const char *from,
                     const char *target, dj_error *err);

/* Removes `path` and everything under it (symbolic links are removed,
   never followed). A missing path is not an error. */
int dj_remove_tree(const char *path, dj_error *err);

/*
 * Writes ROOT/manifest.ini: dejure's version, gnuplot's (`gnuplot`, NULL
 * when no chart was rendered), the batch file `source` and
 * each analysis whose `ok[i]` is set, with its options, its inputs
 * (inputs[i], as from dj_batch_hash_inputs with the same `base`) and its
 * outputs (outputs[i], relative to ROOT). Every path in it is relative to
 * ROOT, `data` included, so that the manifest is itself a batch file that
 * dj_batch_new(DJ_BATCH_MANIFEST) reads back. Analyses that failed are
 * listed in a comment. Atomic (temporary file, rename).
 */
int dj_batch_manifest_write(const char *root, const dj_batch *b,
                            const char *base, const dj_batch_file *source,
                            const char *gnuplot, const int *ok,
                            const dj_batch_files *inputs,
                            const dj_batch_files *outputs, dj_error *err);

#define DJ_BATCH_MANIFEST_NAME "manifest.ini"

/* gnuplot's version line ("gnuplot 5.4 patchlevel 4") into buf; charts
   are the same bytes only from the same gnuplot. DJ_ENOTFOUND when it is
   not installed. */
int dj_gnuplot_version(char *buf, size_t size, dj_error *err);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
