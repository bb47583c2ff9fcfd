/*
 * test_audit.c - the audit table of datasets/world/kosovo/SOURCES.md, asserted.
 *
 * Every row of that table is a public headline figure (a press count, a
 * revision of the encyclopaedia article, a foreign ministry's own count)
 * together with dejure's answer on the embedded dataset under a named view
 * and counting convention. The expected answers are written out below as
 * literals, one row per table line, so that an edit of events.csv or
 * blocs.csv that changes a reproduced or explained figure fails here and
 * sends the editor to SOURCES.md. Where dejure's answer differs from the
 * published figure the comment names the reason; SOURCES.md says more.
 */
#include "check.h"

static dj_dataset *ds;
static uint32_t xkx;

/* A count on a date: bloc NULL means every recogniser (timeline total). */
typedef struct count_row {
    const char *date;
    const char *view;
    const char *bloc;
    uint32_t members;      /* bloc members that day (ignored for totals) */
    uint32_t recognizing;  /* dejure's answer */
    uint32_t published;    /* the figure in the source */
} count_row;

static const count_row counts[] = {
    /* "eight countries on the first day": Senegal's act is dated 19 Feb by
       its own AFP source; with it on the 18th (its foreign minister, the
       encyclopaedia) the figure is reproduced: see senegal_on_the_18th */
    {"2008-02-18", "all", NULL, 0, 7, 8},
    /* encyclopaedia revision of 3 Nov 2008 (oldid 249325238) */
    {"2008-10-31", "all", "UN", 192, 52, 52},
    {"2008-10-31", "all", "EU", 27, 22, 22},
    {"2008-10-31", "all", "NATO", 26, 22, 22},
    /* US State Department and UNIAN/BBC on the first anniversary */
    {"2009-02-17", "all", "UN", 192, 54, 54},
    {"2009-02-17", "all", "EU", 27, 22, 22},
    /* "sixty-nine and counting" when the ICJ ruled */
    {"2010-07-22", "all", "UN", 192, 69, 69},
    /* encyclopaedia as of 11 Oct 2011: 85 UN, 27 OIC, 87 in all; the one
       more is Nigeria (see nigeria_and_uganda_as_kosovo_counted_them) */
    {"2011-10-11", "all", "UN", 193, 84, 85},
    {"2011-10-11", "all", "EU", 27, 22, 22},
    {"2011-10-11", "all", "NATO", 28, 24, 24},
    {"2011-10-11", "all", "OIC", 57, 26, 27},
    {"2011-10-11", "all", NULL, 0, 86, 87},
    /* fifth anniversary, "98 of 193": Nigeria and Uganda again */
    {"2013-02-17", "XKX", "UN", 193, 96, 98},
    /* Political Geography Now tallies: Sao Tome's withdrawal applied,
       El Salvador counted - the all view */
    {"2014-10-24", "all", "UN", 193, 107, 107},
    {"2015-09-18", "all", "UN", 193, 108, 108},
    /* encyclopaedia as of 27 Feb 2017: the all view, whole */
    {"2017-02-27", "all", NULL, 0, 115, 115},
    {"2017-02-27", "all", "UN", 193, 111, 111},
    {"2017-02-27", "all", "EU", 28, 23, 23},
    {"2017-02-27", "all", "NATO", 28, 24, 24},
    {"2017-02-27", "all", "OIC", 57, 36, 36},
    /* Serbian counts (recognising / not / "fluid"): not reproduced; the
       unnamed fluid states hold the gap (4 of 5, 4 of 5, 3 of 3 and one
       more), see serbian_counts_leave_the_gap_to_unnamed_states */
    {"2019-11-22", "SRB", "UN", 193, 97, 93},
    {"2020-03-03", "SRB", "UN", 193, 96, 92},
    {"2023-01-04", "SRB", "UN", 193, 88, 84},
    /* encyclopaedia as of 4 Sep 2020: 97 UN, 31 OIC, 22 EU, 26 NATO =
       Serbia's view (every claimed withdrawal applied, the Guinea-Bissau
       and Liberia reaffirmations not) */
    {"2020-09-04", "SRB", "UN", 193, 97, 97},
    {"2020-09-04", "SRB", "OIC", 57, 31, 31},
    {"2020-09-04", "SRB", "EU", 27, 22, 22},
    {"2020-09-04", "SRB", "NATO", 30, 26, 26},
    /* Council of Europe assembly opinion: 34 of its 46 members recognise */
    {"2024-03-27", "all", "COE", 46, 34, 34},
};

/* The n-th recogniser: among NULL = every recogniser (Kosovo's own
   numbering since 2016 is this minus Taiwan, which its ministry does not
   list); among "UN" = UN members only (Kosovo's numbering until 2012). */
typedef struct rank_row {
    const char *code;
    const char *view;
    const char *among;
    const char *date;      /* the recognition's date in the dataset */
    uint32_t n;            /* dejure's rank */
    uint32_t published;    /* the rank in the source */
} rank_row;

static const rank_row ranks[] = {
    /* Montenegro "the 50th state" (dpa): every recogniser, Taiwan included */
    {"MNE", "all", NULL, "2008-10-09", 50, 50},
    /* Kosovo's ministry numbered UN members until 2012 */
    {"ARE", "all", "UN", "2008-10-14", 51, 51},
    {"FSM", "all", "UN", "2008-12-05", 53, 53},
    {"PAN", "all", "UN", "2009-01-16", 54, 54},
    {"MDV", "all", "UN", "2009-02-19", 55, 55},
    {"PLW", "all", "UN", "2009-03-09", 56, 56},
    {"SAU", "all", "UN", "2009-04-20", 58, 58},
    {"BHR", "all", "UN", "2009-05-19", 60, 60},
    {"NZL", "all", "UN", "2009-11-09", 63, 63},
    {"MRT", "all", "UN", "2010-01-13", 65, 65},
    {"HND", "all", "UN", "2010-09-03", 70, 70},
    {"KIR", "all", "UN", "2010-10-21", 71, 71},
    {"QAT", "all", "UN", "2011-01-04", 73, 73},
    {"BEN", "all", "UN", "2011-08-18", 80, 80},
    /* from Sep 2011 Kosovo counted Nigeria, from Feb 2012 Uganda too:
       one and two above dejure (nigeria_and_uganda_as_kosovo_counted_them) */
    {"GHA", "all", "UN", "2012-01-23", 85, 86},
    {"HTI", "all", "UN", "2012-02-11", 86, 87},
    {"BRN", "all", "UN", "2012-04-25", 88, 90},
    /* Egypt "the 100th": UN members in Kosovo's view with El Salvador
       (whose note made "101") after Egypt (egypt_the_100th) */
    {"EGY", "XKX", "UN", "2013-06-26", 101, 100},
    /* Kosovo's ministry numbering since 2014: every recogniser but Taiwan
       and El Salvador, neither on its list (ministry_numbering) */
    {"LSO", "all", NULL, "2014-02-11", 108, 106},
    {"SGP", "all", NULL, "2016-12-01", 115, 113},
    {"MDG", "all", NULL, "2017-11-25", 117, 115},
    {"BRB", "all", NULL, "2018-02-15", 118, 116},
    {"ISR", "all", NULL, "2020-09-04", 119, 117},
    {"SDN", "all", NULL, "2025-04-12", 121, 119},
    {"SYR", "all", NULL, "2025-10-29", 122, 120},
    {"BHS", "all", NULL, "2025-12-19", 123, 121},
};

static dj_status *status(const char *view)
{
    dj_view v;
    dj_status *st = NULL;
    CU_ASSERT_EQUAL_FATAL(dj_view_parse(&v, ds, view, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(dj_status_new(&st, ds, &v, NULL), 0);
    return st;
}

static void every_audited_count_is_dejures_answer(void)
{
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
        const count_row *r = &counts[i];
        dj_status *st = status(r->view);
        dj_date d = D(r->date);
        uint32_t b = DJ_NONE;
        if (r->bloc) {
            b = dj_dataset_bloc_find(ds, r->bloc);
            CU_ASSERT_FATAL(b != DJ_NONE);
        }
        dj_series s;
        dj_series_init(&s);
        CU_ASSERT_EQUAL_FATAL(dj_series_eval(&s, ds, st, xkx, r->bloc ? &b : NULL,
                                             r->bloc ? 1 : 0, &d, 1, NULL), 0);
        uint32_t got = r->bloc ? s.recognizing[0] : s.total[0];
        if (got != r->recognizing || (r->bloc && s.members[0] != r->members))
            fprintf(stderr, "audit row %s %s %s: expected %u of %u, got %u of %u\n",
                    r->date, r->view, r->bloc ? r->bloc : "total", r->recognizing,
                    r->members, got, r->bloc ? s.members[0] : 0);
        CU_ASSERT_EQUAL(got, r->recognizing);
        if (r->bloc)
            CU_ASSERT_EQUAL(s.members[0], r->members);
        dj_series_dispose(&s);
        dj_status_free(st);
    }
}

static void every_audited_rank_is_dejures_answer(void)
{
    for (size_t i = 0; i < sizeof ranks / sizeof *ranks; i++) {
        const rank_row *r = &ranks[i];
        dj_status *st = status(r->view);
        uint32_t among = DJ_NONE;
        if (r->among) {
            among = dj_dataset_bloc_find(ds, r->among);
            CU_ASSERT_FATAL(among != DJ_NONE);
        }
        dj_milestone *m = NULL;
        size_t n = 0;
        CU_ASSERT_EQUAL_FATAL(dj_milestones(&m, &n, ds, st, xkx, among, D("2026-12-31"), NULL), 0);
        size_t k = 0;
        while (k < n && strcmp(dj_dataset_entity_code(ds, m[k].actor), r->code))
            k++;
        CU_ASSERT_FATAL(k < n);
        if (m[k].n != r->n || m[k].date != D(r->date))
            fprintf(stderr, "audit rank %s (%s, among %s): expected %u on %s, got %u\n",
                    r->code, r->view, r->among ? r->among : "all", r->n, r->date, m[k].n);
        CU_ASSERT_EQUAL(m[k].n, r->n);
        CU_ASSERT_EQUAL(m[k].date, D(r->date));
        free(m);
        dj_status_free(st);
    }
}

/* ---- every explanation proven: the figure with exactly that event ---- */

/* The embedded dataset with events.csv edited: lines starting with
   `drop` removed (NULL: none), `add` appended (NULL: nothing). The claims
   that explain a figure are not in the data (their governments denied
   them), so they are added here, never to the built-in events. */
static dj_dataset *variant(const char *drop, const char *add)
{
    size_t nf;
    const dj_memfile *def = dj_default_files(&nf);
    dj_memfile files[64];
    enum { EVENTS_MAX = 1 << 18 };
    char *events = malloc(EVENTS_MAX); /* the dataset keeps its own copies */
    CU_ASSERT_FATAL(events != NULL && nf <= 64);
    size_t w = 0;
    for (size_t i = 0; i < nf; i++) {
        files[i] = def[i];
        if (strcmp(def[i].name, "kosovo/events.csv"))
            continue;
        const char *p = def[i].data, *end = p + def[i].size;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
            if (!drop || strncmp(p, drop, strlen(drop))) {
                CU_ASSERT_FATAL(w + len < EVENTS_MAX);
                memcpy(events + w, p, len);
                w += len;
            }
            p += len;
        }
        if (add) {
            CU_ASSERT_FATAL(w + strlen(add) < EVENTS_MAX);
            memcpy(events + w, add, strlen(add));
            w += strlen(add);
        }
        files[i].data = events;
        files[i].size = w;
    }
    dj_dataset *v = NULL;
    dj_error err;
    int rc = dj_dataset_load_mem(&v, "kosovo", files, nf, NULL, NULL, &err);
    free(events);
    if (rc)
        fprintf(stderr, "variant: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    return v;
}

static uint32_t count_in(dj_dataset *d, const char *view, const char *bloc, const char *date)
{
    dj_view v;
    dj_status *st = NULL;
    CU_ASSERT_EQUAL_FATAL(dj_view_parse(&v, d, view, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(dj_status_new(&st, d, &v, NULL), 0);
    uint32_t b = bloc ? dj_dataset_bloc_find(d, bloc) : DJ_NONE;
    dj_date day = D(date);
    dj_series s;
    dj_series_init(&s);
    CU_ASSERT_EQUAL_FATAL(dj_series_eval(&s, d, st, dj_dataset_entity_find(d, "XKX"),
                                         bloc ? &b : NULL, bloc ? 1 : 0, &day, 1, NULL), 0);
    uint32_t got = bloc ? s.recognizing[0] : s.total[0];
    dj_series_dispose(&s);
    dj_status_free(st);
    return got;
}

static uint32_t rank_in(dj_dataset *d, const char *view, const char *among, const char *code)
{
    dj_view v;
    dj_status *st = NULL;
    CU_ASSERT_EQUAL_FATAL(dj_view_parse(&v, d, view, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(dj_status_new(&st, d, &v, NULL), 0);
    dj_milestone *m = NULL;
    size_t n = 0, k = 0;
    CU_ASSERT_EQUAL_FATAL(dj_milestones(&m, &n, d, st, dj_dataset_entity_find(d, "XKX"),
                                        among ? dj_dataset_bloc_find(d, among) : DJ_NONE,
                                        D("2026-12-31"), NULL), 0);
    while (k < n && strcmp(dj_dataset_entity_code(d, m[k].actor), code))
        k++;
    uint32_t r = k < n ? m[k].n : 0;
    free(m);
    dj_status_free(st);
    return r;
}

/* Nigeria's recognition, announced by Kosovo in Sep 2011 (Top Channel,
   12 Sep 2011) and denied by Nigeria; Uganda's, announced by Kosovo as
   the 88th in Feb 2012 (so after Haiti, 11 Feb; the day within the month
   moves none of these figures) and denied by Uganda. */
#define NIGERIA "2011-09-12,NGA,XKX,recognize,,http://top-channel.tv/english/artikull.php?id=2657,\n"
#define UGANDA "2012-02-20,UGA,XKX,recognize,,\"http://www.mfa-ks.net/?page=2,4,1118\",\n"

static void nigeria_and_uganda_as_kosovo_counted_them(void)
{
    dj_dataset *n = variant(NULL, NIGERIA), *nu = variant(NULL, NIGERIA UGANDA);
    /* 11 Oct 2011 (encyclopaedia): 85 UN, 27 OIC, 87 in all = + Nigeria */
    CU_ASSERT_EQUAL(count_in(n, "all", "UN", "2011-10-11"), 85);
    CU_ASSERT_EQUAL(count_in(n, "all", "OIC", "2011-10-11"), 27);
    CU_ASSERT_EQUAL(count_in(n, "all", NULL, "2011-10-11"), 87);
    CU_ASSERT_EQUAL(count_in(ds, "all", "UN", "2011-10-11"), 84);
    /* Ghana 86th, Haiti 87th: + Nigeria; Brunei 90th: + Nigeria, Uganda */
    CU_ASSERT_EQUAL(rank_in(n, "all", "UN", "GHA"), 86);
    CU_ASSERT_EQUAL(rank_in(n, "all", "UN", "HTI"), 87);
    CU_ASSERT_EQUAL(rank_in(nu, "all", "UN", "BRN"), 90);
    CU_ASSERT_EQUAL(rank_in(nu, "all", "UN", "TCD"), 91); /* Chad 91st */
    /* 17 Feb 2013, "98 of 193" in Kosovo's view: + both */
    CU_ASSERT_EQUAL(count_in(nu, "XKX", "UN", "2013-02-17"), 98);
    dj_dataset_free(n);
    dj_dataset_free(nu);
}

static void senegal_on_the_18th(void)
{
    dj_dataset *v = variant("2008-02-19,SEN,", "2008-02-18,SEN,XKX,recognize,,x,\n");
    CU_ASSERT_EQUAL(count_in(v, "all", NULL, "2008-02-18"), 8);
    CU_ASSERT_EQUAL(count_in(ds, "all", NULL, "2008-02-18"), 7);
    dj_dataset_free(v);
}

/* El Salvador's note is dated by its month (June 2013), counted from the
   1st; Kosovo counted it 101st, after Egypt (26 Jun). Without it before
   Egypt, Egypt is the 100th UN member in Kosovo's view. */
static void egypt_the_100th(void)
{
    dj_dataset *v = variant("2013-06,SLV,", NULL);
    CU_ASSERT_EQUAL(rank_in(v, "XKX", "UN", "EGY"), 100);
    CU_ASSERT_EQUAL(rank_in(ds, "XKX", "UN", "EGY"), 101);
    dj_dataset_free(v);
}

/* The ministry's list holds neither Taiwan nor El Salvador: without
   both, every later rank of the table is the ministry's. */
static void ministry_numbering(void)
{
    dj_dataset *v = variant("2013-06,SLV,", NULL);
    for (size_t i = 0; i < sizeof ranks / sizeof *ranks; i++)
        if (!ranks[i].among && ranks[i].published != ranks[i].n) {
            uint32_t without_slv = rank_in(v, "all", NULL, ranks[i].code);
            uint32_t twn = rank_in(v, "all", NULL, "TWN");
            CU_ASSERT(twn > 0 && twn < without_slv); /* Taiwan ranks before them all */
            CU_ASSERT_EQUAL(without_slv - 1, ranks[i].published);
        }
    dj_dataset_free(v);
}

static void serbian_counts_leave_the_gap_to_unnamed_states(void)
{
    /* recognising + not recognising + fluid = 193 in each statement; the
       fluid states are unnamed, so only their number bounds the gap */
    static const struct { const char *date; uint32_t yes, no, fluid; } sr[] = {
        {"2019-11-22", 93, 95, 5}, {"2020-03-03", 92, 96, 5}, {"2023-01-04", 84, 106, 3}};
    for (size_t i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(sr[i].yes + sr[i].no + sr[i].fluid, 193);
        uint32_t got = count_in(ds, "SRB", "UN", sr[i].date);
        CU_ASSERT(got >= sr[i].yes);
        /* 2023: one recogniser more than the three unclear states */
        CU_ASSERT_EQUAL(got - sr[i].yes, i == 2 ? sr[i].fluid + 1 : sr[i].fluid - 1);
    }
}

/* SOURCES.md, "Views": each view's count of 26 Nov 2026, total and UN. */
static void the_views_count_what_sources_md_says(void)
{
    static const struct { const char *view; uint32_t total, un; } v[] = {
        {"all", 98, 94}, {"undisputed", 121, 117}, {"XKX", 122, 118}, {"SRB", 96, 92}};
    for (size_t i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(count_in(ds, v[i].view, NULL, "2026-11-26"), v[i].total);
        CU_ASSERT_EQUAL(count_in(ds, v[i].view, "UN", "2026-11-26"), v[i].un);
    }
}

static void every_difference_from_a_published_figure_is_one_the_notes_explain(void)
{
    /* The gaps SOURCES.md explains, as numbers; the tests above prove
       each with and without its event. A new gap needs a new test. */
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
        const count_row *r = &counts[i];
        int gap = (int)r->published - (int)r->recognizing;
        int explained = gap == 0 ||
            (!strcmp(r->date, "2008-02-18") && gap == 1) ||          /* Senegal's day */
            (!strcmp(r->date, "2011-10-11") && gap == 1) ||          /* Nigeria */
            (!strcmp(r->date, "2013-02-17") && gap == 2) ||          /* Nigeria, Uganda */
            !strcmp(r->view, "SRB");                                 /* unnamed fluid states */
        if (!explained)
            fprintf(stderr, "unexplained gap %d on %s %s %s\n", gap, r->date, r->view,
                    r->bloc ? r->bloc : "total");
        CU_ASSERT(explained);
    }
    for (size_t i = 0; i < sizeof ranks / sizeof *ranks; i++) {
        const rank_row *r = &ranks[i];
        int gap = (int)r->published - (int)r->n;
        int explained = gap == 0 ||
            (!strcmp(r->code, "GHA") && gap == 1) || (!strcmp(r->code, "HTI") && gap == 1) ||
            (!strcmp(r->code, "BRN") && gap == 2) || (!strcmp(r->code, "EGY") && gap == -1) ||
            (r->among == NULL && gap == -2); /* Taiwan and El Salvador */
        CU_ASSERT(explained);
    }
}

static void the_audit_spans_thirty_dates_or_more(void)
{
    const char *seen[64];
    size_t nseen = 0;
    for (size_t i = 0; i < sizeof counts / sizeof *counts + sizeof ranks / sizeof *ranks; i++) {
        const char *d = i < sizeof counts / sizeof *counts
                            ? counts[i].date
                            : ranks[i - sizeof counts / sizeof *counts].date;
        size_t k = 0;
        while (k < nseen && strcmp(seen[k], d))
            k++;
        if (k == nseen && nseen < 64)
            seen[nseen++] = d;
    }
    CU_ASSERT(nseen >= 30);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(every_audited_count_is_dejures_answer),
        DJ_TEST(every_audited_rank_is_dejures_answer),
        DJ_TEST(nigeria_and_uganda_as_kosovo_counted_them),
        DJ_TEST(senegal_on_the_18th),
        DJ_TEST(egypt_the_100th),
        DJ_TEST(ministry_numbering),
        DJ_TEST(serbian_counts_leave_the_gap_to_unnamed_states),
        DJ_TEST(the_views_count_what_sources_md_says),
        DJ_TEST(every_difference_from_a_published_figure_is_one_the_notes_explain),
        DJ_TEST(the_audit_spans_thirty_dates_or_more),
        {NULL, NULL}};
    dj_error err;
    if (dj_dataset_load_default(&ds, NULL, NULL, &err)) {
        fprintf(stderr, "cannot load the default dataset: %s\n", err.msg);
        return 1;
    }
    xkx = dj_dataset_entity_find(ds, "XKX");
    int rc = dj_run_tests("audit", tests);
    dj_dataset_free(ds);
    return rc;
}
