/*
 * test_subjects.c - the audit tables of the subjects' SOURCES.md,
 * asserted: each dated published count reproduced under the convention
 * the table names, and each explained difference computed with and
 * without exactly the event that explains it.
 */
#include "check.h"

static dj_dataset *world;

static dj_dataset *builtin(void)
{
    if (!world) {
        dj_error err;
        CU_ASSERT_EQUAL_FATAL(dj_dataset_load_default(&world, NULL, NULL, &err), 0);
    }
    return world;
}

/* The first occurrence of `needle` in data[0..n), or NULL. */
static const char *find_in(const char *data, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(data + i, needle, k) == 0)
            return data + i;
    return NULL;
}

/* The built-in world without the row of `file` that starts with `row`. */
static dj_dataset *without(const char *file, const char *row)
{
    size_t nf;
    const dj_memfile *def = dj_default_files(&nf);
    dj_memfile files[64];
    char *edited = NULL;
    CU_ASSERT_FATAL(nf <= 64);
    for (size_t i = 0; i < nf; i++) {
        files[i] = def[i];
        if (strcmp(def[i].name, file))
            continue;
        char start[200];
        snprintf(start, sizeof start, "\n%s", row);
        const char *at = find_in(def[i].data, def[i].size, start);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        const char *end = memchr(at + 1, '\n', def[i].size - (size_t)(at + 1 - def[i].data));
        CU_ASSERT_PTR_NOT_NULL_FATAL(end);
        edited = malloc(def[i].size);
        CU_ASSERT_PTR_NOT_NULL_FATAL(edited);
        size_t head = (size_t)(at - def[i].data), tail = def[i].size - (size_t)(end - def[i].data);
        memcpy(edited, def[i].data, head);
        memcpy(edited + head, end, tail);
        files[i].data = edited;
        files[i].size = head + tail;
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(edited);
    dj_dataset *v = NULL;
    dj_error err;
    int rc = dj_dataset_load_mem(&v, "world", files, nf, NULL, NULL, &err);
    free(edited);
    if (rc)
        fprintf(stderr, "without: %s:%ld: %s\n", err.path, err.line, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    return v;
}

/* Actors recognising `subject` on `day` under `view` (and `exclude`),
   among bloc `bloc` (NULL: every actor). */
static uint32_t count_in(dj_dataset *ds, const char *subject, const char *view, const char *exclude,
                         const char *bloc, const char *day)
{
    dj_view v;
    dj_status *st;
    dj_series s;
    dj_date d = D(day);
    CU_ASSERT_EQUAL_FATAL(dj_view_parse(&v, ds, view, NULL), 0);
    if (exclude)
        CU_ASSERT_EQUAL_FATAL(dj_view_exclude_parse(&v, exclude, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(dj_status_new(&st, ds, &v, NULL), 0);
    uint32_t b = bloc ? dj_dataset_bloc_find(ds, bloc) : DJ_NONE;
    CU_ASSERT_EQUAL_FATAL(dj_series_eval(&s, ds, st, dj_dataset_entity_find(ds, subject), &b,
                                         bloc ? 1 : 0, &d, 1, NULL), 0);
    uint32_t n = bloc ? s.recognizing[0] : s.total[0];
    dj_series_dispose(&s);
    dj_status_free(st);
    return n;
}

static uint32_t count(const char *subject, const char *view, const char *bloc, const char *day)
{
    return count_in(builtin(), subject, view, NULL, bloc, day);
}

/* ---- Palestine (palestine/SOURCES.md, "Audit") ---- */

static void palestine_un_members_as_the_encyclopaedia_counts(void)
{
    /* UN members, every claim counted (Palestine's list, Malta from 1988) */
    CU_ASSERT_EQUAL(count("PSE", "all", "UN", "2011-08-29"), 126); /* WAFA: the 126th UN state */
    CU_ASSERT_EQUAL(count("PSE", "all", "UN", "2013-11-01"), 134); /* PolGeoNow: 134 UN members */
    CU_ASSERT_EQUAL(count("PSE", "all", "UN", "2015-09-14"), 136); /* encyclopaedia: 136 of 193 */
    CU_ASSERT_EQUAL(count("PSE", "all", "UN", "2019-07-31"), 138); /* encyclopaedia: 138 of 193 */
    CU_ASSERT_EQUAL(count("PSE", "all", "UN", "2023-10-27"), 138); /* Manila Bulletin: 138 members */
    CU_ASSERT_EQUAL(count("PSE", "all", "UN", "2024-04-30"), 140); /* "as of April 2024, 140 of 193" */
}

static void palestine_every_state_as_palestine_counts(void)
{
    /* every recognising state, the Holy See included: Palestine's own count */
    CU_ASSERT_EQUAL(count("PSE", "all", NULL, "2013-09-27"), 134); /* its UN mission: 134 other States */
    CU_ASSERT_EQUAL(count("PSE", "all", NULL, "2015-06-30"), 136); /* the PA: the Vatican one of 136 */
    CU_ASSERT_EQUAL(count("PSE", "all", NULL, "2015-09-14"), 137); /* with St Lucia: 137 */
    CU_ASSERT_EQUAL(count("PSE", "all", NULL, "2024-05-03"), 142); /* Trinidad joins 141 others */
    CU_ASSERT_EQUAL(count("PSE", "all", NULL, "2024-05-29"), 146); /* after Spain, Ireland, Norway */
    CU_ASSERT_EQUAL(count("PSE", "all", NULL, "2024-06-04"), 147); /* Slovenia, the 147th */
    CU_ASSERT_EQUAL(count("PSE", "all", NULL, "2024-06-21"), 148); /* Armenia, after 147 others */
}

/* The counts of September 2025 (142 to 159 on the same days), each under
   the convention that gives it (palestine/SOURCES.md). */
static void palestine_september_2025(void)
{
    dj_dataset *ds = builtin();
    /* every claim counted, the Holy See and the conditional ones included */
    CU_ASSERT_EQUAL(count("PSE", "all", NULL, "2025-09-30"), 159);
    CU_ASSERT_EQUAL(count("PSE", "all", "UN", "2025-09-30"), 158);
    /* undisputed: without Malta's 1988 entry and the Czech continuation */
    CU_ASSERT_EQUAL(count("PSE", "undisputed", NULL, "2025-09-30"), 158);
    CU_ASSERT_EQUAL(count("PSE", "undisputed", "UN", "2025-09-30"), 157);
    /* and without Belgium's and Andorra's conditional recognitions */
    CU_ASSERT_EQUAL(count_in(ds, "PSE", "undisputed", "conditional", "UN", "2025-09-30"), 155);
    /* before the wave: The Week's 147 (July 2025), and 151 once the
       United Kingdom, Canada, Australia and Portugal had recognised */
    CU_ASSERT_EQUAL(count("PSE", "undisputed", NULL, "2025-07-31"), 147);
    CU_ASSERT_EQUAL(count("PSE", "undisputed", NULL, "2025-09-21"), 151);
}

/* The encyclopaedia's figures count Malta from Palestine's list of 1988
   (a row Malta disputes): without exactly that row, one fewer. */
static void palestine_malta_explains_the_encyclopaedia(void)
{
    dj_dataset *v = without("palestine/events.csv", "1988-11-16,MLT,PSE,");
    CU_ASSERT_EQUAL(count_in(v, "PSE", "all", NULL, "UN", "2015-09-14"), 135);
    CU_ASSERT_EQUAL(count_in(v, "PSE", "all", NULL, "UN", "2019-07-31"), 137);
    dj_dataset_free(v);
    /* and the undisputed view leaves it out, with the Czech continuation */
    CU_ASSERT_EQUAL(count("PSE", "undisputed", "UN", "2015-09-14"), 134);
}

/* "As of 21 June 2024, 146 of the 193": written the day Armenia
   recognised, before it was counted. Without exactly Armenia's row: 146. */
static void palestine_armenia_the_same_day(void)
{
    CU_ASSERT_EQUAL(count("PSE", "all", "UN", "2024-06-21"), 147);
    dj_dataset *v = without("palestine/events.csv", "2024-06-21,ARM,PSE,");
    CU_ASSERT_EQUAL(count_in(v, "PSE", "all", NULL, "UN", "2024-06-21"), 146);
    dj_dataset_free(v);
}

/* ---- Abkhazia, South Ossetia, Northern Cyprus, Somaliland ---- */

static void the_caucasus_counts(void)
{
    /* UN members, every event counted */
    CU_ASSERT_EQUAL(count("XAB", "all", "UN", "2009-09-10"), 3); /* Venezuela the third */
    CU_ASSERT_EQUAL(count("XSO", "all", "UN", "2009-09-10"), 3);
    CU_ASSERT_EQUAL(count("XAB", "all", "UN", "2009-12-15"), 4); /* Nauru the fourth */
    CU_ASSERT_EQUAL(count("XSO", "all", "UN", "2009-12-15"), 3); /* Nauru signs with XSO a day later */
    CU_ASSERT_EQUAL(count("XSO", "all", "UN", "2009-12-16"), 4);
    CU_ASSERT_EQUAL(count("XAB", "all", "UN", "2011-09-25"), 6); /* Tuvalu: sixth for Abkhazia */
    CU_ASSERT_EQUAL(count("XSO", "all", "UN", "2011-09-25"), 5); /* and fifth for South Ossetia */
    CU_ASSERT_EQUAL(count("XAB", "all", "UN", "2014-03-31"), 4); /* Tuvalu withdraws: four */
    CU_ASSERT_EQUAL(count("XSO", "all", "UN", "2014-03-31"), 4);
    /* Abkhazia disputes Vanuatu's withdrawal of 2013: as it counts, five */
    CU_ASSERT_EQUAL(count("XAB", "XAB", "UN", "2014-03-31"), 5);
}

static void northern_cyprus_and_somaliland(void)
{
    CU_ASSERT_EQUAL(count("XNC", "all", NULL, "2009-04-20"), 1); /* Turkey only */
    CU_ASSERT_EQUAL(count("XNC", "all", NULL, "2024-11-15"), 1);
    CU_ASSERT_EQUAL(count("XNC", "all", NULL, "1983-11-17"), 3); /* Pakistan and Bangladesh, briefly */
    CU_ASSERT_EQUAL(count("XSL", "undisputed", NULL, "2020-09-30"), 0); /* "yet to be recognized" */
    CU_ASSERT_EQUAL(count("XSL", "undisputed", NULL, "2025-12-26"), 1); /* Israel the first */
    /* Ethiopia's claimed recognition of 2024 counts only if every claim does */
    CU_ASSERT_EQUAL(count("XSL", "all", NULL, "2025-12-26"), 2);
    CU_ASSERT_EQUAL(count_in(builtin(), "XSL", "all", "announced", NULL, "2025-12-26"), 1);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(palestine_un_members_as_the_encyclopaedia_counts),
        DJ_TEST(palestine_every_state_as_palestine_counts),
        DJ_TEST(palestine_september_2025),
        DJ_TEST(palestine_malta_explains_the_encyclopaedia),
        DJ_TEST(palestine_armenia_the_same_day),
        DJ_TEST(the_caucasus_counts),
        DJ_TEST(northern_cyprus_and_somaliland),
        {NULL, NULL}};
    int rc = dj_run_tests("subjects", tests);
    dj_dataset_free(world);
    return rc;
}
