/*
 * fuzz_common.h - what the loader harnesses share: a valid dataset around
 * the one file being fuzzed, and an analysis of whatever loads, so that
 * the fuzzer also reaches the status, series and table code with the odd
 * values (year 1, year 9999, thousands of codes) that a loaded file can
 * hold. Any crash, sanitizer report, leak or broken invariant is a bug.
 */
#ifndef DJ_FUZZ_COMMON_H
#define DJ_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dejure/dejure.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fz_entities[] =
    "code,name\nUSA,United States\nFRA,France\nSRB,Serbia\nESP,Spain\nXKX,Kosovo\n";
static const char fz_subjects[] = "code,name,declared\nXKX,Kosovo,2008-02-17\n";
static const char fz_bloc_names[] = "bloc,name\nEU,European Union\nNATO,North Atlantic\n";
static const char fz_events[] =
    "date,actor,subject,type,disputed,source,note\n"
    "2008-02-18,USA,XKX,recognize,,s,\n2008-02-19,FRA,XKX,recognize,SRB,s,\n"
    "2009,ESP,XKX,recognize,,s,\n2010-05,ESP,XKX,withdraw,,s,\n";
static const char fz_blocs[] =
    "bloc,member,joined,left\nEU,FRA,1958-01-01,\nEU,ESP,1986-01-01,\nNATO,USA,1949-08-24,\n";

#define FZ_FAIL() __builtin_trap()

/* Every table for up to 4 subjects, 8 blocs, two views, written and then
   discarded (dj_out_abort): outputs are regular files only, so the sink is
   a temporary beside /tmp/dejure-fuzz-sink, never that name itself. */
static inline void fz_analyse(const dj_dataset *ds)
{
    uint32_t blocs[8];
    size_t nb = dj_dataset_bloc_count(ds) < 8 ? dj_dataset_bloc_count(ds) : 8;
    for (size_t b = 0; b < nb; b++)
        blocs[b] = (uint32_t)b;
    for (int v = 0; v < 2; v++) {
        dj_view view = {v ? DJ_VIEW_UNDISPUTED : DJ_VIEW_ALL, DJ_NONE, 0};
        dj_status *st;
        dj_error err;
        if (dj_status_new(&st, ds, &view, &err))
            FZ_FAIL(); /* only memory can fail here */
        for (size_t s = 0; s < dj_dataset_subject_count(ds) && s < 4; s++) {
            dj_query q;
            dj_out *o;
            dj_query_init(&q);
            q.subject = dj_dataset_subject_entity(ds, s);
            q.blocs = blocs;
            q.nblocs = nb;
            q.to = dj_date_from_ymd(2030, 1, 1);
            if (dj_out_open(&o, "/tmp/dejure-fuzz-sink", &err))
                FZ_FAIL();
            q.header = 1;
            dj_table_timeline(o, ds, st, &q, &err);
            q.grid = DJ_GRID_YEAR;
            dj_table_timeline(o, ds, st, &q, &err);
            dj_table_coverage(o, ds, st, &q, &err);
            q.grid = DJ_GRID_NONE;
            q.wide = 1;
            dj_table_coverage(o, ds, st, &q, &err);
            q.wide = 0;
            q.at = dj_date_from_ymd(2013, 2, 17);
            dj_table_holdouts(o, ds, st, &q, &err);
            dj_table_milestones(o, ds, st, &q, &err);
            static const double th[] = {50.0, 100.0};
            q.thresholds = th;
            q.nthresholds = 2;
            dj_table_milestones(o, ds, st, &q, &err);
            dj_out_abort(o);
        }
        dj_status_free(st);
    }
}

/* Loads the fixed files with `name` replaced by the input, checks the
   result is consistent, analyses it, frees it. */
static inline int fz_load(const char *name, const uint8_t *data, size_t size)
{
    dj_memfile files[] = {
        {"entities.csv", fz_entities, sizeof fz_entities - 1},
        {"subjects.csv", fz_subjects, sizeof fz_subjects - 1},
        {"bloc_names.csv", fz_bloc_names, sizeof fz_bloc_names - 1},
        {"events.csv", fz_events, sizeof fz_events - 1},
        {"blocs.csv", fz_blocs, sizeof fz_blocs - 1},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (strcmp(files[i].name, name) == 0) {
            files[i].data = (const char *)data;
            files[i].size = size;
        }
    dj_dataset *ds = NULL;
    dj_diagnostics d;
    dj_error err;
    dj_diagnostics_init(&d);
    /* strict and lenient loads take different paths through the checks */
    dj_load_options o = {size && (data[0] & 1) ? DJ_LOAD_STRICT : 0};
    int rc = dj_dataset_load_mem(&ds, "fuzz", files, sizeof files / sizeof *files, &o, &d, &err);
    if (rc == 0) {
        if (!ds || d.errors)
            FZ_FAIL();
        fz_analyse(ds);
    } else {
        /* a refusal says where and why */
        if (ds || err.code != rc || !err.msg[0])
            FZ_FAIL();
        if ((rc == DJ_EPARSE || rc == DJ_ELIMIT) && (err.line < 1 || strncmp(err.path, "fuzz/", 5)))
            FZ_FAIL();
    }
    for (size_t i = 0; i < d.count; i++)
        if (d.items[i].msg[0] == '\0')
            FZ_FAIL();
    dj_diagnostics_dispose(&d);
    dj_dataset_free(ds);
    return 0;
}

#endif
