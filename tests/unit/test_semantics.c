/*
 * test_semantics.c - what any subject needs: the subject left out of its
 * own blocs, entities that exist for a time, successors that continue (or
 * do not continue) a predecessor, freezes, marks left out by --exclude,
 * and the standing of every actor on a date (dejure status).
 */
#include "check.h"

/* A small world: the Soviet Union (until 1991-12-26) continued by Russia,
   the GDR (1973.. until 1990-10-03) not continued by Germany, a subject
   (PSE) that is a member of a bloc (LAS) before it declares. */
static const char *ENTITIES =
    "code,name,from,until,source,note\n"
    "SUN,Soviet Union,,1991-12-26,https://example.org/sun,\n"
    "RUS,Russia,1991-12-26,,https://example.org/rus,\n"
    "DDR,German Democratic Republic,1949-10-07,1990-10-03,https://example.org/ddr,\n"
    "DEU,Germany,,,,\n"
    "EGY,Egypt,,,,\n"
    "JOR,Jordan,,,,\n"
    "MAR,Morocco,,,,\n"
    "BEL,Belgium,,,,\n"
    "PSE,Palestine,,,,\n";

static const char *SUBJECTS = "code,name,declared\nPSE,Palestine,1988-11-15\n";

static const char *BLOCS =
    "bloc,member,joined,left,source\n"
    "LAS,EGY,1945-03-22,,x\n"
    "LAS,JOR,1945-03-22,,x\n"
    "LAS,MAR,1958-10-01,,x\n"
    "LAS,PSE,1976-09-09,,x\n"
    "UN,SUN,1945-10-24,1991-12-26,x\n"
    "UN,RUS,1991-12-26,,x\n"
    "UN,DDR,1973-09-18,1990-10-03,x\n"
    "UN,DEU,1973-09-18,,x\n"
    "UN,EGY,1945-10-24,,x\n";

#define EV "date,actor,subject,type,disputed,source,note,via,marks\n"

static const char *EVENTS =
    EV "1988-11-15,EGY,PSE,recognize,,s1,,,\n"
    "1988-11-18,SUN,PSE,recognize,,s2,,,\n"
    "1988-11-18,DDR,PSE,recognize,,s3,,,\n"
    "1988-11-20,JOR,PSE,recognize,,s4,,,\n"
    "1991-12-26,RUS,PSE,recognize,,s5,continues the Soviet Union,SUN,\n"
    "1999-05,MAR,PSE,recognize,,s6,,,\n"
    "2005-01-01,MAR,PSE,freeze,,s7,,,\n"
    "2010-01-01,MAR,PSE,recognize,,s8,,,\n"
    "2025-09-22,BEL,PSE,recognize,,s9,subject to conditions,,conditional\n";

static dj_dataset *world(dj_diagnostics *dg)
{
    dj_error err;
    dj_dataset *ds = dj_test_dataset(EVENTS, ENTITIES, SUBJECTS, BLOCS, dg, &err);
    if (!ds)
        fprintf(stderr, "load: %s:%ld:%ld: %s\n", err.path, err.line, err.column, err.msg);
    return ds;
}

static dj_status *status_of(const dj_dataset *ds, const char *view, const char *exclude)
{
    dj_view v;
    dj_status *st = NULL;
    CU_ASSERT_EQUAL(dj_view_parse(&v, ds, view, NULL), 0);
    if (exclude)
        CU_ASSERT_EQUAL(dj_view_exclude_parse(&v, exclude, NULL), 0);
    CU_ASSERT_EQUAL(dj_status_new(&st, ds, &v, NULL), 0);
    return st;
}

static uint32_t E(const dj_dataset *ds, const char *code)
{
    return dj_dataset_entity_find(ds, code);
}

/* total recognising and, for bloc `bloc`, members and recognising on a day */
static void counts(const dj_dataset *ds, const dj_status *st, const char *bloc,
                   const char *day, uint32_t *total, uint32_t *members, uint32_t *recog)
{
    dj_series s;
    dj_date d = D(day);
    uint32_t b = dj_dataset_bloc_find(ds, bloc);
    CU_ASSERT_EQUAL_FATAL(dj_series_eval(&s, ds, st, E(ds, "PSE"), &b, 1, &d, 1, NULL), 0);
    *total = s.total[0];
    *members = s.members[0];
    *recog = s.recognizing[0];
    dj_series_dispose(&s);
}

static void a_subject_is_never_counted_in_its_own_blocs(void)
{
    dj_dataset *ds = world(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds, "all", NULL);
    uint32_t t, m, r;
    /* LAS has EGY, JOR, MAR and PSE: PSE is left out of its own bloc */
    counts(ds, st, "LAS", "1988-12-31", &t, &m, &r);
    CU_ASSERT_EQUAL(m, 3);
    CU_ASSERT_EQUAL(r, 2);
    uint32_t *h;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(dj_holdouts(&h, &n, ds, st, E(ds, "PSE"), dj_dataset_bloc_find(ds, "LAS"),
                                      D("1988-12-31"), NULL), 0);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, h[0]), "MAR"); /* never PSE */
    free(h);
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void an_actor_counts_only_while_it_exists(void)
{
    dj_dataset *ds = world(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds, "all", NULL);
    uint32_t t, m, r;
    /* 1989: EGY, SUN, DDR, JOR; the UN has SUN, DDR, DEU, EGY */
    counts(ds, st, "UN", "1989-06-01", &t, &m, &r);
    CU_ASSERT_EQUAL(t, 4);
    CU_ASSERT_EQUAL(m, 4);
    CU_ASSERT_EQUAL(r, 3);
    /* the GDR's recognition counts until 1990-10-03, and it leaves the UN */
    counts(ds, st, "UN", "1990-10-02", &t, &m, &r);
    CU_ASSERT_EQUAL(t, 4);
    counts(ds, st, "UN", "1990-10-03", &t, &m, &r);
    CU_ASSERT_EQUAL(t, 3);
    CU_ASSERT_EQUAL(m, 3);
    CU_ASSERT_EQUAL(r, 2);
    /* the Soviet Union's counts in 1990, not in 2000; Russia's from 1991-12-26:
       never both on one day */
    counts(ds, st, "UN", "1991-12-25", &t, &m, &r);
    CU_ASSERT_EQUAL(t, 3);
    CU_ASSERT_EQUAL(r, 2);
    counts(ds, st, "UN", "1991-12-26", &t, &m, &r);
    CU_ASSERT_EQUAL(t, 3);
    CU_ASSERT_EQUAL(m, 3);
    CU_ASSERT_EQUAL(r, 2);
    CU_ASSERT_FALSE(dj_status_recognizes(st, E(ds, "PSE"), E(ds, "SUN"), D("1991-12-26")));
    CU_ASSERT_TRUE(dj_status_recognizes(st, E(ds, "PSE"), E(ds, "RUS"), D("1991-12-26")));
    CU_ASSERT_TRUE(dj_status_recognizes(st, E(ds, "PSE"), E(ds, "SUN"), D("1990-01-01")));
    CU_ASSERT_FALSE(dj_status_recognizes(st, E(ds, "PSE"), E(ds, "SUN"), D("2000-01-01")));
    /* Germany did not continue the GDR's recognition */
    CU_ASSERT_FALSE(dj_status_recognizes(st, E(ds, "PSE"), E(ds, "DEU"), D("1990-10-03")));
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void timeline_balances_with_began_and_ended(void)
{
    dj_dataset *ds = world(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds, "all", NULL);
    dj_date days[] = {D("1990-10-02"), D("1990-10-03"), D("1991-12-25"), D("1991-12-26"),
                      D("2004-12-31"), D("2005-01-01")};
    uint32_t rec[6], wd[6], began[6], ended[6];
    CU_ASSERT_EQUAL(dj_transitions(rec, wd, began, ended, st, E(ds, "PSE"), D("1990-10-02"),
                                   days, 6), 0);
    /* the GDR ends on 1990-10-03 */
    CU_ASSERT_EQUAL(ended[1], 1);
    CU_ASSERT_EQUAL(rec[1] + wd[1] + began[1], 0);
    /* the Soviet Union ends, Russia begins (continuing it): no recognition */
    CU_ASSERT_EQUAL(ended[3], 1);
    CU_ASSERT_EQUAL(began[3], 1);
    CU_ASSERT_EQUAL(rec[3], 0);
    /* the freeze counts as withdrawn */
    CU_ASSERT_EQUAL(wd[5], 1);
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void a_successor_takes_no_new_rank(void)
{
    dj_dataset *ds = world(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds, "all", NULL);
    dj_milestone *v;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(dj_milestones(&v, &n, ds, st, E(ds, "PSE"), DJ_NONE, D("2026-01-01"), NULL), 0);
    /* EGY, SUN, DDR, JOR, MAR, BEL: Russia continues the Soviet Union's */
    CU_ASSERT_EQUAL_FATAL(n, 6);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_STRING_NOT_EQUAL(dj_dataset_entity_code(ds, v[i].actor), "RUS");
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, v[4].actor), "MAR");
    CU_ASSERT_EQUAL(v[4].precision, DJ_PREC_MONTH);
    free(v);
    dj_status_free(st);
    dj_dataset_free(ds);
}

static const dj_standing *find_standing(const dj_dataset *ds, const dj_standing *v, size_t n,
                                        const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(dj_dataset_entity_code(ds, v[i].actor), code) == 0)
            return &v[i];
    return NULL;
}

static void status_shows_freezes_successions_and_precision(void)
{
    dj_dataset *ds = world(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *st = status_of(ds, "all", NULL);
    dj_standing *v;
    size_t n;
    /* between the freeze and the re-recognition */
    CU_ASSERT_EQUAL_FATAL(dj_standings(&v, &n, ds, st, E(ds, "PSE"), D("2007-06-01"), DJ_NONE, 0, NULL), 0);
    /* EGY, JOR, RUS (since SUN's date), MAR frozen; SUN and DDR no longer exist */
    CU_ASSERT_EQUAL(n, 4);
    const dj_standing *mar = find_standing(ds, v, n, "MAR");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mar);
    CU_ASSERT_EQUAL(mar->status, DJ_STANDING_FROZEN);
    CU_ASSERT_EQUAL(mar->since, D("2005-01-01"));
    const dj_standing *rus = find_standing(ds, v, n, "RUS");
    CU_ASSERT_PTR_NOT_NULL_FATAL(rus);
    CU_ASSERT_EQUAL(rus->status, DJ_STANDING_RECOGNIZES);
    CU_ASSERT_EQUAL(rus->since, D("1988-11-18"));
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, rus->via), "SUN");
    CU_ASSERT_PTR_NULL(find_standing(ds, v, n, "SUN"));
    CU_ASSERT_PTR_NULL(find_standing(ds, v, n, "DDR"));
    /* sorted by since: EGY (1988-11-15), RUS (1988-11-18), JOR, MAR */
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, v[0].actor), "EGY");
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, v[1].actor), "RUS");
    free(v);
    /* after the re-recognition; a month-precision date keeps its precision */
    CU_ASSERT_EQUAL_FATAL(dj_standings(&v, &n, ds, st, E(ds, "PSE"), D("2011-01-01"), DJ_NONE, 1, NULL), 0);
    mar = find_standing(ds, v, n, "MAR");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mar);
    CU_ASSERT_EQUAL(mar->status, DJ_STANDING_RECOGNIZES);
    CU_ASSERT_EQUAL(mar->since, D("2010-01-01"));
    /* --all: DEU and BEL without an event, by code, never the subject */
    CU_ASSERT_EQUAL_FATAL(n, 6);
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, v[4].actor), "BEL");
    CU_ASSERT_EQUAL(v[4].status, DJ_STANDING_NONE);
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, v[5].actor), "DEU");
    CU_ASSERT_PTR_NULL(find_standing(ds, v, n, "PSE"));
    free(v);
    CU_ASSERT_EQUAL_FATAL(dj_standings(&v, &n, ds, st, E(ds, "PSE"), D("1999-12-31"), DJ_NONE, 0, NULL), 0);
    mar = find_standing(ds, v, n, "MAR");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mar);
    CU_ASSERT_EQUAL(mar->precision, DJ_PREC_MONTH);
    free(v);
    dj_status_free(st);
    dj_dataset_free(ds);
}

static void exclude_leaves_out_marked_events(void)
{
    dj_dataset *ds = world(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    dj_status *all = status_of(ds, "all", NULL);
    dj_status *nocond = status_of(ds, "all", "conditional");
    dj_status *undisp = status_of(ds, "undisputed", "conditional,verbal");
    CU_ASSERT_TRUE(dj_status_recognizes(all, E(ds, "PSE"), E(ds, "BEL"), D("2025-09-22")));
    CU_ASSERT_FALSE(dj_status_recognizes(nocond, E(ds, "PSE"), E(ds, "BEL"), D("2025-09-22")));
    CU_ASSERT_FALSE(dj_status_recognizes(undisp, E(ds, "PSE"), E(ds, "BEL"), D("2025-09-22")));
    CU_ASSERT_TRUE(dj_status_recognizes(nocond, E(ds, "PSE"), E(ds, "EGY"), D("2025-09-22")));
    CU_ASSERT_EQUAL(dj_dataset_marks_used(ds), DJ_MARK_CONDITIONAL);
    dj_view v;
    dj_error err;
    dj_view_parse(&v, ds, "all", NULL);
    CU_ASSERT_EQUAL(dj_view_exclude_parse(&v, "conditonal", &err), DJ_EINVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "conditonal"));
    dj_status_free(all);
    dj_status_free(nocond);
    dj_status_free(undisp);
    dj_dataset_free(ds);
}

static int has_warning(const dj_diagnostics *dg, long line, const char *text)
{
    for (size_t i = 0; i < dg->count; i++)
        if (dg->items[i].line == line && strstr(dg->items[i].msg, text))
            return 1;
    return 0;
}

static void rows_outside_an_existence_are_warned_about(void)
{
    dj_diagnostics dg;
    dj_diagnostics_init(&dg);
    dj_error err;
    dj_dataset *ds = dj_test_dataset(EV "1995-01-01,DDR,PSE,recognize,,s,,,\n"
                                        "1992-01-01,EGY,PSE,recognize,,s,,,bogus\n",
                                     ENTITIES, SUBJECTS,
                                     "bloc,member,joined,left\nUN,RUS,1945-10-24,\n", &dg, &err);
    /* the unknown mark is an error with its column */
    CU_ASSERT_PTR_NULL(ds);
    CU_ASSERT_TRUE(has_warning(&dg, 3, "expected marks"));
    CU_ASSERT_TRUE(has_warning(&dg, 2, "outside the existence of DDR"));
    CU_ASSERT_TRUE(has_warning(&dg, 2, "reaches outside the existence of RUS"));
    dj_diagnostics_dispose(&dg);
    dj_dataset_free(ds);
}

static void a_via_a_day_late_is_warned_about(void)
{
    dj_diagnostics dg;
    dj_diagnostics_init(&dg);
    dj_error err;
    /* Russia begins 1991-12-26; a via row dated two days later finds the
       Soviet Union gone the day before, and continues nothing */
    dj_dataset *ds = dj_test_dataset(EV "1988-11-18,SUN,PSE,recognize,,s,,,\n"
                                        "1991-12-28,RUS,PSE,recognize,,s,,SUN,\n",
                                     ENTITIES, SUBJECTS, NULL, &dg, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_TRUE(has_warning(&dg, 3, "SUN does not recognise PSE on 1991-12-27"));
    dj_status *st = status_of(ds, "all", NULL);
    CU_ASSERT_FALSE(dj_status_recognizes(st, E(ds, "PSE"), E(ds, "RUS"), D("1992-01-01")));
    dj_status_free(st);
    dj_diagnostics_dispose(&dg);
    dj_dataset_free(ds);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(a_subject_is_never_counted_in_its_own_blocs),
        DJ_TEST(an_actor_counts_only_while_it_exists),
        DJ_TEST(timeline_balances_with_began_and_ended),
        DJ_TEST(a_successor_takes_no_new_rank),
        DJ_TEST(status_shows_freezes_successions_and_precision),
        DJ_TEST(exclude_leaves_out_marked_events),
        DJ_TEST(rows_outside_an_existence_are_warned_about),
        DJ_TEST(a_via_a_day_late_is_warned_about),
        {NULL, NULL}};
    return dj_run_tests("semantics", tests);
}
