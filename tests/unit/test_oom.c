/*
 * test_oom.c - allocation failure, SQLite style: a small run (load every
 * kind of file, analyse, write a whole report) is first counted, then
 * repeated with the k-th allocation failing, for every k. Each run must end
 * with DJ_ENOMEM and "out of memory", free everything (the sanitizer build
 * checks for leaks) and leave no temporary file in the output folder.
 */
#define _GNU_SOURCE /* mkdtemp */
#include <dirent.h>
#include <unistd.h>

#include "check.h"
#include "dejure/testing.h"

static const char entities[] =
    "code,name\nUSA,United States\nFRA,France\nSRB,Serbia\nESP,Spain\nXKX,Kosovo\nDEU,\"Germany,\nFederal Republic\"\n";
static const char subjects[] = "code,name,declared\nXKX,Kosovo,2008-02-17\n";
static const char bloc_names[] = "bloc,name\nEU,European Union\nNATO,North Atlantic Treaty\n";
static const char events[] =
    "date,actor,subject,type,disputed,source,note\n"
    "2008-02-18,USA,XKX,recognize,,https://example.org/1,\n"
    "2008-02-18,FRA,XKX,recognize,,https://example.org/2,\"a \"\"note\"\"\"\n"
    "2008-02-20,DEU,XKX,recognize,SRB,https://example.org/3,\n"
    "2009-02,ESP,XKX,recognize,,https://example.org/4,\n"
    "2010,ESP,XKX,withdraw,,https://example.org/5,\n";
static const char blocs[] =
    "bloc,member,joined,left\nEU,FRA,1958-01-01,\nEU,DEU,1958-01-01,\nEU,ESP,1986-01-01,\n"
    "NATO,USA,1949-08-24,\nNATO,FRA,1949-08-24,\nNATO,ESP,1982-05-30,\n";
static const char population[] = "code,population,year\nUSA,331000000,2020\nFRA,67000000,2020\n";
static const char annotations[] = "date,label\n2008-02-17,declaration\n";

static char outdir[64];

/* One whole run; returns 0 or a DJ_E* code with err set. */
static int run(dj_error *err)
{
    dj_memfile files[] = {
        {"entities.csv", entities, sizeof entities - 1},
        {"subjects.csv", subjects, sizeof subjects - 1},
        {"bloc_names.csv", bloc_names, sizeof bloc_names - 1},
        {"events.csv", events, sizeof events - 1},
        {"blocs.csv", blocs, sizeof blocs - 1},
        {"population.csv", population, sizeof population - 1},
        {"annotations.csv", annotations, sizeof annotations - 1},
    };
    dj_dataset *ds = NULL;
    dj_diagnostics d;
    dj_diagnostics_init(&d);
    dj_error_clear(err);
    int rc = dj_dataset_load_mem(&ds, "oom", files, sizeof files / sizeof *files, NULL, &d, err);
    dj_diagnostics_dispose(&d);
    if (rc)
        return rc;
    uint32_t b[2] = {dj_dataset_bloc_find(ds, "EU"), dj_dataset_bloc_find(ds, "NATO")};
    dj_report_options ro;
    memset(&ro, 0, sizeof ro);
    ro.subject = dj_dataset_entity_find(ds, "XKX");
    ro.view.kind = DJ_VIEW_ALL;
    ro.view.party = DJ_NONE;
    ro.blocs = b;
    ro.nblocs = 2;
    ro.at = D("2012-01-01");
    ro.formats = DJ_FORMAT_PNG;
    ro.render = 0; /* gnuplot is another process: its memory is not ours */
    ro.width = 800;
    ro.height = 450;
    rc = dj_report_write(ds, &ro, outdir, NULL, NULL, err);
    dj_dataset_free(ds);
    return rc;
}

/* Names of hidden files (temporaries) in the output folder. */
static int hidden_files(char *names, size_t size)
{
    DIR *d = opendir(outdir);
    struct dirent *e;
    int n = 0;
    names[0] = '\0';
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            n++;
            strncat(names, e->d_name, size - strlen(names) - 1);
        }
    }
    if (d)
        closedir(d);
    return n;
}

static void every_failed_allocation_ends_in_out_of_memory(void)
{
    dj_error err;
    strcpy(outdir, "/tmp/dejure-oom-XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(outdir));

    dj_alloc_fail_at(0);
    CU_ASSERT_EQUAL_FATAL(run(&err), 0);
    long total = dj_alloc_count();
    CU_ASSERT_TRUE(total > 50); /* the run really allocates */
    printf("\n  %ld allocations in the run; failing each in turn\n", total);

    long bad = 0;
    for (long k = 1; k <= total; k++) {
        dj_alloc_fail_at(k);
        int rc = run(&err);
        dj_alloc_fail_at(0);
        char names[512];
        int tmp = hidden_files(names, sizeof names);
        int ok = rc == DJ_ENOMEM && err.code == DJ_ENOMEM && strstr(err.msg, "out of memory") && !tmp;
        if (!ok && bad++ < 10)
            fprintf(stderr, "\n  allocation %ld failing: rc %d, code %d, '%s'%s%s\n", k, rc, err.code,
                    err.msg, tmp ? ", temporaries left: " : "", tmp ? names : "");
        CU_ASSERT_TRUE(ok);
    }
    /* and with failure injection off again, the run works */
    dj_alloc_fail_at(0);
    CU_ASSERT_EQUAL(run(&err), 0);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", outdir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(every_failed_allocation_ends_in_out_of_memory),
        {NULL, NULL}};
    return dj_run_tests("oom", tests);
}
