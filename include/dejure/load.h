/*
 * dejure/load.h - reading a dataset from CSV files.
 *
 * A dataset is a folder (or, for the embedded default and for tests, a set
 * of in-memory files) holding:
 *   events.csv      date,actor,subject,type[,disputed,source,note]  required
 *   entities.csv    code,name                                        optional
 *   subjects.csv    code,name,declared                               optional
 *   blocs.csv       bloc,member,joined[,left,source,note]            optional
 *   bloc_names.csv  bloc,name[,source,note]                          optional
 *   population.csv  code,population,year[,source]                    optional
 *   annotations.csv date,label                                       optional
 * Every byte goes through libcsv. Problems are collected as diagnostics
 * with file, line and column; a load fails (DJ_EPARSE) when any is an
 * error, and `err` then holds the first one.
 */
#ifndef DEJURE_LOAD_H
#define DEJURE_LOAD_H

#include <stddef.h>
#include "dataset.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The public API keeps default visibility; the library is built with
   -fvisibility=hidden, so that nothing else is exported. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* Limits, enforced with a DJ_ELIMIT error rather than a crash. */
#define DJ_MAX_FIELD_BYTES   65536u      /* longest field */
#define DJ_MAX_COLUMNS       64u         /* most columns in a row */
#define DJ_MAX_ROWS          100000000u  /* most data rows in one file */
#define DJ_MAX_FILE_BYTES    (4ull << 30) /* largest input file: 4 GiB */
#define DJ_MAX_DATASET_FILES 512         /* files of a dataset, subject folders' included */

typedef enum dj_severity { DJ_WARNING = 0, DJ_ERROR = 1 } dj_severity;

typedef struct dj_diag {
    dj_severity severity;
    char path[256];
    long line, column;   /* 1-based, 0 = unknown */
    char msg[512];
} dj_diag;

/* Diagnostics of one load; caller-owned, see dj_diagnostics_init(). */
typedef struct dj_diagnostics {
    dj_diag *items;
    size_t count, capacity;
    size_t errors, warnings;  /* totals, including those not kept */
    size_t max_kept;          /* keep at most this many (0: 1000) */
} dj_diagnostics;

void dj_diagnostics_init(dj_diagnostics *d);
void dj_diagnostics_dispose(dj_diagnostics *d);

/* Load flags. */
enum {
    DJ_LOAD_STRICT = 1u << 0,           /* warnings count as errors */
    DJ_LOAD_ALLOW_DUPLICATES = 1u << 1, /* repeated events are legal */
    DJ_LOAD_REQUIRE_SOURCES = 1u << 2   /* an event without source is an error */
};

typedef struct dj_load_options {
    unsigned flags;
} dj_load_options;

/* An input file held in memory. */
typedef struct dj_memfile {
    const char *name;   /* "events.csv", ... */
    const char *data;
    size_t size;
} dj_memfile;

/*
 * Loads the dataset in folder `dir`. On success *out owns a new dataset
 * (free with dj_dataset_free) and returns 0. On failure *out is NULL and the
 * return is DJ_EPARSE (bad data), DJ_EIO (unreadable file), DJ_ELIMIT or
 * DJ_ENOMEM. `opts`, `diags` and `err` may be NULL.
 */
int dj_dataset_load_dir(dj_dataset **out, const char *dir,
                        const dj_load_options *opts, dj_diagnostics *diags,
                        dj_error *err);

/*
 * As dj_dataset_load_dir, from in-memory files; `name` names the dataset
 * and prefixes paths in messages ("kosovo/events.csv").
 */
int dj_dataset_load_mem(dj_dataset **out, const char *name,
                        const dj_memfile *files, size_t nfiles,
                        const dj_load_options *opts, dj_diagnostics *diags,
                        dj_error *err);

/* The names of the files a dataset folder may hold, in the order they are
   read (for hashing a dataset's inputs exactly as a load sees them). */
const char *const *dj_dataset_file_names(size_t *count);

/* A dataset file taken from memory in place of the dataset's own, e.g.
   events piped in on standard input. */
typedef struct dj_file_override {
    const char *name;   /* the file it stands for: "events.csv", ... */
    const char *path;   /* what messages call it: "<stdin>", "new.csv" */
    const char *data;
    size_t size;
} dj_file_override;

/*
 * As dj_dataset_load_dir on folder `dir`, or on the embedded default
 * dataset when `dir` is NULL, with the `nover` files of `over` read from
 * memory instead (also when the dataset lacks them). DJ_EINVALID when an
 * override names no dataset file.
 */
int dj_dataset_load_with(dj_dataset **out, const char *dir,
                         const dj_file_override *over, size_t nover,
                         const dj_load_options *opts, dj_diagnostics *diags,
                         dj_error *err);

/* The dataset compiled into the library (datasets/world: the shared world and every subject). */
int dj_dataset_load_default(dj_dataset **out, const dj_load_options *opts,
                            dj_diagnostics *diags, dj_error *err);

/* Files of the embedded default dataset (for writing it out, hashing). */
const dj_memfile *dj_default_files(size_t *count);
const char *dj_default_name(void);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
